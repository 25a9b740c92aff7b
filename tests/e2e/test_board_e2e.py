"""The vision board end to end: images added from the shell, then used in a real terminal."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PIL import Image

from ..helpers import Terminal, run_cli

pytestmark = pytest.mark.e2e


def _board(db: Path) -> list[dict]:
    listed = run_cli(db, "board", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_board_add_view_delete_undo_and_reopen(terminal: Terminal, reopen, tmp_path: Path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    for name, colour in (
        ("harbour", (40, 90, 200)),
        ("studio", (220, 120, 40)),
        ("garden", (40, 180, 90)),
    ):
        Image.new("RGB", (90, 60), colour).save(folder / f"{name}.png")
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    added = run_cli(
        terminal.db,
        "board",
        "add",
        str(folder / "harbour.png"),
        str(folder / "studio.png"),
        str(folder / "garden.png"),
    )
    assert added.returncode == 0, added.stderr
    assert [image["name"] for image in _board(terminal.db)] == [
        "harbour.png",
        "studio.png",
        "garden.png",
    ]

    terminal.start()
    terminal.wait_for("On your board")
    terminal.keys("b")
    terminal.wait_for("Vision board")
    terminal.wait_for("garden.png")
    terminal.keys("Right", "Enter")  # the studio, full screen
    terminal.wait_for("studio.png   (2/3)")
    terminal.keys("Escape")
    terminal.wait_for("3 images")
    terminal.keys("d")  # delete the studio
    terminal.wait_for("2 images")
    assert [image["name"] for image in _board(terminal.db)] == ["harbour.png", "garden.png"]
    terminal.keys("u")
    terminal.wait_for("3 images")
    terminal.keys("d")  # delete it for good: focus moves on to the garden
    terminal.wait_for("2 images")
    terminal.keys("S-Left")  # the garden moves before the harbour
    deadline = time.monotonic() + 20
    while [image["name"] for image in _board(terminal.db)] != ["garden.png", "harbour.png"]:
        assert time.monotonic() < deadline, terminal.screen()
        time.sleep(0.1)
    terminal.keys("Escape")  # back to Today
    terminal.wait_for("day 1 of your search")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")

    assert [image["name"] for image in _board(terminal.db)] == ["garden.png", "harbour.png"]
    again = reopen()
    again.wait_for("On your board")
    again.keys("b")
    again.wait_for("2 images")
    screen = again.wait_for("harbour.png", "garden.png")
    assert screen.index("garden.png") < screen.index("harbour.png")
    assert "studio.png" not in screen
