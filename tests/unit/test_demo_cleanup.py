"""`bounceback demo` removes its temporary folder when the app quits, fails or is stopped."""

from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import cli
from tui.services import data
from tui.store.db import Database


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where tempfile makes folders during the test."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    # The real demo draws months of history and pictures: a few rows will do here.
    monkeypatch.setattr(data, "fill_with_demo", lambda db: None)
    return root


def run_demo(monkeypatch: pytest.MonkeyPatch, app) -> tuple[object, list[Path]]:  # type: ignore[no-untyped-def]
    """Run `bounceback demo` with `app(db)` in place of the app; what it ended with, and the
    data file the app was given."""
    seen: list[Path] = []

    def fake_app(db: Database, demo: bool = False) -> None:
        assert demo
        seen.append(db.path)
        assert db.path.exists()
        app(db)

    monkeypatch.setattr("tui.commands.demo.run_app", fake_app)
    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=True)
    return result, seen


def test_quitting_removes_the_demo_folder(temp_root, monkeypatch):
    result, seen = run_demo(monkeypatch, lambda db: None)
    assert result.exit_code == 0, result.output
    assert seen and seen[0].parent.parent == temp_root
    assert list(temp_root.iterdir()) == []


@pytest.mark.parametrize(
    "error", [RuntimeError("the app broke"), KeyboardInterrupt(), SystemExit(3)]
)
def test_a_failed_or_stopped_app_removes_it_too(temp_root, monkeypatch, error):
    def broken(db: Database) -> None:
        raise error

    _, seen = run_demo(monkeypatch, broken)
    assert seen
    assert list(temp_root.iterdir()) == []


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP])
def test_kill_or_a_closed_terminal_removes_it_too(temp_root, monkeypatch, ending):
    def killed(db: Database) -> None:
        os.kill(os.getpid(), ending)

    before = signal.getsignal(ending)
    result, seen = run_demo(monkeypatch, killed)
    assert seen and result.exit_code == 128 + ending
    assert list(temp_root.iterdir()) == []
    assert signal.getsignal(ending) == before  # as it was once the demo is over


def test_stopped_while_the_demo_data_is_made_removes_it_too(temp_root, monkeypatch):
    def interrupted(db: Database) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(data, "fill_with_demo", interrupted)
    _, seen = run_demo(monkeypatch, lambda db: None)
    assert not seen
    assert list(temp_root.iterdir()) == []


def test_demo_output_keeps_its_file(tmp_path, temp_root, monkeypatch):
    target = tmp_path / "kept" / "demo.db"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["demo", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists()
