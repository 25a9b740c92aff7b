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
    target = backup(ready_db, tmp_path / "copy.db")
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert rows(target) == rows(ready_db.path)
    copy = open_db(target)  # a backup opens as a data file of its own
    assert day_items(copy, TODAY)["30 minutes on a skill"].note == "SQL"


def test_a_backup_into_a_folder_gets_a_dated_name_and_never_overwrites(ready_db, tmp_path):
    first = backup(ready_db, tmp_path)
    assert first.parent == tmp_path and first.name.startswith("bounceback-")
    with pytest.raises(StoreError, match="exists already"):
        backup(ready_db, first)


def test_the_daily_backup_runs_once_a_day_and_keeps_seven(ready_db):
    made = [daily_backup(ready_db, TODAY - timedelta(days=n)) for n in range(10, -1, -1)]
    assert all(path is not None for path in made)
    assert daily_backup(ready_db, TODAY) is None  # once a day
    folder = ready_db.path.parent / "backups"
    kept = sorted(p.name for p in folder.glob("*-daily-*.db"))
    assert len(kept) == 7
    assert kept[-1] == f"bounceback-daily-{TODAY.isoformat()}.db"
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    for path in folder.iterdir():
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_a_backup_of_a_missing_place_says_so(ready_db, tmp_path):
    with pytest.raises(StoreError, match="cannot write"):
        backup(ready_db, tmp_path / "no" / "such" / "folder" / "x.db")
    assert rows(ready_db.path) == []  # the data file itself is untouched
    assert not (tmp_path / "no").exists()


def _drop_a_row_in_the_copy(real_copy):
    def copy_and_lose_a_row(source, target):
        real_copy(source, target)
        target.execute("DELETE FROM routines WHERE id = (SELECT max(id) FROM routines)")

    return copy_and_lose_a_row


@pytest.mark.parametrize("kind", ["backup", "daily"])
def test_a_copy_that_does_not_check_out_is_removed_and_said(ready_db, tmp_path, kind, monkeypatch):
    from tui.store import backup as backup_module

    monkeypatch.setattr(
        backup_module, "_copy_pages", _drop_a_row_in_the_copy(backup_module._copy_pages)
    )
    target = tmp_path / "copy.db"
    with pytest.raises(StoreError, match="did not check out") as failed:
        if kind == "backup":
            backup(ready_db, target)
        else:
            daily_backup(ready_db, TODAY)
    assert "\n" not in str(failed.value) and "routines" in str(failed.value)
    assert not target.exists()
    folder = ready_db.path.parent / "backups"
    assert not folder.exists() or list(folder.iterdir()) == []  # no copy, no temporary file
    assert sorted(os.listdir(tmp_path)) == ["data"]


def test_the_cli_says_a_failed_check_in_one_line(tmp_path):
    """In a process of its own: `_copy_pages` made to lose a row, then `bounceback backup`."""
    import subprocess
    import sys
    import textwrap

    db = tmp_path / "data" / "b.db"
    script = textwrap.dedent(f"""
        import sys
        from tui.store import backup
        real = backup._copy_pages
        def lossy(source, target):
            real(source, target)
            target.execute("DELETE FROM settings")
        backup._copy_pages = lossy
        sys.argv = ["bounceback", "--db", {str(db)!r}, *sys.argv[1:]]
        from tui.cli import main
        main()
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    run = [sys.executable, "-c", script]
    assert subprocess.run([*run, "init", "--name", "Sam"], env=env).returncode == 0
    done = subprocess.run([*run, "backup"], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "did not check out" in done.stderr
    assert list((db.parent / "backups").iterdir()) == []
