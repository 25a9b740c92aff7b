"""Reading the whole history for the streak rules: one query per table."""

from __future__ import annotations

from datetime import date

from ..domain.models import ItemRef
from ..domain.streaks import History, Stats, compute
from . import excuses, routines, settings, tasks
from .db import Database


def load(db: Database) -> History:
    """Everything `domain.streaks` needs, read once."""
    amounts: dict[tuple[ItemRef, date], int] = {}
    for row in db.query("SELECT routine_id, task_id, day, amount FROM entries WHERE amount > 0"):
        if row["routine_id"] is not None:
            ref = ItemRef("routine", row["routine_id"])
        else:
            ref = ItemRef("task", row["task_id"])
        amounts[(ref, date.fromisoformat(row["day"]))] = row["amount"]
    return History(
        settings=settings.load(db),
        routines=tuple(routines.list_routines(db, include_archived=True)),
        tasks=tuple(tasks.all_tasks(db)),
        amounts=amounts,
        pauses=tuple(excuses.pauses(db)),
        freezes=excuses.freezes(db),
    )


def stats(db: Database, today: date) -> Stats:
    """Streaks, weeks and strength as of `today`."""
    return compute(load(db), today)
