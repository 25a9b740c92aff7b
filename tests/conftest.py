"""Shared fixtures: a temporary data file, a frozen clock, and a set-up store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tui import clock
from tui.domain.starter import STARTER
from tui.store import routines
from tui.store import settings as settings_store
from tui.store.db import Database, open_db

from .helpers import NOW


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the real data dir or depends on the real clock or timezone."""
    monkeypatch.setenv("BOUNCEBACK_DB", str(tmp_path / "default" / "bounceback.db"))
    monkeypatch.setenv("TZ", os.environ.get("BOUNCEBACK_TEST_TZ", "UTC"))
    clock.freeze(NOW)
    # Streaks are recomputed at once in tests, so waiting for workers is enough to see them.
    from tui.screens.today import TodayScreen

    monkeypatch.setattr(TodayScreen, "STATS_DELAY", 0)
    yield
    clock.freeze(None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bounceback.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def ready_db(db: Database) -> Database:
    """A data file set up as after the welcome: a name, a start date, the starter routine."""
    settings_store.save(db, {"name": "Sam", "start_date": "2026-11-02"})
    routines.add_many(db, list(STARTER), date(2026, 11, 2))
    return db


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (a 512 KB tmpfs) to fill up: only as root where mounting is
    allowed; elsewhere the tests that need it skip (those that simulate a full disk run)."""
    import shutil
    import subprocess

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root to mount a tmpfs")
    mount_point = tmp_path / "tiny-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
