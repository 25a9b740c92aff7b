"""Plain words for every number: why a streak is what it is, and what today needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from .pillars import DISPLAY_NAMES, WEEKDAY_NAMES
from .states import Excuse, Shade
from .streaks import BRIDGED, MET, MISSED, PENDING, DayJudgement, PillarStats, Stats, Week
from .words import plural


def cell_kind(judgement: DayJudgement | None, day: date, today: date) -> Shade:
    """How the heat map draws a pillar-day: met, partial, missed, pending, bridged or future."""
    if judgement is None:
        return Shade.NONE
    if day > today:
        return Shade.FUTURE if judgement.status != BRIDGED else Shade.BRIDGED
    if judgement.status in (MISSED, PENDING) and judgement.credit > 0:
        return Shade.PARTIAL
    return Shade(judgement.status)


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def why_daily(statuses: Mapping[date, str], streak: int, today: date) -> str:
    """Why the daily streak is `streak`, walking back through the days that made it."""
    anchor = today if statuses.get(today) == MET else today - timedelta(days=1)
    bridged = 0
    day = anchor
    ended_by: date | None = None
    while day in statuses:
        status = statuses[day]
        if status == BRIDGED:
            bridged += 1
        elif status != MET:
            ended_by = day
            break
        day -= timedelta(days=1)
    if streak == 0:
        if ended_by is not None:
            return (
                f"No daily streak right now: {_short(ended_by)} was a “not yet”. "
                "Meet today and it starts again at 1."
            )
        return "No daily streak yet: meet a day and it starts at 1."
    days = "day" if streak == 1 else "days"
    text = f"The daily streak is {streak}: {streak} met {days} in a row"
    if bridged:
        text += (
            f", with {plural(bridged, 'rest, frozen or paused day', 'rest, frozen or paused days')}"
            " bridging the gaps (they connect, adding 0)"
        )
    if ended_by is not None:
        text += f". It began after {_short(ended_by)}, a “not yet”."
    else:
        text += ", right from the start of your search."
    if statuses.get(today) == PENDING:
        text += " Today is still open: it never breaks the streak."
    return text


def today_needs(stats: PillarStats, today: date) -> str:
    """What today needs for this pillar to count."""
    judgement = stats.days.get(today)
    if judgement is None or stats.today == BRIDGED:
        return "Nothing is needed today (a rest day, a freeze or a pause): the streak is safe."
    if stats.today == MET:
        return "Today is met ✓."
    left = judgement.due - judgement.done
    text = f"Today: {judgement.done} of {judgement.due} done; {left} more and it counts as met"
    if stats.daily_streak:
        text += f", and the streak of {stats.daily_streak} carries on"
    return text + "."


def why_weekly(stats: PillarStats, weekly_target: int) -> str:
    """This week's progress and what it means for the weekly streak."""
    week = stats.week
    streak = stats.weekly_streak
    streak_text = f"The weekly streak is {plural(streak, 'week')}"
    if week.status == BRIDGED:
        reason = {Excuse.PAUSED: "a pause", Excuse.FROZEN: "freezes", Excuse.NONE: "rest days"}
        return (
            f"{streak_text}. This week has no open days ({reason[week.excused]}), so it "
            "bridges: it keeps the streak without adding to it."
        )
    target_text = f"{week.target}"
    if week.target < weekly_target:
        target_text += f" (your {weekly_target}, lowered to the {week.open_days} open days)"
    if week.status == MET:
        return f"{streak_text}. This week reached its target of {target_text} ✓."
    needed = week.target - week.met_days
    if needed > stats.days_left:
        return (
            f"{streak_text}. This week has {week.met_days} of {target_text} met days and "
            f"{plural(stats.days_left, 'open day')} left, so it "
            "can't reach its target now — a “not yet”. Next week starts fresh."
        )
    return (
        f"{streak_text}. This week: {week.met_days} of {target_text} met days, "
        f"{plural(stats.days_left, 'open day')} left — "
        f"{needed} more to make it a met week. It counts the moment it is reached."
    )


def strength_words(strength: float) -> str:
    """What a strength percentage means."""
    percent = round(strength * 100)
    return (
        f"Strength {percent} %: a smoothed score of recent days, like Loop Habit Tracker's. "
        "A met day raises it, a “not yet” lowers it gently, rest days leave it alone."
    )


# A week (or a day) that asked nothing, by what made it so.
BRIDGED_WEEK = {
    Excuse.PAUSED: "paused this week",
    Excuse.FROZEN: "frozen this week",
    Excuse.NONE: "a rest week",
}
BRIDGED_PAST_WEEK = {Excuse.PAUSED: "paused", Excuse.FROZEN: "frozen", Excuse.NONE: "rest week"}
BRIDGED_DAY = {
    Excuse.PAUSED: "paused today",
    Excuse.FROZEN: "frozen today",
    Excuse.NONE: "resting today",
}


def week_words(stats: PillarStats) -> str:
    """`3/5 · 4 days left`, `5/5 ✓`, `0/3 · not yet`, or for a week with no open day what
    made it so: `paused this week`, `frozen this week` or `a rest week`; for chips and tables."""
    week = stats.week
    if week.status == BRIDGED:
        return BRIDGED_WEEK[week.excused]
    progress = f"{week.met_days}/{week.target}"
    if week.status == MET:
        return f"{progress} ✓"
    left = stats.days_left
    if left == 0 or week.target - week.met_days > left:
        return f"{progress} · not yet"
    return f"{progress} · {plural(left, 'day')} left"


def pillar_chips(stats: PillarStats) -> tuple[str, str]:
    """`week 3/5 · 4 days left` (or `paused this week`, ...) and `streak 4 days · 2 weeks`
    for one pillar."""
    words = week_words(stats)
    # The bridged week's words name the week already.
    week_line = words if stats.week.status == BRIDGED else "week " + words
    daily = stats.daily_streak
    weekly = stats.weekly_streak
    if daily == 0 and weekly == 0:
        if stats.today == BRIDGED:
            return (week_line, BRIDGED_DAY[stats.today_excused])
        return (week_line, "a fresh start today")
    streak_line = f"streak {plural(daily, 'day')} · {plural(weekly, 'week')}"
    return (week_line, streak_line)


def celebrations(before: Stats, after: Stats) -> list[str]:
    """Weekly targets just reached and best streaks just beaten."""
    messages = []
    for pillar, now in after.pillars.items():
        then = before.pillars[pillar]
        name = DISPLAY_NAMES[pillar]
        if now.week.status == MET and then.week.status != MET:
            messages.append(
                f"{name}: this week's target is reached ({now.week.met_days}/{now.week.target})."
            )
        if now.daily_streak > then.best_daily_streak and now.daily_streak >= 2:
            messages.append(f"{name}: {now.daily_streak} days in a row — your best yet.")
    return messages


_DAY_WORDS: dict[str, str] = {MET: "met", MISSED: "not yet", PENDING: "open", BRIDGED: "bridged"}


def why_week(start: date, statuses: Mapping[date, str], week: Week | None = None) -> str:
    """What happened in the week from `start`, day by day (for a week looked back on)."""
    days = [start + timedelta(days=n) for n in range(7)]
    known = [day for day in days if day in statuses]
    if not known:
        return f"The week of {_short(start)} is before your search started."
    met = sum(1 for day in known if statuses[day] == MET)
    head = f"The week of {_short(start)}: {plural(met, 'met day')}"
    if week is not None and week.status != BRIDGED:
        head += f" of the {week.target} it asked for"
        head += (
            " — a met week ✓."
            if week.status == MET
            else (" — still open." if week.status == PENDING else " — a “not yet”.")
        )
    elif week is not None:
        head += " — nothing was asked of it (rest days, a pause or freezes)."
    else:
        head += "."
    listed = ", ".join(f"{day:%a} {_DAY_WORDS.get(statuses[day], 'to come')}" for day in known)
    return f"{head}\n{listed}."


def week_glance(stats: Stats, pillar: str, day: date) -> tuple[tuple[str, str], ...]:
    """The pillar's seven days up to `day` (or today, if `day` is later), oldest first, as
    (weekday letter, status) — status empty for a day before the search."""
    days = stats.pillars[pillar].days
    last = min(day, stats.as_of)
    week = [last - timedelta(days=n) for n in range(6, -1, -1)]
    return tuple((WEEKDAY_NAMES[d.weekday()][0], days[d].status if d in days else "") for d in week)
