"""Snapshot tests: one per screen, 120×40, frozen clock, no blinking cursor.

Update after a deliberate change with `scripts/test tests/snapshots --snapshot-update`, then look
at the new SVGs before committing them.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input

from tui import clock
from tui.app import BouncebackApp
from tui.store import entries, tasks

from ..ui.conftest import day_items

SIZE = (120, 40)
FRIDAY = date(2026, 11, 20)


def still(*keys: str):
    """Press keys, then stop every cursor blinking so the picture is the same each run."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.app.workers.wait_for_complete()
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.fixture
def friday_db(ready_db):
    """A weekday with some progress: a partial count, a done item with a note, a task."""
    clock.freeze(datetime(2026, 11, 20, 8, 45))
    items = day_items(ready_db, FRIDAY)
    entries.put(ready_db, items["Send tailored applications"].ref, FRIDAY, 1, "")
    entries.put(ready_db, items["A 20-minute walk"].ref, FRIDAY, 1, "by the canal, sunny")
    entries.put(ready_db, items["Reach out to one person"].ref, FRIDAY, 1, "")
    tasks.add(ready_db, "network", "Thank Ana for the referral", FRIDAY)
    return ready_db


def test_welcome(db, snap_compare):
    assert snap_compare(BouncebackApp(db), terminal_size=SIZE, run_before=still())


def test_today(friday_db, snap_compare):
    assert snap_compare(BouncebackApp(friday_db), terminal_size=SIZE, run_before=still())


def test_today_a_past_day(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("left_square_bracket"))


def test_today_rest_day(ready_db, snap_compare):
    assert snap_compare(BouncebackApp(ready_db), terminal_size=SIZE, run_before=still())


def test_note_dialog(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("n"))


def test_task_dialog(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("a"))


def test_routines(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("r"))


def test_routine_form(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("r", "e"))


def test_help(ready_db, snap_compare):
    app = BouncebackApp(ready_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("question_mark"))
