"""The key bar along the bottom: the current screen's keys, clickable, fitted to the width."""

from __future__ import annotations

from tui.screens.routines import RoutinesScreen
from tui.screens.streaks import StreaksScreen
from tui.widgets.key_bar import KeyBar

from ..helpers import SIZE


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(KeyBar).render())


async def test_today_shows_its_keys_and_the_palette_at_the_right(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith("space Check +/- Count n Note")
        assert "[ ] Day" in text and "s Streaks" in text and "? Help" in text
        assert text.rstrip().endswith("▏^p palette")
        assert len(text) == SIZE[0]


async def test_each_screen_shows_its_own_keys(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        assert bar_text(app).startswith("esc Back a Add e Edit")
        await pilot.press("escape")
        await pilot.pause()
        assert bar_text(app).startswith("space Check")


async def test_a_click_on_a_key_presses_it(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        start = bar_text(app).index("Streaks")  # the words press the key too
        assert await pilot.click(KeyBar, offset=(start + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, StreaksScreen)
        assert bar is not app.screen.query_one(KeyBar)


async def test_hovering_a_key_shows_its_tooltip(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        x = bar_text(app).index("[ ]")
        await pilot.hover(KeyBar, offset=(x, 0))
        await pilot.pause()
        assert bar.tooltip == "The day before (] for the day after)"
        gap = bar_text(app).index("▏") - 2  # between the last key and the palette
        await pilot.hover(KeyBar, offset=(gap, 0))
        await pilot.pause()
        assert bar.tooltip is None


async def test_a_narrow_terminal_drops_keys_but_keeps_quit_help_and_the_palette(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=(60, 30)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert len(text) == 60
        assert text.endswith("▏^p palette")
        assert text.startswith("space Check")
        assert "… q Quit ? Help" in text  # the rest are a key away, and it says so
        assert "Chec…" not in text  # keys go whole, never cut in the middle


async def test_a_key_cut_short_by_a_narrow_terminal_still_presses(ready_db, make_app, monkeypatch):
    app = make_app(ready_db)
    async with app.run_test(size=(24, 30)) as pilot:  # too narrow even for the keys it keeps
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        cut = bar_text(app).index("…", 2)
        start, end, key, _tip = max(span for span in bar._spans if span[0] < cut)
        assert start < cut <= end <= cut + 1  # the key the cut went through, clipped to the room
        pressed = []
        monkeypatch.setattr(app, "simulate_key", lambda name: pressed.append(name))
        assert await pilot.click(KeyBar, offset=(start, 0))
        assert pressed == [key]


async def test_a_key_that_cannot_act_rings_the_bell(ready_db, make_app, monkeypatch):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        bar._disabled = {"s"}
        rang, pressed = [], []
        monkeypatch.setattr(app, "bell", lambda: rang.append(1))
        monkeypatch.setattr(app, "simulate_key", lambda key: pressed.append(key))
        assert await pilot.click(KeyBar, offset=(bar_text(app).index("Streaks"), 0))
        assert rang == [1] and pressed == []
