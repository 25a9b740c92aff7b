"""Any path works: characters that mean something in a `file:` URI (`?`, `#`, `%`), a space,
non-ASCII letters and a newline, in the folder and in the file name. Every connection Bounceback
makes (the data file, worker readers, read-only opens, backups, the daily copy) means that file,
and nothing else is created beside it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tui.store import entries
from tui.store.backup import backup, daily_backup
from tui.store.db import open_db

from ..helpers import TODAY, day_items, deny_writes

ODD = ["we?ird", "bk#dir", "100%", "%41", "a space", "naïve-ü", "new\nline", "[1]*"]


def _ids(name: str) -> str:
    return name.encode("unicode_escape").decode()


@pytest.fixture(params=ODD, ids=_ids)
def odd(request) -> str:
    return request.param


@pytest.fixture(params=["folder", "file"])
def odd_path(request, tmp_path: Path, odd: str) -> Path:
    if request.param == "folder":
        return tmp_path / f"data {odd}" / "bounceback.db"
    return tmp_path / "data" / f"b{odd}.db"


def _everything_under(folder: Path) -> set[str]:
    return {
        str(Path(root, name).relative_to(folder))
        for root, dirs, files in os.walk(folder)
        for name in [*dirs, *files]
    }


def _notes(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{_uri_path(path)}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT note FROM entries ORDER BY id")]
    finally:
        conn.close()


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return "//" + quote(os.path.abspath(path))


def test_every_connection_means_that_very_file(odd_path: Path, tmp_path: Path) -> None:
    from tui.domain.starter import STARTER
    from tui.store import routines
    from tui.store import settings as settings_store

    db = open_db(odd_path)
    settings_store.save(db, {"name": "Sam", "start_date": "2026-11-02"})
    routines.add_many(db, list(STARTER), TODAY)
    walk = day_items(db, TODAY)["A 20-minute walk"]
    entries.put(db, walk.ref, TODAY, 1, "kept")

    # A worker's own reader connection reads the same file.
    seen: list[str] = []
    reader = threading.Thread(
        target=lambda: seen.append(day_items(db.for_thread(), TODAY)["A 20-minute walk"].note)
    )
    reader.start()
    reader.join()
    assert seen == ["kept"]

    # `bounceback backup` into the default folder, into a named file, and the daily copy.
    made = [
        backup(db),
        backup(db, odd_path.parent / f"copy {odd_path.stem}.db"),
        daily_backup(db, TODAY),
    ]
    for copy in made:
        assert copy is not None and copy.exists()
        assert _notes(copy) == ["kept"]
    db.close()

    expected = {
        odd_path.name,
        "backups",
        *(str(copy.relative_to(odd_path.parent)) for copy in made if copy is not None),
    }
    assert _everything_under(odd_path.parent) == expected  # no stray file, no `-wal` left

    # The same file opens again, and read-only.
    assert day_items(open_db(odd_path), TODAY)["A 20-minute walk"].note == "kept"


def test_a_read_only_open_means_that_very_file(odd_path, monkeypatch) -> None:
    db = open_db(odd_path)
    db.close()
    deny_writes(monkeypatch, odd_path)
    again = open_db(odd_path, read_only_ok=True)
    try:
        assert again.read_only
        assert again.query("PRAGMA user_version")[0][0] > 0
        assert again.query("SELECT count(*) FROM routines")[0][0] == 0
    finally:
        again.close()
    assert not any(
        name != odd_path.name and odd_path.name not in name for name in os.listdir(odd_path.parent)
    )


def test_the_daily_backup_keeps_only_its_own_files(tmp_path: Path) -> None:
    """The rolling copy prunes by name, not by a glob pattern made of the file's name."""
    from datetime import timedelta

    db = open_db(tmp_path / "x" / "b?.db")
    folder = tmp_path / "x" / "backups"
    folder.mkdir()
    stranger = folder / "bX-daily-2000-01-01.db"  # matches the glob `b?-daily-*.db`
    stranger.write_bytes(b"someone else's")
    for days in range(9):
        daily_backup(db, TODAY - timedelta(days=days))
    assert stranger.exists()
    assert len([p for p in folder.iterdir() if p.name.startswith("b?-daily-")]) == 7
    db.close()


def bb(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW="2026-11-21T19:30:00", TZ="UTC")
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_backup_from_the_shell_with_a_question_mark(tmp_path: Path) -> None:
    path = tmp_path / "trial" / "we?ird.db"
    assert bb(path, "init", "--name", "Sam", "--starter").returncode == 0
    assert bb(path, "check", "walk").returncode == 0
    target = tmp_path / "trial" / "copy#1.db"
    done = bb(path, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Backed up to ")
    conn = sqlite3.connect(f"file:{_uri_path(target)}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    conn.close()
    assert sorted(os.listdir(path.parent)) == ["copy#1.db", "we?ird.db"]
