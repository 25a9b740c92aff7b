"""Hints made from the real bindings, escape back and q quit on every screen, one way to leave
Settings, and empty states that say what to do next."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from tui.screens.add_images import AddImagesDialog
from tui.screens.board import BoardScreen, CaptionDialog, PillarDialog
from tui.screens.dialog import Dialog
from tui.screens.routine_form import RoutineDialog
from tui.screens.routines import RoutinesScreen
from tui.screens.settings import PauseDialog, PausesTable, SettingsScreen, UnsavedDialog
from tui.screens.small_forms import NoteDialog, TaskDialog
from tui.screens.streaks import StreaksScreen
from tui.screens.today import TodayScreen
from tui.store import excuses
from tui.store import settings as settings_store
from tui.widgets.key_bar import KeyBar

from ..helpers import SIZE, TODAY, day_items, notification_messages

DIALOGS = [
    lambda: NoteDialog("Walk", ""),
    lambda: TaskDialog("learn", "today"),
    lambda: CaptionDialog(""),
    lambda: PillarDialog(None),
    lambda: PauseDialog(TODAY),
    lambda: RoutineDialog(None, TODAY, TODAY),
    lambda: AddImagesDialog(Path.home()),
    lambda: UnsavedDialog(),
]


def _hint(dialog: Dialog) -> str:
    return str(dialog.query_one("#dialog-hint", Static).render())


@pytest.mark.parametrize("make", DIALOGS, ids=lambda make: type(make()).__name__)
async def test_every_dialog_hint_names_its_real_keys_and_escape_cancels(
    ready_db, make_app, make
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        closed: list[object] = []
        dialog = make()
        await app.push_screen(dialog, closed.append)
        await pilot.pause()
        hint = _hint(dialog)
        for klass in type(dialog).__mro__:
            if not issubclass(klass, Dialog):
                continue
            for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", ())):
                if binding.show:
                    assert app.get_key_display(binding) in hint, (binding, hint)
        assert ("enter" in hint) == dialog.ENTER_SAVES
        await pilot.press("escape")
        await pilot.pause()
        assert closed == [None] and app.screen is not dialog


async def test_enter_saves_a_text_dialog(ready_db, make_app) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        closed: list[object] = []
        await app.push_screen(NoteDialog("Walk", ""), closed.append)
        await pilot.pause()
        await pilot.press(*"went well", "enter")
        await pilot.pause()
        assert closed == ["went well"]


async def test_the_pillar_dialog_opens_its_list_on_enter_and_saves_on_ctrl_s(
    ready_db, make_app
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        closed: list[object] = []
        dialog = PillarDialog(None)
        await app.push_screen(dialog, closed.append)
        await pilot.pause()
        assert "enter" not in _hint(dialog) and "^s save" in _hint(dialog)
        await pilot.press("enter")  # opens the list, as a dropdown does
        await pilot.pause()
        assert closed == [] and dialog.query_one(Select).expanded
        await pilot.press("down", "enter")  # Apply chosen; the list closes
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert closed == ["apply"]


@pytest.mark.parametrize(
    ("key", "screen"), [("r", RoutinesScreen), ("s", StreaksScreen), ("b", BoardScreen)]
)
async def test_escape_goes_back_and_q_quits_on_every_screen(ready_db, make_app, key, screen):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen)
        words = str(app.screen.query_one(KeyBar).render())
        assert "esc Back" in words and "q Quit" in words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press(key)
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def _settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("r", "S")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_settings_asks_before_dropping_an_edit(ready_db, make_app) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _settings(pilot)
        await pilot.press("escape")  # nothing changed: straight back
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        screen = await _settings_again(pilot)
        screen.query_one("#name", Input).value = "Samira"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#name", Input).value == "Samira"
        await pilot.press("escape", "d")  # discard
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        assert settings_store.load(ready_db).name == "Sam"
        screen = await _settings_again(pilot)
        screen.query_one("#name", Input).value = "Samira"
        await pilot.press("escape", "ctrl+s")  # save, then leave
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        assert settings_store.load(ready_db).name == "Samira"


async def _settings_again(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("S")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_the_pause_keys_work_where_the_hint_says(ready_db, make_app) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _settings(pilot)
        hint = str(screen.query_one("#pauses-hint", Static).render())
        assert "a add pause" in hint and "x remove pause" in hint and "ctrl" not in hint
        assert "No pauses yet" in str(screen.query_one("#no-pauses", Static).render())
        await pilot.press("a")  # in the name field: a letter, not a pause
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert screen.query_one("#name", Input).value.endswith("a")
        screen.set_focus(screen.query_one(PausesTable))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PauseDialog)
        await pilot.press("enter")  # today to today
        await pilot.pause()
        assert [p.start for p in excuses.pauses(ready_db)] == [TODAY]
        assert str(screen.query_one("#no-pauses", Static).render()) == ""
        await pilot.press("x")
        await pilot.pause()
        assert excuses.pauses(ready_db) == []


async def test_an_empty_board_says_what_to_do(ready_db, make_app) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert any("board is empty" in m for m in notification_messages(app))
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        assert screen.query_one("#empty").display and not screen.grid.display
        words = str(screen.query_one(KeyBar).render())
        assert "a Add" in words
        assert not any(word in words for word in ("View", "Caption", "Delete", "Slideshow"))
        titles = {command.title for command in app.get_system_commands(screen)}
        assert "Add images" in titles and "Caption" not in titles


def test_help_says_how_settings_save() -> None:
    from tui.assets import read_help

    text = read_help()  # as the help screen reads it
    assert "there is nothing to save by hand" not in text
    assert "ctrl+s" in text and "## Settings" in text


async def test_streaks_at_80_by_24_needs_no_sideways_scroll_and_shows_every_weekday(
    ready_db, make_app
) -> None:
    from textual.widgets import DataTable

    from tui.widgets.heat_map import HeatMap

    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StreaksScreen)
        table = screen.query_one(DataTable)
        assert len(table.columns) == 6  # the trend gives way
        assert table.virtual_size.width <= table.size.width
        heat_map = screen.query_one(HeatMap)
        bottom = heat_map.region.y + 8  # the month line and seven weekdays
        assert bottom <= screen.query_one(KeyBar).region.y
        legend = str(heat_map.render())
        assert "to come" in legend and "not yet" in legend  # wrapped, never cut
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert len(table.columns) == 7  # wide again: the trend is back


async def test_a_tall_terminal_shows_each_pillars_week_at_a_glance(ready_db, make_app) -> None:
    from tui.services import day as day_service

    learn = day_items(ready_db, TODAY - timedelta(days=1))["30 minutes on a skill"]
    day_service.check(ready_db, learn, TODAY - timedelta(days=1), today=TODAY)
    app = make_app(ready_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        lines = [line.rstrip() for line in screen.pillars.column("learn").lines()]
        letters = lines.index("S M T W T F S")  # seven days ending today, a Saturday
        marks = lines[letters + 1].split()
        assert len(marks) == 7 and marks[-2] != marks[-1]  # Friday's check-off shows
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        lines = [line.rstrip() for line in screen.pillars.column("learn").lines()]
        assert "S M T W T F S" not in lines


async def test_brackets_in_stored_text_are_never_read_as_markup(ready_db, make_app) -> None:
    from tui.domain.models import RoutineDraft
    from tui.screens.welcome import WelcomeScreen

    title = "Walk [/] and [b]rest"
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        dialog = NoteDialog(title, "")
        await app.push_screen(dialog)
        await pilot.pause()
        labels = " ".join(str(label.render()) for label in dialog.query(".field-label"))
        assert title in labels
        dialog.show_error(f"{title} could not be saved")
        await pilot.pause()
        assert title in str(dialog.query_one("#dialog-error", Static).render())
        label = WelcomeScreen._label(RoutineDraft("learn", title, 1, "", "FREQ=DAILY"))
        assert title in label.plain
