"""Command groups registered on the `bounceback` group, kept out of cli.py to keep it small."""
