"""Snapshot tests: one per screen, 120×40, frozen clock, no blinking cursor.

Update after a deliberate change with `scripts/test tests/snapshots --snapshot-update`, then look
at the new SVGs before committing them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from textual.widgets import Input

from tui import clock
from tui.app import BouncebackApp
from tui.store import entries, excuses, tasks
from tui.store import settings as settings_store

from ..helpers import SIZE, day_items

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


LIGHT = "solarized-light"


def on_light_theme(*keys: str):
    """As `still`, on a light theme: every colour must hold its contrast there too."""
    steady = still(*keys)

    async def run_before(pilot) -> None:
        pilot.app.theme = LIGHT
        await steady(pilot)

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


def test_today_light(friday_db, snap_compare):
    app = BouncebackApp(friday_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=on_light_theme())


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


SATURDAY = date(2026, 11, 21)


def _fill(db, titles, days, amount=None) -> None:
    for day in days:
        items = day_items(db, day, SATURDAY)
        for title in titles:
            item = items[title]
            entries.put(db, item.ref, day, item.target if amount is None else amount, "")


def _span(first: date, last: date, skip=()) -> list[date]:
    count = (last - first).days + 1
    return [d for d in (first + timedelta(days=i) for i in range(count)) if d not in skip]


@pytest.fixture
def history_db(ready_db):
    """Three weeks of a search, Saturday evening: met, partial, missed, frozen and open days."""
    walk, win = "A 20-minute walk", "Write down one small win"
    skill, answer = "30 minutes on a skill", "Practise one interview answer aloud"
    _fill(ready_db, [walk, win], _span(date(2026, 11, 9), FRIDAY, skip=[date(2026, 11, 12)]))
    _fill(ready_db, [walk], [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 12)])
    _fill(ready_db, [skill, answer], [date(2026, 11, 4), date(2026, 11, 19), FRIDAY])
    _fill(ready_db, [skill], [date(2026, 11, 11), date(2026, 11, 18)])
    weekdays = [d for d in _span(date(2026, 11, 9), FRIDAY) if d.weekday() < 5]
    _fill(ready_db, ["Send tailored applications"], weekdays)
    _fill(ready_db, ["Send tailored applications"], [date(2026, 11, 2)], amount=1)
    _fill(ready_db, ["Reach out to one person"], _span(date(2026, 11, 10), date(2026, 11, 13)))
    excuses.add_freeze(ready_db, "network", date(2026, 11, 17), 2)
    return ready_db


def test_streaks(history_db, snap_compare):
    """The weekly view with self-care selected: a run of 8 days, 2 met weeks."""
    app = BouncebackApp(history_db)
    keys = ("s", "down", "down", "down", "down")
    assert snap_compare(app, terminal_size=SIZE, run_before=still(*keys))


def test_streaks_light(history_db, snap_compare):
    """The heat map's weekday and month labels and its legend, on a light theme."""
    app = BouncebackApp(history_db)
    keys = ("s", "down", "down", "down", "down")
    assert snap_compare(app, terminal_size=SIZE, run_before=on_light_theme(*keys))


def test_streaks_overall(history_db, snap_compare):
    app = BouncebackApp(history_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("s"))


def test_yesterday_review(history_db, snap_compare):
    """Saturday opens after Friday was left partly open: the review comes first."""
    settings_store.save(history_db, {"last_opened_day": "2026-11-20"})
    friday = day_items(history_db, FRIDAY)
    entries.put(history_db, friday["Send tailored applications"].ref, FRIDAY, 1, "")
    entries.put(history_db, friday["Practise one interview answer aloud"].ref, FRIDAY, 0, "")
    app = BouncebackApp(history_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("down", "d"))


def test_today_frozen_pillar(history_db, snap_compare):
    """Learn frozen for today: its items excused, no longer at risk; self-care still is."""
    excuses.add_freeze(history_db, "learn", SATURDAY, 2)
    assert snap_compare(BouncebackApp(history_db), terminal_size=SIZE, run_before=still())


@pytest.fixture
def board_db(friday_db, tmp_path):
    """Three generated pictures on the board, the first linked to a pillar."""
    from PIL import Image, ImageDraw

    from tui.images.ingest import ingest_file
    from tui.store import board

    scenes = (
        ("A sunrise over the hills", "self_care", (250, 200, 80), (60, 120, 200)),
        ("A team that ships things I'm proud of", "apply", (240, 240, 240), (40, 60, 90)),
        ("Learning something new every week", None, (120, 220, 140), (30, 30, 60)),
    )
    for index, (caption, pillar, sun, sky) in enumerate(scenes):
        image = Image.new("RGB", (240, 160), sky)
        draw = ImageDraw.Draw(image)
        draw.ellipse((90, 30, 150, 90), fill=sun)
        draw.rectangle((0, 120, 240, 160), fill=(40, 110 + index * 30, 60))
        path = tmp_path / f"scene-{index}.png"
        image.save(path)
        board.add(friday_db, ingest_file(path), caption=caption, pillar=pillar)
    return friday_db


def test_board(board_db, snap_compare):
    app = BouncebackApp(board_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("b", "right"))


def test_board_light(board_db, snap_compare):
    app = BouncebackApp(board_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=on_light_theme("b", "right"))


def test_board_full_view(board_db, snap_compare):
    app = BouncebackApp(board_db)
    assert snap_compare(app, terminal_size=SIZE, run_before=still("b", "enter"))


def test_today_with_focus_image(board_db, snap_compare):
    assert snap_compare(BouncebackApp(board_db), terminal_size=SIZE, run_before=still())
