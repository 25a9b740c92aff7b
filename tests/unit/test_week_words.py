"""The words for a week and a day that needed nothing: what happened (a pause, freezes, rest
days), said once, never `week a rest week`."""

from __future__ import annotations

from datetime import date, timedelta

from tui.domain.explain import BRIDGED_PAST_WEEK, pillar_chips, week_words, why_weekly
from tui.domain.models import PillarSettings, Routine, Settings
from tui.domain.pillars import DEFAULT_WEEKLY_TARGET, PILLARS, parse_weekdays
from tui.domain.schedule import DAILY
from tui.domain.streaks import History, Pause, compute

MON = date(2026, 11, 16)  # weeks start on Monday; the search started a week earlier
WED = MON + timedelta(days=2)
SUN = MON + timedelta(days=6)


def history(
    *, rest: str = "none", pauses: tuple[Pause, ...] = (), freezes: frozenset = frozenset()
) -> History:
    settings = Settings(
        name="Sam",
        start_date=MON - timedelta(days=7),
        week_start=0,
        pillars={
            p: PillarSettings(
                DEFAULT_WEEKLY_TARGET[p], parse_weekdays(rest if p == "learn" else "none")
            )
            for p in PILLARS
        },
    )
    study = Routine(1, "learn", "Study", "check", 1, "", DAILY, MON - timedelta(days=7))
    return History(settings, (study,), (), {}, pauses, freezes)


def learn(found: History, today: date = WED):  # type: ignore[no-untyped-def]
    return compute(found, today).pillars["learn"]


def test_a_week_inside_a_pause_is_paused_not_rest():
    stats = learn(history(pauses=(Pause(1, MON - timedelta(days=1), SUN, "travel"),)))
    assert week_words(stats) == "paused this week"
    assert pillar_chips(stats) == ("paused this week", "paused today")
    assert "no open days (a pause)" in why_weekly(stats, 4)
    assert BRIDGED_PAST_WEEK[stats.week.excused] == "paused"  # Streaks' list of weeks


def test_a_pause_on_the_weekdays_with_rest_at_the_weekend_is_still_paused():
    stats = learn(history(rest="sat,sun", pauses=(Pause(1, MON, MON + timedelta(days=4), ""),)))
    assert week_words(stats) == "paused this week"


def test_a_week_frozen_through_says_frozen():
    frozen = frozenset(("learn", MON + timedelta(days=i)) for i in range(7))
    stats = learn(history(freezes=frozen))
    assert week_words(stats) == "frozen this week"
    assert pillar_chips(stats) == ("frozen this week", "frozen today")


def test_a_week_of_rest_days_is_a_rest_week_said_once():
    stats = learn(history(rest="mon,tue,wed,thu,fri,sat,sun"))
    assert week_words(stats) == "a rest week"
    assert pillar_chips(stats) == ("a rest week", "resting today")


def test_an_open_week_keeps_its_figures_after_the_word_week():
    stats = learn(history())
    assert pillar_chips(stats)[0] == "week 0/4 · 5 days left"


def test_no_chip_doubles_the_word_week():
    for found in (
        history(pauses=(Pause(1, MON, SUN, ""),)),
        history(rest="mon,tue,wed,thu,fri,sat,sun"),
        history(freezes=frozenset(("learn", MON + timedelta(days=i)) for i in range(7))),
    ):
        for chip in pillar_chips(learn(found)):
            assert chip.count("week") <= 1, chip
