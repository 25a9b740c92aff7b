"""In-process cases driven by Pilot, each run in a fresh child process so imports, caches and
memory do not leak from one case to the next:

    python -m benchmarks.pilot CASE DB RUNS   → one JSON object on stdout

Every case alternates the measured action (A) with a reference action (B) in the same app, so
the ratio survives a noisy machine. Times are seconds.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)
POLL = 0.0005
TIMEOUT = 30.0


async def until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Yield to the event loop until `condition()` holds (without CPU-idle waits)."""
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(POLL)


def send_key(app, key: str, char: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """A key as the terminal driver would deliver it. (`pilot.press` also waits for the CPU to
    go idle, ≥ 40 ms a key, which would swamp what is measured here.)"""
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def painted(app) -> None:  # type: ignore[no-untyped-def]
    """Until the app's next refresh has run (what changed is on the screen)."""
    done = asyncio.Event()
    app.call_after_refresh(done.set)
    await done.wait()


def make_app(db_path: Path):  # type: ignore[no-untyped-def]
    import gc

    # As `bounceback` starts the app (tui.entry): no collections until Today is painted.
    gc.disable()
    from benchmarks.generate import freeze_clock
    from tui.app import BouncebackApp
    from tui.store.db import open_db

    freeze_clock()
    return BouncebackApp(open_db(db_path))


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Untimed: let workers (streaks, pictures, backup) finish and the screen catch up."""
    # Not workers.wait_for_complete(): it raises when a worker was cancelled (an exclusive
    # worker replaced, a screen popped), which is normal here.
    deadline = time.perf_counter() + TIMEOUT
    while any(worker.is_running for worker in app.workers):
        if time.perf_counter() > deadline:
            raise TimeoutError("workers still running")
        await asyncio.sleep(0.005)
    await pilot.pause()


def plain_screen():  # type: ignore[no-untyped-def]
    """The reference for opening a screen: one Static and a Footer."""
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    class Plain(Screen[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("a plain screen", id="plain")
            yield Footer()

    return Plain()


async def open_plain_screen(app, pilot) -> float:  # type: ignore[no-untyped-def]
    """The reference for opening a screen: seconds until the plain screen is painted (then
    closed again, untimed)."""
    started = time.perf_counter()
    await app.push_screen(plain_screen())
    await until(lambda: app.screen.query("#plain"), "the plain screen")
    await painted(app)
    elapsed = time.perf_counter() - started
    app.pop_screen()
    await settle(app, pilot)
    return elapsed


async def open_today(app, pilot) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.today import TodayScreen

    await until(lambda: isinstance(app.screen, TodayScreen), "Today")
    # As a person sees it after opening: Today's streak figures are on screen (they follow the
    # routine by a quarter of a second, once the first paint and the keys are quiet).
    await until(lambda: app.screen._stats is not None, "Today's figures")
    await settle(app, pilot)


# ---------------------------------------------------------------- check-off


async def case_checkoff(db_path: Path, runs: int) -> dict[str, Any]:
    """space on Today until the column shows the new amount and a second connection reads it."""
    from tui.domain.actions import toggled
    from tui.widgets.pillar_board import PillarBoard

    app = make_app(db_path)
    from tui.store.db import sqlite_uri

    reader = sqlite3.connect(sqlite_uri(db_path, mode="ro"), uri=True, isolation_level=None)
    a: list[float] = []
    b: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_today(app, pilot)
        board = app.focused
        assert isinstance(board, PillarBoard), board
        column = board.current
        day = app.today.isoformat()

        def committed(item, amount: int) -> bool:  # type: ignore[no-untyped-def]
            field = "routine_id" if item.ref.kind == "routine" else "task_id"
            row = reader.execute(
                f"SELECT amount FROM entries WHERE {field} = ? AND day = ?", (item.ref.id, day)
            ).fetchone()
            return (row[0] if row else 0) == amount

        for _ in range(runs):
            # B: a key nothing is bound to (what Pilot and the event loop cost on their own).
            started = time.perf_counter()
            send_key(app, "z", "z")
            await painted(app)
            b.append(time.perf_counter() - started)
            # A: check or uncheck the highlighted item.
            item = column.current
            want = toggled(item.amount, item.target)
            started = time.perf_counter()
            send_key(app, "space", " ")
            await until(
                lambda item=item, want=want: (
                    column.current is not None
                    and column.current.ref == item.ref
                    and column.current.amount == want
                    and committed(item, want)
                ),
                "the check-off",
            )
            await painted(app)
            a.append(time.perf_counter() - started)
        await settle(app, pilot)
    reader.close()
    return {"a": a, "b": b}


# ---------------------------------------------------------------- streaks


async def case_streaks(db_path: Path, runs: int) -> dict[str, Any]:
    """Open Streaks (as after a check-off on Today: the full judgement not cached) until the
    overview table has its five rows, and on until the heat map and reasons are drawn too."""
    from textual.widgets import DataTable

    from tui.screens.streaks import StreaksScreen

    app = make_app(db_path)
    a: list[float] = []
    b: list[float] = []
    detail: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_today(app, pilot)
        for _ in range(runs):
            b.append(await open_plain_screen(app, pilot))

            app._stats_cache.pop("full", None)  # what a check-off on Today leaves behind
            started = time.perf_counter()
            app.action_streaks()
            await until(
                lambda: (
                    isinstance(app.screen, StreaksScreen)
                    and any(table.row_count == 5 for table in app.screen.query(DataTable))
                ),
                "the streaks table",
            )
            await painted(app)
            a.append(time.perf_counter() - started)
            await until(lambda: app.screen.stats is not None, "the heat map and reasons")
            await painted(app)
            detail.append(time.perf_counter() - started)
            app.pop_screen()
            await settle(app, pilot)
    return {"a": a, "b": b, "detail": detail}


# ---------------------------------------------------------------- board


def board_grid(app):  # type: ignore[no-untyped-def]
    """The board's grid widget, or None while the screen is still composing."""
    from tui.widgets.board_grid import BoardGrid

    grids = app.screen.query(BoardGrid)
    return grids.first() if grids else None


def visible_tiles(app) -> list[int]:  # type: ignore[no-untyped-def]
    """The tiles with part of their picture in the scrolled window."""
    grid = board_grid(app)
    return grid.tiles_in_view() if grid is not None else []


def all_drawn(app) -> bool:  # type: ignore[no-untyped-def]
    """Every tile in view has had its picture, at its current size, drawn by a screen update
    (`is_drawn` is set by `render_line` only when it draws the picture's own strips)."""
    grid = board_grid(app)
    tiles = visible_tiles(app)
    return bool(tiles) and all(grid.is_drawn(index) for index in tiles)


async def case_board(db_path: Path, runs: int) -> dict[str, Any]:
    """Open the board until every visible tile is drawn; then page down until the new page is.

    Each open makes a new grid with an empty picture cache, and the cache is emptied again before
    each page down, so every run draws from the data file as the first visit of a session does."""
    from tui.screens.board import BoardScreen

    app = make_app(db_path)
    a: list[float] = []
    b: list[float] = []
    page: list[float] = []
    page_ref: list[float] = []
    page_flat: list[float] = []
    tiles_seen: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_today(app, pilot)
        level = app.animation_level
        for _ in range(runs):
            b.append(await open_plain_screen(app, pilot))

            started = time.perf_counter()
            app.action_board()
            await until(
                lambda: isinstance(app.screen, BoardScreen) and all_drawn(app), "the board tiles"
            )
            await painted(app)
            a.append(time.perf_counter() - started)
            tiles_seen.append(len(visible_tiles(app)))
            await settle(app, pilot)

            # Page down: B is a key nothing is bound to, A is pagedown.
            started = time.perf_counter()
            send_key(app, "z", "z")
            await painted(app)
            page_ref.append(time.perf_counter() - started)
            scroll = board_grid(app)
            scroll.forget_pictures()
            before = scroll.scroll_y
            started = time.perf_counter()
            send_key(app, "pagedown")
            await until(
                lambda scroll=scroll, before=before: (
                    scroll.scroll_y > before
                    and scroll.scroll_y == scroll.scroll_target_y
                    and all_drawn(app)
                ),
                "the next page",
            )
            await painted(app)
            page.append(time.perf_counter() - started)
            app.pop_screen()
            await settle(app, pilot)

            # Page down again on a freshly opened board, with Textual's animations off: what
            # the app itself costs, without the smooth scroll.
            app.action_board()
            await until(lambda: isinstance(app.screen, BoardScreen) and all_drawn(app), "tiles")
            await settle(app, pilot)
            app.animation_level = "none"
            scroll = board_grid(app)
            scroll.forget_pictures()
            before = scroll.scroll_y
            started = time.perf_counter()
            send_key(app, "pagedown")
            await until(
                lambda scroll=scroll, before=before: scroll.scroll_y > before and all_drawn(app),
                "the next page",
            )
            await painted(app)
            page_flat.append(time.perf_counter() - started)
            app.animation_level = level
            app.pop_screen()
            await settle(app, pilot)
    return {
        "a": a,
        "b": b,
        "page": page,
        "page_ref": page_ref,
        "page_flat": page_flat,
        "tiles": tiles_seen,
    }


# ---------------------------------------------------------------- memory


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def case_memory(db_path: Path, runs: int) -> dict[str, Any]:
    """Visit every screen once (Today, Streaks, Board and the full view, Routines, Settings,
    Help), waiting for each to finish its work; report the peak RSS."""
    from tui.screens.board import BoardScreen
    from tui.screens.streaks import StreaksScreen

    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_today(app, pilot)
        app.action_streaks()
        await until(lambda: isinstance(app.screen, StreaksScreen) and app.screen.stats, "streaks")
        await settle(app, pilot)
        app.pop_screen()
        await settle(app, pilot)
        app.action_board()
        await until(lambda: isinstance(app.screen, BoardScreen) and all_drawn(app), "the board")
        await settle(app, pilot)
        for _ in range(3):
            await pilot.press("pagedown")
            await settle(app, pilot)
        await pilot.press("enter")  # the full view of one image
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        app.pop_screen()
        await settle(app, pilot)
        for action in (app.action_routines, app.action_settings, app.action_help):
            action()
            await settle(app, pilot)
            app.pop_screen()
            await settle(app, pilot)
    return {"peak_mb": peak_rss_mb()}


async def case_memory_bare(db_path: Path, runs: int) -> dict[str, Any]:
    from benchmarks.bare_app import BareApp

    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    return {"peak_mb": peak_rss_mb()}


CASES = {
    "checkoff": case_checkoff,
    "streaks": case_streaks,
    "board": case_board,
    "memory": case_memory,
    "memory_bare": case_memory_bare,
}


def main() -> None:
    name, db, runs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    profile = len(sys.argv) > 4 and sys.argv[4] == "--profile"
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        result = asyncio.run(CASES[name](db, runs))
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
    else:
        result = asyncio.run(CASES[name](db, runs))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
