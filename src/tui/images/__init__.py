"""Pictures for the vision board: ingest (validate, orient, downscale, hash) and renderers.

Pillow only, no Textual. Importing this package imports nothing heavy; the modules do.
"""

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
"""File names the board offers and a folder's images are picked by (the decoder decides)."""
