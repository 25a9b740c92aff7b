"""Routines: recurring items in one pillar."""

from __future__ import annotations

import sqlite3
from datetime import date

from .. import clock
from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.models import Routine, RoutineDraft, item_kind
from ..domain.pillars import parse_pillar
from ..domain.schedule import normalize_rrule
from .db import Database

_COLUMNS = (
    "id, pillar, title, kind, target, unit, rrule, start_date, end_date, archived_on, position"
)


def _from_row(row: sqlite3.Row) -> Routine:
    return Routine(
        id=row["id"],
        pillar=row["pillar"],
        title=row["title"],
        kind=row["kind"],
        target=row["target"],
        unit=row["unit"],
        rrule=row["rrule"],
        start_date=date.fromisoformat(row["start_date"]),
        end_date=date.fromisoformat(row["end_date"]) if row["end_date"] else None,
        archived_on=date.fromisoformat(row["archived_on"]) if row["archived_on"] else None,
        position=row["position"],
    )


def validate(draft: RoutineDraft, unchanged: RoutineDraft | None = None) -> RoutineDraft:
    """A draft with every field checked and normalised, or InvalidInput.

    A title or unit left as it is in `unchanged` (the routine being edited) passes as it is:
    an import may have brought in more than a form takes, and editing the target must not
    stumble over the title.
    """
    if unchanged is not None and draft.title == unchanged.title:
        title = draft.title
    else:
        title = limits.TITLE.clean(draft.title)
    if not title:
        raise InvalidInput("a routine needs a title")
    limits.ROUTINE_TARGET.check(draft.target)
    if unchanged is not None and draft.unit == unchanged.unit:
        unit = draft.unit
    else:
        unit = limits.UNIT.clean(draft.unit)
    return RoutineDraft(
        pillar=parse_pillar(draft.pillar),
        title=title,
        target=draft.target,
        unit=unit,
        rrule=normalize_rrule(draft.rrule),
    )


def list_routines(db: Database, include_archived: bool = False) -> list[Routine]:
    """Routines in display order."""
    where = "" if include_archived else "WHERE archived_on IS NULL"
    rows = db.query(f"SELECT {_COLUMNS} FROM routines {where} ORDER BY pillar, position, id")
    return [_from_row(row) for row in rows]


def active_on(db: Database, day: date) -> list[Routine]:
    """Routines that may matter on `day`: started by then and not archived before it."""
    text = day.isoformat()
    rows = db.query(
        f"SELECT {_COLUMNS} FROM routines WHERE start_date <= ? "
        "AND (archived_on IS NULL OR archived_on > ?) ORDER BY position, id",
        (text, text),
    )
    return [_from_row(row) for row in rows]


def get(db: Database, routine_id: int) -> Routine:
    limits.check_id(routine_id, "routine")
    rows = db.query(f"SELECT {_COLUMNS} FROM routines WHERE id = ?", (routine_id,))
    if not rows:
        raise InvalidInput(f"no routine with id {routine_id}")
    return _from_row(rows[0])


def _insert(conn: sqlite3.Connection, draft: RoutineDraft, start: date) -> int:
    position = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM routines WHERE pillar = ?", (draft.pillar,)
    ).fetchone()[0]
    cursor = conn.execute(
        "INSERT INTO routines (pillar, title, kind, target, unit, rrule, start_date, position, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            draft.pillar,
            draft.title,
            draft.kind,
            draft.target,
            draft.unit,
            draft.rrule,
            start.isoformat(),
            position,
            clock.timestamp(),
        ),
    )
    return int(cursor.lastrowid or 0)


def add(db: Database, draft: RoutineDraft, start: date) -> Routine:
    """Save a new routine at the end of its pillar."""
    draft = validate(draft)
    with db.write() as conn:
        routine_id = _insert(conn, draft, start)
    return get(db, routine_id)


def add_many(db: Database, drafts: list[RoutineDraft], start: date) -> None:
    """Save several routines in one transaction (the starter routine)."""
    checked = [validate(draft) for draft in drafts]
    with db.write() as conn:
        for draft in checked:
            _insert(conn, draft, start)


def update(
    db: Database,
    routine_id: int,
    draft: RoutineDraft,
    start: date,
    end: date | None = None,
    *,
    as_stored: bool = False,
) -> Routine:
    """Change a routine's fields; its history stays with it.

    `as_stored`: the fields were read from the store (undo puts them back as they were).
    """
    current = get(db, routine_id)
    if not as_stored:
        draft = validate(draft, _draft_of(current))
    if end is not None and end <= start:
        raise InvalidInput("the end date must come after the start date")
    with db.write() as conn:
        position = current.position
        if draft.pillar != current.pillar:
            position = conn.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM routines WHERE pillar = ?",
                (draft.pillar,),
            ).fetchone()[0]
        conn.execute(
            "UPDATE routines SET pillar = ?, title = ?, kind = ?, target = ?, unit = ?, rrule = ?, "
            "start_date = ?, end_date = ?, position = ? WHERE id = ?",
            (
                draft.pillar,
                draft.title,
                item_kind(draft.target, draft.unit),
                draft.target,
                draft.unit,
                draft.rrule,
                start.isoformat(),
                end.isoformat() if end else None,
                position,
                routine_id,
            ),
        )
    return get(db, routine_id)


def _draft_of(routine: Routine) -> RoutineDraft:
    return RoutineDraft(routine.pillar, routine.title, routine.target, routine.unit, routine.rrule)


def set_archived(db: Database, routine_id: int, archived_on: date | None) -> Routine:
    """Archive a routine from `archived_on` on (it stays in the history), or bring it back."""
    get(db, routine_id)
    with db.write() as conn:
        conn.execute(
            "UPDATE routines SET archived_on = ? WHERE id = ?",
            (archived_on.isoformat() if archived_on else None, routine_id),
        )
    return get(db, routine_id)


def move(db: Database, routine_id: int, offset: int) -> bool:
    """Move a routine up (-1) or down (+1) within its pillar. Returns whether it moved.

    It trades places with the next routine that is archived the same way, so an active routine
    never seems stuck behind an archived one the list does not show.
    """
    routine = get(db, routine_id)
    siblings = [r for r in list_routines(db, include_archived=True) if r.pillar == routine.pillar]
    index = next(i for i, r in enumerate(siblings) if r.id == routine_id)
    step = 1 if offset > 0 else -1
    other = index + step
    while 0 <= other < len(siblings) and siblings[other].archived != routine.archived:
        other += step
    if offset == 0 or not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with db.write() as conn:
        for position, sibling in enumerate(siblings):
            conn.execute("UPDATE routines SET position = ? WHERE id = ?", (position, sibling.id))
    return True


def delete(db: Database, routine_id: int) -> None:
    """Remove a routine and its history (used to undo adding it)."""
    with db.write() as conn:
        conn.execute("DELETE FROM routines WHERE id = ?", (routine_id,))
