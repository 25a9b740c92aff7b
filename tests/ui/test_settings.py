"""Settings: every field saved together, bad values refused whole, pauses added and removed."""

from __future__ import annotations

from datetime import date, datetime

from textual.widgets import DataTable, Input, Select

from tui import clock
from tui.screens.settings import PauseDialog, SettingsScreen
from tui.store import excuses
from tui.store import settings as settings_store

from ..helpers import SIZE


async def open_settings(pilot) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("r", "S")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_saves_every_field_together(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#name", Input).value = "Samira"
        screen.query_one("#apply-weekly_target", Input).value = "4"
        screen.query_one("#learn-rest_days", Input).value = "sun"
        screen.query_one("#week_start", Select).value = 6
        screen.query_one("#freezes_per_month", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.name == "Samira"
    saved = settings_store.load(ready_db)
    assert saved.name == "Samira"
    assert saved.pillars["apply"].weekly_target == 4
    assert saved.pillars["learn"].rest_days == frozenset({6})
    assert saved.week_start == 6
    assert saved.freezes_per_month == 3


async def test_a_bad_value_saves_nothing(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#name", Input).value = "Changed"
        for field, bad, message in (
            ("#apply-weekly_target", "9", "between 1 and 7"),
            ("#network-rest_days", "funday", "unknown weekday"),
            ("#start_date", "2027-01-01", "future"),
            ("#day_start_hour", "25", "between 0 and 12"),
        ):
            before = screen.query_one(field, Input).value
            screen.query_one(field, Input).value = bad
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert message in str(screen.query_one("#error").render())
            screen.query_one(field, Input).value = before
    assert settings_store.load(ready_db).name == "Sam"


async def test_a_later_day_start_moves_today_back(ready_db, make_app):
    clock.freeze(datetime(2026, 11, 22, 5, 0))
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.today == date(2026, 11, 22)
        screen.query_one("#day_start_hour", Input).value = "6"
        await pilot.press("ctrl+s", "escape", "escape")
        await pilot.pause()
        assert app.today == date(2026, 11, 21)


async def test_pauses_are_added_and_removed(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        table = screen.query_one("#pauses", DataTable)
        screen.set_focus(table)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PauseDialog)
        dialog.query_one("#from", Input).value = "2026-11-23"
        dialog.query_one("#to", Input).value = "2026-11-21"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "end on or after" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#to", Input).value = "2026-11-27"
        dialog.query_one("#reason", Input).value = "flu"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [(p.start, p.end, p.reason) for p in excuses.pauses(ready_db)] == [
            (date(2026, 11, 23), date(2026, 11, 27), "flu")
        ]
        assert table.row_count == 1
        screen.set_focus(table)
        await pilot.press("x")
        await pilot.pause()
        assert excuses.pauses(ready_db) == []
        assert table.row_count == 0
