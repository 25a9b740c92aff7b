"""The day's actions: check off, count, note, add a task, freeze a pillar."""

from __future__ import annotations

from datetime import date

from ..domain.actions import stepped, toggled
from ..domain.day import DayItem, freeze_refusal
from ..domain.errors import InvalidInput
from ..domain.limits import check_day
from ..domain.models import Entry, ItemRef, Settings
from ..domain.pillars import DISPLAY_NAMES, parse_pillar
from ..domain.words import day_words, plural
from ..store import entries, excuses, tasks
from ..store.day import load_day
from ..store.db import Database
from .change import Change, Topic

_DAY = frozenset({Topic.DAY})


def set_entry(
    db: Database,
    ref: ItemRef,
    day: date,
    amount: int,
    note: str,
    *,
    today: date,
    description: str,
) -> Change:
    """Set what was done of one item on one day (today or earlier) and its note."""
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} has not come yet: check-offs are for today or earlier"
        )
    with db.write():
        previous = entries.put(db, ref, day, amount, note)
    return Change(
        description,
        _DAY,
        undo=lambda db: _put_back(db, ref, day, previous, description),
        day=day,
        focus=ref,
    )


def _put_back(db: Database, ref: ItemRef, day: date, previous: Entry | None, what: str) -> Change:
    with db.write():
        entries.restore(db, ref, day, previous)
    return Change(f"took back: {what}", _DAY, day=day, focus=ref)


def toggle(db: Database, item: DayItem, day: date, *, today: date) -> Change:
    """`space`: done becomes not done; anything else becomes done."""
    amount = toggled(item.amount, item.target)
    verb = "checked" if amount >= item.target else "unchecked"
    return set_entry(
        db, item.ref, day, amount, item.note, today=today, description=f"{verb} {item.title}"
    )


def check(db: Database, item: DayItem, day: date, *, today: date) -> Change:
    """Mark an item done (the yesterday review's `d`)."""
    amount = max(item.amount, item.target)
    return set_entry(
        db, item.ref, day, amount, item.note, today=today, description=f"checked {item.title}"
    )


def step(db: Database, item: DayItem, day: date, by: int, *, today: date) -> Change | None:
    """`+` / `-`: one more or one less; None when that changes nothing (0 stays 0)."""
    amount = stepped(item.amount, by)
    if amount == item.amount:
        return None
    return set_entry(
        db, item.ref, day, amount, item.note, today=today, description=f"counted {item.title}"
    )


def write_note(db: Database, item: DayItem, day: date, note: str, *, today: date) -> Change:
    """The note on an item for the day."""
    return set_entry(
        db, item.ref, day, item.amount, note, today=today, description=f"note on {item.title}"
    )


def add_task(
    db: Database, pillar: str, title: str, day: date, target: int = 1, unit: str = ""
) -> Change:
    """A one-off task in one pillar for one day."""
    with db.write():
        task = tasks.add(db, pillar, title, day, target, unit)
    return Change(
        f"added {task.title}",
        _DAY,
        undo=lambda db: _remove_task(db, task.id, task.title, day),
        day=day,
        focus=task.ref,
        result=task,
    )


def _remove_task(db: Database, task_id: int, title: str, day: date) -> Change:
    with db.write():
        tasks.delete(db, task_id)
    return Change(f"removed {title}", _DAY, day=day)


def freeze(db: Database, pillar: str, day: date, *, today: date, settings: Settings) -> Change:
    """Excuse one pillar on one day with one of that month's freezes, where it changes
    something: the same rule for Today's `f`, the yesterday review and `bounceback freeze`."""
    pillar = parse_pillar(pillar)
    name = DISPLAY_NAMES[pillar]
    check_day(day, start=settings.start_date, today=today)  # before any work for the day
    with db.write():
        items = load_day(db, day, today, settings)[pillar]
        paused = excuses.paused_on(db, day)
        frozen = pillar in excuses.frozen_on(db, day)
        refusal = freeze_refusal(
            name, day, items, start=settings.start_date, paused=paused, frozen=frozen
        )
        if refusal is not None:
            raise InvalidInput(refusal)
        left = excuses.add_freeze(db, pillar, day, settings.freezes_per_month)
    return Change(
        f"froze {name}",
        _DAY,
        undo=lambda db: _unfreeze(db, pillar, day),
        day=day,
        message=(
            f"{name} is excused for {day_words(day, today)}: your streak is safe. "
            f"{plural(left, 'freeze')} left this month."
        ),
        result=left,
    )


def _unfreeze(db: Database, pillar: str, day: date) -> Change:
    with db.write():
        excuses.remove_freeze(db, pillar, day)
    return Change(f"unfroze {DISPLAY_NAMES[pillar]}", _DAY, day=day)
