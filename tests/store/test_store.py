"""Routines, tasks, entries and settings against a real data file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tui import clock
from tui.domain.day import DONE, MISSED, PARTIAL, PENDING
from tui.domain.errors import InvalidInput
from tui.domain.limits import AMOUNT
from tui.domain.models import ItemRef, PillarSettings, RoutineDraft, Settings
from tui.domain.schedule import DAILY, WEEKDAYS
from tui.domain.starter import STARTER
from tui.store import entries, routines, tasks
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database

from ..helpers import TODAY

MAX_AMOUNT = AMOUNT.high

START = date(2026, 11, 2)


def _count(db: Database, table: str) -> int:
    return int(db.query(f"SELECT count(*) FROM {table}")[0][0])


def _add(db: Database, pillar: str, title: str, **fields: object) -> int:
    return routines.add(db, RoutineDraft(pillar, title, **fields), START).id  # type: ignore[arg-type]


# --- routines ----------------------------------------------------------------------------------


def test_add_normalises_and_reads_back(db: Database) -> None:
    saved = routines.add(
        db,
        RoutineDraft("Self care", "  a   walk  ", 20, " minutes ", "rrule: freq=weekly;byday=mo"),
        START,
    )
    assert saved.id > 0
    assert (saved.pillar, saved.title, saved.unit, saved.rrule) == (
        "self_care",
        "a walk",
        "minutes",
        "FREQ=WEEKLY;BYDAY=MO",
    )
    assert (saved.kind, saved.target, saved.start_date) == ("count", 20, START)
    assert (saved.end_date, saved.archived_on, saved.archived) == (None, None, False)
    assert routines.get(db, saved.id) == saved
    check = routines.add(db, RoutineDraft("learn", "Read"), START)
    assert (check.kind, check.target, check.rrule) == ("check", 1, DAILY)


def test_positions_count_up_within_each_pillar(db: Database) -> None:
    first = _add(db, "learn", "one")
    second = _add(db, "learn", "two")
    other = _add(db, "apply", "three")
    assert [routines.get(db, i).position for i in (first, second, other)] == [0, 1, 0]


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        (RoutineDraft("learn", "   "), "title"),
        (RoutineDraft("learn", "Read", target=0), "1 or more"),
        (RoutineDraft("learn", "Read", target=-3), "1 or more"),
        (RoutineDraft("learn", "Read", target=10_001), "more than anyone"),
        (RoutineDraft("learn", "Read", rrule="FREQ=HOURLY"), "FREQ=HOURLY"),
        (RoutineDraft("learn", "Read", rrule="nonsense"), "malformed"),
        (RoutineDraft("sleep", "Read"), "unknown pillar"),
    ],
)
def test_add_rejects_bad_drafts_and_writes_nothing(
    db: Database, draft: RoutineDraft, fragment: str
) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        routines.add(db, draft, START)
    with pytest.raises(InvalidInput, match=fragment):
        routines.add_many(db, [RoutineDraft("learn", "fine"), draft], START)
    assert _count(db, "routines") == 0


def test_add_many_saves_the_starter(db: Database) -> None:
    routines.add_many(db, list(STARTER), START)
    saved = routines.list_routines(db)
    assert len(saved) == len(STARTER)
    assert {r.title for r in saved} == {d.title for d in STARTER}
    # Display order: pillar, then position.
    assert [r.pillar for r in saved] == sorted(r.pillar for r in saved)


def test_update_changes_fields_and_keeps_history(db: Database) -> None:
    routine_id = _add(db, "learn", "Read")
    entries.put(db, ItemRef("routine", routine_id), TODAY, 1, "chapter 3")
    updated = routines.update(
        db,
        routine_id,
        RoutineDraft("learn", "Read a book", 30, "pages", WEEKDAYS),
        date(2026, 11, 3),
        date(2026, 12, 31),
    )
    assert (updated.title, updated.kind, updated.target, updated.unit, updated.rrule) == (
        "Read a book",
        "count",
        30,
        "pages",
        WEEKDAYS,
    )
    assert (updated.start_date, updated.end_date) == (date(2026, 11, 3), date(2026, 12, 31))
    assert entries.get(db, updated.ref, TODAY).note == "chapter 3"  # type: ignore[union-attr]
    # Back to a simple check, and the end date removed.
    again = routines.update(db, routine_id, RoutineDraft("learn", "Read"), START)
    assert (again.kind, again.end_date) == ("check", None)


def test_update_to_another_pillar_goes_to_its_end(db: Database) -> None:
    _add(db, "apply", "existing")
    moving = _add(db, "learn", "moving")
    updated = routines.update(db, moving, RoutineDraft("apply", "moving"), START)
    assert (updated.pillar, updated.position) == ("apply", 1)


def test_update_rejects_bad_input_and_changes_nothing(db: Database) -> None:
    routine_id = _add(db, "learn", "Read")
    before = routines.get(db, routine_id)
    with pytest.raises(InvalidInput, match="end date"):
        routines.update(db, routine_id, RoutineDraft("learn", "X"), START, START)
    with pytest.raises(InvalidInput, match="title"):
        routines.update(db, routine_id, RoutineDraft("learn", ""), START)
    with pytest.raises(InvalidInput, match="no routine"):
        routines.update(db, 999, RoutineDraft("learn", "X"), START)
    assert routines.get(db, routine_id) == before


def _order(db: Database, pillar: str) -> list[str]:
    return [
        r.title for r in routines.list_routines(db, include_archived=True) if r.pillar == pillar
    ]


def test_move_within_the_pillar(db: Database) -> None:
    ids = {title: _add(db, "learn", title) for title in ("a", "b", "c")}
    _add(db, "apply", "elsewhere")
    assert routines.move(db, ids["c"], -1)
    assert _order(db, "learn") == ["a", "c", "b"]
    assert routines.move(db, ids["a"], 1)
    assert _order(db, "learn") == ["c", "a", "b"]
    # At the edges nothing moves.
    assert not routines.move(db, ids["c"], -1)
    assert not routines.move(db, ids["b"], 1)
    assert _order(db, "learn") == ["c", "a", "b"]
    assert _order(db, "apply") == ["elsewhere"]
    # Undo of a move is the opposite move.
    assert routines.move(db, ids["a"], -1)
    assert routines.move(db, ids["a"], 1)
    assert _order(db, "learn") == ["c", "a", "b"]


def test_move_steps_over_archived_routines(db: Database) -> None:
    ids = {title: _add(db, "learn", title) for title in ("a", "hidden", "b")}
    routines.set_archived(db, ids["hidden"], TODAY)
    assert [r.title for r in routines.list_routines(db)] == ["a", "b"]
    assert routines.move(db, ids["b"], -1)
    assert [r.title for r in routines.list_routines(db)] == ["b", "a"]
    assert routines.move(db, ids["b"], 1)  # and back (undo)
    assert [r.title for r in routines.list_routines(db)] == ["a", "b"]
    assert not routines.move(db, ids["hidden"], 1)  # no archived neighbour below


def test_archive_and_bring_back(db: Database) -> None:
    routine_id = _add(db, "learn", "Read")
    archived = routines.set_archived(db, routine_id, TODAY)
    assert (archived.archived, archived.archived_on) == (True, TODAY)
    assert routines.list_routines(db) == []
    assert routines.list_routines(db, include_archived=True) == [archived]
    assert routines.active_on(db, TODAY - timedelta(days=1)) == [archived]
    assert routines.active_on(db, TODAY) == []
    back = routines.set_archived(db, routine_id, None)
    assert not back.archived
    assert routines.list_routines(db) == [back]
    with pytest.raises(InvalidInput):
        routines.set_archived(db, 999, TODAY)


def test_active_on_respects_the_start_date(db: Database) -> None:
    later = routines.add(db, RoutineDraft("learn", "Later"), date(2026, 11, 25))
    assert routines.active_on(db, date(2026, 11, 24)) == []
    assert routines.active_on(db, date(2026, 11, 25)) == [later]


def test_delete_cascades_entries(db: Database) -> None:
    kept = _add(db, "learn", "Kept")
    gone = _add(db, "learn", "Gone")
    for routine_id in (kept, gone):
        entries.put(db, ItemRef("routine", routine_id), TODAY, 1, "")
    routines.delete(db, gone)
    with pytest.raises(InvalidInput):
        routines.get(db, gone)
    assert list(entries.on_day(db, TODAY)) == [ItemRef("routine", kept)]
    assert _count(db, "entries") == 1


def test_get_unknown_routine(db: Database) -> None:
    with pytest.raises(InvalidInput, match="no routine with id 42"):
        routines.get(db, 42)


# --- tasks -------------------------------------------------------------------------------------


def test_task_add_and_read(db: Database) -> None:
    task = tasks.add(db, "Network", "  Call   Ana ", TODAY)
    assert (task.pillar, task.title, task.kind, task.target, task.day, task.position) == (
        "network",
        "Call Ana",
        "check",
        1,
        TODAY,
        0,
    )
    counted = tasks.add(db, "network", "Messages", TODAY, 3, "messages")
    assert (counted.kind, counted.target, counted.unit, counted.position) == (
        "count",
        3,
        "messages",
        1,
    )
    assert tasks.on_day(db, TODAY) == [task, counted]
    assert tasks.on_day(db, TODAY + timedelta(days=1)) == []
    assert tasks.get(db, task.id) == task


@pytest.mark.parametrize(
    ("pillar", "title", "target", "fragment"),
    [
        ("apply", "  ", 1, "title"),
        ("apply", "Send CV", 0, "1 or more"),
        ("nowhere", "Send CV", 1, "unknown pillar"),
    ],
)
def test_task_add_rejects(
    db: Database, pillar: str, title: str, target: int, fragment: str
) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        tasks.add(db, pillar, title, TODAY, target)
    assert _count(db, "tasks") == 0


def test_task_delete(db: Database) -> None:
    task = tasks.add(db, "apply", "Send CV", TODAY)
    entries.put(db, task.ref, TODAY, 1, "")
    tasks.delete(db, task.id)
    assert tasks.on_day(db, TODAY) == []
    assert entries.on_day(db, TODAY) == {}
    with pytest.raises(InvalidInput):
        tasks.get(db, task.id)


# --- entries -----------------------------------------------------------------------------------


@pytest.fixture
def read_ref(db: Database) -> ItemRef:
    return ItemRef("routine", _add(db, "learn", "Read", target=3, unit="pages"))


def test_put_returns_what_was_there(db: Database, read_ref: ItemRef) -> None:
    assert entries.put(db, read_ref, TODAY, 1, "  first  ") is None
    saved = entries.get(db, read_ref, TODAY)
    assert saved is not None
    assert (saved.ref, saved.day, saved.amount, saved.note) == (read_ref, TODAY, 1, "first")
    assert saved.updated_at == clock.timestamp()
    previous = entries.put(db, read_ref, TODAY, 3, "all")
    assert previous == saved
    assert entries.get(db, read_ref, TODAY).amount == 3  # type: ignore[union-attr]


def test_put_keeps_one_row_per_item_and_day(db: Database, read_ref: ItemRef) -> None:
    for amount in (1, 2, 3, 2):
        entries.put(db, read_ref, TODAY, amount, "")
    entries.put(db, read_ref, TODAY - timedelta(days=1), 1, "")
    task = tasks.add(db, "learn", "Task", TODAY)
    entries.put(db, task.ref, TODAY, 1, "")
    entries.put(db, task.ref, TODAY, 1, "again")
    assert _count(db, "entries") == 3
    day = entries.on_day(db, TODAY)
    assert {ref: e.amount for ref, e in day.items()} == {read_ref: 2, task.ref: 1}
    assert day[task.ref].note == "again"


def test_put_removes_empty_rows(db: Database, read_ref: ItemRef) -> None:
    entries.put(db, read_ref, TODAY, 2, "")
    entries.put(db, read_ref, TODAY, 0, "   ")
    assert entries.get(db, read_ref, TODAY) is None
    assert _count(db, "entries") == 0
    # A note alone keeps the row.
    entries.put(db, read_ref, TODAY, 0, "tired today")
    kept = entries.get(db, read_ref, TODAY)
    assert kept is not None and (kept.amount, kept.note) == (0, "tired today")


def test_restore_undoes_a_put(db: Database, read_ref: ItemRef) -> None:
    first = entries.put(db, read_ref, TODAY, 1, "one")
    entries.restore(db, read_ref, TODAY, first)
    assert entries.get(db, read_ref, TODAY) is None
    entries.put(db, read_ref, TODAY, 1, "one")
    previous = entries.put(db, read_ref, TODAY, 3, "three")
    entries.restore(db, read_ref, TODAY, previous)
    back = entries.get(db, read_ref, TODAY)
    assert back is not None and (back.amount, back.note) == (1, "one")


@pytest.mark.parametrize("amount", [-1, MAX_AMOUNT + 1, 10**12])
def test_put_rejects_bad_amounts(db: Database, read_ref: ItemRef, amount: int) -> None:
    entries.put(db, read_ref, TODAY, 2, "kept")
    with pytest.raises(InvalidInput):
        entries.put(db, read_ref, TODAY, amount, "")
    kept = entries.get(db, read_ref, TODAY)
    assert kept is not None and (kept.amount, kept.note) == (2, "kept")


def test_put_accepts_the_largest_amount(db: Database, read_ref: ItemRef) -> None:
    entries.put(db, read_ref, TODAY, MAX_AMOUNT, "")
    assert entries.get(db, read_ref, TODAY).amount == MAX_AMOUNT  # type: ignore[union-attr]


def test_put_for_a_deleted_item(db: Database, read_ref: ItemRef) -> None:
    routines.delete(db, read_ref.id)
    with pytest.raises(InvalidInput, match="no longer exists"):
        entries.put(db, read_ref, TODAY, 1, "")
    with pytest.raises(InvalidInput, match="no longer exists"):
        entries.put(db, ItemRef("task", 404), TODAY, 1, "")
    assert _count(db, "entries") == 0


# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "stored"),
    [
        ("name", "  Sam  ", ("name", "Sam")),
        ("name", "", ("name", "")),
        ("start_date", "2026-11-02", ("start_date", "2026-11-02")),
        ("start_date", " 2028-02-29 ", ("start_date", "2028-02-29")),
        ("day_start_hour", "0", ("day_start_hour", 0)),
        ("day_start_hour", " 12 ", ("day_start_hour", 12)),
        ("week_start", "sunday", ("week_start", 6)),
        ("week_start", "Mo", ("week_start", 0)),
        ("week_start", "TH", ("week_start", 3)),
        ("freezes_per_month", "0", ("freezes_per_month", 0)),
        ("freezes_per_month", "31", ("freezes_per_month", 31)),
        ("apply.weekly_target", "4", ("apply.weekly_target", 4)),
        ("self-care.weekly_target", "7", ("self_care.weekly_target", 7)),
        ("network.rest_days", "sun,sat", ("network.rest_days", [5, 6])),
        ("learn.rest_days", "none", ("learn.rest_days", [])),
        (" apply.rest_days ", "mon", ("apply.rest_days", [0])),
    ],
)
def test_parse_value_accepts(key: str, text: str, stored: tuple[str, object]) -> None:
    assert settings_store.parse_value(key, text) == stored


@pytest.mark.parametrize(
    ("key", "text", "fragment"),
    [
        ("start_date", "2026-02-30", "not a date"),
        ("start_date", "soon", "not a date"),
        ("day_start_hour", "13", "between 0 and 12"),
        ("day_start_hour", "-1", "between 0 and 12"),
        ("day_start_hour", "four", "whole number"),
        ("week_start", "s", "weekday"),
        ("week_start", "t", "weekday"),
        ("week_start", "funday", "weekday"),
        ("freezes_per_month", "32", "between 0 and 31"),
        ("freezes_per_month", "1.5", "whole number"),
        ("apply.weekly_target", "0", "between 1 and 7"),
        ("apply.weekly_target", "8", "between 1 and 7"),
        ("sleep.weekly_target", "3", "unknown pillar"),
        ("apply.colour", "red", "unknown setting"),
        ("apply.rest_days", "someday", "unknown weekday"),
        ("colour", "red", "unknown setting"),
    ],
)
def test_parse_value_rejects(key: str, text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment) as caught:
        settings_store.parse_value(key, text)
    assert "\n" not in str(caught.value)


def test_defaults_when_nothing_is_stored(db: Database) -> None:
    loaded = settings_store.load(db)
    assert loaded == Settings()
    assert not loaded.initialized
    shown = settings_store.display(loaded)
    assert shown["week_start"] == "monday"
    assert shown["apply.rest_days"] == "sat,sun"
    assert shown["learn.rest_days"] == "none"
    assert shown["start_date"] == ""
    assert shown["self_care.weekly_target"] == "5"


def test_save_and_load_round_trip(db: Database) -> None:
    typed = {
        "name": "Sam",
        "start_date": "2026-11-02",
        "day_start_hour": "5",
        "week_start": "sunday",
        "freezes_per_month": "3",
        "apply.weekly_target": "4",
        "learn.rest_days": "sun",
        "apply.rest_days": "none",
    }
    settings_store.save(db, dict(settings_store.parse_value(k, v) for k, v in typed.items()))
    loaded = settings_store.load(db)
    assert loaded.initialized
    assert (loaded.name, loaded.start_date, loaded.day_start_hour) == ("Sam", START, 5)
    assert (loaded.week_start, loaded.freezes_per_month) == (6, 3)
    assert loaded.pillars["apply"] == PillarSettings(4, frozenset())
    assert loaded.pillars["learn"] == PillarSettings(4, frozenset({6}))
    assert loaded.pillars["network"] == PillarSettings(3, frozenset({5, 6}))
    # Saving again overwrites rather than duplicating.
    settings_store.save(db, {"name": "Kim"})
    assert settings_store.load(db).name == "Kim"
    assert _count(db, "settings") == len(typed)


def test_display_round_trips_through_parse_value(db: Database) -> None:
    pillars = dict(Settings().pillars)
    pillars["network"] = PillarSettings(2, frozenset({0, 6}))
    original = Settings("Sam", START, 3, 6, 4, pillars)
    shown = settings_store.display(original)
    assert set(shown) == set(settings_store.GLOBAL_KEYS) | {
        f"{p}.{f}" for p in pillars for f in settings_store.PILLAR_KEYS
    }
    settings_store.save(db, dict(settings_store.parse_value(k, v) for k, v in shown.items()))
    assert settings_store.load(db) == original


# --- one day, end to end -----------------------------------------------------------------------


def test_load_day_end_to_end(ready_db: Database) -> None:
    settings = settings_store.load(ready_db)
    by_title = {r.title: r for r in routines.list_routines(ready_db)}
    walk = by_title["A 20-minute walk"]
    win = by_title["Write down one small win"]
    apply_routine = by_title["Send tailored applications"]
    entries.put(ready_db, walk.ref, TODAY, 1, "park")
    entries.put(ready_db, apply_routine.ref, TODAY, 1, "")  # an extra on a rest day
    task = tasks.add(ready_db, "network", "Thank-you note", TODAY)
    plan = load_day(ready_db, TODAY, TODAY, settings)
    assert [(i.title, i.state, i.due) for i in plan["self_care"]] == [
        ("A 20-minute walk", DONE, True),
        ("Write down one small win", PENDING, True),
    ]
    assert [(i.title, i.state, i.due, i.amount) for i in plan["apply"]] == [
        ("Send tailored applications", PARTIAL, False, 1)
    ]
    assert [(i.ref, i.due) for i in plan["network"]] == [(task.ref, True)]
    assert plan["self_care"][0].note == "park"
    # Friday (a past weekday): everything due, nothing done.
    friday = load_day(ready_db, TODAY - timedelta(days=1), TODAY, settings)
    assert [i.title for i in friday["apply"]] == ["Send tailored applications"]
    assert len(friday["network"]) == 2
    assert {i.state for items in friday.values() for i in items} == {MISSED}
    # Archived from today: gone today, still there yesterday.
    routines.set_archived(ready_db, win.id, TODAY)
    assert [i.title for i in load_day(ready_db, TODAY, TODAY, settings)["self_care"]] == [
        "A 20-minute walk"
    ]
    assert len(load_day(ready_db, TODAY - timedelta(days=1), TODAY, settings)["self_care"]) == 2
    # Before the routines started there is nothing.
    before = load_day(ready_db, START - timedelta(days=1), TODAY, settings)
    assert all(items == [] for items in before.values())
    # A changed rest day changes the plan.
    pillars = dict(settings.pillars)
    pillars["learn"] = PillarSettings(4, frozenset({5}))
    assert load_day(ready_db, TODAY, TODAY, replace(settings, pillars=pillars))["learn"] == []
