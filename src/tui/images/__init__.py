"""Pictures for the vision board: ingest (validate, orient, downscale, hash) and renderers.

Pillow only, no Textual. Importing this package imports nothing heavy; the modules do.
"""
