"""File names and typed text that are not UTF-8: one line each, and a batch never stops."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from textual.worker import WorkerFailed

from tui.app import BouncebackApp
from tui.screens.board import BoardScreen
from tui.store import board
from tui.store.db import Database

from ..helpers import command_env

NOT_UTF8 = os.fsdecode(b"caf\xe9.png")  # a byte a Latin-1 system would write for é


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "pictures"
    where.mkdir()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(where / NOT_UTF8, format="PNG")
    Image.new("RGB", (20, 20), (30, 200, 30)).save(where / "good.png")
    (where / "notes.png").write_text("not a picture")
    return where


def _run(db: Database, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db.path), *args],
        capture_output=True,
        env=command_env(),
        timeout=60,
        check=False,
    )


def test_board_add_shows_the_name_and_goes_on(ready_db: Database, folder: Path) -> None:
    result = _run(ready_db, "board", "add", str(folder), str(folder / "missing.png"))
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in out + err and "unexpected" not in err
    assert "caf\\xe9.png" in out and "good.png" in out
    assert "Added 2 images (2 could not be added)." in out
    assert "notes.png" in err and "missing.png" in err
    assert sorted(image.name for image in board.list_images(ready_db)) == [
        "caf\\xe9.png",
        "good.png",
    ]


def test_a_title_that_is_not_utf8_is_one_line(ready_db: Database) -> None:
    result = _run(ready_db, "task", "add", "--pillar", "apply", "--title", b"caf\xe9")
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err.count("\n") == 1 and "not valid UTF-8" in err and "unexpected" not in err


async def test_the_boards_add_goes_on_past_a_name_that_is_not_utf8(
    ready_db: Database, folder: Path
) -> None:
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        screen.add_paths([str(folder)])
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert len(board.list_images(ready_db)) == 2
        assert len(screen.images) == 2
