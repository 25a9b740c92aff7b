"""`bounceback init|today|check|task|freeze`: the day from the shell."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import click

from ..domain import limits
from .base import Context, Failed, WholeNumber, pass_context, say, say_json

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- init


@click.command()
@click.option("--name", help="What Bounceback calls you.")
@click.option("--start", "start_text", metavar="DATE", help="The day your search started.")
@click.option("--starter/--no-starter", default=False, help="Add the starter routine.")
@pass_context
def init(context: Context, name: str | None, start_text: str | None, starter: bool) -> None:
    """First-run setup without the app."""
    from ..domain.starter import STARTER
    from ..services.settings import set_up

    today = context.today()
    current = context.settings()
    start = context.day(start_text, bounded=False) if start_text else (current.start_date or today)
    given_name = name if name is not None or current.initialized else ""
    change = set_up(
        context.db,
        name=given_name,
        start=start,
        today=today,
        starter=STARTER if starter else (),
    )
    context.forget_settings()
    added = change.result
    shown_name = context.settings().name
    who = f" for {shown_name}" if shown_name else ""
    say(f"Set up{who}: the search started {start.isoformat()}.")
    if added:
        say(f"Added {added} starter routines; see them with `bounceback routine list`.")


# ---------------------------------------------------------------- today


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--day", "day_text", metavar="DATE", help="Another day (YYYY-MM-DD, yesterday).")
@pass_context
def today(context: Context, as_json: bool, day_text: str | None) -> None:
    """The day's plan, printed (for a login shell or MOTD)."""
    from ..domain.day import day_heading, day_number, day_summary
    from ..domain.pillars import DISPLAY_NAMES
    from ..store.day import load_day

    current = context.require_setup()
    logical_today = context.today()
    day = context.day(day_text)
    plan = load_day(context.db, day, logical_today, current)
    assert current.start_date is not None
    if as_json:
        payload = {
            "day": day.isoformat(),
            "day_number": day_number(day, current.start_date),
            "items": [
                {
                    "id": str(item.ref),
                    "pillar": item.pillar,
                    "title": item.title,
                    "kind": item.kind,
                    "target": item.target,
                    "unit": item.unit,
                    "amount": item.amount,
                    "state": item.state,
                    "due": item.due,
                    "note": item.note,
                }
                for items in plan.values()
                for item in items
            ],
        }
        say_json(payload)
        return

    header = day_heading(day, current.start_date)
    say(header)
    for pillar, items in plan.items():
        say(f"\n{DISPLAY_NAMES[pillar]}")
        if not items:
            resting = day.weekday() in current.pillars[pillar].rest_days
            say(f"  {day_summary(items, resting)}")  # rest day, nothing due
        for item in items:
            say(f"  {_mark(item)} {item.title}{_suffix(item)}")


def _mark(item: Any) -> str:
    if item.amount >= item.target:
        return "[x]"
    if item.amount:
        return "[~]"  # partly done; the numbers follow the title
    return "[ ]"


def _suffix(item: Any) -> str:
    from ..domain.states import ItemState

    parts = []
    if item.kind == "count":
        parts.append(f"{item.amount}/{item.target}{' ' + item.unit if item.unit else ''}")
    if not item.due:
        parts.append("extra")
    if item.state == ItemState.MISSED:
        parts.append("not yet")
    elif item.state == ItemState.EXCUSED:
        parts.append("excused")
    text = f" ({', '.join(parts)})" if parts else ""
    if item.note:
        text += f" — {item.note}"
    return text


# ---------------------------------------------------------------- check


@click.command()
@click.argument("title")
@click.option(
    "--amount",
    type=WholeNumber(dataclasses.replace(limits.AMOUNT, low=1)),
    help="Add this much to a count.",
)
@click.option("--day", "day_text", metavar="DATE", help="Back-fill another day.")
@pass_context
def check(context: Context, title: str, amount: int | None, day_text: str | None) -> None:
    """Check off (or add to) a routine or task by its title."""
    from ..domain.day import DayItem
    from ..services.day import set_entry
    from ..store import entries
    from ..store.day import load_day

    if not " ".join(title.split()):
        raise Failed("give the title (or its start) of the routine or task to check off")
    current = context.require_setup()
    logical_today = context.today()
    day = context.day(day_text)
    plan = load_day(context.db, day, logical_today, current)
    items: list[DayItem] = [item for group in plan.values() for item in group]
    match = _match_item(items, title)
    if match is None:
        from ..store import routines as routine_store

        # Not on the day's plan: an active routine done as an extra, matched by the same rule.
        routine = _match_item(routine_store.list_routines(context.db), title)
        if routine is None:
            raise Failed(f"no routine or task called {title!r} on {day}")
        if day < routine.start_date:
            raise Failed(f"{routine.title!r} starts on {routine.start_date}, after {day}")
        previous = entries.get(context.db, routine.ref, day)
        done = previous.amount if previous else 0
        target, ref, label, unit = routine.target, routine.ref, routine.title, routine.unit
        note = previous.note if previous else ""
        extra = True
    else:
        done, target, ref, label, unit, note = (
            match.amount,
            match.target,
            match.ref,
            match.title,
            match.unit,
            match.note,
        )
        extra = not match.due
    new_amount = done + amount if amount is not None else max(done, target)
    set_entry(
        context.db, ref, day, new_amount, note, today=logical_today, description=f"checked {label}"
    )
    status = "done" if new_amount >= target else f"{new_amount}/{target}"
    unit_text = f" {unit}" if unit and new_amount < target else ""
    when = "" if day == logical_today else f" on {day.isoformat()}"
    extra_text = " (an extra: not due that day)" if extra else ""
    say(f"✓ {label}: {status}{unit_text}{when}{extra_text}")


def _match_item(items: list[Any], title: str) -> Any:
    wanted = " ".join(title.split()).casefold()
    rules = (lambda t: t == wanted, lambda t: t.startswith(wanted), lambda t: wanted in t)
    for rule in rules:
        found = [item for item in items if rule(item.title.casefold())]
        if len(found) > 1:
            raise Failed(_ambiguous(title, [item.title for item in found]))
        if found:
            return found[0]
    return None


def _ambiguous(title: str, titles: list[str]) -> str:
    return f"{title!r} matches several items ({'; '.join(titles)}): type more of the title"


# ---------------------------------------------------------------- task


@click.group()
def task() -> None:
    """One-off tasks for a single day."""


@task.command("add")
@click.option("--pillar", required=True, help="apply, network, learn or self_care.")
@click.option("--title", required=True, help="What to do.")
@click.option(
    "--target",
    type=WholeNumber(limits.TASK_TARGET),
    default=1,
    show_default=True,
    help="How many make it done.",
)
@click.option("--unit", default="", help="What is counted, e.g. calls.")
@click.option("--day", "day_text", metavar="DATE", help="The day it is for (default today).")
@pass_context
def task_add(
    context: Context, pillar: str, title: str, target: int, unit: str, day_text: str | None
) -> None:
    """Add a one-off task."""
    from ..domain.pillars import DISPLAY_NAMES
    from ..services.day import add_task

    day = context.day(day_text)
    added = add_task(context.db, pillar, title, day, target, unit).result
    say(f"Added to {DISPLAY_NAMES[added.pillar]} on {day.isoformat()}: {added.title}")


# ---------------------------------------------------------------- freeze


@click.command()
@click.argument("pillar")
@click.option("--day", "day_text", metavar="DATE", help="The day to excuse (default today).")
@pass_context
def freeze(context: Context, pillar: str, day_text: str | None) -> None:
    """Excuse one pillar for one day, spending one of that month's freezes."""
    from ..domain.pillars import DISPLAY_NAMES, parse_pillar
    from ..domain.words import plural
    from ..services.day import freeze as freeze_pillar

    key = parse_pillar(pillar)
    current = context.require_setup()
    logical_today = context.today()
    day = context.day(day_text)
    name = DISPLAY_NAMES[key]
    change = freeze_pillar(context.db, key, day, today=logical_today, settings=current)
    say(
        f"❄ Froze {name} on {day.isoformat()}: {plural(change.result, 'freeze')} left for "
        f"{day:%B %Y}."
    )
