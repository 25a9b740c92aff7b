"""Taking a person's history out of Bounceback and bringing it back in (no Textual here)."""
