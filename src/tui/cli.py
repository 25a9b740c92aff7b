"""The `bounceback` command. The app and heavy libraries are imported only when needed, so
`--help` and `--version` stay fast."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .domain.models import Settings
    from .store.db import Database

EXIT_FAILED = 1
NOT_SET_UP = "not set up yet: run `bounceback` for the welcome, or `bounceback init`"


class Failed(click.ClickException):
    """An action that could not be done: one line on stderr, exit 1."""

    exit_code = EXIT_FAILED

    def show(self, file: Any = None) -> None:
        click.echo(f"bounceback: {self.message}", err=True)


@dataclass
class Context:
    """What every subcommand shares: where the data file is, opened on first use."""

    db_option: str | None
    _db: Database | None = None

    @property
    def path(self) -> Path:
        from .paths import resolve_db_path

        return resolve_db_path(self.db_option)

    @property
    def db(self) -> Database:
        if self._db is None:
            from .store.db import open_db

            # A file we may not write still opens for reading: writes then fail in one line.
            self._db = open_db(self.path, read_only_ok=True)
        return self._db

    def settings(self) -> Settings:
        from .store import settings

        return settings.load(self.db)

    def today(self) -> date:
        from . import clock

        return clock.today(self.settings().day_start_hour)

    def day(self, text: str | None) -> date:
        from .domain.dates import parse_day

        today = self.today()
        return today if text is None else parse_day(text, today)

    def require_setup(self) -> Settings:
        # A missing file is not created just to say so: `today` in a login shell leaves no trace.
        if self._db is None and _could_be_created(self.path):
            raise Failed(NOT_SET_UP)
        current = self.settings()
        if not current.initialized:
            raise Failed(NOT_SET_UP)
        return current


def _could_be_created(path: Path) -> bool:
    """Whether `path` is missing and nothing in the way would stop it from being created."""
    try:
        if path.exists() or path.is_symlink():
            return False
        ancestor = path.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        return ancestor.is_dir()
    except OSError:  # e.g. a folder we may not look into: let opening say what is wrong
        return False


class _Group(click.Group):
    """Turns the errors meant for people into one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        from .domain.errors import InvalidInput
        from .store.db import StoreError

        try:
            return super().invoke(ctx)
        except (InvalidInput, StoreError) as error:
            raise Failed(str(error)) from None
        except sqlite3.Error as error:
            # Reads outside `atomic()` can still meet a locked or damaged file.
            where = ctx.obj.path if isinstance(ctx.obj, Context) else "the data file"
            raise Failed(f"{where}: {error}") from None


pass_context = click.make_pass_decorator(Context)


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", "db_option", metavar="PATH", help="Use this data file (also BOUNCEBACK_DB).")
@click.version_option(__version__, "-V", "--version", prog_name="bounceback")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None) -> None:
    """Bounceback: a daily routine, forgiving streaks and a vision board for a long job search.

    Run it with no command to open the app on Today.
    """
    ctx.obj = Context(db_option)
    if ctx.invoked_subcommand is None:
        _run_app(ctx.obj.db)


def _run_app(db: Database, demo: bool = False) -> None:
    from .app import BouncebackApp

    app = BouncebackApp(db, demo=demo)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


# ---------------------------------------------------------------- init


@cli.command()
@click.option("--name", help="What Bounceback calls you.")
@click.option("--start", "start_text", metavar="DATE", help="The day your search started.")
@click.option("--starter/--no-starter", default=False, help="Add the starter routine.")
@pass_context
def init(context: Context, name: str | None, start_text: str | None, starter: bool) -> None:
    """First-run setup without the app."""
    from .domain.starter import STARTER
    from .store import routines
    from .store import settings as settings_store

    today = context.today()
    current = context.settings()
    start = context.day(start_text) if start_text else (current.start_date or today)
    if start > today:
        raise Failed(f"the search start date {start} is in the future")
    values: dict[str, object] = {"start_date": start.isoformat()}
    if name is not None or not current.initialized:
        values["name"] = (name or "").strip()
    added = 0
    if starter:
        if routines.list_routines(context.db, include_archived=True):
            raise Failed("there are routines already; the starter is only for a fresh start")
        drafts = list(STARTER)
        routines.add_many(context.db, drafts, start)
        added = len(drafts)
    settings_store.save(context.db, values)
    shown_name = values.get("name", current.name)
    who = f" for {shown_name}" if shown_name else ""
    click.echo(f"Set up{who}: the search started {start.isoformat()}.")
    if added:
        click.echo(f"Added {added} starter routines; see them with `bounceback routine list`.")


# ---------------------------------------------------------------- today


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--day", "day_text", metavar="DATE", help="Another day (YYYY-MM-DD, yesterday).")
@pass_context
def today(context: Context, as_json: bool, day_text: str | None) -> None:
    """The day's plan, printed (for a login shell or MOTD)."""
    from .domain.day import day_number
    from .domain.pillars import DISPLAY_NAMES
    from .store.day import load_day

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
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    from .domain.dates import format_long

    number = day_number(day, current.start_date)
    header = format_long(day)
    if number >= 1:
        header += f" · day {number} of your search"
    click.echo(header)
    for pillar, items in plan.items():
        click.echo(f"\n{DISPLAY_NAMES[pillar]}")
        if not items:
            resting = day.weekday() in current.pillars[pillar].rest_days
            click.echo("  rest day" if resting else "  nothing due")
        for item in items:
            click.echo(f"  {_mark(item)} {item.title}{_suffix(item)}")


def _mark(item: Any) -> str:
    if item.amount >= item.target:
        return "[x]"
    if item.amount:
        return "[~]"  # partly done; the numbers follow the title
    return "[ ]"


def _suffix(item: Any) -> str:
    parts = []
    if item.kind == "count":
        parts.append(f"{item.amount}/{item.target}{' ' + item.unit if item.unit else ''}")
    if not item.due:
        parts.append("extra")
    if item.state == "missed":
        parts.append("not yet")
    elif item.state == "excused":
        parts.append("excused")
    text = f" ({', '.join(parts)})" if parts else ""
    if item.note:
        text += f" — {item.note}"
    return text


# ---------------------------------------------------------------- check


@cli.command()
@click.argument("title")
@click.option("--amount", type=click.IntRange(min=1), help="Add this much to a count.")
@click.option("--day", "day_text", metavar="DATE", help="Back-fill another day.")
@pass_context
def check(context: Context, title: str, amount: int | None, day_text: str | None) -> None:
    """Check off (or add to) a routine or task by its title."""
    from .domain.day import DayItem
    from .store import entries
    from .store.day import load_day

    if not " ".join(title.split()):
        raise Failed("give the title (or its start) of the routine or task to check off")
    current = context.require_setup()
    logical_today = context.today()
    day = context.day(day_text)
    if day > logical_today:
        raise Failed(f"{day} has not come yet: check-offs are for today or earlier")
    plan = load_day(context.db, day, logical_today, current)
    items: list[DayItem] = [item for group in plan.values() for item in group]
    match = _match_item(items, title)
    if match is None:
        from .store import routines as routine_store

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
    entries.put(context.db, ref, day, new_amount, note)
    status = "done" if new_amount >= target else f"{new_amount}/{target}"
    unit_text = f" {unit}" if unit and new_amount < target else ""
    when = "" if day == logical_today else f" on {day.isoformat()}"
    extra_text = " (an extra: not due that day)" if extra else ""
    click.echo(f"✓ {label}: {status}{unit_text}{when}{extra_text}")


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


@cli.group()
def task() -> None:
    """One-off tasks for a single day."""


@task.command("add")
@click.option("--pillar", required=True, help="apply, network, learn or self_care.")
@click.option("--title", required=True, help="What to do.")
@click.option("--target", type=int, default=1, show_default=True, help="How many make it done.")
@click.option("--unit", default="", help="What is counted, e.g. calls.")
@click.option("--day", "day_text", metavar="DATE", help="The day it is for (default today).")
@pass_context
def task_add(
    context: Context, pillar: str, title: str, target: int, unit: str, day_text: str | None
) -> None:
    """Add a one-off task."""
    from .domain.pillars import DISPLAY_NAMES
    from .store import tasks

    day = context.day(day_text)
    added = tasks.add(context.db, pillar, title, day, target, unit)
    click.echo(f"Added to {DISPLAY_NAMES[added.pillar]} on {day.isoformat()}: {added.title}")


# ---------------------------------------------------------------- routine


@cli.group()
def routine() -> None:
    """Recurring routines: add, list, archive."""


@routine.command("add")
@click.option("--pillar", required=True, help="apply, network, learn or self_care.")
@click.option("--title", required=True, help="What to do.")
@click.option("--target", type=int, default=1, show_default=True, help="Daily target.")
@click.option("--unit", default="", help="What is counted, e.g. applications.")
@click.option("--rrule", default="FREQ=DAILY", show_default=True, help="An RFC 5545 RRULE.")
@click.option("--start", "start_text", metavar="DATE", help="First day (default today).")
@pass_context
def routine_add(
    context: Context,
    pillar: str,
    title: str,
    target: int,
    unit: str,
    rrule: str,
    start_text: str | None,
) -> None:
    """Add a routine."""
    from .domain.models import RoutineDraft
    from .domain.schedule import describe
    from .store import routines

    start = context.day(start_text)
    added = routines.add(context.db, RoutineDraft(pillar, title, target, unit, rrule), start)
    click.echo(
        f"Added routine {added.id}: {added.title} ({describe(added.rrule)}, "
        f"from {added.start_date.isoformat()})"
    )


@routine.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--all", "include_archived", is_flag=True, help="Include archived routines.")
@pass_context
def routine_list(context: Context, as_json: bool, include_archived: bool) -> None:
    """List routines."""
    from .domain.pillars import DISPLAY_NAMES, PILLARS
    from .domain.schedule import describe
    from .store import routines

    found = routines.list_routines(context.db, include_archived=include_archived)
    # The store sorts pillars by name; people expect them in the app's order.
    found.sort(key=lambda r: PILLARS.index(r.pillar))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "pillar": r.pillar,
                        "title": r.title,
                        "kind": r.kind,
                        "target": r.target,
                        "unit": r.unit,
                        "rrule": r.rrule,
                        "start_date": r.start_date.isoformat(),
                        "end_date": r.end_date.isoformat() if r.end_date else None,
                        "archived_on": r.archived_on.isoformat() if r.archived_on else None,
                    }
                    for r in found
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not found:
        click.echo("No routines yet: add one with `bounceback routine add`.")
        return
    for r in found:
        target = f" · {r.target} {r.unit}".rstrip() if r.kind == "count" else ""
        archived = f" · archived {r.archived_on.isoformat()}" if r.archived_on else ""
        click.echo(
            f"{r.id:>4}  {DISPLAY_NAMES[r.pillar]:<9}  {r.title}{target} · "
            f"{describe(r.rrule)}{archived}"
        )


@routine.command("archive")
@click.argument("routine_id", type=int)
@click.option("--undo", is_flag=True, help="Bring an archived routine back.")
@pass_context
def routine_archive(context: Context, routine_id: int, undo: bool) -> None:
    """Archive a routine (its history stays), or bring it back with --undo."""
    from .store import routines

    current = routines.get(context.db, routine_id)
    if undo and current.archived_on is None:
        raise Failed(f"routine {current.id} ({current.title}) is not archived")
    if not undo and current.archived_on is not None:
        # Archiving again would move the date and turn the days in between into missed ones.
        raise Failed(
            f"routine {current.id} ({current.title}) was archived on "
            f"{current.archived_on.isoformat()} already; `--undo` brings it back"
        )
    changed = routines.set_archived(context.db, routine_id, None if undo else context.today())
    click.echo(f"{'Restored' if undo else 'Archived'} routine {changed.id}: {changed.title}")


# ---------------------------------------------------------------- stats


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--short", is_flag=True, help="One line for a shell prompt.")
@click.option("--as-of", "as_of_text", metavar="DATE", help="Judge the history as of this day.")
@pass_context
def stats(context: Context, as_json: bool, short: bool, as_of_text: str | None) -> None:
    """Streaks, weekly progress and strength per pillar and overall."""
    from .store import excuses
    from .store import history as history_store

    if as_json and short:
        raise click.UsageError("--json and --short cannot be used together")
    current = context.require_setup()
    logical_today = context.today()
    as_of = context.day(as_of_text)
    if as_of > logical_today:
        raise Failed(f"{as_of} has not come yet: --as-of is for today or earlier")
    result = history_store.stats(context.db, as_of)
    left = excuses.freezes_left(context.db, as_of, current.freezes_per_month)
    if as_json:
        click.echo(json.dumps(_stats_payload(result, left), indent=2, ensure_ascii=False))
    elif short:
        click.echo(_stats_short(result))
    else:
        _print_stats(result, current, left)


def _stats_payload(result: Any, freezes_left: int) -> dict[str, Any]:
    pillars = {}
    for key, stat in result.pillars.items():
        week = stat.week
        pillars[key] = {
            "today": stat.today,
            "at_risk": stat.at_risk,
            "daily_streak": stat.daily_streak,
            "best_daily_streak": stat.best_daily_streak,
            "weekly_streak": stat.weekly_streak,
            "best_weekly_streak": stat.best_weekly_streak,
            "week": {
                "start": week.start.isoformat(),
                "status": week.status,
                "met": week.met_days,
                "target": week.target,
                "open_days": week.open_days,
                "days_left": stat.days_left,
            },
            "strength": round(min(1.0, max(0.0, stat.strength)), 4),
        }
    overall = result.overall
    return {
        "as_of": result.as_of.isoformat(),
        "pillars": pillars,
        "overall": {
            "today": overall.today,
            "at_risk": _overall_at_risk(overall),
            "daily_streak": overall.daily_streak,
            "best_daily_streak": overall.best_daily_streak,
        },
        "freezes_left": freezes_left,
    }


def _overall_at_risk(overall: Any) -> bool:
    from .domain.streaks import PENDING

    return bool(overall.today == PENDING and overall.daily_streak > 0)


def _week_short(stat: Any) -> str:
    from .domain.streaks import BRIDGED, MET

    if stat.week.status == BRIDGED:
        return "–"
    mark = "✓" if stat.week.status == MET else ""
    return f"{stat.week.met_days}/{stat.week.target}{mark}"


def _stats_short(result: Any) -> str:
    from .domain.pillars import DISPLAY_NAMES

    parts = [
        f"{DISPLAY_NAMES[key][0]} {_week_short(stat)}{'!' if stat.at_risk else ''}"
        for key, stat in result.pillars.items()
    ]
    overall = result.overall
    risk = "!" if _overall_at_risk(overall) else ""
    return f"{' '.join(parts)} · {overall.daily_streak}d{risk}"


def _print_stats(result: Any, current: Settings, freezes_left: int) -> None:
    from .domain.dates import format_long
    from .domain.day import day_number
    from .domain.pillars import DISPLAY_NAMES
    from .domain.streaks import BRIDGED, MET

    assert current.start_date is not None
    header = f"Streaks as of {format_long(result.as_of)}"
    number = day_number(result.as_of, current.start_date)
    if number >= 1:
        header += f" · day {number} of your search"
    click.echo(header + "\n")
    row = "{:<9}  {:<7}  {:<18}  {:>5}  {:>4}  {:>6}  {:>4}  {:>8}{}"
    click.echo(
        row.format("", "Today", "This week", "Daily", "Best", "Weekly", "Best", "Strength", "")
    )
    for key, stat in result.pillars.items():
        week = stat.week
        if week.status == BRIDGED:
            week_text = "bridged"
        elif week.status == MET:
            week_text = f"{week.met_days}/{week.target} ✓"
        else:
            days = "day" if stat.days_left == 1 else "days"
            week_text = f"{week.met_days}/{week.target} · {stat.days_left} {days} left"
        click.echo(
            row.format(
                DISPLAY_NAMES[key],
                stat.today,
                week_text,
                stat.daily_streak,
                stat.best_daily_streak,
                stat.weekly_streak,
                stat.best_weekly_streak,
                f"{round(stat.strength * 100)} %",
                "  at risk" if stat.at_risk else "",
            ).rstrip()
        )
    overall = result.overall
    click.echo(
        row.format(
            "Overall",
            overall.today,
            "",
            overall.daily_streak,
            overall.best_daily_streak,
            "",
            "",
            "",
            "  at risk" if _overall_at_risk(overall) else "",
        ).rstrip()
    )
    plural = "freeze" if freezes_left == 1 else "freezes"
    click.echo(
        f"\n{freezes_left} {plural} left for {result.as_of:%B %Y} "
        f"(of {current.freezes_per_month} a month)."
    )


# ---------------------------------------------------------------- config


@cli.group()
def config() -> None:
    """Settings: list, get, set."""


def _config_key(text: str) -> str:
    """The canonical key for `config get`, or InvalidInput naming the keys that exist."""
    from .domain.errors import InvalidInput
    from .domain.pillars import parse_pillar
    from .store.settings import GLOBAL_KEYS, PILLAR_KEYS

    key = text.strip()
    if "." in key:
        pillar_text, field = key.split(".", 1)
        pillar = parse_pillar(pillar_text)
        if field not in PILLAR_KEYS:
            raise InvalidInput(
                f"unknown setting {text!r}: a pillar has weekly_target and rest_days"
            )
        return f"{pillar}.{field}"
    if key not in GLOBAL_KEYS:
        raise InvalidInput(
            f"unknown setting {text!r}: use one of {', '.join(GLOBAL_KEYS)}, "
            "PILLAR.weekly_target, PILLAR.rest_days"
        )
    return key


@config.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: every key and its value.")
@pass_context
def config_list(context: Context, as_json: bool) -> None:
    """Every setting and its value."""
    from .store import settings as settings_store

    values = settings_store.display(context.settings())
    if as_json:
        click.echo(json.dumps(values, indent=2, ensure_ascii=False))
        return
    width = max(len(key) for key in values)
    for key, value in values.items():
        click.echo(f"{key:<{width}}  {value}".rstrip())


@config.command("get")
@click.argument("key")
@pass_context
def config_get(context: Context, key: str) -> None:
    """Print one setting's value."""
    from .store import settings as settings_store

    canonical = _config_key(key)
    click.echo(settings_store.display(context.settings())[canonical])


@config.command("set", context_settings={"ignore_unknown_options": True})  # VALUE may be -1
@click.argument("key")
@click.argument("value")
@pass_context
def config_set(context: Context, key: str, value: str) -> None:
    """Change one setting, e.g. `config set week_start sunday`."""
    from .store import settings as settings_store

    if key.strip() == "start_date":
        # Like `init --start`: today and yesterday work, the future does not.
        start = context.day(value)
        if start > context.today():
            raise Failed(f"the search start date {start} is in the future")
        value = start.isoformat()
    canonical, stored = settings_store.parse_value(key, value)
    settings_store.save(context.db, {canonical: stored})
    shown = settings_store.display(context.settings())[canonical]
    click.echo(f"{canonical} = {shown}")


# ---------------------------------------------------------------- pause


@cli.group()
def pause() -> None:
    """Pauses: date ranges that excuse every pillar."""


def _pause_days(found: Any) -> str:
    days = (found.end - found.start).days + 1
    return f"{days} day{'s' if days != 1 else ''}"


@pause.command("add")
@click.argument("from_text", metavar="FROM")
@click.argument("to_text", metavar="TO")
@click.option("--reason", default="", help="Why, for your own record (e.g. a holiday).")
@pass_context
def pause_add(context: Context, from_text: str, to_text: str, reason: str) -> None:
    """Excuse every pillar from FROM to TO, both included."""
    from .store import excuses

    context.require_setup()
    start, end = context.day(from_text), context.day(to_text)
    added = excuses.add_pause(context.db, start, end, reason)
    why = f": {added.reason}" if added.reason else ""
    click.echo(
        f"Added pause {added.id}: {added.start.isoformat()} to {added.end.isoformat()} "
        f"({_pause_days(added)}){why}"
    )


@pause.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@pass_context
def pause_list(context: Context, as_json: bool) -> None:
    """List pauses, earliest first."""
    from .store import excuses

    context.require_setup()
    found = excuses.pauses(context.db)
    if as_json:
        payload = [
            {
                "id": p.id,
                "start_date": p.start.isoformat(),
                "end_date": p.end.isoformat(),
                "reason": p.reason,
            }
            for p in found
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("No pauses: add one with `bounceback pause add FROM TO`.")
        return
    for p in found:
        why = f"  {p.reason}" if p.reason else ""
        click.echo(
            f"{p.id:>4}  {p.start.isoformat()} to {p.end.isoformat()}  ({_pause_days(p)}){why}"
        )


@pause.command("remove")
@click.argument("pause_id", metavar="ID", type=int)
@pass_context
def pause_remove(context: Context, pause_id: int) -> None:
    """Remove a pause: its days are judged as usual again."""
    from .store import excuses

    context.require_setup()
    removed = excuses.remove_pause(context.db, pause_id)
    click.echo(
        f"Removed pause {removed.id}: {removed.start.isoformat()} to {removed.end.isoformat()}"
    )


# ---------------------------------------------------------------- freeze


@cli.command()
@click.argument("pillar")
@click.option("--day", "day_text", metavar="DATE", help="The day to excuse (default today).")
@pass_context
def freeze(context: Context, pillar: str, day_text: str | None) -> None:
    """Excuse one pillar for one day, spending one of that month's freezes."""
    from .domain.pillars import DISPLAY_NAMES, parse_pillar
    from .domain.streaks import BRIDGED, MET, judge_days
    from .store import excuses
    from .store import history as history_store

    key = parse_pillar(pillar)
    current = context.require_setup()
    assert current.start_date is not None
    logical_today = context.today()
    day = context.day(day_text)
    name = DISPLAY_NAMES[key]
    if day < current.start_date:
        raise Failed(f"{day} is before your search started ({current.start_date})")
    if (key, day) not in excuses.freezes(context.db):
        # A freeze is spent only where it changes something.
        judged = judge_days(history_store.load(context.db), logical_today, day)[key].get(day)
        if judged is not None and judged.status == BRIDGED:
            raise Failed(
                f"{name} has nothing to excuse on {day} (a rest day, a pause or nothing due): "
                "no freeze spent"
            )
        if judged is not None and judged.status == MET:
            raise Failed(f"{name} is already met on {day}: no freeze needed")
    left = excuses.add_freeze(context.db, key, day, current.freezes_per_month)
    plural = "freeze" if left == 1 else "freezes"
    click.echo(f"❄ Froze {name} on {day.isoformat()}: {left} {plural} left for {day:%B %Y}.")


# ---------------------------------------------------------------- demo


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the demo data file here and print its path instead of opening it.",
)
@pass_context
def demo(context: Context, output: str | None) -> None:
    """Open the app on a generated demo file (months of history, a vision board)."""
    import tempfile

    from .demo import generate
    from .store.db import open_db

    if output:
        path = Path(output)
        if path.exists():
            raise Failed(f"{path} exists already; the demo writes a new file")
    else:
        path = Path(tempfile.mkdtemp(prefix="bounceback-demo-")) / "demo.db"
    db = open_db(path)
    generate(db)
    if output:
        click.echo(str(path))
        return
    _run_app(db, demo=True)


def main() -> NoReturn:
    """Entry point: no traceback ever reaches the person at the keyboard."""
    try:
        # Without standalone mode click hands back the code of an `Exit` instead of exiting.
        code = cli.main(prog_name="bounceback", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("bounceback: stopped", err=True)
        sys.exit(130)
    except click.exceptions.Exit as error:
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("BOUNCEBACK_DEBUG"):
            raise
        click.echo(
            f"bounceback: unexpected error: {error.__class__.__name__}: {error} "
            "(set BOUNCEBACK_DEBUG=1 to see details)",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    sys.exit(0)


# The command groups register themselves on `cli`; they import nothing heavy at module level.
from .commands import board as _board_commands  # noqa: E402, F401
from .commands import data as _data_commands  # noqa: E402, F401
