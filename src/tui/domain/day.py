"""One logical day's plan: which items are due, what was done, and each item's state."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .models import Entry, ItemRef, Routine, Settings, Task
from .pillars import PILLARS
from .schedule import occurs_on
from .states import ItemState
from .words import plural

# Plain names for the hot paths (and the many callers that already use them).
DONE, PARTIAL, PENDING, MISSED = (
    ItemState.DONE,
    ItemState.PARTIAL,
    ItemState.PENDING,
    ItemState.MISSED,
)
EXCUSED = ItemState.EXCUSED


class DayItem(NamedTuple):
    """A routine or task as it stands on one day."""

    ref: ItemRef
    pillar: str
    title: str
    kind: str
    target: int
    unit: str
    amount: int
    note: str
    state: ItemState
    due: bool  # False for an extra: a routine done on a day it was not due

    @property
    def done(self) -> bool:
        return self.amount >= self.target


def item_state(
    amount: int, target: int, day: date, today: date, excused: bool = False
) -> ItemState:
    """The derived state of an item (PRODUCT.md, Concepts: Entry)."""
    if amount >= target:
        return DONE
    if excused:
        return EXCUSED
    if amount > 0:
        return PARTIAL
    return PENDING if day >= today else MISSED


def routine_is_due(routine: Routine, day: date, settings: Settings) -> bool:
    """Due: the RRULE includes the day, inside start..end/archive, not a pillar rest weekday."""
    if day < routine.start_date:
        return False
    if routine.end_date is not None and day >= routine.end_date:
        return False
    if routine.archived_on is not None and day >= routine.archived_on:
        return False
    if day.weekday() in settings.pillars[routine.pillar].rest_days:
        return False
    return occurs_on(routine.rrule, routine.start_date, day)


def build_day(
    day: date,
    today: date,
    routines: list[Routine],
    tasks: list[Task],
    entries: dict[ItemRef, Entry],
    settings: Settings,
    excused_pillars: frozenset[str] = frozenset(),
) -> dict[str, list[DayItem]]:
    """Items per pillar for `day`: due routines, extras that were done, then the day's tasks."""
    plan: dict[str, list[DayItem]] = {pillar: [] for pillar in PILLARS}
    for routine in sorted(routines, key=lambda r: (r.position, r.id)):
        entry = entries.get(routine.ref)
        due = routine_is_due(routine, day, settings)
        if not due and (entry is None or entry.amount <= 0):
            continue
        plan[routine.pillar].append(_item(routine, entry, due, day, today, excused_pillars))
    for task in sorted(tasks, key=lambda t: (t.position, t.id)):
        if task.day == day:
            plan[task.pillar].append(
                _item(task, entries.get(task.ref), True, day, today, excused_pillars)
            )
    return plan


def _item(
    source: Routine | Task,
    entry: Entry | None,
    due: bool,
    day: date,
    today: date,
    excused_pillars: frozenset[str],
) -> DayItem:
    amount = entry.amount if entry else 0
    return DayItem(
        ref=source.ref,
        pillar=source.pillar,
        title=source.title,
        kind=source.kind,
        target=source.target,
        unit=source.unit,
        amount=amount,
        note=entry.note if entry else "",
        state=item_state(amount, source.target, day, today, source.pillar in excused_pillars),
        due=due,
    )


def day_number(day: date, start: date) -> int:
    """`day N of your search`: the start date is day 1."""
    return (day - start).days + 1


def day_heading(day: date, start: date | None) -> str:
    """`Saturday 21 November 2026 · day 20 of your search` (Today, `today`, `stats`)."""
    from .dates import format_long

    heading = format_long(day)
    number = day_number(day, start) if start is not None else 0
    return f"{heading} · day {number} of your search" if number >= 1 else heading


def greeting(hour: int, name: str) -> str:
    """A greeting for the time of day (wall-clock hour)."""
    if 4 <= hour < 12:
        words = "Good morning"
    elif 12 <= hour < 18:
        words = "Good afternoon"
    else:
        words = "Good evening"
    return f"{words}, {name}." if name else f"{words}."


def prompt_for(day: date, prompts: list[str]) -> str:
    """The prompt of the day: a steady choice per day that walks through the whole list."""
    if not prompts:
        return ""
    return prompts[day.toordinal() % len(prompts)]


def freeze_refusal(
    pillar_name: str,
    day: date,
    items: list[DayItem],
    *,
    start: date | None,
    paused: bool,
    frozen: bool,
) -> str | None:
    """Why a freeze would change nothing for one pillar on `day`, or None when it may be spent.

    The streak rules' own verdict for the pillar-day: an excused or bridged day (a pause, a rest
    day, nothing due) needs no freeze, and neither does a met one (extras on a day with nothing
    due count as met).
    """
    when = day.isoformat()
    if start is not None and day < start:
        return f"{when} is before your search started ({start.isoformat()})"
    if frozen:
        return f"{pillar_name} is already frozen on {when}"
    due = [item for item in items if item.due]
    if paused or (not due and not any(item.done for item in items)):
        return (
            f"{pillar_name} has nothing to excuse on {when} (a rest day, a pause or nothing "
            "due): no freeze spent"
        )
    if all(item.done for item in due):
        return f"{pillar_name} is already met on {when}: keep your freeze"
    return None


def day_summary(items: tuple[DayItem, ...] | list[DayItem], resting: bool) -> str:
    """One pillar's line for the day: `2 of 3 done`, `all done ✓`, `rest day`, `excused today`."""
    due = [item for item in items if item.due]
    open_items = [item for item in due if not item.done]
    if open_items and all(item.state == EXCUSED for item in open_items):
        return "excused today"
    if not due:
        extras = len(items)
        if extras:
            return f"{plural(extras, 'extra')} done"
        return "rest day" if resting else "nothing due"
    done = sum(1 for item in due if item.done)
    if done == len(due):
        return "all done ✓"
    return f"{done} of {len(due)} done"
