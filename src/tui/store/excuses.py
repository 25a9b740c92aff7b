"""Pauses and freezes: the two ways a day is excused."""

from __future__ import annotations

from datetime import date

from .. import clock
from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.models import Pause, freezes_used
from ..domain.pillars import DISPLAY_NAMES, parse_pillar
from .db import Database


def pauses(db: Database) -> list[Pause]:
    rows = db.query("SELECT id, start_date, end_date, reason FROM pauses ORDER BY start_date, id")
    return [
        Pause(
            r["id"],
            date.fromisoformat(r["start_date"]),
            date.fromisoformat(r["end_date"]),
            r["reason"],
        )
        for r in rows
    ]


def add_pause(
    db: Database, start: date, end: date, reason: str = "", *, as_stored: bool = False
) -> Pause:
    """Excuse every pillar from `start` to `end`, both included (`as_stored`: a pause read from
    the store, put back as it was)."""
    if end < start:
        raise InvalidInput(f"a pause must end on or after its start ({start} to {end})")
    if not as_stored:
        reason = limits.PAUSE_REASON.clean(reason)
    with db.write() as conn:
        cursor = conn.execute(
            "INSERT INTO pauses (start_date, end_date, reason, created_at) VALUES (?, ?, ?, ?)",
            (start.isoformat(), end.isoformat(), reason, clock.timestamp()),
        )
        pause_id = int(cursor.lastrowid or 0)
    return next(p for p in pauses(db) if p.id == pause_id)


def remove_pause(db: Database, pause_id: int) -> Pause:
    found = [p for p in pauses(db) if p.id == pause_id]
    if not found:
        raise InvalidInput(f"no pause with id {pause_id}")
    with db.write() as conn:
        conn.execute("DELETE FROM pauses WHERE id = ?", (pause_id,))
    return found[0]


def paused_on(db: Database, day: date) -> bool:
    """Whether a pause covers `day` (every pillar is excused)."""
    text = day.isoformat()
    return bool(
        db.query("SELECT 1 FROM pauses WHERE start_date <= ? AND end_date >= ?", (text, text))
    )


def frozen_on(db: Database, day: date) -> frozenset[str]:
    """The pillars frozen on `day`."""
    rows = db.query("SELECT pillar FROM freezes WHERE day = ?", (day.isoformat(),))
    return frozenset(r["pillar"] for r in rows)


def freezes(db: Database) -> frozenset[tuple[str, date]]:
    rows = db.query("SELECT pillar, day FROM freezes")
    return frozenset((r["pillar"], date.fromisoformat(r["day"])) for r in rows)


def freezes_left(db: Database, month_of: date, per_month: int) -> int:
    """How many freezes the month holding `month_of` still has."""
    return max(0, per_month - freezes_used(freezes(db), month_of))


def add_freeze(db: Database, pillar: str, day: date, per_month: int) -> int:
    """Excuse one pillar-day, spending one of that month's freezes. Returns how many are left."""
    pillar = parse_pillar(pillar)
    name = DISPLAY_NAMES[pillar]
    with db.write() as conn:
        if conn.execute(
            "SELECT 1 FROM freezes WHERE pillar = ? AND day = ?", (pillar, day.isoformat())
        ).fetchone():
            raise InvalidInput(f"{name} is already frozen on {day.isoformat()}")
        month = day.strftime("%Y-%m")
        used = conn.execute(
            "SELECT count(*) FROM freezes WHERE substr(day, 1, 7) = ?", (month,)
        ).fetchone()[0]
        if used >= per_month:
            raise InvalidInput(
                f"no freezes left for {day:%B %Y} ({per_month} a month); "
                "a missed day is only a “not yet”"
            )
        conn.execute(
            "INSERT INTO freezes (pillar, day, created_at) VALUES (?, ?, ?)",
            (pillar, day.isoformat(), clock.timestamp()),
        )
    return per_month - used - 1


def remove_freeze(db: Database, pillar: str, day: date) -> None:
    """Take a freeze back (undo), returning it to the month's budget."""
    with db.write() as conn:
        conn.execute("DELETE FROM freezes WHERE pillar = ? AND day = ?", (pillar, day.isoformat()))
