"""End-to-end fixtures: the installed `bounceback` command in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..helpers import TERMINAL_HEIGHT, TERMINAL_WIDTH, TMUX, Terminal

SPARE_SESSION = "spare"


@pytest.fixture(scope="session")
def tmux_server() -> Iterator[None]:
    """The tests' tmux server, kept up from the first terminal to the end of the run by a spare
    session. tmux exits when its last session ends, and a session started at that moment meets
    a server on its way out ("server exited unexpectedly"): `reopen` closed the only session and
    started the next at once. With the spare there is always one left."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it); end-to-end tests need it")
    subprocess.run(
        [
            *TMUX,
            "new-session",
            "-d",
            "-s",
            SPARE_SESSION,
            "-x",
            str(TERMINAL_WIDTH),
            "-y",
            str(TERMINAL_HEIGHT),
            "sleep 86400",  # longer than any run; it only has to keep the server up
        ],
        check=True,
        # This first session starts the server, whose environment every later session inherits:
        # no COLUMNS/LINES to override a pane's size, no data file of anyone's.
        env={k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "BOUNCEBACK_DB")},
    )
    socket = subprocess.run(
        [*TMUX, "display-message", "-p", "-t", SPARE_SESSION, "#{socket_path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    yield
    # The spare, and any session a failed test left behind, go with the server; tmux leaves
    # its socket file behind, so that goes too.
    subprocess.run([*TMUX, "kill-server"], capture_output=True)
    Path(socket).unlink(missing_ok=True)


@pytest.fixture
def terminal(tmux_server: None, tmp_path: Path) -> Iterator[Terminal]:
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
