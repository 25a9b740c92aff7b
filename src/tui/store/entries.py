"""Entries: what happened to one item on one day. One row per (item, day)."""

from __future__ import annotations

import sqlite3
from datetime import date

from .. import clock
from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.models import Entry, ItemRef
from .db import Database


def _from_row(row: sqlite3.Row) -> Entry:
    if row["routine_id"] is not None:
        ref = ItemRef("routine", row["routine_id"])
    else:
        ref = ItemRef("task", row["task_id"])
    return Entry(ref, date.fromisoformat(row["day"]), row["amount"], row["note"], row["updated_at"])


def on_day(db: Database, day: date) -> dict[ItemRef, Entry]:
    rows = db.query(
        "SELECT routine_id, task_id, day, amount, note, updated_at FROM entries WHERE day = ?",
        (day.isoformat(),),
    )
    return {entry.ref: entry for entry in map(_from_row, rows)}


def get(db: Database, ref: ItemRef, day: date) -> Entry | None:
    column = "routine_id" if ref.kind == "routine" else "task_id"
    rows = db.query(
        f"SELECT routine_id, task_id, day, amount, note, updated_at FROM entries "
        f"WHERE {column} = ? AND day = ?",
        (ref.id, day.isoformat()),
    )
    return _from_row(rows[0]) if rows else None


def put(
    db: Database, ref: ItemRef, day: date, amount: int, note: str, *, as_stored: bool = False
) -> Entry | None:
    """Set an item's amount and note for a day; returns what was there before (for undo).

    An entry with nothing done and no note is removed rather than kept as an empty row. A note
    left as it was (a check-off keeps it) is not held to the note limit again, nor is one put
    back `as_stored` (undo): an import may have brought in a longer one.
    """
    limits.AMOUNT.check(amount)
    column = "routine_id" if ref.kind == "routine" else "task_id"
    table = "routines" if ref.kind == "routine" else "tasks"
    limits.check_id(ref.id, ref.kind)
    note = note.strip()
    with db.write() as conn:
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref.id,)).fetchone() is None:
            raise InvalidInput(f"that {ref.kind} no longer exists")
        row = conn.execute(
            f"SELECT routine_id, task_id, day, amount, note, updated_at FROM entries "
            f"WHERE {column} = ? AND day = ?",
            (ref.id, day.isoformat()),
        ).fetchone()
        previous = _from_row(row) if row else None
        if not as_stored and (previous is None or note != previous.note.strip()):
            note = limits.NOTE.clean(note)
        if amount == 0 and not note:
            conn.execute(
                f"DELETE FROM entries WHERE {column} = ? AND day = ?", (ref.id, day.isoformat())
            )
        else:
            conn.execute(
                f"INSERT INTO entries ({column}, day, amount, note, updated_at) "
                f"VALUES (?, ?, ?, ?, ?) ON CONFLICT ({column}, day) WHERE {column} IS NOT NULL "
                "DO UPDATE SET amount = excluded.amount, note = excluded.note, "
                "updated_at = excluded.updated_at",
                (ref.id, day.isoformat(), amount, note, clock.timestamp()),
            )
    return previous


def restore(db: Database, ref: ItemRef, day: date, previous: Entry | None) -> None:
    """Put back what `put` replaced (undo)."""
    if previous is None:
        put(db, ref, day, 0, "", as_stored=True)
    else:
        put(db, ref, day, previous.amount, previous.note, as_stored=True)
