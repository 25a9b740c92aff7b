"""Shared fixtures: a temporary data file, a frozen clock, and a set-up store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from tui import clock
from tui.domain.starter import STARTER
from tui.store import routines
from tui.store import settings as settings_store
from tui.store.db import Database, open_db

# A Saturday evening: apply and network rest today by default.
NOW = datetime(2026, 11, 21, 19, 30)
TODAY = date(2026, 11, 21)


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


def deny_writes(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """As a normal user meets a file they may not write (root could write anyway, so pretend):
    no write access to `path` or its folder."""
    real_access = os.access

    def no_write(target, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode & os.W_OK and str(target) in (str(path), str(path.parent)):
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", no_write)


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


def fill_disk(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte; remove the file to free it."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass
    assert os.statvfs(folder).f_bavail == 0
    return filler
