"""SQLite storage. No Textual here; values come back as frozen dataclasses."""

from .db import Database, StoreError, open_db

__all__ = ["Database", "StoreError", "open_db"]
