"""Reading the history for the streak rules: one query per table.

`summary` keeps what the settled past adds up to (a `Carry`) in the data file, so the figures
for today need only the last two weeks read and judged. Triggers drop the carry when an entry
or task before its cutoff changes; everything else it depends on is small and read every time,
and compared against the fingerprint stored with it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from ..domain.models import ItemRef, Routine, Settings
from ..domain.pillars import PILLARS
from ..domain.streaks import (
    Carry,
    History,
    PillarCarry,
    Run,
    Stats,
    carry_to,
    compute,
    week_start_of,
)
from . import excuses, routines, settings, tasks
from .db import BUSY_TIMEOUT_MS, Database, StoreError

CARRY_WEEKS = 1
"""Whole weeks before the current one judged afresh, so back-filling last week keeps the carry."""
CARRY_BUSY_MS = 50
"""How long keeping a carry may wait for another program's write before going without."""


def load(db: Database) -> History:
    """Everything `domain.streaks` needs, read once."""
    return _load(db, settings.load(db), None)


def _load(db: Database, current: Settings, since: date | None) -> History:
    """The history, with entries and tasks from `since` on only (all of them without it)."""
    return History(
        settings=current,
        routines=tuple(routines.list_routines(db, include_archived=True)),
        tasks=tuple(tasks.all_tasks(db, since)),
        amounts=_amounts(db, since),
        pauses=tuple(excuses.pauses(db)),
        freezes=excuses.freezes(db),
    )


def _amounts(db: Database, since: date | None) -> dict[tuple[ItemRef, date], int]:
    """Every entry's amount above zero, by item and day (from `since` on, if given)."""
    where, params = ("AND day >= ?", (since.isoformat(),)) if since else ("", ())
    amounts: dict[tuple[ItemRef, date], int] = {}
    rows = db.query(
        f"SELECT routine_id, task_id, day, amount FROM entries WHERE amount > 0 {where}", params
    )
    for routine_id, task_id, day, amount in rows:
        ref = ItemRef("routine", routine_id) if routine_id is not None else ItemRef("task", task_id)
        amounts[(ref, date.fromisoformat(day))] = amount
    return amounts


def stats(db: Database, today: date) -> Stats:
    """Streaks, weeks and strength as of `today`, with every day judged (for the app)."""
    return compute(load(db), today)


def summary(db: Database, today: date, keep_in: Database | None = None) -> Stats:
    """The same figures as `stats`, from the stored carry when it is still good.

    `days` and `weeks` then start at the carry's cutoff: enough for today's figures, not for a
    heat map of the whole search. A new carry is written to `keep_in` (default: `db`).
    """
    current = settings.load(db)
    start = current.start_date
    cutoff = week_start_of(today, current.week_start) - timedelta(weeks=CARRY_WEEKS)
    if start is None or cutoff <= start:
        return compute(_load(db, current, None), today)
    recent = _load(db, current, cutoff)
    inputs = _fingerprint(recent, cutoff)
    carry = _read(db, cutoff, inputs)
    if carry is not None:
        return compute(recent, today, carry)
    generation = _generation(db)  # read before the entries and tasks it is computed from
    # The rest of the history is what the fingerprint was made from: only the older entries
    # and tasks are missing.
    history = replace(recent, tasks=tuple(tasks.all_tasks(db)), amounts=_amounts(db, None))
    carry = carry_to(history, cutoff)
    _write(keep_in or db, inputs, carry, generation)
    return compute(history, today, carry)


def _generation(db: Database) -> int:
    rows = db.query("SELECT value FROM streak_generation WHERE id = 1")
    return int(rows[0][0]) if rows else -1


def _fingerprint(history: History, cutoff: date) -> str:
    """What the carry depends on besides entries and tasks (which the triggers watch)."""
    import hashlib

    current = history.settings
    parts: list[object] = [
        current.start_date,
        current.week_start,
        sorted((p, s.weekly_target, sorted(s.rest_days)) for p, s in current.pillars.items()),
        sorted(_routine_key(r) for r in history.routines),
        sorted((p.start, p.end) for p in history.pauses if p.start < cutoff),
        sorted(f for f in history.freezes if f[1] < cutoff),
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _routine_key(routine: Routine) -> tuple[object, ...]:
    return (
        routine.id,
        routine.pillar,
        routine.target,
        routine.rrule,
        routine.start_date,
        routine.end_date,
        routine.archived_on,
    )


def _read(db: Database, cutoff: date, inputs: str) -> Carry | None:
    rows = db.query(
        "SELECT state FROM streak_carry WHERE cutoff = ? AND inputs = ?",
        (cutoff.isoformat(), inputs),
    )
    if not rows:
        return None
    try:
        state = json.loads(rows[0][0])
        pillars = {
            key: PillarCarry(
                Run(*value["daily"]),
                Run(*value["weekly"]),
                float(value["score"]),
                bool(value["started"]),
                tuple(float(x) for x in value["trend"]),
            )
            for key, value in state["pillars"].items()
        }
        if set(pillars) != set(PILLARS):
            return None
        return Carry(cutoff, pillars, Run(*state["overall"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # not ours to trust: judge every day again


def _write(db: Database, inputs: str, carry: Carry, generation: int) -> None:
    """Keep the carry for next time, unless an entry or task changed since `generation` was
    read (the carry may have missed it). A file we may not write, or one busy in another
    program, simply goes without: waiting for it would hold up whoever called."""
    if db.read_only:
        return
    state = {
        "pillars": {
            key: {
                "daily": [held.daily.best, held.daily.current],
                "weekly": [held.weekly.best, held.weekly.current],
                "score": held.score,
                "started": held.started,
                "trend": list(held.trend),
            }
            for key, held in carry.pillars.items()
        },
        "overall": [carry.overall.best, carry.overall.current],
    }
    with db.lock:
        db.conn.execute(f"PRAGMA busy_timeout = {CARRY_BUSY_MS}")
        try:
            with db.write() as conn:
                if _generation(db) != generation:
                    return
                kept = conn.execute("SELECT max(cutoff) FROM streak_carry").fetchone()[0]
                if kept is not None and kept > carry.cutoff.isoformat():
                    return  # figures for a past day (`stats --as-of`): today's carry stays
                before = conn.total_changes
                conn.execute("DELETE FROM streak_carry")
                conn.execute(
                    "INSERT INTO streak_carry (cutoff, inputs, state) VALUES (?, ?, ?)",
                    (carry.cutoff.isoformat(), inputs, json.dumps(state)),
                )
                db.uncounted_changes += conn.total_changes - before
        except StoreError:
            pass  # busy or full: the figures are right either way, only slower next time
        finally:
            db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
