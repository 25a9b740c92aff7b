"""Routines: add, edit, reorder, archive and restore."""

from __future__ import annotations

from datetime import date

from ..domain.errors import InvalidInput
from ..domain.models import Routine, RoutineDraft
from ..store import routines
from ..store.db import Database
from .change import Change, Topic

_ROUTINES = frozenset({Topic.ROUTINES, Topic.DAY})  # Today shows what routines are due


def add(db: Database, draft: RoutineDraft, start: date) -> Change:
    """A new routine at the end of its pillar, from `start` on."""
    with db.write():
        routine = routines.add(db, draft, start)
    return Change(
        f"added {routine.title}",
        _ROUTINES,
        undo=lambda db: _delete(db, routine),
        focus=routine.id,
        message=f"Added “{routine.title}”.",
        result=routine,
    )


def _delete(db: Database, routine: Routine) -> Change:
    with db.write():
        routines.delete(db, routine.id)
    return Change(f"removed {routine.title}", _ROUTINES)


def edit(db: Database, routine_id: int, draft: RoutineDraft, start: date) -> Change:
    """Change a routine's fields (its end date stays); its history stays with it."""
    with db.write():
        before = routines.get(db, routine_id)
        routine = routines.update(db, routine_id, draft, start, before.end_date)
    return Change(
        f"edited {before.title}",
        _ROUTINES,
        undo=lambda db: _put_back(db, before),
        focus=routine_id,
        result=routine,
    )


def _put_back(db: Database, before: Routine) -> Change:
    draft = RoutineDraft(before.pillar, before.title, before.target, before.unit, before.rrule)
    with db.write():
        routines.update(db, before.id, draft, before.start_date, before.end_date, as_stored=True)
    return Change(f"put back {before.title}", _ROUTINES, focus=before.id)


def move(db: Database, routine_id: int, offset: int) -> Change | None:
    """Up (-1) or down (+1) within its pillar; None at either end."""
    with db.write():
        moved = routines.move(db, routine_id, offset)
    if not moved:
        return None
    return Change(
        "moved a routine",
        _ROUTINES,
        undo=lambda db: _moved_back(db, routine_id, -offset),
        focus=routine_id,
    )


def _moved_back(db: Database, routine_id: int, offset: int) -> Change:
    with db.write():
        routines.move(db, routine_id, offset)
    return Change("moved a routine back", _ROUTINES, focus=routine_id)


def set_archived(db: Database, routine_id: int, archived: bool, *, today: date) -> Change:
    """Archive a routine from today on (its history stays), or bring it back."""
    with db.write():
        before = routines.get(db, routine_id)
        if not archived and before.archived_on is None:
            raise InvalidInput(f"routine {before.id} ({before.title}) is not archived")
        if archived and before.archived_on is not None:
            # Archiving again would move the date and turn the days between into missed ones.
            raise InvalidInput(
                f"routine {before.id} ({before.title}) was archived on "
                f"{before.archived_on.isoformat()} already; `--undo` brings it back"
            )
        routine = routines.set_archived(db, routine_id, today if archived else None)
    verb = "archived" if archived else "restored"
    return Change(
        f"{verb} {before.title}",
        _ROUTINES,
        undo=lambda db: _archived_back(db, before),
        focus=routine_id,
        result=routine,
    )


def _archived_back(db: Database, before: Routine) -> Change:
    with db.write():
        routines.set_archived(db, before.id, before.archived_on)
    return Change(f"put back {before.title}", _ROUTINES, focus=before.id)
