"""End-to-end: the installed `bounceback` command in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

WIDTH, HEIGHT = 120, 40
# A tmux server of the tests' own: nobody else's sessions are touched, nor can touch these.
TMUX = ("tmux", "-L", f"bounceback-tests-{os.getpid()}")
# A Friday morning, so every pillar has something due.
NOW = "2026-11-20T09:00:00"


def bounceback_command() -> str:
    found = Path(sys.executable).with_name("bounceback")
    return str(found) if found.exists() else (shutil.which("bounceback") or "bounceback")


def cli_env(db: Path) -> dict[str, str]:
    # COLUMNS and LINES would override the pane's real size inside the app.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        {
            "BOUNCEBACK_DB": str(db),
            "BOUNCEBACK_NOW": NOW,
            "TZ": "UTC",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
    )
    return env


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [bounceback_command(), *args], env=cli_env(db), capture_output=True, text=True, timeout=60
    )


class Terminal:
    """One tmux session running one command."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.name = f"bb-{uuid.uuid4().hex[:8]}"

    def start(self, *args: str) -> None:
        env = cli_env(self.db)
        exports = " ".join(
            f"{k}={_quote(env[k])}"
            for k in ("BOUNCEBACK_DB", "BOUNCEBACK_NOW", "TZ", "TERM", "COLORTERM")
        )
        command = " ".join([bounceback_command(), *args])
        subprocess.run(
            [
                *TMUX,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                # `env -u`: a tmux server started elsewhere may hand its shells
                # COLUMNS/LINES, which would override the pane's real size.
                f"env -u COLUMNS -u LINES {exports} {command}; "
                "echo BOUNCEBACK-EXITED $?; sleep 600",
            ],
            check=True,
            env=env,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, *more: str, timeout: float = 20.0) -> str:
        """Poll the pane until `text` (and every one of `more`) shows, or fail with what was on
        screen. A frame is written top to bottom, so asking for everything that a check looks
        at, rather than checking a screen caught half-drawn, keeps the tests honest and calm."""
        wanted = (text, *more)
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if all(piece in shown for piece in wanted):
                return shown
            if time.monotonic() > deadline:
                missing = [piece for piece in wanted if piece not in shown]
                raise AssertionError(f"{missing!r} never appeared; the screen was:\n{shown}")
            time.sleep(0.1)

    def app_pid(self) -> int:
        """The pid of the running bounceback process in the pane."""
        shell = subprocess.run(
            [*TMUX, "display-message", "-p", "-t", self.name, "#{pane_pid}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True
        ).stdout.split()
        assert children, "bounceback is not running in the pane"
        return int(children[0])

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it); end-to-end tests need it")
    term = Terminal(tmp_path / "data" / "bounceback.db")
    yield term
    term.close()


@pytest.fixture
def reopen(terminal: Terminal):
    """Start a fresh session on the same data file."""

    def start_again(*args: str) -> Terminal:
        terminal.close()
        again = Terminal(terminal.db)
        again.name = terminal.name
        again.start(*args)
        return again

    return start_again
