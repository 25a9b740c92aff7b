"""Backups: consistent copies, private files, a rolling daily copy."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta

import pytest

from tui.store import entries
from tui.store.backup import backup, daily_backup
from tui.store.db import StoreError, open_db

from ..helpers import TODAY, day_items


def rows(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(
            "SELECT routine_id, day, amount, note FROM entries ORDER BY 1, 2"
        ).fetchall()
    finally:
        conn.close()


def test_a_backup_is_a_consistent_private_copy_while_the_file_is_open(ready_db, tmp_path):
    item = day_items(ready_db, TODAY)["30 minutes on a skill"]
    entries.put(ready_db, item.ref, TODAY, 1, "SQL")
    target = backup(ready_db.path, tmp_path / "copy.db")
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert rows(target) == rows(ready_db.path)
    copy = open_db(target)  # a backup opens as a data file of its own
    assert day_items(copy, TODAY)["30 minutes on a skill"].note == "SQL"


def test_a_backup_into_a_folder_gets_a_dated_name_and_never_overwrites(ready_db, tmp_path):
    first = backup(ready_db.path, tmp_path)
    assert first.parent == tmp_path and first.name.startswith("bounceback-")
    with pytest.raises(StoreError, match="exists already"):
        backup(ready_db.path, first)


def test_the_daily_backup_runs_once_a_day_and_keeps_seven(ready_db):
    made = [daily_backup(ready_db.path, TODAY - timedelta(days=n)) for n in range(10, -1, -1)]
    assert all(path is not None for path in made)
    assert daily_backup(ready_db.path, TODAY) is None  # once a day
    folder = ready_db.path.parent / "backups"
    kept = sorted(p.name for p in folder.glob("*-daily-*.db"))
    assert len(kept) == 7
    assert kept[-1] == f"bounceback-daily-{TODAY.isoformat()}.db"
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    for path in folder.iterdir():
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_a_backup_of_a_missing_place_says_so(ready_db, tmp_path):
    with pytest.raises(StoreError, match="cannot write"):
        backup(ready_db.path, tmp_path / "no" / "such" / "folder" / "x.db")
    assert rows(ready_db.path) == []  # the data file itself is untouched
    assert not (tmp_path / "no").exists()
