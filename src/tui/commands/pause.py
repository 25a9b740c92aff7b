"""`bounceback pause add|list|remove`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .base import Context, WholeNumber, pass_context, say, say_json

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- pause


@click.group()
def pause() -> None:
    """Pauses: date ranges that excuse every pillar."""


def _pause_days(found: Any) -> str:
    from ..domain.words import plural

    return plural((found.end - found.start).days + 1, "day")


@pause.command("add")
@click.argument("from_text", metavar="FROM")
@click.argument("to_text", metavar="TO")
@click.option("--reason", default="", help="Why, for your own record (e.g. a holiday).")
@pass_context
def pause_add(context: Context, from_text: str, to_text: str, reason: str) -> None:
    """Excuse every pillar from FROM to TO, both included."""
    from ..services import settings as settings_service

    context.require_setup()
    start, end = context.day(from_text), context.day(to_text)
    added = settings_service.add_pause(context.db, start, end, reason).result
    why = f": {added.reason}" if added.reason else ""
    say(
        f"Added pause {added.id}: {added.start.isoformat()} to {added.end.isoformat()} "
        f"({_pause_days(added)}){why}"
    )


@pause.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@pass_context
def pause_list(context: Context, as_json: bool) -> None:
    """List pauses, earliest first."""
    from ..store import excuses

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
        say_json(payload)
        return
    if not found:
        say("No pauses: add one with `bounceback pause add FROM TO`.")
        return
    for p in found:
        why = f"  {p.reason}" if p.reason else ""
        say(f"{p.id:>4}  {p.start.isoformat()} to {p.end.isoformat()}  ({_pause_days(p)}){why}")


@pause.command("remove")
@click.argument("pause_id", metavar="ID", type=WholeNumber(id_of="pause"))
@pass_context
def pause_remove(context: Context, pause_id: int) -> None:
    """Remove a pause: its days are judged as usual again."""
    from ..services import settings as settings_service

    context.require_setup()
    removed = settings_service.remove_pause(context.db, pause_id).result
    say(f"Removed pause {removed.id}: {removed.start.isoformat()} to {removed.end.isoformat()}")
