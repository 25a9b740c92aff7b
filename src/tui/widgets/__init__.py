"""Reusable widgets; each gets plain values and styles itself with DEFAULT_CSS."""
