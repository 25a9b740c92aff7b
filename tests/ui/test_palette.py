"""The command palette offers each screen's actions, and every entry names a real action."""

from __future__ import annotations

import pytest

from tui.screens.board import BoardScreen
from tui.screens.routines import RoutinesScreen
from tui.screens.settings import SettingsScreen
from tui.screens.streaks import StreaksScreen
from tui.screens.today import TodayScreen

SCREENS = [TodayScreen, RoutinesScreen, BoardScreen, StreaksScreen, SettingsScreen]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda cls: cls.__name__)
def test_every_palette_entry_runs_an_action_the_screen_has(screen) -> None:  # type: ignore[no-untyped-def]
    assert screen.PALETTE, "each screen offers its actions in the palette"
    for title, help_text, action in screen.PALETTE:
        name = action.split("(", 1)[0]
        assert callable(getattr(screen, f"action_{name}", None)), (title, action)
        assert title and help_text


async def test_routines_offers_its_own_actions(ready_db, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add a routine", "Archive or restore", "Undo", "Today"} <= titles
        assert "Check or uncheck" not in titles  # Today's own entries stay on Today
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"show archived")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.show_archived
