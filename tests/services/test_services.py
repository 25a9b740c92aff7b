"""Services: each one transaction, each undone by its own Change, and they compose."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tui.domain.errors import InvalidInput
from tui.domain.models import RoutineDraft
from tui.domain.starter import STARTER
from tui.images.ingest import Ingested
from tui.services import Change, Topic
from tui.services import board as board_service
from tui.services import day as day_service
from tui.services import routines as routine_service
from tui.services import settings as settings_service
from tui.store import board, entries, excuses, routines, tasks
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database, StoreError

from ..helpers import TODAY

WEDNESDAY = date(2026, 11, 18)


def _transactions(db: Database) -> list[str]:
    """Every transaction the connection begins from now on."""
    begun: list[str] = []
    db.conn.set_trace_callback(lambda sql: begun.append(sql) if sql.startswith("BEGIN") else None)
    return begun


def _picture(n: int) -> Ingested:
    return Ingested(f"{n:064x}", b"o", False, b"d", b"t", 4, 3, "PNG", f"p{n}.png")


def test_set_up_is_one_transaction_and_a_failure_leaves_nothing(db: Database, monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise StoreError("the disk is full: nothing was saved")

    monkeypatch.setattr(settings_store, "save", broken)
    with pytest.raises(StoreError):
        settings_service.set_up(
            db, name="Sam", start=date(2026, 11, 2), today=TODAY, starter=STARTER
        )
    assert routines.list_routines(db, include_archived=True) == []
    monkeypatch.undo()
    begun = _transactions(db)
    change = settings_service.set_up(
        db, name="Sam", start=date(2026, 11, 2), today=TODAY, starter=STARTER
    )
    assert begun == ["BEGIN IMMEDIATE"]
    assert change.result == len(STARTER)
    # The starter begins on the start date, so the first days can be back-filled.
    assert {r.start_date for r in routines.list_routines(db)} == {date(2026, 11, 2)}
    assert settings_store.load(db).name == "Sam"


def test_set_up_refuses_a_future_start_and_a_second_starter(ready_db: Database) -> None:
    with pytest.raises(InvalidInput, match="in the future"):
        settings_service.set_up(ready_db, name=None, start=date(2026, 11, 22), today=TODAY)
    with pytest.raises(InvalidInput, match="routines already"):
        settings_service.set_up(
            ready_db, name=None, start=date(2026, 11, 2), today=TODAY, starter=STARTER
        )


def _undo(db: Database, change: Change | None) -> Change:
    assert change is not None and change.undo is not None
    return change.undo(db)


def test_a_check_and_its_undo(ready_db: Database) -> None:
    item = load_day(ready_db, WEDNESDAY, TODAY, settings_store.load(ready_db))["learn"][0]
    change = day_service.toggle(ready_db, item, WEDNESDAY, today=TODAY)
    assert (change.day, change.focus, change.topics) == (WEDNESDAY, item.ref, {Topic.DAY})
    assert entries.get(ready_db, item.ref, WEDNESDAY).amount == item.target
    undone = _undo(ready_db, change)
    assert entries.get(ready_db, item.ref, WEDNESDAY) is None
    assert undone.day == WEDNESDAY and undone.undo is None
    with pytest.raises(InvalidInput, match="has not come yet"):
        day_service.toggle(ready_db, item, date(2026, 11, 22), today=TODAY)
    assert day_service.step(ready_db, item, WEDNESDAY, -1, today=TODAY) is None  # 0 stays 0


def test_a_task_a_freeze_and_their_undos(ready_db: Database) -> None:
    change = day_service.add_task(ready_db, "network", "Coffee with Ana", WEDNESDAY)
    assert tasks.get(ready_db, change.result.id).title == "Coffee with Ana"
    assert change.focus == change.result.ref
    _undo(ready_db, change)
    assert tasks.on_day(ready_db, WEDNESDAY) == []
    settings = settings_store.load(ready_db)
    change = day_service.freeze(ready_db, "learn", WEDNESDAY, today=TODAY, settings=settings)
    assert change.result == settings.freezes_per_month - 1
    assert "excused for 2026-11-18" in change.message
    _undo(ready_db, change)
    assert excuses.freezes(ready_db) == frozenset()


def test_routine_changes_and_their_undos(ready_db: Database) -> None:
    draft = RoutineDraft("learn", "Read 20 pages", 20, "pages", "FREQ=DAILY")
    added = routine_service.add(ready_db, draft, TODAY)
    routine = added.result
    edited = routine_service.edit(
        ready_db, routine.id, replace(draft, title="Read 30 pages"), TODAY
    )
    assert routines.get(ready_db, routine.id).title == "Read 30 pages"
    _undo(ready_db, edited)
    assert routines.get(ready_db, routine.id).title == "Read 20 pages"
    archived = routine_service.set_archived(ready_db, routine.id, True, today=TODAY)
    assert routines.get(ready_db, routine.id).archived_on == TODAY
    with pytest.raises(InvalidInput, match="already"):
        routine_service.set_archived(ready_db, routine.id, True, today=TODAY)
    _undo(ready_db, archived)
    assert routines.get(ready_db, routine.id).archived_on is None

    def network() -> list[int]:
        return [r.id for r in routines.list_routines(ready_db) if r.pillar == "network"]

    order = network()
    assert routine_service.move(ready_db, order[0], -1) is None  # already first
    moved = routine_service.move(ready_db, order[0], 1)
    assert network() == [order[1], order[0], *order[2:]]
    _undo(ready_db, moved)
    assert network() == order
    _undo(ready_db, added)
    with pytest.raises(InvalidInput):
        routines.get(ready_db, routine.id)


def test_settings_and_pauses(ready_db: Database) -> None:
    with pytest.raises(InvalidInput, match="in the future"):
        settings_service.save(ready_db, {"start_date": "2026-11-22"}, today=TODAY)
    with pytest.raises(InvalidInput, match="weekly_target"):
        settings_service.save(ready_db, {"name": "Robin", "apply.weekly_target": "9"}, today=TODAY)
    assert settings_store.load(ready_db).name == "Sam"  # nothing of a bad batch is saved
    settings_service.save(ready_db, {"name": "Robin", "week_start": "sunday"}, today=TODAY)
    assert settings_store.load(ready_db).week_start == 6
    added = settings_service.add_pause(ready_db, WEDNESDAY, TODAY, "a cold")
    removed = settings_service.remove_pause(ready_db, added.result.id)
    assert excuses.pauses(ready_db) == []
    _undo(ready_db, removed)
    assert [(p.start, p.end, p.reason) for p in excuses.pauses(ready_db)] == [
        (WEDNESDAY, TODAY, "a cold")
    ]


def test_pictures_added_together_are_undone_in_one_transaction(ready_db: Database) -> None:
    ids = [board_service.add_image(ready_db, _picture(n)).result[0].id for n in range(4)]
    again = board_service.add_image(ready_db, _picture(0))
    assert again.result[1] is False and again.undo is None  # already there: nothing to undo
    batch = board_service.images_added(ids)
    assert batch.description == "added 4 images"
    begun = _transactions(ready_db)
    _undo(ready_db, batch)
    assert begun == ["BEGIN IMMEDIATE"]
    assert board.list_images(ready_db) == []


def test_picture_changes_and_their_undos(ready_db: Database) -> None:
    ids = [board_service.add_image(ready_db, _picture(n)).result[0].id for n in range(3)]
    caption = board_service.set_caption(ready_db, ids[0], "The team I want to join")
    pillar = board_service.set_pillar(ready_db, ids[0], "network")
    _undo(ready_db, pillar)
    _undo(ready_db, caption)
    assert (board.get(ready_db, ids[0]).caption, board.get(ready_db, ids[0]).pillar) == ("", None)
    begun = _transactions(ready_db)
    moved = board_service.move(ready_db, ids[0], 5)  # stops at the end, in one transaction
    assert begun == ["BEGIN IMMEDIATE"] and moved is not None and moved.result == 2
    assert [i.id for i in board.list_images(ready_db)] == [ids[1], ids[2], ids[0]]
    _undo(ready_db, moved)
    assert [i.id for i in board.list_images(ready_db)] == ids
    assert board_service.move(ready_db, ids[0], -1) is None
    deleted = board_service.delete(ready_db, ids[1])
    back = _undo(ready_db, deleted)
    assert back.focus == ids[1] and [i.id for i in board.list_images(ready_db)] == ids
