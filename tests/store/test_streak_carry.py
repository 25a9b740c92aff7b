"""The stored carry: `history.summary` gives exactly `history.stats`'s figures, whatever changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from tui.domain.models import ItemRef, RoutineDraft
from tui.store import entries, excuses, history, routines, tasks
from tui.store import settings as settings_store
from tui.store.db import Database, open_db

from ..helpers import deny_writes, figures

TODAY = date(2026, 11, 21)  # a Saturday; the search started on Monday 2 November
CUTOFF = date(2026, 11, 9)  # the week before the current one is judged afresh


def carry_rows(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.query("SELECT cutoff, inputs FROM streak_carry")]


def same_as_judging_every_day(db: Database) -> None:
    assert figures(history.summary(db, TODAY)) == figures(history.stats(db, TODAY))


@pytest.fixture
def busy_db(ready_db: Database) -> Database:
    """Two weeks of mixed days before the cutoff, so the carry holds real runs."""
    refs = [r.ref for r in routines.list_routines(ready_db)]
    day = date(2026, 11, 2)
    while day < TODAY:
        for index, ref in enumerate(refs):
            if (day.toordinal() + index) % 3:
                entries.put(ready_db, ref, day, 1, "")
        day += timedelta(days=1)
    return ready_db


def test_the_first_summary_keeps_a_carry_and_the_next_reads_it(busy_db: Database) -> None:
    assert carry_rows(busy_db) == []
    same_as_judging_every_day(busy_db)
    [(cutoff, _inputs)] = carry_rows(busy_db)
    assert cutoff == CUTOFF.isoformat()
    # Reading it back gives the same figures (and does not rewrite it).
    before = busy_db.conn.total_changes
    same_as_judging_every_day(busy_db)
    assert busy_db.conn.total_changes == before


def first_routine(db: Database):  # type: ignore[no-untyped-def]
    return routines.list_routines(db)[0]


def undo_an_entry(db: Database, day: date) -> None:
    [row] = db.query("SELECT routine_id FROM entries WHERE day = ? LIMIT 1", (day.isoformat(),))
    entries.put(db, ItemRef("routine", row[0]), day, 0, "")


def changed_routine(db: Database, start: date | None = None, end: date | None = None, **change):  # type: ignore[no-untyped-def]
    """The first routine with one thing about it changed, all else as it was."""
    routine = first_routine(db)
    fields = {
        "pillar": routine.pillar,
        "title": routine.title,
        "target": routine.target,
        "unit": routine.unit,
        "rrule": routine.rrule,
    }
    draft = RoutineDraft(**{**fields, **change})
    return routines.update(db, routine.id, draft, start or routine.start_date, end)


CHANGES_BEFORE_THE_CUTOFF: dict[str, Callable[[Database], object]] = {
    "an entry back-filled": lambda db: entries.put(
        db, first_routine(db).ref, date(2026, 11, 4), 5, ""
    ),
    "an entry undone": lambda db: undo_an_entry(db, date(2026, 11, 3)),
    "a task added": lambda db: tasks.add(db, "learn", "Read a chapter", date(2026, 11, 5)),
}


@pytest.mark.parametrize("change", list(CHANGES_BEFORE_THE_CUTOFF), ids=str)
def test_an_entry_or_task_before_the_cutoff_drops_the_carry(busy_db: Database, change: str):
    same_as_judging_every_day(busy_db)
    CHANGES_BEFORE_THE_CUTOFF[change](busy_db)
    assert carry_rows(busy_db) == []  # the trigger dropped it
    same_as_judging_every_day(busy_db)
    assert len(carry_rows(busy_db)) == 1


def test_todays_check_off_keeps_the_carry(busy_db: Database) -> None:
    same_as_judging_every_day(busy_db)
    kept = carry_rows(busy_db)
    entries.put(busy_db, first_routine(busy_db).ref, TODAY, 1, "")
    entries.put(busy_db, first_routine(busy_db).ref, CUTOFF, 0, "")  # the cutoff day is live
    assert carry_rows(busy_db) == kept
    same_as_judging_every_day(busy_db)


OTHER_CHANGES: dict[str, Callable[[Database], object]] = {
    "a weekly target": lambda db: settings_store.save(db, {"learn.weekly_target": 2}),
    "rest days": lambda db: settings_store.save(db, {"self_care.rest_days": [0, 1]}),
    "the start date": lambda db: settings_store.save(db, {"start_date": "2026-11-04"}),
    "a freeze": lambda db: excuses.add_freeze(db, "learn", date(2026, 11, 3), 2),
    "a pause": lambda db: excuses.add_pause(db, date(2026, 11, 5), date(2026, 11, 6)),
    "an archived routine": lambda db: routines.set_archived(
        db, first_routine(db).id, date(2026, 11, 4)
    ),
    "a routine's target": lambda db: changed_routine(db, target=3, unit="times"),
    "a routine's schedule": lambda db: changed_routine(db, rrule="FREQ=WEEKLY;BYDAY=MO,WE"),
    "a routine moved to another pillar": lambda db: changed_routine(db, pillar="self_care"),
    "a routine's start": lambda db: changed_routine(db, start=date(2026, 11, 4)),
    "a routine's end": lambda db: changed_routine(db, end=date(2026, 11, 6)),
    "a deleted routine": lambda db: routines.delete(db, first_routine(db).id),
    "a freeze taken back": lambda db: (
        excuses.add_freeze(db, "learn", date(2026, 11, 3), 2),
        history.summary(db, TODAY),
        excuses.remove_freeze(db, "learn", date(2026, 11, 3)),
    ),
    "a pause taken back": lambda db: (
        pause := excuses.add_pause(db, date(2026, 11, 5), date(2026, 11, 6)),
        history.summary(db, TODAY),
        excuses.remove_pause(db, pause.id),
    ),
}
# The week start needs no case: the cutoff is a week start, so its weekday already tells.


@pytest.mark.parametrize("change", list(OTHER_CHANGES), ids=str)
def test_other_changes_are_caught_by_the_fingerprint(busy_db: Database, change: str) -> None:
    same_as_judging_every_day(busy_db)
    OTHER_CHANGES[change](busy_db)
    same_as_judging_every_day(busy_db)


def test_a_damaged_carry_is_ignored(busy_db: Database) -> None:
    same_as_judging_every_day(busy_db)
    with busy_db.write() as conn:
        conn.execute("UPDATE streak_carry SET state = '{\"pillars\": 3}'")
    same_as_judging_every_day(busy_db)


def test_a_read_only_file_gets_the_figures_without_a_carry(
    busy_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a normal user meets it: no write access (root could write anyway, so pretend)."""
    path = busy_db.path
    busy_db.close()
    deny_writes(monkeypatch, path)
    before = path.read_bytes()
    reader = open_db(path, read_only_ok=True)
    assert reader.read_only
    same_as_judging_every_day(reader)
    assert carry_rows(reader) == []
    reader.close()
    assert path.read_bytes() == before


def test_a_carry_computed_while_an_older_day_changed_is_not_kept(
    busy_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window back-fills an old day while the carry is being computed."""
    other = open_db(busy_db.path)
    real_carry_to = history.carry_to

    def carry_while_someone_writes(found, cutoff):  # type: ignore[no-untyped-def]
        carry = real_carry_to(found, cutoff)
        undo_an_entry(other, date(2026, 11, 4))
        return carry

    monkeypatch.setattr(history, "carry_to", carry_while_someone_writes)
    history.summary(busy_db, TODAY)
    assert carry_rows(busy_db) == []  # it may have missed the back-fill: not kept
    monkeypatch.setattr(history, "carry_to", real_carry_to)
    same_as_judging_every_day(busy_db)
    assert len(carry_rows(busy_db)) == 1
    other.close()


def test_a_busy_file_goes_without_a_carry_and_keeps_its_patience(busy_db: Database) -> None:
    other = open_db(busy_db.path)
    with other.write():  # another program in the middle of a write
        same_as_judging_every_day(busy_db)
        assert carry_rows(busy_db) == []
    assert busy_db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    other.close()


def test_a_carry_missing_a_pillar_is_ignored(busy_db: Database) -> None:
    same_as_judging_every_day(busy_db)
    with busy_db.write() as conn:
        state = json.loads(conn.execute("SELECT state FROM streak_carry").fetchone()[0])
        del state["pillars"]["learn"]
        conn.execute("UPDATE streak_carry SET state = ?", (json.dumps(state),))
    same_as_judging_every_day(busy_db)


def test_figures_for_a_past_day_leave_todays_carry_in_place(busy_db: Database) -> None:
    # A search that began early enough for last week's figures to have a carry of their own.
    settings_store.save(busy_db, {"start_date": "2026-10-19"})
    same_as_judging_every_day(busy_db)
    kept = carry_rows(busy_db)
    past = TODAY - timedelta(days=7)
    assert figures(history.summary(busy_db, past)) == figures(history.stats(busy_db, past))
    assert carry_rows(busy_db) == kept  # `stats --as-of` last week: today's carry stays
    before = busy_db.conn.total_changes
    same_as_judging_every_day(busy_db)
    assert busy_db.conn.total_changes == before  # and is read, not made again


def test_a_search_younger_than_the_carry_keeps_none(busy_db: Database) -> None:
    settings_store.save(busy_db, {"start_date": CUTOFF.isoformat()})
    same_as_judging_every_day(busy_db)
    assert carry_rows(busy_db) == []
