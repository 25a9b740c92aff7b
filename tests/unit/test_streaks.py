"""The day and streak rules of PRODUCT.md, case by case, over small hand-made histories.

Timelines are written one character a day: `M` met, `x` missed, `P` pending, `-` bridged.
Unless a case says otherwise the search starts on Monday 2026-11-02 and no pillar rests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from math import sqrt

import pytest
from hypothesis import HealthCheck, given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tui.domain.day import routine_is_due
from tui.domain.models import ItemRef, PillarSettings, Routine, Settings, Task
from tui.domain.pillars import DEFAULT_WEEKLY_TARGET, PILLARS, parse_weekdays
from tui.domain.schedule import DAILY, WEEKDAYS, every_n_days, on_weekdays
from tui.domain.streaks import (
    BRIDGED,
    MET,
    MISSED,
    PENDING,
    History,
    Pause,
    Stats,
    carry_to,
    compute,
    daily_run,
    overall_status,
    smoothing,
    week_start_of,
)

from ..helpers import figures

MON = date(2026, 11, 2)  # a Monday; weeks (Monday start) are 11-02, 11-09, 11-16, 11-23
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=i) for i in range(1, 7))
CODE = {MET: "M", MISSED: "x", PENDING: "P", BRIDGED: "-"}
STATUS = {code: status for status, code in CODE.items()}


def day(n: int, first: date = MON) -> date:
    return first + timedelta(days=n)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class B:
    """A history built the way a rule reads: `B().routine("read").done("read", MON)`."""

    def __init__(
        self,
        start: date = MON,
        *,
        week_start: int = 0,
        targets: dict[str, int] | None = None,
        rest: dict[str, str] | None = None,
    ) -> None:
        weekly = {**DEFAULT_WEEKLY_TARGET, **(targets or {})}
        rest = rest or {}
        self.settings = Settings(
            name="Sam",
            start_date=start,
            week_start=week_start,
            pillars={
                p: PillarSettings(weekly[p], parse_weekdays(rest.get(p, "none"))) for p in PILLARS
            },
        )
        self.items: dict[str, Routine | Task] = {}
        self.amounts: dict[tuple[ItemRef, date], int] = {}
        self.pauses: list[Pause] = []
        self.freezes: set[tuple[str, date]] = set()

    def routine(
        self,
        name: str,
        pillar: str = "learn",
        rrule: str = DAILY,
        *,
        target: int = 1,
        start: date | None = None,
        end: date | None = None,
        archived_on: date | None = None,
    ) -> B:
        self.items[name] = Routine(
            id=len(self.items) + 1,
            pillar=pillar,
            title=name,
            kind="count" if target > 1 else "check",
            target=target,
            unit="",
            rrule=rrule,
            start_date=start or self.settings.start_date or MON,
            end_date=end,
            archived_on=archived_on,
        )
        return self

    def task(self, name: str, pillar: str, on: date, *, target: int = 1) -> B:
        self.items[name] = Task(len(self.items) + 1, pillar, name, "check", target, "", on)
        return self

    def done(self, name: str, *on: date) -> B:
        for d in on:
            self.log(name, d, self.items[name].target)
        return self

    def log(self, name: str, on: date, amount: int) -> B:
        self.amounts[(self.items[name].ref, on)] = amount
        return self

    def freeze(self, pillar: str, *on: date) -> B:
        self.freezes.update((pillar, d) for d in on)
        return self

    def pause(self, first: date, last: date) -> B:
        self.pauses.append(Pause(len(self.pauses) + 1, first, last, "travel"))
        return self

    @property
    def history(self) -> History:
        return History(
            settings=self.settings,
            routines=tuple(i for i in self.items.values() if isinstance(i, Routine)),
            tasks=tuple(i for i in self.items.values() if isinstance(i, Task)),
            amounts=dict(self.amounts),
            pauses=tuple(self.pauses),
            freezes=frozenset(self.freezes),
        )

    def stats(self, today: date) -> Stats:
        return compute(self.history, today)


def line(stats: Stats, pillar: str = "overall", last: date | None = None) -> str:
    """One pillar's (or the overall) timeline from the start date to `last` (default: today)."""
    judged = (
        stats.overall.days
        if pillar == "overall"
        else {d: j.status for d, j in stats.pillars[pillar].days.items()}
    )
    end = last or stats.as_of
    return "".join(CODE[s] for d, s in sorted(judged.items()) if d <= end)


def as_days(timeline: str, first: date = MON) -> dict[date, str]:
    return {day(i, first): STATUS[c] for i, c in enumerate(timeline)}


def percent(stats: Stats, pillar: str = "learn") -> float:
    return stats.pillars[pillar].strength * 100


def perfect(n: int, m: float) -> float:
    """Loop's score after n perfect days from nothing."""
    return 1 - m**n


M_DAILY = smoothing(7)


# --- pillar-day status ---------------------------------------------------------------------------

Build = Callable[[], B]

DAY_CASES: list[tuple[str, Build, date, str, str]] = [
    # (what the rule says, history, today, pillar, timeline from the start to today)
    (
        "a done check is met, an undone past day missed, an undone today pending",
        lambda: B().routine("read").done("read", MON, WED),
        THU,
        "learn",
        "MxMP",
    ),
    (
        "a count is met at or over target; partial is missed in the past and pending today",
        lambda: (
            B()
            .routine("apps", "apply", target=3)
            .log("apps", MON, 3)
            .log("apps", TUE, 2)
            .log("apps", WED, 5)
            .log("apps", THU, 1)
        ),
        THU,
        "apply",
        "MxMP",
    ),
    (
        "met needs every due item done",
        lambda: B().routine("read").routine("course").done("read", MON, TUE).done("course", TUE),
        WED,
        "learn",
        "xMP",
    ),
    (
        "a freeze bridges the pillar-day, even over done items",
        lambda: B().routine("read").done("read", MON, TUE).freeze("learn", MON, WED),
        WED,
        "learn",
        "-M-",
    ),
    (
        "a freeze on another pillar does not bridge this one",
        lambda: B().routine("read").freeze("apply", MON),
        TUE,
        "learn",
        "xP",
    ),
    (
        "a pause (both ends included) bridges every pillar, even over done items",
        lambda: B().routine("read").done("read", MON, TUE, WED, THU).pause(TUE, WED),
        THU,
        "learn",
        "M--M",
    ),
    (
        "nothing due: met with an extra, bridged without",
        lambda: B().routine("gym", "self_care", on_weekdays({0, 2})).done("gym", TUE, WED),
        THU,
        "self_care",
        "xMM-",
    ),
    (
        "an extra counts only when done: a partial extra leaves the day bridged",
        lambda: B().routine("walk", "self_care", on_weekdays({0}), target=3).log("walk", TUE, 2),
        WED,
        "self_care",
        "x--",
    ),
    (
        "rest weekdays make routines not due",
        lambda: B(rest={"apply": "sat,sun"}).routine("apps", "apply").done("apps", *days(MON, FRI)),
        day(7),
        "apply",
        "MMMMM--P",
    ),
    (
        "a routine done on a rest weekday is an extra",
        lambda: B(rest={"apply": "sat,sun"}).routine("apps", "apply").done("apps", SAT),
        SUN,
        "apply",
        "xxxxxM-",
    ),
    (
        "a task is due on its day, rest weekday or not",
        lambda: (
            B(rest={"network": "sat,sun"})
            .task("coffee", "network", SAT)
            .task("call", "network", SUN)
            .done("call", SUN)
        ),
        SUN,
        "network",
        "-----xM",
    ),
    (
        "a task joins the routines due that day",
        lambda: B().routine("read").task("quiz", "learn", TUE).done("read", MON, TUE, WED),
        WED,
        "learn",
        "MxM",
    ),
    (
        "a routine is due from its start date and before its end and archive dates",
        lambda: B().routine("a", start=TUE, end=THU),
        FRI,
        "learn",
        "-xx--",
    ),
    (
        "... and the archived routine stops being due on its archive date",
        lambda: B().routine("b", "self_care", archived_on=WED).done("b", MON),
        FRI,
        "self_care",
        "Mx---",
    ),
    (
        "a task undone today is pending",
        lambda: B().task("quiz", "learn", WED),
        WED,
        "learn",
        "--P",
    ),
    (
        "an every-N-days routine",
        lambda: B().routine("mock", rrule=every_n_days(3)).done("mock", MON),
        FRI,
        "learn",
        "M--x-",
    ),
]


@pytest.mark.parametrize(
    ("build", "today", "pillar", "timeline"),
    [pytest.param(b, t, p, tl, id=name) for name, b, t, p, tl in DAY_CASES],
)
def test_pillar_day_status(build: Build, today: date, pillar: str, timeline: str) -> None:
    assert line(build().stats(today), pillar) == timeline


def test_days_before_the_start_date_do_not_exist() -> None:
    b = B(start=WED, targets={"learn": 7}).routine("read", start=MON - timedelta(days=7))
    b.done("read", *days(MON - timedelta(days=7), FRI))
    stats = b.stats(FRI)
    learn = stats.pillars["learn"]
    assert min(learn.days) == WED
    assert min(stats.overall.days) == WED
    assert (learn.daily_streak, learn.best_daily_streak, stats.overall.daily_streak) == (3, 3, 3)
    assert learn.strength == pytest.approx(perfect(3, M_DAILY))


def test_a_start_date_after_today_gives_nothing_yet() -> None:
    stats = B(start=FRI).routine("read").stats(WED)
    learn = stats.pillars["learn"]
    assert min(learn.days) == FRI
    assert (learn.daily_streak, learn.weekly_streak, learn.strength) == (0, 0, 0.0)
    assert stats.overall.days == {}


def test_future_days_of_the_current_week_are_judged_by_what_is_known_now() -> None:
    b = B(rest={"apply": "sat,sun"}).routine("apps", "apply").routine("read").pause(FRI, FRI)
    stats = b.stats(TUE)
    assert line(stats, "apply", SUN) == "xPPP---"
    assert line(stats, "learn", SUN) == "xPPP-PP"
    assert line(stats) == "xP"  # overall days stop at today


# --- overall day status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "today", "expected"),
    [
        ((BRIDGED, BRIDGED, BRIDGED, BRIDGED), False, BRIDGED),
        ((BRIDGED, BRIDGED, BRIDGED, BRIDGED), True, BRIDGED),
        ((MET, BRIDGED, BRIDGED, BRIDGED), False, MET),
        ((MET, MET, MET, MET), True, MET),
        ((MET, BRIDGED, MET, BRIDGED), True, MET),
        ((MET, MISSED, BRIDGED, MET), False, MISSED),
        ((MET, PENDING, BRIDGED, MET), True, PENDING),
        ((PENDING, BRIDGED, BRIDGED, BRIDGED), True, PENDING),
    ],
)
def test_overall_status(statuses: tuple[str, ...], today: bool, expected: str) -> None:
    assert overall_status(statuses, today) == expected


OVERALL_CASES: list[tuple[str, Build, date, str]] = [
    ("no routines at all: every day bridged", lambda: B(), WED, "---"),
    (
        "met in one pillar, bridged in the others",
        lambda: (
            B()
            .routine("read")
            .routine("gym", "self_care")
            .done("read", MON, TUE)
            .done("gym", TUE)
            .freeze("self_care", MON)
            .freeze("learn", TUE)
        ),
        TUE,
        "MM",
    ),
    (
        "one missed pillar makes the day missed, one pending makes today pending",
        lambda: B().routine("read").routine("gym", "self_care").done("read", MON, TUE),
        TUE,
        "xP",
    ),
    (
        "every pillar frozen: bridged",
        lambda: (
            B()
            .routine("read")
            .routine("gym", "self_care")
            .freeze("learn", MON)
            .freeze("self_care", MON)
        ),
        TUE,
        "-P",
    ),
]


@pytest.mark.parametrize(
    ("build", "today", "timeline"),
    [pytest.param(b, t, tl, id=name) for name, b, t, tl in OVERALL_CASES],
)
def test_overall_day_status(build: Build, today: date, timeline: str) -> None:
    assert line(build().stats(today)) == timeline


# --- daily streak --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timeline", "current", "best"),
    [
        ("MMM", 3, 3),  # ends today when today is met
        ("MMP", 2, 2),  # a pending today never breaks it
        ("MxP", 0, 1),
        ("MMxM", 1, 2),  # a missed day ends it
        ("M--M", 2, 2),  # bridged days connect but add nothing
        ("M--MP", 2, 2),
        ("MM-", 2, 2),  # a bridged today: the run ends yesterday
        ("---", 0, 0),  # bridged days cannot make a streak on their own
        ("-M", 1, 1),
        ("MMMxMMP", 2, 3),  # best anywhere in the history
        ("MM-MxMxMP", 1, 3),
        ("x", 0, 0),
        ("", 0, 0),
    ],
)
def test_daily_streak_rules(timeline: str, current: int, best: int) -> None:
    statuses = as_days(timeline)
    today = day(len(timeline) - 1)
    assert daily_run(statuses, today).current == current
    assert daily_run(statuses, today).best == best


def test_daily_streak_at_risk_and_overall() -> None:
    b = B().routine("read").routine("gym", "self_care").pause(THU, THU)
    b.done("read", MON, TUE, WED, FRI).done("gym", MON, TUE, FRI)
    # learn: M M M - M P   self-care: M M x - M P   overall: M M x - M P
    stats = b.stats(SAT)
    learn, care = stats.pillars["learn"], stats.pillars["self_care"]
    assert (learn.today, learn.daily_streak, learn.best_daily_streak, learn.at_risk) == (
        PENDING,
        4,
        4,
        True,
    )
    assert (care.daily_streak, care.best_daily_streak, care.at_risk) == (1, 2, True)
    assert (stats.overall.today, stats.overall.daily_streak, stats.overall.best_daily_streak) == (
        PENDING,
        1,
        2,
    )
    done_today = b.done("read", SAT).done("gym", SAT).stats(SAT)
    assert done_today.pillars["learn"].daily_streak == 5
    assert not done_today.pillars["learn"].at_risk
    assert done_today.overall.daily_streak == 2


def test_no_streak_is_not_at_risk() -> None:
    learn = B().routine("read").stats(WED).pillars["learn"]
    assert (learn.today, learn.daily_streak, learn.at_risk) == (PENDING, 0, False)


# --- weekly progress and streak ------------------------------------------------------------------


def test_open_days_exclude_bridged_days_including_future_ones() -> None:
    b = B(rest={"apply": "sat,sun"}, targets={"learn": 7, "apply": 5})
    b.routine("read").routine("apps", "apply").done("read", MON, TUE).done("apps", MON, TUE)
    b.freeze("learn", MON).pause(THU, THU)
    stats = b.stats(TUE)
    learn, apply = stats.pillars["learn"], stats.pillars["apply"]
    # learn: frozen Monday and paused Thursday leave 5 open days, one met (the frozen day is not)
    assert (learn.week.open_days, learn.week.met_days, learn.week.target) == (5, 1, 5)
    assert learn.days_left == 5  # Tue, Wed, Fri, Sat, Sun
    # apply: the pause and the weekend leave 4 open days, so the target of 5 becomes 4
    assert (apply.week.open_days, apply.week.met_days, apply.week.target) == (4, 2, 4)
    assert apply.days_left == 3  # Tue, Wed, Fri


def test_a_freeze_planned_later_this_week_is_known_now() -> None:
    b = B(targets={"learn": 7}).routine("read").done("read", *days(MON, SAT)).freeze("learn", SUN)
    learn = b.stats(SAT).pillars["learn"]
    assert (learn.week.open_days, learn.week.target, learn.week.status) == (6, 6, MET)
    assert learn.days_left == 1
    assert learn.weekly_streak == 1


@pytest.mark.parametrize(
    ("rrule", "weekly_target", "done_on", "open_days", "target", "status"),
    [
        (DAILY, 4, (MON, TUE, WED, THU), 7, 4, MET),
        (DAILY, 4, (MON, TUE, WED), 7, 4, MISSED),
        (on_weekdays({0, 2}), 4, (MON, WED), 2, 2, MET),  # target = min(4, 2 open days)
        (on_weekdays({0, 2}), 4, (MON,), 2, 2, MISSED),
        (on_weekdays({0, 2}), 1, (WED,), 2, 1, MET),
        (on_weekdays({0}), 3, (MON, THU), 2, 2, MET),  # an extra day opens and meets a day
    ],
)
def test_week_target_is_the_smaller_of_weekly_target_and_open_days(
    rrule: str,
    weekly_target: int,
    done_on: tuple[date, ...],
    open_days: int,
    target: int,
    status: str,
) -> None:
    b = B(targets={"learn": weekly_target}).routine("read", rrule=rrule).done("read", *done_on)
    week = b.stats(day(7)).pillars["learn"].weeks[0]
    assert (week.start, week.open_days, week.target, week.status) == (
        MON,
        open_days,
        target,
        status,
    )


def weekly(b: B, today: date, pillar: str = "learn") -> tuple[str, int, int]:
    """The weeks' statuses (one letter each), the weekly streak and the best weekly streak."""
    stats = b.stats(today).pillars[pillar]
    return (
        "".join(CODE[w.status] for w in stats.weeks),
        stats.weekly_streak,
        stats.best_weekly_streak,
    )


def weeks_done(b: B, *pattern: str) -> B:
    """Mark the first N days of consecutive weeks done: `"3", "0", "2"`."""
    for w, count in enumerate(pattern):
        b.done("read", *(day(7 * w + i) for i in range(int(count))))
    return b


WEEK_CASES: list[tuple[str, Build, date, tuple[str, int, int]]] = [
    (
        "met weeks in a row, the current week already met counts",
        lambda: weeks_done(B(targets={"learn": 2}).routine("read"), "2", "2", "2"),
        day(15),
        ("MMM", 3, 3),
    ),
    (
        "the current week not yet met never breaks it",
        lambda: weeks_done(B(targets={"learn": 2}).routine("read"), "2", "2", "1"),
        day(20),
        ("MMP", 2, 2),
    ),
    (
        "a missed week ends it",
        lambda: weeks_done(B(targets={"learn": 2}).routine("read"), "2", "1", "2"),
        day(15),
        ("MxM", 1, 1),
    ),
    (
        "a week with no open days is bridged and connects",
        lambda: weeks_done(
            B(targets={"learn": 2}).routine("read").pause(day(7), day(13)), "2", "0", "2"
        ),
        day(15),
        ("M-M", 2, 2),
    ),
    (
        "a bridged current week connects too",
        lambda: weeks_done(
            B(targets={"learn": 2}).routine("read").pause(day(14), day(20)), "2", "2"
        ),
        day(15),
        ("MM-", 2, 2),
    ),
    (
        "best weekly streak anywhere",
        lambda: weeks_done(B(targets={"learn": 1}).routine("read"), "1", "1", "1", "0", "1", "0"),
        day(37),
        ("MMMxMP", 1, 3),
    ),
]


@pytest.mark.parametrize(
    ("build", "today", "expected"),
    [pytest.param(b, t, e, id=name) for name, b, t, e in WEEK_CASES],
)
def test_weekly_streak(build: Build, today: date, expected: tuple[str, int, int]) -> None:
    assert weekly(build(), today) == expected


def test_week_start_sunday_versus_monday() -> None:
    sat, sun = day(5), day(6)  # 2026-11-07 and 2026-11-08

    def build(week_start: int) -> B:
        return B(week_start=week_start, targets={"learn": 2}).routine("read").done("read", sat, sun)

    monday = build(0).stats(day(12)).pillars["learn"]
    assert [w.start for w in monday.weeks] == [MON, day(7)]
    assert (monday.weeks[0].met_days, monday.weeks[0].status, monday.weekly_streak) == (2, MET, 1)
    assert monday.days_left == 2  # Saturday 11-14 and Sunday 11-15

    sunday = build(6).stats(day(12)).pillars["learn"]
    # the start date (a Monday) falls in the week that began on Sunday 2026-11-01
    assert [w.start for w in sunday.weeks] == [MON - timedelta(days=1), sun]
    assert (sunday.weeks[0].open_days, sunday.weeks[0].met_days, sunday.weeks[0].status) == (
        6,
        1,
        MISSED,
    )
    assert (sunday.weeks[1].met_days, sunday.weekly_streak, sunday.best_weekly_streak) == (1, 0, 0)
    assert sunday.days_left == 1  # Saturday 11-14 ends the week


@pytest.mark.parametrize(
    ("day_", "week_start", "expected"),
    [
        (WED, 0, MON),
        (MON, 0, MON),
        (SUN, 0, MON),
        (SUN, 6, SUN),
        (SAT, 6, MON - timedelta(days=1)),
        (MON, 6, MON - timedelta(days=1)),
    ],
)
def test_week_start_of(day_: date, week_start: int, expected: date) -> None:
    assert week_start_of(day_, week_start) == expected


def test_a_start_date_mid_week() -> None:
    b = B(start=THU, targets={"learn": 5}).routine("read").done("read", THU, FRI, SAT, SUN)
    learn = b.stats(SUN).pillars["learn"]
    week = learn.weeks[0]
    assert (week.start, week.open_days, week.target, week.status) == (MON, 4, 4, MET)
    assert learn.weekly_streak == 1


@pytest.mark.parametrize(
    ("today", "days_left"),
    [(MON, 7), (WED, 5), (SUN, 1)],
)
def test_days_left_counts_open_days_from_today(today: date, days_left: int) -> None:
    assert B().routine("read").stats(today).pillars["learn"].days_left == days_left


# --- strength ------------------------------------------------------------------------------------


@pytest.mark.parametrize("weekly_target", range(1, 8))
def test_smoothing_is_loops_formula(weekly_target: int) -> None:
    assert smoothing(weekly_target) == pytest.approx(0.5 ** (sqrt(weekly_target / 7) / 13))


@pytest.mark.parametrize(
    ("weekly_target", "half_life"),
    [(7, 13.0), (5, 15.4), (3, 19.9), (1, 34.4)],
)
def test_smoothing_half_lives(weekly_target: int, half_life: float) -> None:
    assert smoothing(weekly_target) ** half_life == pytest.approx(0.5, abs=0.002)


@pytest.mark.parametrize(
    ("perfect_days", "loop_percent"),
    [(7, 31.0), (14, 53.0), (30, 80.0), (60, 96.0), (90, 99.2)],
)
def test_a_perfect_daily_habit_gives_loops_figures(perfect_days: int, loop_percent: float) -> None:
    b = B(targets={"learn": 7}).routine("read").done("read", *(day(i) for i in range(perfect_days)))
    stats = b.stats(day(perfect_days - 1))
    assert round(percent(stats), 1) == pytest.approx(loop_percent, abs=0.5)
    assert stats.pillars["learn"].strength == pytest.approx(perfect(perfect_days, M_DAILY))


def test_one_miss_from_full_strength() -> None:
    b = B(targets={"learn": 7}).routine("read").done("read", *(day(i) for i in range(300)))
    assert round(percent(b.stats(day(299))), 1) == 100.0
    assert round(percent(b.stats(day(300))), 1) == 100.0  # today pending: not counted yet
    assert round(percent(b.stats(day(301))), 1) == pytest.approx(94.8, abs=0.05)


def test_strength_uses_the_pillars_weekly_target() -> None:
    m3 = smoothing(3)
    b = B(targets={"network": 3}).routine("call", "network").done("call", MON, TUE)
    assert b.stats(TUE).pillars["network"].strength == pytest.approx(perfect(2, m3))
    assert m3 != pytest.approx(M_DAILY)


def test_partial_credit_for_counts() -> None:
    m = M_DAILY
    b = B(targets={"learn": 7}).routine("pages", target=4).routine("read").log("pages", MON, 2)
    b.log("pages", TUE, 9).done("read", TUE)  # Monday: (0.5 + 0) / 2; Tuesday: 1
    after_monday = (1 - m) * 0.25
    assert percent(b.stats(TUE)) / 100 == pytest.approx(m * after_monday + (1 - m))
    assert b.stats(WED).pillars["learn"].strength == pytest.approx(m * after_monday + (1 - m))


def test_bridged_days_leave_strength_unchanged() -> None:
    m = M_DAILY
    b = B(targets={"learn": 7}).routine("read").done("read", MON, TUE, FRI)
    b.freeze("learn", WED).pause(THU, THU)
    assert b.stats(FRI).pillars["learn"].strength == pytest.approx(perfect(3, m))
    assert b.stats(FRI).pillars["learn"].strength_trend == pytest.approx(
        (perfect(1, m), perfect(2, m), perfect(2, m), perfect(2, m), perfect(3, m))
    )


def test_rest_days_and_not_due_days_are_bridged_for_strength() -> None:
    m = smoothing(5)
    b = B(rest={"apply": "sat,sun"}).routine("apps", "apply").done("apps", *days(MON, FRI))
    assert b.stats(day(7)).pillars["apply"].strength == pytest.approx(perfect(5, m))


def test_strength_is_zero_before_the_first_due_day() -> None:
    m = M_DAILY
    b = B(targets={"self_care": 7}).routine("gym", "self_care", on_weekdays({3}))
    b.done("gym", MON, TUE)  # extras before the first due day do not count
    assert b.stats(WED).pillars["self_care"].strength == 0.0
    assert b.stats(WED).pillars["self_care"].strength_trend == ()
    b.done("gym", THU, SAT)  # Thursday due and done; Saturday an extra, now it counts
    assert b.stats(SAT).pillars["self_care"].strength == pytest.approx(perfect(2, m))


def test_an_extra_after_an_excused_first_due_day_counts() -> None:
    m = M_DAILY
    b = B(targets={"self_care": 7}).routine("gym", "self_care", on_weekdays({3}))
    b.freeze("self_care", THU).done("gym", FRI)  # the first due day was frozen; Friday is extra
    assert b.stats(FRI).pillars["self_care"].strength == pytest.approx(perfect(1, m))


def test_today_counts_only_once_met() -> None:
    m = M_DAILY
    b = B(targets={"learn": 7}).routine("pages", target=4).done("pages", MON, TUE)
    yesterday = perfect(2, m)
    assert b.stats(WED).pillars["learn"].strength == pytest.approx(yesterday)  # pending today
    b.log("pages", WED, 3)  # partial: still pending, neither raises nor lowers it
    assert b.stats(WED).pillars["learn"].strength == pytest.approx(yesterday)
    b.log("pages", WED, 4)
    assert b.stats(WED).pillars["learn"].strength == pytest.approx(perfect(3, m))
    b.log("pages", WED, 3)  # the day after, the partial day counts with its credit
    assert b.stats(THU).pillars["learn"].strength == pytest.approx(m * yesterday + (1 - m) * 0.75)


def test_a_miss_lowers_strength_gently() -> None:
    b = B(targets={"learn": 7}).routine("read").done("read", *days(MON, day(29)))
    before, after = (b.stats(d).pillars["learn"].strength for d in (day(29), day(31)))
    assert after == pytest.approx(before * M_DAILY)
    assert 0 < before - after < 0.05


# --- calendar edge cases -------------------------------------------------------------------------


@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_dst_changes_do_not_matter(tz: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        first, last = date(2026, 3, 23), date(2026, 11, 1)  # over 2026-03-29 and 2026-10-25
        b = B(start=first, targets={"learn": 7}).routine("read").done("read", *days(first, last))
        learn = b.stats(last).pillars["learn"]
        assert learn.daily_streak == learn.best_daily_streak == (last - first).days + 1 == 224
        assert learn.weekly_streak == learn.best_weekly_streak == len(learn.weeks) == 32
        assert all(w.open_days == 7 for w in learn.weeks)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_iso_week_53_is_one_monday_week() -> None:
    first, last = date(2026, 12, 28), date(2027, 1, 3)
    b = B(start=date(2026, 12, 21), targets={"learn": 7}).routine("read")
    b.done("read", *days(first, last))
    learn = b.stats(date(2027, 1, 4)).pillars["learn"]  # the next Monday, pending
    starts = [w.start for w in learn.weeks]
    assert starts == [date(2026, 12, 21), first, date(2027, 1, 4)]
    week53 = learn.weeks[1]
    assert (week53.open_days, week53.met_days, week53.status) == (7, 7, MET)
    assert (learn.weekly_streak, learn.daily_streak) == (1, 7)


def test_feb_29_in_a_week() -> None:
    first = date(2028, 2, 28)  # Monday; the week runs to Sunday 2028-03-05
    b = (
        B(start=first, targets={"learn": 7})
        .routine("read")
        .done("read", *days(first, day(6, first)))
    )
    learn = b.stats(date(2028, 3, 5)).pillars["learn"]
    assert date(2028, 2, 29) in learn.days
    assert [(w.start, w.open_days, w.status) for w in learn.weeks] == [(first, 7, MET)]
    assert learn.daily_streak == 7


def test_results_for_a_day_ignore_what_comes_after_it() -> None:
    def base() -> B:
        return B(targets={"learn": 3}).routine("read").done("read", MON, TUE, WED)

    later = base().task("quiz", "learn", FRI).done("read", THU, FRI).task("old", "learn", THU)
    later.freeze("learn", day(8))  # next week
    assert numbers(later.stats(WED)) == numbers(base().stats(WED))
    assert line(later.stats(WED), "learn", SUN) == line(base().stats(WED), "learn", SUN)


def test_a_later_freeze_in_this_week_changes_only_the_weeks_open_days() -> None:
    b = B(targets={"learn": 7}).routine("read").done("read", MON, TUE, WED)
    frozen = B(targets={"learn": 7}).routine("read").done("read", MON, TUE, WED)
    frozen.freeze("learn", FRI)
    plain, known = b.stats(WED), frozen.stats(WED)
    assert line(known, "learn") == line(plain, "learn") == "MMM"
    assert (plain.pillars["learn"].week.open_days, known.pillars["learn"].week.open_days) == (7, 6)
    assert (plain.pillars["learn"].days_left, known.pillars["learn"].days_left) == (5, 4)
    assert numbers(plain) == numbers(known)


# --- properties ----------------------------------------------------------------------------------


def numbers(stats: Stats) -> dict[str, tuple[float, ...]]:
    """Every streak and score, per pillar and overall."""
    result: dict[str, tuple[float, ...]] = {
        p: (s.daily_streak, s.best_daily_streak, s.weekly_streak, s.best_weekly_streak, s.strength)
        for p, s in stats.pillars.items()
    }
    result["overall"] = (stats.overall.daily_streak, stats.overall.best_daily_streak)
    return result


def never_lower(before: Stats, after: Stats, *, strength: bool, pillars=PILLARS) -> None:
    old, new = numbers(before), numbers(after)
    for key in (*pillars, "overall"):
        count = len(old[key]) if strength or key == "overall" else 4
        for a, b in zip(old[key][:count], new[key][:count], strict=True):
            assert b >= a - 1e-12, (key, old[key], new[key])


RRULES = [DAILY, WEEKDAYS, every_n_days(2), every_n_days(3), on_weekdays({0, 2, 4}), "FREQ=WEEKLY"]


@st.composite
def histories(draw: st.DrawFn) -> tuple[History, date]:
    start = draw(st.dates(date(2026, 1, 1), date(2028, 12, 31)))
    length = draw(st.integers(1, 60))
    today = day(length - 1, start)
    settings = Settings(
        start_date=start,
        week_start=draw(st.sampled_from([0, 6])),
        pillars={
            p: PillarSettings(
                draw(st.integers(1, 7)), draw(st.frozensets(st.integers(0, 6), max_size=2))
            )
            for p in PILLARS
        },
    )
    routines = []
    amounts: dict[tuple[ItemRef, date], int] = {}
    for rid in range(1, draw(st.integers(1, 4)) + 1):
        target = draw(st.integers(1, 3))
        routine = Routine(
            rid,
            draw(st.sampled_from(PILLARS)),
            f"r{rid}",
            "check",
            target,
            "",
            draw(st.sampled_from(RRULES)),
            day(draw(st.integers(-3, length)), start),
        )
        routines.append(routine)
        done = draw(st.lists(st.integers(0, target), min_size=length, max_size=length))
        amounts.update({(routine.ref, day(i, start)): a for i, a in enumerate(done) if a})
    tasks = [
        Task(tid, draw(st.sampled_from(PILLARS)), "t", "check", 1, "", day(offset, start))
        for tid, offset in enumerate(draw(st.lists(st.integers(0, length - 1), max_size=3)), 1)
    ]
    for t in tasks:
        if draw(st.booleans()):
            amounts[(t.ref, t.day)] = 1
    freezes = draw(
        st.frozensets(
            st.tuples(
                st.sampled_from(PILLARS), st.integers(0, length + 6).map(lambda i: day(i, start))
            ),
            max_size=4,
        )
    )
    pauses = tuple(
        Pause(i, day(a, start), day(a + n, start), "")
        for i, (a, n) in enumerate(
            draw(st.lists(st.tuples(st.integers(0, length), st.integers(0, 4)), max_size=2))
        )
    )
    history = History(settings, tuple(routines), tuple(tasks), amounts, pauses, freezes)
    return history, today


PROPERTY = hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def due_items(history: History, pillar: str, on: date) -> list[tuple[ItemRef, int]]:
    items = [
        (r.ref, r.target)
        for r in history.routines
        if r.pillar == pillar and routine_is_due(r, on, history.settings)
    ]
    return items + [(t.ref, t.target) for t in history.tasks if t.pillar == pillar and t.day == on]


def missed_days(stats: Stats) -> list[tuple[str, date]]:
    return [
        (p, d)
        for p, s in stats.pillars.items()
        for d, j in sorted(s.days.items())
        if j.status == MISSED
    ]


@PROPERTY
@given(histories(), st.data())
def test_meeting_a_missed_day_never_lowers_a_streak_or_strength(
    case: tuple[History, date], data: st.DataObject
) -> None:
    history, today = case
    before = compute(history, today)
    missed = missed_days(before)
    if not missed:
        return
    pillar, on = data.draw(st.sampled_from(missed))
    amounts = dict(history.amounts)
    amounts.update({(ref, on): target for ref, target in due_items(history, pillar, on)})
    after = compute(replace(history, amounts=amounts), today)
    note(f"{pillar} on {on}: {line(before, pillar)} -> {line(after, pillar)}")
    assert after.pillars[pillar].days[on].status == MET
    never_lower(before, after, strength=True)


@PROPERTY
@given(histories(), st.data())
def test_freezing_a_missed_day_never_lowers_a_streak(
    case: tuple[History, date], data: st.DataObject
) -> None:
    history, today = case
    before = compute(history, today)
    missed = missed_days(before)
    if not missed:
        return
    pillar, on = data.draw(st.sampled_from(missed))
    after = compute(replace(history, freezes=history.freezes | {(pillar, on)}), today)
    assert after.pillars[pillar].days[on].status == BRIDGED
    never_lower(before, after, strength=False)


@PROPERTY
@given(histories(), st.data())
def test_pausing_a_missed_day_never_lowers_a_streak(
    case: tuple[History, date], data: st.DataObject
) -> None:
    history, today = case
    before = compute(history, today)
    # a pause excuses every pillar: pick a day with nothing met that it would un-meet
    candidates = [
        d
        for d, status in before.overall.days.items()
        if status == MISSED and all(s.days[d].status != MET for s in before.pillars.values())
    ]
    if not candidates:
        return
    on = data.draw(st.sampled_from(candidates))
    after = compute(replace(history, pauses=(*history.pauses, Pause(99, on, on))), today)
    assert after.overall.days[on] == BRIDGED
    never_lower(before, after, strength=False)


@PROPERTY
@given(histories())
def test_strength_stays_between_zero_and_one(case: tuple[History, date]) -> None:
    history, today = case
    for stats in compute(history, today).pillars.values():
        assert 0.0 <= stats.strength <= 1.0
        assert all(0.0 <= s <= 1.0 for s in stats.strength_trend)


@PROPERTY
@given(histories(), st.data())
def test_entries_after_a_day_do_not_change_its_numbers(
    case: tuple[History, date], data: st.DataObject
) -> None:
    history, today = case
    start = history.settings.start_date
    assert start is not None
    as_of = data.draw(st.dates(start, today))
    later = data.draw(
        st.dictionaries(
            st.tuples(
                st.sampled_from([r.ref for r in history.routines]),
                st.integers(1, 20).map(lambda i: as_of + timedelta(days=i)),
            ),
            st.integers(1, 3),
            max_size=10,
        )
    )
    later_tasks = tuple(
        Task(100 + i, pillar, "later", "check", 1, "", as_of + timedelta(days=offset))
        for i, (pillar, offset) in enumerate(
            data.draw(st.lists(st.tuples(st.sampled_from(PILLARS), st.integers(1, 9)), max_size=3))
        )
    )
    grown = replace(
        history,
        amounts={**history.amounts, **later},
        tasks=history.tasks + later_tasks,
    )
    assert numbers(compute(grown, as_of)) == numbers(compute(history, as_of))


@PROPERTY
@given(histories(), st.data())
def test_a_carry_gives_the_same_figures_as_judging_every_day(
    case: tuple[History, date], data: st.DataObject
) -> None:
    history, today = case
    start = history.settings.start_date
    assert start is not None
    week_start = history.settings.week_start
    weeks_back = data.draw(st.integers(0, 9))
    cutoff = week_start_of(today, week_start) - timedelta(days=7 * weeks_back)
    note(f"start {start}, today {today}, cutoff {cutoff}")
    carry = carry_to(history, cutoff)
    assert figures(compute(history, today, carry)) == figures(compute(history, today))


def test_a_carry_from_before_today_is_required() -> None:
    b = B().routine("read").done("read", MON, TUE)
    with pytest.raises(ValueError):
        compute(b.history, MON, carry_to(b.history, MON + timedelta(days=7)))


def test_a_streak_running_through_the_cutoff_keeps_counting() -> None:
    b = B().routine("read")
    b.done("read", *days(MON, MON + timedelta(days=12)))
    today = MON + timedelta(days=12)  # a Saturday: the run is 13 days long
    carried = compute(b.history, today, carry_to(b.history, MON + timedelta(days=7)))
    assert carried.pillars["learn"].daily_streak == 13
    assert carried.overall.daily_streak == 13
    assert carried.pillars["learn"].days.keys() == set(
        days(MON + timedelta(days=7), SUN + timedelta(days=7))
    )
