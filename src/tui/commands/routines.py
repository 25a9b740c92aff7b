"""`bounceback routine add|list|archive`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..domain import limits
from .base import Context, WholeNumber, pass_context, say, say_json

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- routine


@click.group()
def routine() -> None:
    """Recurring routines: add, list, archive."""


@routine.command("add")
@click.option("--pillar", required=True, help="apply, network, learn or self_care.")
@click.option("--title", required=True, help="What to do.")
@click.option(
    "--target",
    type=WholeNumber(limits.ROUTINE_TARGET),
    default=1,
    show_default=True,
    help="Daily target.",
)
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
    from ..domain.models import RoutineDraft
    from ..domain.schedule import describe
    from ..services import routines as routine_service

    start = context.day(start_text)
    draft = RoutineDraft(pillar, title, target, unit, rrule)
    added = routine_service.add(context.db, draft, start).result
    say(
        f"Added routine {added.id}: {added.title} ({describe(added.rrule)}, "
        f"from {added.start_date.isoformat()})"
    )


@routine.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--all", "include_archived", is_flag=True, help="Include archived routines.")
@pass_context
def routine_list(context: Context, as_json: bool, include_archived: bool) -> None:
    """List routines."""
    from ..domain.pillars import DISPLAY_NAMES, PILLARS
    from ..domain.schedule import describe
    from ..store import routines

    found = routines.list_routines(context.db, include_archived=include_archived)
    # The store sorts pillars by name; people expect them in the app's order.
    found.sort(key=lambda r: PILLARS.index(r.pillar))
    if as_json:
        say_json(
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
            ]
        )
        return
    if not found:
        say("No routines yet: add one with `bounceback routine add`.")
        return
    for r in found:
        target = f" · {r.target} {r.unit}".rstrip() if r.kind == "count" else ""
        archived = f" · archived {r.archived_on.isoformat()}" if r.archived_on else ""
        say(
            f"{r.id:>4}  {DISPLAY_NAMES[r.pillar]:<9}  {r.title}{target} · "
            f"{describe(r.rrule)}{archived}"
        )


@routine.command("archive")
@click.argument("routine_id", type=WholeNumber(id_of="routine"))
@click.option("--undo", is_flag=True, help="Bring an archived routine back.")
@pass_context
def routine_archive(context: Context, routine_id: int, undo: bool) -> None:
    """Archive a routine (its history stays), or bring it back with --undo."""
    from ..services import routines as routine_service

    change = routine_service.set_archived(context.db, routine_id, not undo, today=context.today())
    changed = change.result
    say(f"{'Restored' if undo else 'Archived'} routine {changed.id}: {changed.title}")
