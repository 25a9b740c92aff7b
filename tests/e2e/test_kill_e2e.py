"""SIGKILL right after the screen (or the shell) reported something saved: it is all there."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from ..helpers import Terminal, bounceback_command, cli_env, run_cli

pytestmark = pytest.mark.e2e


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def kill(terminal: Terminal) -> None:
    os.kill(terminal.app_pid(), signal.SIGKILL)
    terminal.wait_for("BOUNCEBACK-EXITED 137")


def board(db: Path) -> list[dict]:
    return json.loads(run_cli(db, "board", "list", "--json").stdout)


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "lighthouse.png"
    Image.new("RGB", (80, 50), (30, 120, 210)).save(path)
    return path


def test_kill_after_an_image_was_added_in_the_app(terminal: Terminal, picture: Path) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    terminal.start()
    terminal.wait_for("day 1 of your search")
    terminal.keys("b")
    terminal.wait_for("Your board is empty")
    terminal.keys("a")
    terminal.wait_for("Add images")
    terminal.type(str(picture))
    terminal.keys("Enter")
    terminal.wait_for("Added 1 image")
    kill(terminal)
    assert [image["name"] for image in board(terminal.db)] == ["lighthouse.png"]
    assert integrity(terminal.db) == "ok"


def test_kill_after_a_caption_edit(terminal: Terminal, picture: Path) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    assert run_cli(terminal.db, "board", "add", str(picture)).returncode == 0
    terminal.start()
    terminal.wait_for("On your board")
    terminal.keys("b")
    # Today shows the file name too (under "On your board"): wait for the board itself.
    terminal.wait_for("Vision board", "lighthouse.png")
    terminal.keys("c")
    # Not "Caption": the board's key bar says that before the dialog opens.
    terminal.wait_for("What this picture is for you")
    terminal.type("The coast I want to live on")
    terminal.wait_for("The coast I want to live on")  # every key reached the dialog's field
    terminal.keys("Enter")
    # Saved: the tile shows the caption instead of the file name, and the dialog has gone
    # (while it is open, the typed caption is on screen in its field, not yet saved).
    terminal.wait_for(
        "The coast I want to live on", gone=("lighthouse.png", "What this picture is for you")
    )
    kill(terminal)
    assert board(terminal.db)[0]["caption"] == "The coast I want to live on"
    assert integrity(terminal.db) == "ok"


def test_kill_right_after_an_import_reported_success(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    assert run_cli(source, "init", "--name", "Robin", "--starter").returncode == 0
    assert run_cli(source, "check", "walk").returncode == 0
    exported = tmp_path / "all.json"
    assert run_cli(source, "export", "-o", str(exported)).returncode == 0
    target = tmp_path / "target.db"
    process = subprocess.Popen(
        [bounceback_command(), "import", str(exported)],
        env=cli_env(target),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Imported"):
            break
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    items = json.loads(run_cli(target, "today", "--json").stdout)["items"]
    assert {i["title"]: i["state"] for i in items}["A 20-minute walk"] == "done"
    assert integrity(target) == "ok"


def test_a_check_from_another_process_shows_up_in_the_open_app(terminal: Terminal) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    terminal.start()
    terminal.wait_for("○ A 20-minute walk")
    assert run_cli(terminal.db, "check", "walk").returncode == 0
    # No key pressed: the open window notices the other process's commit by itself.
    terminal.wait_for("✓ A 20-minute walk", timeout=10)
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
