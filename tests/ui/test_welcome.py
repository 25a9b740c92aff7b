"""First run: the welcome asks a name and a start date and offers the starter routine."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, SelectionList

from tui.screens.today import TodayScreen
from tui.screens.welcome import WelcomeScreen
from tui.store import routines
from tui.store import settings as settings_store

from ..helpers import SIZE, TODAY


async def test_first_run_welcome_saves_name_start_and_chosen_routines(db, make_app):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press(*"Sam", "enter")
        start = app.screen.query_one("#start", Input)
        assert app.focused is start
        start.value = "2026-09-01"
        await pilot.press("enter")
        assert isinstance(app.focused, SelectionList)
        await pilot.press("space")  # drop the first starter item
        await pilot.press("down", "e")  # edit the second
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "Message two people"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    settings = settings_store.load(db)
    assert (settings.name, settings.start_date) == ("Sam", date(2026, 9, 1))
    saved = [r.title for r in routines.list_routines(db)]
    assert "Send tailored applications" not in saved
    assert "Message two people" in saved
    assert len(saved) == 6
    # The starter begins on the day the search started (as `init --start --starter` does),
    # so those first days can be back-filled.
    assert {r.start_date for r in routines.list_routines(db)} == {date(2026, 9, 1)}


async def test_a_start_date_in_the_future_or_impossible_is_refused(db, make_app):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen.query_one("#start", Input)
        for bad, message in (("2027-01-01", "future"), ("2026-02-30", "not a date")):
            start.value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert message in str(app.screen.query_one("#error").render())
    assert not settings_store.load(db).initialized
    assert routines.list_routines(db) == []


async def test_the_button_starts_too_and_dropping_everything_is_allowed(db, make_app):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(SelectionList).deselect_all()
        await pilot.click("#start-button")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert settings_store.load(db).start_date == TODAY
    assert routines.list_routines(db) == []


async def test_the_error_line_goes_once_its_field_is_edited(db, make_app):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        start = screen.query_one("#start", Input)
        start.value = "2027-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = screen.query_one("#error")
        assert "future" in str(error.render())
        screen.query_one("#name", Input).value = "Sam"  # another field: the problem is still there
        await pilot.pause()
        assert "future" in str(error.render())
        assert app.focused is start
        await pilot.press("backspace")  # the date is being corrected
        await pilot.pause()
        assert str(error.render()) == ""
        assert isinstance(app.screen, WelcomeScreen)


async def test_kept_and_dropped_starter_items_differ_without_colour(db, make_app):
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        starter = app.screen.query_one("#starter", SelectionList)
        starter.focus()
        await pilot.press("space")  # drop the first item
        await pilot.pause()
        lines = [starter.render_line(y).text for y in range(starter.option_count)]
        dropped, kept = lines[0], lines[1]
        assert "Send tailored applications" in dropped and "Reach out" in kept
        assert "✓" in kept and "✓" not in dropped
        assert "·" in dropped.split("Apply")[0]  # its mark, before the words
        # The words alone tell them apart: no plain X in both.
        assert dropped.split("Apply")[0].strip() != kept.split("Network")[0].strip()
