"""Forgiving streaks, weekly progress and strength, derived from history every time.

The rules are PRODUCT.md § "Day and streak rules", implemented to the letter. Nothing here is
stored; every function is pure over a `History` and the day that counts as today.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from math import sqrt

from .models import ItemRef, Routine, Settings, Task
from .models import Pause as Pause  # lives with the other values; importable from here too
from .pillars import PILLARS
from .states import Excuse, Status

# Plain names for the hot paths (every day of every pillar is judged with them).
MET, PENDING, MISSED, BRIDGED = Status.MET, Status.PENDING, Status.MISSED, Status.BRIDGED


@dataclass(frozen=True)
class History:
    """Everything the rules look at."""

    settings: Settings
    routines: tuple[Routine, ...]
    tasks: tuple[Task, ...]
    amounts: Mapping[tuple[ItemRef, date], int]
    pauses: tuple[Pause, ...] = ()
    freezes: frozenset[tuple[str, date]] = frozenset()

    def as_of(self, today: date) -> History:
        """The same history with everything after `today` forgotten."""
        return History(
            self.settings,
            self.routines,
            tuple(t for t in self.tasks if t.day <= today),
            {key: amount for key, amount in self.amounts.items() if key[1] <= today},
            self.pauses,
            frozenset(f for f in self.freezes if f[1] <= today),
        )


@dataclass(frozen=True)
class DayJudgement:
    """One pillar on one day: its status and the credit it earns towards strength."""

    status: Status
    credit: float  # c_t: mean of min(1, amount/target) over due items; 1 for a met extra day
    due: int  # how many items were due (by schedule, even on a bridged day)
    done: int  # how many of them reached their target
    excused: Excuse = Excuse.NONE  # a bridged day inside a pause, or frozen


@dataclass(frozen=True)
class Week:
    """One calendar week of one pillar."""

    start: date
    met_days: int
    open_days: int
    target: int
    status: Status  # met, missed, bridged, or pending for the current week not yet met
    excused: Excuse = Excuse.NONE  # a bridged week: a pause in it, else a freeze (else rest)


@dataclass(frozen=True)
class PillarStats:
    """Everything Today, Streaks and `bounceback stats` show for one pillar."""

    pillar: str
    today: Status
    daily_streak: int
    best_daily_streak: int
    weekly_streak: int
    best_weekly_streak: int
    week: Week
    days_left: int
    strength: float
    strength_trend: tuple[float, ...]
    days: Mapping[date, DayJudgement] = field(repr=False)
    weeks: tuple[Week, ...] = field(repr=False)
    today_excused: Excuse = Excuse.NONE  # today bridged by a pause or a freeze

    @property
    def at_risk(self) -> bool:
        """Today is still open and a streak is riding on it."""
        return self.today == PENDING and self.daily_streak > 0


@dataclass(frozen=True)
class OverallStats:
    """The four pillars taken together, day by day."""

    today: Status
    daily_streak: int
    best_daily_streak: int
    days: Mapping[date, Status] = field(repr=False)


@dataclass(frozen=True)
class Stats:
    """The whole picture as of one day."""

    as_of: date
    pillars: Mapping[str, PillarStats]
    overall: OverallStats


@dataclass(frozen=True)
class Run:
    """Met days (or weeks) in a row: the longest so far and the one still going."""

    best: int = 0
    current: int = 0


@dataclass(frozen=True)
class PillarCarry:
    """One pillar's running counts over the days before a cutoff."""

    daily: Run
    weekly: Run
    score: float  # strength after the last day folded in
    started: bool  # whether strength has begun (a day with something due was seen)
    trend: tuple[float, ...]  # the last strength values, as many as a trend shows


@dataclass(frozen=True)
class Carry:
    """Everything the days before `cutoff` (a week start) add up to.

    Those days are settled once `cutoff` is today or earlier, so `compute` can start from a
    carry instead of from the first day of the search and get exactly the same figures.
    """

    cutoff: date
    pillars: Mapping[str, PillarCarry]
    overall: Run


TREND_DAYS = 90


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the calendar week holding `day` (week_start: 0 = Monday)."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def smoothing(weekly_target: int) -> float:
    """Loop Habit Tracker's m = 0.5^(sqrt(f)/13) with f = weekly_target / 7."""
    frequency = max(1, weekly_target) / 7
    return 0.5 ** (sqrt(frequency) / 13)


def _due_by_day(
    history: History, first: date, last: date
) -> dict[str, dict[date, list[tuple[ItemRef, int]]]]:
    """For each pillar, the items due on each day in [first, last] with their targets."""
    from .schedule import occurrences

    due: dict[str, dict[date, list[tuple[ItemRef, int]]]] = {p: defaultdict(list) for p in PILLARS}
    settings = history.settings
    for routine in history.routines:
        # The checks of `routine_is_due`, done once per routine rather than once per day.
        ref, target = routine.ref, routine.target
        rest = settings.pillars[routine.pillar].rest_days
        ends = [d for d in (routine.end_date, routine.archived_on) if d is not None]
        stop = min(ends) - timedelta(days=1) if ends else last
        pillar_due = due[routine.pillar]
        for day in occurrences(routine.rrule, routine.start_date, first, min(last, stop)):
            if day.weekday() not in rest:
                pillar_due[day].append((ref, target))
    for task in history.tasks:
        if first <= task.day <= last:
            due[task.pillar][task.day].append((task.ref, task.target))
    return due


def _extras_done(history: History) -> dict[str, set[date]]:
    """Days on which some routine reached its target in each pillar (due or not)."""
    routine_of = {routine.ref: (routine.pillar, routine.target) for routine in history.routines}
    done: dict[str, set[date]] = {p: set() for p in PILLARS}
    for (ref, day), amount in history.amounts.items():
        found = routine_of.get(ref)
        if found is not None and amount >= found[1]:
            done[found[0]].add(day)
    return done


def judge_days(
    history: History, today: date, last: date, first: date | None = None
) -> dict[str, dict[date, DayJudgement]]:
    """Each pillar's judgement for every day from the start date (or `first`, if later) to
    `last`.

    Days after `today` are judged by what is known now: bridged if paused, frozen or nothing
    is due, otherwise pending.
    """
    start = history.settings.start_date
    result: dict[str, dict[date, DayJudgement]] = {p: {} for p in PILLARS}
    if start is None or last < start:
        return result
    if first is not None and first > start:
        start = first
    due = _due_by_day(history, start, last)
    extras = _extras_done(history)
    amounts = history.amounts
    pauses = history.pauses
    paused = {
        pause.start + timedelta(days=n)
        for pause in pauses
        for n in range((min(pause.end, last) - pause.start).days + 1)
    }
    for pillar in PILLARS:
        judged = result[pillar]
        pillar_due = due[pillar]
        day = start
        while day <= last:
            if day in paused or (pillar, day) in history.freezes:
                # excused, but its items still count as due: strength starts on the first due day
                excused_items = pillar_due.get(day, [])
                done = sum(amounts.get((ref, day), 0) >= target for ref, target in excused_items)
                excuse = Excuse.PAUSED if day in paused else Excuse.FROZEN
                judged[day] = DayJudgement(BRIDGED, 0.0, len(excused_items), done, excuse)
            elif items := pillar_due.get(day):
                credit = 0.0
                done = 0
                for ref, target in items:
                    amount = amounts.get((ref, day), 0)
                    credit += min(1.0, amount / target)
                    done += amount >= target
                if done == len(items):
                    status = MET
                elif day >= today:
                    status = PENDING
                else:
                    status = MISSED
                judged[day] = DayJudgement(status, credit / len(items), len(items), done)
            elif day in extras[pillar] and day <= today:
                judged[day] = DayJudgement(MET, 1.0, 0, 0)
            else:
                judged[day] = DayJudgement(BRIDGED, 0.0, 0, 0)
            day += timedelta(days=1)
    return result


def overall_status(statuses: Iterable[str], is_today_or_later: bool) -> Status:
    """All pillars bridged: bridged; all met or bridged with one met: met; else pending/missed."""
    values = list(statuses)
    if all(s == BRIDGED for s in values):
        return BRIDGED
    if all(s in (MET, BRIDGED) for s in values):
        return MET
    return PENDING if is_today_or_later else MISSED


def daily_run(days: Mapping[date, str], today: date, seed: Run = Run()) -> Run:
    """Met days in a row (bridged days connecting) up to today, after what `seed` counted:
    `current` is the run ending today if met, else yesterday (a pending today never breaks
    it), `best` the longest anywhere."""
    best, current = seed.best, seed.current
    for day in sorted(d for d in days if d <= today):
        status = days[day]
        if status == MET:
            current += 1
        elif status == MISSED:
            current = 0
        elif status == PENDING:
            continue  # only today can be pending, and it never breaks a run
        best = max(best, current)
    return Run(best, current)


def judge_weeks(
    days: Mapping[date, DayJudgement], today: date, week_start: int, weekly_target: int
) -> list[Week]:
    """Every week from the one holding the first judged day to the current one."""
    if not days:
        return []
    first = week_start_of(min(days), week_start)
    current = week_start_of(today, week_start)
    weeks = []
    start = first
    while start <= current:
        judged = [days[d] for d in (start + timedelta(days=i) for i in range(7)) if d in days]
        open_days = sum(1 for j in judged if j.status != BRIDGED)
        met_days = sum(1 for j in judged if j.status == MET)
        if open_days == 0:
            excuses = {j.excused for j in judged}
            excuse = next((e for e in (Excuse.PAUSED, Excuse.FROZEN) if e in excuses), Excuse.NONE)
            weeks.append(Week(start, met_days, 0, 0, BRIDGED, excuse))
        else:
            target = min(weekly_target, open_days)
            if met_days >= target:
                status = MET
            elif start == current:
                status = PENDING
            else:
                status = MISSED
            weeks.append(Week(start, met_days, open_days, target, status))
        start += timedelta(days=7)
    return weeks


def weekly_run(weeks: list[Week], seed: Run = Run()) -> Run:
    """Met weeks in a row (bridged weeks connecting), after what `seed` counted: `current`
    ends this week if met, else last week (the week in progress never breaks it)."""
    best, current = seed.best, seed.current
    for week in weeks:
        if week.status == MET:
            current += 1
        elif week.status == MISSED:
            current = 0
        best = max(best, current)
    return Run(best, current)


def strength_series(
    days: Mapping[date, DayJudgement],
    today: date,
    weekly_target: int,
    score: float = 0.0,
    started: bool = False,
) -> list[tuple[date, float]]:
    """Strength after each counted day, from the pillar's first due day (or going on from
    `score` when a carry has `started`)."""
    m = smoothing(weekly_target)
    series: list[tuple[date, float]] = []
    for day in sorted(days):
        if day > today:
            break
        judgement = days[day]
        if not started:
            if judgement.due == 0:
                continue
            started = True
        if judgement.status == BRIDGED:
            series.append((day, score))
            continue
        if day == today and judgement.status != MET:
            break  # today can raise strength, never lower it
        score = m * score + (1 - m) * judgement.credit
        series.append((day, score))
    return series


def compute(history: History, today: date, carry: Carry | None = None) -> Stats:
    """Every streak, week and score, as of `today` (entries after it are ignored).

    With a `carry` (whose cutoff is today or earlier) only the days from its cutoff on are
    judged; the figures are the same, but `days` and `weeks` start at the cutoff.
    """
    if carry is not None and carry.cutoff > today:
        raise ValueError("a carry is for days before today only")
    # Future days of the current week are judged by the pauses and freezes known now.
    history = replace(history.as_of(today), freezes=history.freezes)
    settings = history.settings
    week_end = week_start_of(today, settings.week_start) + timedelta(days=6)
    judged = judge_days(history, today, week_end, carry.cutoff if carry else None)
    pillars: dict[str, PillarStats] = {}
    for pillar in PILLARS:
        days = judged[pillar]
        held = carry.pillars[pillar] if carry else PillarCarry(Run(), Run(), 0.0, False, ())
        statuses = {d: j.status for d, j in days.items()}
        target = settings.pillars[pillar].weekly_target
        weeks = judge_weeks(days, today, settings.week_start, target)
        series = strength_series(days, today, target, held.score, held.started)
        trend = held.trend + tuple(score for _, score in series)
        this_week = (
            weeks[-1]
            if weeks
            else Week(week_start_of(today, settings.week_start), 0, 0, 0, BRIDGED)
        )
        days_left = sum(
            1 for d, j in days.items() if today <= d <= week_end and j.status != BRIDGED
        )
        daily = daily_run(statuses, today, held.daily)
        weekly = weekly_run(weeks, held.weekly)
        pillars[pillar] = PillarStats(
            pillar=pillar,
            today=statuses.get(today, BRIDGED),
            daily_streak=daily.current,
            best_daily_streak=daily.best,
            weekly_streak=weekly.current,
            best_weekly_streak=weekly.best,
            week=this_week,
            days_left=days_left,
            strength=trend[-1] if trend else 0.0,
            strength_trend=trend[-TREND_DAYS:],
            days=days,
            weeks=tuple(weeks),
            today_excused=days[today].excused if today in days else Excuse.NONE,
        )
    overall_days = _overall_days(judged, today)
    held_overall = carry.overall if carry else Run()
    overall_run = daily_run(overall_days, today, held_overall)
    overall = OverallStats(
        today=overall_days.get(today, BRIDGED),
        daily_streak=overall_run.current,
        best_daily_streak=overall_run.best,
        days=overall_days,
    )
    return Stats(today, pillars, overall)


def _overall_days(
    judged: Mapping[str, Mapping[date, DayJudgement]], today: date
) -> dict[date, Status]:
    overall_days: dict[date, Status] = {}
    all_days = sorted(set().union(*(judged[p].keys() for p in PILLARS)))
    for day in all_days:
        if day > today:
            break
        overall_days[day] = overall_status(
            (judged[p][day].status for p in PILLARS if day in judged[p]), day >= today
        )
    return overall_days


def carry_to(history: History, cutoff: date) -> Carry:
    """What every day before `cutoff` adds up to (`cutoff` should be a week start).

    Judged as if `cutoff` were today: every earlier day is then settled, met or missed.
    """
    settings = history.settings
    last = cutoff - timedelta(days=1)
    judged = judge_days(history, cutoff, last)
    pillars: dict[str, PillarCarry] = {}
    for pillar in PILLARS:
        days = judged[pillar]
        statuses = {d: j.status for d, j in days.items()}
        target = settings.pillars[pillar].weekly_target
        weeks = [
            w for w in judge_weeks(days, cutoff, settings.week_start, target) if w.start < cutoff
        ]
        series = strength_series(days, cutoff, target)
        pillars[pillar] = PillarCarry(
            daily=daily_run(statuses, last),
            weekly=weekly_run(weeks),
            score=series[-1][1] if series else 0.0,
            started=bool(series),
            trend=tuple(score for _, score in series[-TREND_DAYS:]),
        )
    return Carry(cutoff, pillars, daily_run(_overall_days(judged, cutoff), last))
