"""Bringing history in: a JSON export merged into the file, or the demo's made-up months."""

from __future__ import annotations

from typing import Any

from ..store.db import Database
from .change import EVERYTHING, Change


def import_export(db: Database, data: dict[str, Any]) -> Change:
    """Merge a checked export in one transaction; `result` is the ImportSummary."""
    from ..export.json_format import import_data

    summary = import_data(db, data)
    return Change("imported an export", EVERYTHING, result=summary)


def fill_with_demo(db: Database) -> Change:
    """Months of made-up history and a board of generated pictures, in one transaction."""
    from ..demo import generate

    with db.write():
        generate(db)
    return Change("made the demo data", EVERYTHING)
