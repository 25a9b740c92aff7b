"""Work that fails in a thread is one line on screen; the app goes on (never a traceback)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PIL import Image
from textual.worker import WorkerFailed

from tui.app import BouncebackApp
from tui.images.ingest import ingest_file
from tui.screens.board import BoardScreen
from tui.screens.streaks import StreaksScreen
from tui.screens.today import TodayScreen
from tui.services import board as board_service
from tui.store.db import Database, StoreError

from ..helpers import notifications


def _said(app: BouncebackApp) -> list[tuple[str, str]]:
    return [(note.message, note.severity) for note in notifications(app)]


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    # Waiting on a failed worker raises its error here, in the test; the app itself goes on.
    with contextlib.suppress(WorkerFailed):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _failing(error: BaseException):  # type: ignore[no-untyped-def]
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error

    return fail


async def test_a_store_error_in_todays_streaks_worker(ready_db: Database, monkeypatch) -> None:
    busy = StoreError(f"{ready_db.path} is busy in another program; try again in a moment")
    monkeypatch.setattr(BouncebackApp, "compute_summary", _failing(busy))
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.refresh_stats(False)
        await _settle(pilot)
        assert (str(busy), "error") in _said(app)
        assert isinstance(app.screen, TodayScreen) and app.is_running
        await pilot.press("space")  # still answers keys
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_an_unexpected_error_in_the_streaks_worker(ready_db: Database, monkeypatch) -> None:
    monkeypatch.setattr(BouncebackApp, "compute_stats", _failing(RuntimeError("a bug")))
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await _settle(pilot)
        assert isinstance(app.screen, StreaksScreen)
        assert any(m.startswith("unexpected error: RuntimeError: a bug") for m, _ in _said(app)), (
            _said(app)
        )
    assert app.return_code in (0, None)


async def test_the_daily_backup_worker(ready_db: Database, monkeypatch) -> None:
    from tui.store import backup

    monkeypatch.setattr(backup, "daily_backup", _failing(RuntimeError("no room")))
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.daily_backup()
        await _settle(pilot)
        assert any("RuntimeError: no room" in m for m, _ in _said(app)), _said(app)
        assert app.is_running


async def test_the_board_ingest_worker(ready_db: Database, monkeypatch) -> None:
    from tui.images import ingest

    monkeypatch.setattr(ingest, "expand_paths", _failing(RuntimeError("odd folder")))
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        screen.add_paths(["/somewhere"])
        await _settle(pilot)
        assert any("RuntimeError: odd folder" in m for m, _ in _said(app)), _said(app)
        assert app.screen is screen


async def test_the_board_pictures_and_picture_workers(
    ready_db: Database, tmp_path: Path, monkeypatch
) -> None:
    from tui.images import render

    picture = tmp_path / "sky.png"
    Image.new("RGB", (64, 48), (40, 90, 200)).save(picture)
    board_service.add_image(ready_db, ingest_file(picture))
    monkeypatch.setattr(render, "render_canvas", _failing(RuntimeError("cannot draw")))
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)  # Today's picture: the app's own worker
        await pilot.press("b")  # the board's tiles: the grid's worker
        await _settle(pilot)
        failures = [m for m, _ in _said(app) if "RuntimeError: cannot draw" in m]
        assert len(failures) >= 2, _said(app)
        assert isinstance(app.screen, BoardScreen) and app.is_running


async def test_a_service_that_raises_is_one_line_and_the_app_goes_on(ready_db: Database) -> None:
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def broken(db: Database) -> None:
            raise RuntimeError("a bug in a service")

        assert app.screen.perform(broken) is None  # type: ignore[attr-defined]
        await pilot.pause()
        assert any("RuntimeError: a bug in a service" in m for m, _ in _said(app))
        assert app.is_running
