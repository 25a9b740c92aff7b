"""One day's plan: item states, due routines, extras, tasks, and the words around them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tui.domain.day import (
    DONE,
    EXCUSED,
    MISSED,
    PARTIAL,
    PENDING,
    build_day,
    day_number,
    greeting,
    item_state,
    prompt_for,
    routine_is_due,
)
from tui.domain.errors import InvalidInput
from tui.domain.models import Entry, ItemRef, PillarSettings, Routine, Settings, Task
from tui.domain.pillars import PILLARS, format_weekdays, parse_pillar, parse_weekdays
from tui.domain.schedule import DAILY, WEEKDAYS, every_n_days, on_weekdays

from ..helpers import TODAY

SETTINGS = Settings(name="Sam", start_date=date(2026, 11, 2))
MONDAY = date(2026, 11, 23)
SATURDAY = TODAY  # 2026-11-21


def routine(
    id: int,
    pillar: str = "learn",
    *,
    title: str | None = None,
    target: int = 1,
    rrule: str = DAILY,
    start: date = date(2026, 11, 2),
    end: date | None = None,
    archived_on: date | None = None,
    position: int = 0,
) -> Routine:
    return Routine(
        id=id,
        pillar=pillar,
        title=title or f"routine {id}",
        kind="count" if target > 1 else "check",
        target=target,
        unit="",
        rrule=rrule,
        start_date=start,
        end_date=end,
        archived_on=archived_on,
        position=position,
    )


def task(id: int, pillar: str, day: date, *, target: int = 1, position: int = 0) -> Task:
    return Task(id, pillar, f"task {id}", "check", target, "", day, position)


def entry(ref: ItemRef, day: date, amount: int, note: str = "") -> Entry:
    return Entry(ref, day, amount, note, "2026-11-21T19:30:00+00:00")


# --- item_state --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "target", "day", "excused", "state"),
    [
        (1, 1, TODAY, False, DONE),
        (3, 2, TODAY - timedelta(days=3), False, DONE),  # over target is done
        (2, 2, TODAY, True, DONE),  # done stays done on an excused day
        (1, 2, TODAY, False, PARTIAL),
        (1, 2, TODAY - timedelta(days=1), False, PARTIAL),
        (0, 1, TODAY, False, PENDING),
        (0, 1, TODAY + timedelta(days=1), False, PENDING),
        (0, 1, TODAY - timedelta(days=1), False, MISSED),
        (0, 1, TODAY - timedelta(days=1), True, EXCUSED),
        (0, 1, TODAY, True, EXCUSED),
        (1, 3, TODAY - timedelta(days=2), True, EXCUSED),
    ],
)
def test_item_state(amount: int, target: int, day: date, excused: bool, state: str) -> None:
    assert item_state(amount, target, day, TODAY, excused) == state


# --- routine_is_due ----------------------------------------------------------------------------


def test_due_from_the_start_date_on() -> None:
    item = routine(1, start=date(2026, 11, 10))
    assert not routine_is_due(item, date(2026, 11, 9), SETTINGS)
    assert routine_is_due(item, date(2026, 11, 10), SETTINGS)
    assert routine_is_due(item, date(2026, 11, 11), SETTINGS)


def test_end_date_is_exclusive() -> None:
    item = routine(1, end=date(2026, 11, 20))
    assert routine_is_due(item, date(2026, 11, 19), SETTINGS)
    assert not routine_is_due(item, date(2026, 11, 20), SETTINGS)
    assert not routine_is_due(item, date(2026, 11, 21), SETTINGS)


def test_archive_date_is_exclusive() -> None:
    item = routine(1, archived_on=date(2026, 11, 20))
    assert item.archived
    assert routine_is_due(item, date(2026, 11, 19), SETTINGS)
    assert not routine_is_due(item, date(2026, 11, 20), SETTINGS)
    assert not routine(1).archived


def test_pillar_rest_weekdays_override_the_schedule() -> None:
    daily_apply = routine(1, "apply")
    assert routine_is_due(daily_apply, date(2026, 11, 20), SETTINGS)  # Friday
    assert not routine_is_due(daily_apply, SATURDAY, SETTINGS)
    assert not routine_is_due(daily_apply, date(2026, 11, 22), SETTINGS)  # Sunday
    # Learn never rests by default.
    assert routine_is_due(routine(2, "learn"), SATURDAY, SETTINGS)
    # Rest days are a setting: make learn rest on Wednesdays.
    pillars = dict(SETTINGS.pillars)
    pillars["learn"] = PillarSettings(4, frozenset({2}))
    resting = replace(SETTINGS, pillars=pillars)
    assert not routine_is_due(routine(2, "learn"), date(2026, 11, 25), resting)
    assert routine_is_due(routine(2, "learn"), SATURDAY, resting)


def test_the_rrule_decides_within_the_range() -> None:
    mon_thu = routine(1, rrule=on_weekdays({0, 3}))
    assert routine_is_due(mon_thu, MONDAY, SETTINGS)
    assert not routine_is_due(mon_thu, date(2026, 11, 24), SETTINGS)
    every_third = routine(2, rrule=every_n_days(3), start=date(2026, 11, 2))
    assert routine_is_due(every_third, date(2026, 11, 20), SETTINGS)
    assert not routine_is_due(every_third, SATURDAY, SETTINGS)
    monthly = routine(3, rrule="FREQ=MONTHLY;BYMONTHDAY=21")
    assert routine_is_due(monthly, SATURDAY, SETTINGS)
    assert not routine_is_due(monthly, date(2026, 11, 22), SETTINGS)


# --- build_day ---------------------------------------------------------------------------------


def test_build_day_has_every_pillar_even_when_empty() -> None:
    plan = build_day(TODAY, TODAY, [], [], {}, SETTINGS)
    assert list(plan) == list(PILLARS)
    assert all(items == [] for items in plan.values())


def test_build_day_lists_due_routines_with_their_state() -> None:
    learn = routine(1, "learn", target=2)
    walk = routine(2, "self_care")
    entries = {learn.ref: entry(learn.ref, TODAY, 1, "half way")}
    plan = build_day(TODAY, TODAY, [learn, walk], [], entries, SETTINGS)
    (learn_item,) = plan["learn"]
    assert (learn_item.ref, learn_item.amount, learn_item.note) == (learn.ref, 1, "half way")
    assert (learn_item.state, learn_item.due, learn_item.done) == (PARTIAL, True, False)
    (walk_item,) = plan["self_care"]
    assert (walk_item.state, walk_item.amount, walk_item.note) == (PENDING, 0, "")


def test_build_day_past_day_shows_missed() -> None:
    walk = routine(2, "self_care")
    yesterday = TODAY - timedelta(days=1)
    (item,) = build_day(yesterday, TODAY, [walk], [], {}, SETTINGS)["self_care"]
    assert item.state == MISSED


def test_extras_appear_only_when_something_was_done() -> None:
    apply_daily = routine(1, "apply", target=2)  # not due: apply rests on Saturday
    other = routine(2, "apply", rrule=WEEKDAYS)
    empty_note = routine(3, "network")
    entries = {
        apply_daily.ref: entry(apply_daily.ref, SATURDAY, 2),
        empty_note.ref: entry(empty_note.ref, SATURDAY, 0, "thought about it"),
    }
    plan = build_day(SATURDAY, TODAY, [apply_daily, other, empty_note], [], entries, SETTINGS)
    (extra,) = plan["apply"]
    assert (extra.ref, extra.due, extra.state, extra.done) == (apply_daily.ref, False, DONE, True)
    assert plan["network"] == []
    # A partial extra still shows, as partial.
    entries[apply_daily.ref] = entry(apply_daily.ref, SATURDAY, 1)
    (extra,) = build_day(SATURDAY, TODAY, [apply_daily], [], entries, SETTINGS)["apply"]
    assert (extra.due, extra.state) == (False, PARTIAL)


def test_a_routine_done_before_its_start_or_after_its_end_is_an_extra() -> None:
    ended = routine(1, end=date(2026, 11, 20))
    entries = {ended.ref: entry(ended.ref, TODAY, 1)}
    (item,) = build_day(TODAY, TODAY, [ended], [], entries, SETTINGS)["learn"]
    assert not item.due
    assert build_day(TODAY, TODAY, [ended], [], {}, SETTINGS)["learn"] == []


def test_tasks_are_due_on_their_day_even_on_rest_days() -> None:
    saturday_task = task(1, "apply", SATURDAY)
    other_day = task(2, "apply", MONDAY)
    plan = build_day(SATURDAY, TODAY, [], [saturday_task, other_day], {}, SETTINGS)
    (item,) = plan["apply"]
    assert (item.ref, item.due, item.state) == (ItemRef("task", 1), True, PENDING)
    done = {saturday_task.ref: entry(saturday_task.ref, SATURDAY, 1)}
    (item,) = build_day(SATURDAY, TODAY, [], [saturday_task], done, SETTINGS)["apply"]
    assert item.state == DONE


def test_routine_and_task_with_the_same_id_do_not_share_entries() -> None:
    item_routine = routine(1, "learn")
    item_task = task(1, "learn", TODAY)
    entries = {item_task.ref: entry(item_task.ref, TODAY, 1)}
    plan = build_day(TODAY, TODAY, [item_routine], [item_task], entries, SETTINGS)
    assert [(i.ref.kind, i.state) for i in plan["learn"]] == [("routine", PENDING), ("task", DONE)]


def test_ordering_by_position_then_id_with_tasks_last() -> None:
    routines = [
        routine(5, "learn", position=2),
        routine(3, "learn", position=0),
        routine(4, "learn", position=1),
        routine(1, "learn", position=1),
        routine(9, "self_care", position=0),
    ]
    tasks = [task(7, "learn", TODAY, position=1), task(6, "learn", TODAY, position=0)]
    plan = build_day(TODAY, TODAY, routines, tasks, {}, SETTINGS)
    assert [str(i.ref) for i in plan["learn"]] == [
        "routine:3",
        "routine:1",
        "routine:4",
        "routine:5",
        "task:6",
        "task:7",
    ]
    assert [str(i.ref) for i in plan["self_care"]] == ["routine:9"]


def test_excused_pillars() -> None:
    learn = routine(1, "learn", target=2)
    walk = routine(2, "self_care")
    win = routine(3, "self_care")
    a_task = task(4, "self_care", TODAY - timedelta(days=1))
    yesterday = TODAY - timedelta(days=1)
    entries = {learn.ref: entry(learn.ref, yesterday, 1), win.ref: entry(win.ref, yesterday, 1)}
    plan = build_day(
        yesterday,
        TODAY,
        [learn, walk, win],
        [a_task],
        entries,
        SETTINGS,
        excused_pillars=frozenset({"self_care"}),
    )
    assert [i.state for i in plan["self_care"]] == [EXCUSED, DONE, EXCUSED]
    assert [i.state for i in plan["learn"]] == [PARTIAL]


def test_item_fields_come_from_the_source() -> None:
    source = Routine(8, "network", "Coffee chat", "count", 3, "people", DAILY, date(2026, 11, 2))
    (item,) = build_day(MONDAY, TODAY, [source], [], {}, SETTINGS)["network"]
    assert (item.title, item.kind, item.target, item.unit, item.pillar) == (
        "Coffee chat",
        "count",
        3,
        "people",
        "network",
    )


# --- day number, greeting, prompt --------------------------------------------------------------


def test_day_number() -> None:
    start = date(2026, 11, 2)
    assert day_number(start, start) == 1
    assert day_number(TODAY, start) == 20
    assert day_number(date(2027, 1, 1), date(2026, 12, 31)) == 2
    assert day_number(date(2028, 3, 1), date(2028, 2, 28)) == 3  # through Feb 29


@pytest.mark.parametrize(
    ("hour", "words"),
    [
        (0, "Good evening"),
        (3, "Good evening"),
        (4, "Good morning"),
        (11, "Good morning"),
        (12, "Good afternoon"),
        (17, "Good afternoon"),
        (18, "Good evening"),
        (23, "Good evening"),
    ],
)
def test_greeting_by_hour(hour: int, words: str) -> None:
    assert greeting(hour, "Sam") == f"{words}, Sam."
    assert greeting(hour, "") == f"{words}."


def test_prompt_is_steady_per_day_and_walks_through_the_list() -> None:
    prompts = ["one", "two", "three", "four", "five"]
    assert prompt_for(TODAY, prompts) == prompt_for(TODAY, list(prompts))
    week = [prompt_for(TODAY + timedelta(days=n), prompts) for n in range(5)]
    assert sorted(week) == sorted(prompts)  # five days, five different prompts
    assert prompt_for(TODAY + timedelta(days=5), prompts) == prompt_for(TODAY, prompts)
    assert prompt_for(TODAY, []) == ""
    assert prompt_for(TODAY, ["only"]) == "only"


def test_prompts_shipped_are_used() -> None:
    from tui import assets

    prompts = assets.prompts()
    assert prompts
    assert prompt_for(TODAY, prompts) in prompts


# --- pillars -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("apply", "apply"),
        (" Network ", "network"),
        ("LEARN", "learn"),
        ("self-care", "self_care"),
        ("Self care", "self_care"),
        ("SELF_CARE", "self_care"),
        ("selfcare", "self_care"),
    ],
)
def test_parse_pillar(typed: str, key: str) -> None:
    assert parse_pillar(typed) == key


@pytest.mark.parametrize("typed", ["", "sleep", "self", "app", "self--care"])
def test_parse_pillar_rejects_unknown(typed: str) -> None:
    with pytest.raises(InvalidInput, match="unknown pillar"):
        parse_pillar(typed)


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("sat,sun", {5, 6}),
        ("Saturday, Sunday", {5, 6}),
        ("mo tu", {0, 1}),
        ("th,fri,we", {2, 3, 4}),
        ("MON,mon", {0}),
        ("", set()),
        ("none", set()),
        (" - ", set()),
    ],
)
def test_parse_weekdays(typed: str, days: set[int]) -> None:
    assert parse_weekdays(typed) == frozenset(days)


@pytest.mark.parametrize("typed", ["s", "t", "sat,xyz", "monday2", "funday"])
def test_parse_weekdays_rejects(typed: str) -> None:
    with pytest.raises(InvalidInput, match="unknown weekday"):
        parse_weekdays(typed)


def test_format_weekdays_round_trips() -> None:
    for days in (frozenset(), frozenset({5, 6}), frozenset(range(7)), frozenset({3})):
        assert parse_weekdays(format_weekdays(days)) == days
    assert format_weekdays(frozenset({6, 5})) == "sat,sun"
    assert format_weekdays(frozenset()) == "none"
