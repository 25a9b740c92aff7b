"""Tasks: one-off items for one day."""

from __future__ import annotations

import sqlite3
from datetime import date

from .. import clock
from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.models import Task, item_kind
from ..domain.pillars import parse_pillar
from .db import Database

_COLUMNS = "id, pillar, title, kind, target, unit, day, position"


def _from_row(row: sqlite3.Row) -> Task:
    return Task(
        id=row["id"],
        pillar=row["pillar"],
        title=row["title"],
        kind=row["kind"],
        target=row["target"],
        unit=row["unit"],
        day=date.fromisoformat(row["day"]),
        position=row["position"],
    )


def on_day(db: Database, day: date) -> list[Task]:
    rows = db.query(
        f"SELECT {_COLUMNS} FROM tasks WHERE day = ? ORDER BY position, id", (day.isoformat(),)
    )
    return [_from_row(row) for row in rows]


def get(db: Database, task_id: int) -> Task:
    limits.check_id(task_id, "task")
    rows = db.query(f"SELECT {_COLUMNS} FROM tasks WHERE id = ?", (task_id,))
    if not rows:
        raise InvalidInput(f"no task with id {task_id}")
    return _from_row(rows[0])


def add(db: Database, pillar: str, title: str, day: date, target: int = 1, unit: str = "") -> Task:
    """Save a one-off task for `day`."""
    pillar = parse_pillar(pillar)
    title = limits.TITLE.clean(title)
    if not title:
        raise InvalidInput("a task needs a title")
    limits.TASK_TARGET.check(target)
    unit = limits.UNIT.clean(unit)
    with db.write() as conn:
        position = conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM tasks WHERE day = ? AND pillar = ?",
            (day.isoformat(), pillar),
        ).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO tasks (pillar, title, kind, target, unit, day, position, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                pillar,
                title,
                item_kind(target, unit),
                target,
                unit,
                day.isoformat(),
                position,
                clock.timestamp(),
            ),
        )
        task_id = int(cursor.lastrowid or 0)
    return get(db, task_id)


def delete(db: Database, task_id: int) -> None:
    """Remove a task and its entry (used by undo)."""
    with db.write() as conn:
        conn.execute("DELETE FROM tasks WHERE id = ?", (task_id,))


def all_tasks(db: Database, since: date | None = None) -> list[Task]:
    """Every task ever added, or those for `since` and later days (for the streak rules)."""
    where, params = ("WHERE day >= ?", (since.isoformat(),)) if since else ("", ())
    rows = db.query(f"SELECT {_COLUMNS} FROM tasks {where} ORDER BY day, id", params)
    return [_from_row(row) for row in rows]
