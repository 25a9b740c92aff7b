"""End-to-end fixtures: the installed `bounceback` command in a real terminal (tmux)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..helpers import Terminal


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
