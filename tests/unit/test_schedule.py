"""Schedules: RRULE checking, the arithmetic fast path, and dateutil for everything else."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.domain.errors import InvalidInput
from tui.domain.schedule import (
    DAILY,
    WEEKDAYS,
    Preset,
    _fast_path,
    describe,
    every_n_days,
    normalize_rrule,
    occurrences,
    occurs_on,
    on_weekdays,
    preset_of,
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _dateutil_days(rrule: str, start: date, first: date, last: date) -> list[date]:
    """The reference: dateutil's own answer, bypassing the fast path."""
    rule = rrulestr(rrule, dtstart=datetime(start.year, start.month, start.day))
    return [
        moment.date()
        for moment in rule.between(
            datetime(first.year, first.month, first.day),
            datetime(last.year, last.month, last.day, 23, 59, 59),
            inc=True,
        )
    ]


# --- normalize_rrule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("RRULE:FREQ=DAILY", "FREQ=DAILY"),
        ("rrule:freq=daily", "FREQ=DAILY"),
        ("  freq=weekly; byday=mo, we ", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;INTERVAL=3"),
        ("FREQ=DAILY;", "FREQ=DAILY"),
        ("FREQ=MONTHLY;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=29"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("FREQ=YEARLY", "FREQ=YEARLY"),
        ("FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=3"),
        ("FREQ=DAILY;UNTIL=20261231", "FREQ=DAILY;UNTIL=20261231"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("FREQ=YEARLY;BYYEARDAY=366", "FREQ=YEARLY;BYYEARDAY=366"),
        # Calendars export UTC UNTIL values; they are read as floating dates here.
        ("FREQ=DAILY;UNTIL=20261231T000000Z", "FREQ=DAILY;UNTIL=20261231T000000"),
    ],
)
def test_normalize_accepts_and_canonicalises(typed: str, canonical: str) -> None:
    assert normalize_rrule(typed) == canonical
    # Canonical text is a fixed point.
    assert normalize_rrule(canonical) == canonical


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("RRULE:", "empty"),
        ("BYDAY=MO", "needs FREQ"),
        ("FREQ=HOURLY", "FREQ=HOURLY"),
        ("FREQ=MINUTELY", "not a day schedule"),
        ("FREQ=DAILY;DTSTART=20260101", "DTSTART"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=-2", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=x", "INTERVAL"),
        ("FREQ=DAILY;BYDAY=XX", "not a valid RRULE"),
        ("FREQ=DAILY;FOO=1", "not a valid RRULE"),
        ("FREQ=DAILY;BYMONTHDAY=40", "out of range"),
        ("FREQ=YEARLY;BYMONTH=13", "out of range"),
        ("FREQ=YEARLY;BYMONTH=-1", "out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=x", "whole numbers"),
        ("FREQ=DAILY;garbage", "malformed"),
        ("hello world", "malformed"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never happens"),
    ],
)
def test_normalize_rejects_with_a_readable_line(typed: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalize_rrule(typed)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_invalid_input_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        normalize_rrule("FREQ=SECONDLY")


# --- presets -----------------------------------------------------------------------------------


def test_preset_builders() -> None:
    assert every_n_days(1) == DAILY
    assert every_n_days(3) == "FREQ=DAILY;INTERVAL=3"
    assert on_weekdays({0, 1, 2, 3, 4}) == WEEKDAYS
    assert on_weekdays(frozenset({2, 0})) == "FREQ=WEEKLY;BYDAY=MO,WE"
    with pytest.raises(InvalidInput):
        every_n_days(0)
    with pytest.raises(InvalidInput):
        on_weekdays(set())


def test_daily_every_day() -> None:
    start = date(2026, 11, 2)
    assert not occurs_on(DAILY, start, start - timedelta(days=1))
    assert all(occurs_on(DAILY, start, day) for day in _days(start, start + timedelta(days=40)))


def test_every_n_days_counts_from_the_start_date() -> None:
    start = date(2026, 11, 2)
    rule = every_n_days(3)
    assert occurrences(rule, start, date(2026, 10, 1), date(2026, 11, 14)) == [
        date(2026, 11, 2),
        date(2026, 11, 5),
        date(2026, 11, 8),
        date(2026, 11, 11),
        date(2026, 11, 14),
    ]
    # A different start shifts the whole pattern.
    assert occurs_on(rule, date(2026, 11, 3), date(2026, 11, 6))
    assert not occurs_on(rule, date(2026, 11, 3), date(2026, 11, 5))


def test_weekdays_and_chosen_weekdays() -> None:
    start = date(2026, 11, 2)  # a Monday
    week = _days(start, start + timedelta(days=6))
    assert [occurs_on(WEEKDAYS, start, d) for d in week] == [True] * 5 + [False] * 2
    mon_wed_sat = on_weekdays({0, 2, 5})
    assert [d.weekday() for d in occurrences(mon_wed_sat, start, week[0], week[-1])] == [0, 2, 5]


def test_weekly_rule_does_not_occur_before_its_start() -> None:
    start = date(2026, 11, 4)  # a Wednesday
    assert occurrences(WEEKDAYS, start, date(2026, 11, 2), date(2026, 11, 8)) == _days(
        date(2026, 11, 4), date(2026, 11, 6)
    )
    assert not occurs_on(WEEKDAYS, start, date(2026, 11, 3))


def test_occurrences_of_an_empty_or_reversed_range() -> None:
    assert occurrences(DAILY, date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 4)) == []
    assert occurrences("FREQ=YEARLY", date(2026, 11, 2), date(2026, 1, 1), date(2026, 11, 1)) == []


# --- rules that go through dateutil ------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYMONTHDAY=29",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "FREQ=YEARLY",
        "FREQ=DAILY;COUNT=3",
        "FREQ=WEEKLY",
        "FREQ=DAILY;BYDAY=MO,FR",
        "FREQ=MONTHLY;BYDAY=+1MO",
    ],
)
def test_dateutil_rules_do_not_take_the_fast_path(rule: str) -> None:
    assert _fast_path(rule) is None


def test_monthly_on_the_29th_skips_short_februaries() -> None:
    rule = "FREQ=MONTHLY;BYMONTHDAY=29"
    start = date(2027, 1, 1)
    found = occurrences(rule, start, start, date(2028, 3, 31))
    assert date(2027, 2, 28) not in found
    assert date(2027, 3, 1) not in found
    assert date(2028, 2, 29) in found
    assert found[:2] == [date(2027, 1, 29), date(2027, 3, 29)]
    assert len(found) == 14  # 15 months, one without a 29th
    assert occurs_on(rule, start, date(2028, 2, 29))
    assert not occurs_on(rule, start, date(2027, 2, 28))


def test_every_other_week_on_monday() -> None:
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    start = date(2026, 11, 2)  # a Monday
    assert occurrences(rule, start, start, date(2026, 12, 31)) == [
        date(2026, 11, 2),
        date(2026, 11, 16),
        date(2026, 11, 30),
        date(2026, 12, 14),
        date(2026, 12, 28),
    ]
    assert not occurs_on(rule, start, date(2026, 11, 9))
    assert occurs_on(rule, start, date(2026, 11, 16))


def test_yearly_falls_on_the_start_date() -> None:
    start = date(2026, 11, 21)
    assert occurrences("FREQ=YEARLY", start, date(2026, 1, 1), date(2029, 12, 31)) == [
        date(2026, 11, 21),
        date(2027, 11, 21),
        date(2028, 11, 21),
        date(2029, 11, 21),
    ]
    assert not occurs_on("FREQ=YEARLY", start, date(2027, 11, 22))


def test_count_and_until_end_the_schedule() -> None:
    start = date(2026, 11, 20)
    counted = "FREQ=DAILY;COUNT=3"
    assert occurrences(counted, start, start, date(2026, 12, 31)) == _days(
        start, date(2026, 11, 22)
    )
    assert occurs_on(counted, start, date(2026, 11, 22))
    assert not occurs_on(counted, start, date(2026, 11, 23))
    until = normalize_rrule("FREQ=DAILY;UNTIL=20261125")
    assert occurs_on(until, start, date(2026, 11, 25))
    assert not occurs_on(until, start, date(2026, 11, 26))
    assert occurrences(until, start, start, date(2026, 12, 31))[-1] == date(2026, 11, 25)
    utc_until = normalize_rrule("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261130T000000Z")
    assert occurrences(utc_until, start, start, date(2026, 12, 31)) == [
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


# --- Feb 29 and ISO week 53 --------------------------------------------------------------------


def test_yearly_rule_started_on_feb_29_only_falls_on_leap_days() -> None:
    start = date(2024, 2, 29)
    assert occurrences("FREQ=YEARLY", start, date(2024, 1, 1), date(2032, 12, 31)) == [
        date(2024, 2, 29),
        date(2028, 2, 29),
        date(2032, 2, 29),
    ]
    assert not occurs_on("FREQ=YEARLY", start, date(2025, 2, 28))
    assert not occurs_on("FREQ=YEARLY", start, date(2025, 3, 1))


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        (DAILY, date(2028, 2, 27), [date(2028, 2, d) for d in (27, 28, 29)] + [date(2028, 3, 1)]),
        (every_n_days(2), date(2028, 2, 27), [date(2028, 2, 27), date(2028, 2, 29)]),
        (every_n_days(3), date(2028, 2, 26), [date(2028, 2, 26), date(2028, 2, 29)]),
        (every_n_days(3), date(2028, 2, 27), [date(2028, 2, 27), date(2028, 3, 1)]),
        (on_weekdays({1}), date(2028, 2, 1), [date(2028, 2, 29)]),  # 2028-02-29 is a Tuesday
    ],
)
def test_daily_rules_across_2028_02_29(rule: str, start: date, expected: list[date]) -> None:
    window = (date(2028, 2, 26), date(2028, 3, 1))
    assert occurrences(rule, start, *window) == expected
    assert occurrences(rule, start, *window) == _dateutil_days(rule, start, *window)


def test_2026_has_an_iso_week_53() -> None:
    assert date(2026, 12, 28).isocalendar()[:2] == (2026, 53)
    assert date(2027, 1, 3).isocalendar()[:2] == (2026, 53)
    assert date(2027, 1, 4).isocalendar()[:2] == (2027, 1)


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        (
            "FREQ=WEEKLY;BYDAY=MO",
            date(2026, 12, 1),
            [date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11)],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            date(2026, 12, 14),
            [date(2026, 12, 28), date(2027, 1, 11)],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            date(2026, 12, 21),
            [date(2026, 12, 21), date(2026, 12, 24), date(2027, 1, 4), date(2027, 1, 7)],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            date(2026, 12, 24),
            [date(2026, 12, 24), date(2027, 1, 7)],
        ),
        ("FREQ=WEEKLY", date(2026, 12, 31), [date(2026, 12, 31), date(2027, 1, 7)]),
        (
            "FREQ=WEEKLY;BYDAY=SA,SU",
            date(2026, 12, 1),
            [date(2026, 12, d) for d in (19, 20, 26, 27)]
            + [date(2027, 1, 2), date(2027, 1, 3), date(2027, 1, 9), date(2027, 1, 10)],
        ),
    ],
)
def test_weekly_rules_across_week_53(rule: str, start: date, expected: list[date]) -> None:
    window = (date(2026, 12, 15), date(2027, 1, 13))
    assert occurrences(rule, start, *window) == expected
    for day in _days(*window):
        assert occurs_on(rule, start, day) == (day in expected), day


def test_week_53_is_a_full_week_for_weekdays() -> None:
    week = _days(date(2026, 12, 28), date(2027, 1, 3))
    assert occurrences(WEEKDAYS, date(2026, 11, 2), week[0], week[-1]) == week[:5]


# --- the fast path agrees with dateutil --------------------------------------------------------

fast_rules = st.one_of(
    st.integers(min_value=1, max_value=12).map(every_n_days),
    st.just("FREQ=DAILY;INTERVAL=1"),
    st.sets(st.integers(min_value=0, max_value=6), min_size=1).map(on_weekdays),
    st.sets(st.integers(min_value=0, max_value=6), min_size=1).map(
        lambda days: on_weekdays(days) + ";INTERVAL=1"
    ),
)
starts = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))


@settings(max_examples=300, deadline=None)
@given(rule=fast_rules, start=starts, offset=st.integers(min_value=-30, max_value=1500))
def test_fast_path_agrees_with_dateutil(rule: str, start: date, offset: int) -> None:
    assert _fast_path(rule) is not None
    day = start + timedelta(days=offset)
    reference = rrulestr(rule, dtstart=datetime(start.year, start.month, start.day))
    expected = datetime(day.year, day.month, day.day) in reference
    assert occurs_on(rule, start, day) == expected


@settings(max_examples=60, deadline=None)
@given(
    rule=fast_rules,
    start=starts,
    first_offset=st.integers(min_value=-20, max_value=400),
    length=st.integers(min_value=0, max_value=60),
)
def test_fast_occurrences_agree_with_dateutil(
    rule: str, start: date, first_offset: int, length: int
) -> None:
    first = start + timedelta(days=first_offset)
    last = first + timedelta(days=length)
    assert occurrences(rule, start, first, last) == _dateutil_days(
        rule, start, max(first, start), last
    )


@settings(max_examples=60, deadline=None)
@given(
    rule=st.sampled_from(
        [
            "FREQ=MONTHLY;BYMONTHDAY=29",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            "FREQ=YEARLY",
            "FREQ=DAILY;COUNT=5",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
        ]
    ),
    start=starts,
    offset=st.integers(min_value=-5, max_value=800),
)
def test_dateutil_path_occurs_on_matches_occurrences(rule: str, start: date, offset: int) -> None:
    day = start + timedelta(days=offset)
    assert occurs_on(rule, start, day) == (day in occurrences(rule, start, day, day))
    assert occurrences(rule, start, day, day) == _dateutil_days(rule, start, max(day, start), day)


# --- describe() and preset_of() ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (DAILY, "every day"),
        ("FREQ=DAILY;INTERVAL=1", "every day"),
        (every_n_days(3), "every 3 days"),
        (WEEKDAYS, "weekdays"),
        (on_weekdays(set(range(7))), "every day"),
        (on_weekdays({2, 0}), "Mon, Wed"),
        (on_weekdays({5, 6}), "Sat, Sun"),
        ("FREQ=MONTHLY;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=29"),
    ],
)
def test_describe(rule: str, words: str) -> None:
    assert describe(rule) == words


@pytest.mark.parametrize(
    ("rule", "preset"),
    [
        (DAILY, Preset("daily")),
        (every_n_days(4), Preset("every_n", interval=4)),
        (WEEKDAYS, Preset("weekdays", frozenset(range(5)))),
        (on_weekdays({1, 3}), Preset("chosen", frozenset({1, 3}))),
        ("FREQ=YEARLY", Preset("custom")),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", Preset("custom")),
    ],
)
def test_preset_of(rule: str, preset: Preset) -> None:
    assert preset_of(rule) == preset


def _rule_of(preset: Preset) -> str:
    if preset.name == "daily":
        return DAILY
    if preset.name == "every_n":
        return every_n_days(preset.interval)
    return on_weekdays(preset.weekdays)


@given(
    st.one_of(
        st.integers(min_value=1, max_value=30).map(every_n_days),
        st.sets(st.integers(min_value=0, max_value=6), min_size=1).map(on_weekdays),
    )
)
def test_preset_round_trip(rule: str) -> None:
    preset = preset_of(rule)
    assert preset.name != "custom"
    assert _rule_of(preset) == rule
    assert normalize_rrule(rule) == rule
