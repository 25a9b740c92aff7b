"""`bounceback demo` in a real terminal: its temporary folder goes when the app does."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from ..helpers import Terminal

pytestmark = pytest.mark.e2e


def demo_folder(pid: int) -> Path:
    """The temporary folder of the demo's data file, from the files the process holds open."""
    fds = Path(f"/proc/{pid}/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc to see which files the app holds open")
    for fd in fds.iterdir():
        try:
            target = Path(os.readlink(fd))
        except OSError:
            continue
        if target.parent.name.startswith("bounceback-demo-"):
            return target.parent
    raise AssertionError("the demo holds no file in a bounceback-demo- folder")


def test_quitting_the_demo_removes_its_folder(terminal: Terminal) -> None:
    terminal.start("demo")
    terminal.wait_for("of your search", timeout=60)
    folder = demo_folder(terminal.app_pid())
    assert folder.is_dir()
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
    assert not folder.exists()


def test_closing_the_terminal_on_the_demo_removes_its_folder(terminal: Terminal) -> None:
    terminal.start("demo")
    terminal.wait_for("of your search", timeout=60)
    pid = terminal.app_pid()
    folder = demo_folder(pid)
    os.kill(pid, signal.SIGHUP)  # what a terminal window sends when it is closed
    terminal.wait_for(f"BOUNCEBACK-EXITED {128 + signal.SIGHUP}")
    assert not folder.exists()
