"""`bounceback stats`: streaks and weekly progress, printed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .base import Context, Failed, pass_context, say, say_json

if TYPE_CHECKING:
    from ..domain.models import Settings


# ---------------------------------------------------------------- stats


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@click.option("--short", is_flag=True, help="One line for a shell prompt.")
@click.option("--as-of", "as_of_text", metavar="DATE", help="Judge the history as of this day.")
@pass_context
def stats(context: Context, as_json: bool, short: bool, as_of_text: str | None) -> None:
    """Streaks, weekly progress and strength per pillar and overall."""
    from ..store import excuses
    from ..store import history as history_store

    if as_json and short:
        raise click.UsageError("--json and --short cannot be used together")
    current = context.require_setup()
    logical_today = context.today()
    as_of = context.day(as_of_text)
    if as_of > logical_today:
        raise Failed(f"{as_of} has not come yet: --as-of is for today or earlier")
    result = history_store.summary(context.db, as_of)
    left = excuses.freezes_left(context.db, as_of, current.freezes_per_month)
    if as_json:
        say_json(_stats_payload(result, left))
    elif short:
        say(_stats_short(result))
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
    from ..domain.streaks import PENDING

    return bool(overall.today == PENDING and overall.daily_streak > 0)


def _week_short(stat: Any) -> str:
    from ..domain.streaks import BRIDGED, MET

    if stat.week.status == BRIDGED:
        return "–"
    mark = "✓" if stat.week.status == MET else ""
    return f"{stat.week.met_days}/{stat.week.target}{mark}"


def _stats_short(result: Any) -> str:
    from ..domain.pillars import DISPLAY_NAMES

    parts = [
        f"{DISPLAY_NAMES[key][0]} {_week_short(stat)}{'!' if stat.at_risk else ''}"
        for key, stat in result.pillars.items()
    ]
    overall = result.overall
    risk = "!" if _overall_at_risk(overall) else ""
    return f"{' '.join(parts)} · {overall.daily_streak}d{risk}"


def _print_stats(result: Any, current: Settings, freezes_left: int) -> None:
    from ..domain.explain import week_words
    from ..domain.pillars import DISPLAY_NAMES
    from ..domain.words import plural

    assert current.start_date is not None
    from ..domain.day import day_heading

    header = f"Streaks as of {day_heading(result.as_of, current.start_date)}"
    say(header + "\n")
    row = "{:<9}  {:<7}  {:<18}  {:>5}  {:>4}  {:>6}  {:>4}  {:>8}{}"
    say(row.format("", "Today", "This week", "Daily", "Best", "Weekly", "Best", "Strength", ""))
    for key, stat in result.pillars.items():
        week_text = week_words(stat)  # the words Today's chips and Streaks use
        say(
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
    say(
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
    say(
        f"\n{plural(freezes_left, 'freeze')} left for {result.as_of:%B %Y} "
        f"(of {current.freezes_per_month} a month)."
    )
