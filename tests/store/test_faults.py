"""Faults the data file survives: a full disk, two processes at once, a moving clock, a crash
that loses the -wal file, a truncated file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta

import pytest

from tui import clock
from tui.domain.limits import TITLE
from tui.store import entries, routines, tasks
from tui.store import settings as settings_store
from tui.store.db import StoreError, open_db

from ..helpers import TODAY, day_items


def integrity(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_a_full_disk_says_so_and_keeps_what_was_saved(ready_db):
    walk = day_items(ready_db, TODAY)["A 20-minute walk"]
    entries.put(ready_db, walk.ref, TODAY, 1, "kept")
    pages = ready_db.conn.execute("PRAGMA page_count").fetchone()[0]
    ready_db.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="full"):
        for day in range(400):  # grows the file until the cap bites
            tasks.add(ready_db, "learn", "x" * TITLE.most, TODAY - timedelta(days=day))
    ready_db.conn.execute("PRAGMA max_page_count = 1073741823")
    assert day_items(ready_db, TODAY)["A 20-minute walk"].note == "kept"
    assert integrity(ready_db.path) == "ok"


WRITER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta
    from pathlib import Path
    from tui.domain.models import ItemRef
    from tui.store import entries
    from tui.store.db import open_db
    db = open_db(Path(sys.argv[1]))
    routine_id = int(sys.argv[2])
    start = date(2026, 1, 1)
    for n in range(60):
        entries.put(db, ItemRef("routine", routine_id), start + timedelta(days=n), 1, "")
    print("ok")
""")


def test_two_processes_writing_at_once_both_succeed(ready_db):
    ids = [r.id for r in routines.list_routines(ready_db)[:2]]
    env = dict(os.environ)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ready_db.path), str(i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for i in ids
    ]
    results = [run.communicate(timeout=120) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "locked" not in err
        assert out.strip() == "ok"
    count = ready_db.query("SELECT count(*) FROM entries")[0][0]
    assert count == 120
    assert integrity(ready_db.path) == "ok"


def test_entries_keep_their_logical_day_when_the_clock_or_settings_move(ready_db):
    # 01:30 on Sunday with the day starting at 04:00 belongs to Saturday.
    clock.freeze(datetime(2026, 11, 22, 1, 30))
    logical = clock.today(4)
    assert logical == TODAY
    walk = day_items(ready_db, logical)["A 20-minute walk"]
    entries.put(ready_db, walk.ref, logical, 1, "late walk")
    # The day-start hour changes, the clock jumps back a week, the timezone changes:
    settings_store.save(ready_db, dict([settings_store.parse_value("day_start_hour", "0")]))
    clock.freeze(datetime(2026, 11, 15, 9, 0))
    os.environ["TZ"] = "America/New_York"
    try:
        import time

        time.tzset()
        assert day_items(ready_db, TODAY)["A 20-minute walk"].note == "late walk"
        assert entries.on_day(ready_db, date(2026, 11, 22)) == {}
    finally:
        os.environ["TZ"] = "UTC"
        time.tzset()


def test_a_crash_that_lost_the_wal_file_opens_with_what_was_checkpointed(ready_db, tmp_path):
    walk = day_items(ready_db, TODAY)["A 20-minute walk"]
    entries.put(ready_db, walk.ref, TODAY, 1, "checkpointed")
    ready_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "crashed.db"
    shutil.copy(ready_db.path, copy)  # the main file without its -wal and -shm
    reopened = open_db(copy)
    assert day_items(reopened, TODAY)["A 20-minute walk"].note == "checkpointed"
    assert integrity(copy) == "ok"


def test_a_truncated_file_is_refused_in_one_line_and_left_alone(tmp_path):
    from tui.demo import generate

    source = open_db(tmp_path / "whole.db")
    generate(source, images=False)
    source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    whole = source.path.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(StoreError, match="damaged") as refused:
        open_db(cut)
    assert "\n" not in str(refused.value)
    assert cut.read_bytes() == whole[: len(whole) // 3]
    assert not (tmp_path / "cut.db-wal").exists()


# A newer Bounceback that dies mid-session: its data version and its last change are only in
# the -wal, with the -shm beside it.
NEWER_CRASHED = textwrap.dedent("""
    import os, signal, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA user_version = {int(sys.argv[2])}")
    conn.execute("CREATE TABLE from_the_future (x)")
    os.kill(os.getpid(), signal.SIGKILL)
""")


def _hashes(path) -> dict[str, str | None]:
    import hashlib

    found = {}
    for suffix in ("", "-wal", "-shm"):
        part = path.with_name(path.name + suffix)
        found[suffix] = hashlib.sha256(part.read_bytes()).hexdigest() if part.exists() else None
    return found


def test_a_newer_file_with_a_wal_is_refused_with_every_byte_left(db_path) -> None:
    from tui.store.migrations import SCHEMA_VERSION

    open_db(db_path).close()
    crashed = subprocess.run(
        [sys.executable, "-c", NEWER_CRASHED, str(db_path), str(SCHEMA_VERSION + 1)], timeout=60
    )
    assert crashed.returncode == -9
    before = _hashes(db_path)
    assert before["-wal"] is not None and before["-shm"] is not None
    for _ in range(2):
        with pytest.raises(StoreError, match="newer Bounceback") as refused:
            open_db(db_path, read_only_ok=True)
        assert str(SCHEMA_VERSION + 1) in str(refused.value)
        assert _hashes(db_path) == before  # the main file, the -wal and the -shm


def test_a_newer_file_with_a_wal_but_no_shm_is_refused_untouched(db_path) -> None:
    from tui.store.migrations import SCHEMA_VERSION

    open_db(db_path).close()
    subprocess.run(
        [sys.executable, "-c", NEWER_CRASHED, str(db_path), str(SCHEMA_VERSION + 1)], timeout=60
    )
    db_path.with_name(db_path.name + "-shm").unlink()
    before = _hashes(db_path)
    with pytest.raises(StoreError, match="newer Bounceback"):
        open_db(db_path)
    assert _hashes(db_path) == before
    assert sorted(os.listdir(db_path.parent)) == ["bounceback.db", "bounceback.db-wal"]


def _fill_and_check(path) -> None:
    from tui.domain.starter import STARTER

    db = open_db(path)
    settings_store.save(db, {"name": "Sam", "start_date": "2026-11-02"})
    routines.add_many(db, list(STARTER), date(2026, 11, 2))
    walk = day_items(db, TODAY)["A 20-minute walk"]
    entries.put(db, walk.ref, TODAY, 1, "before the disk filled")
    db.close()


def test_reads_work_on_a_full_disk_and_writes_say_it_is_full(tiny_disk) -> None:
    """A real full disk: a tmpfs filled to the last byte, nothing holding the file open."""
    from ..helpers import fill_disk

    path = tiny_disk / "data" / "bounceback.db"
    _fill_and_check(path)
    assert sorted(os.listdir(path.parent)) == ["bounceback.db"]
    fill_disk(tiny_disk)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW="2026-11-21T19:30:00", TZ="UTC", BOUNCEBACK_DB=str(path))

    def bb(*args: str) -> subprocess.CompletedProcess[str]:
        run = [sys.executable, "-m", "tui", *args]
        return subprocess.run(run, env=env, capture_output=True, text=True, timeout=60)

    today = bb("today")
    assert today.returncode == 0, today.stderr
    assert "[x] A 20-minute walk — before the disk filled" in today.stdout
    assert today.stderr.startswith("bounceback: note: the disk holding")
    assert "is full" in today.stderr and "disk I/O error" not in today.stderr
    stats = bb("stats")
    assert stats.returncode == 0, stats.stderr
    check = bb("check", "skill")
    assert check.returncode == 1
    assert check.stderr.strip().splitlines() == [
        f"bounceback: the disk holding {path} is full: nothing was saved"
    ]


def test_a_full_disk_on_opening_falls_back_to_reading(db_path, monkeypatch) -> None:
    """Simulated (runs without root): SQLite's I/O error where it grows the -shm, and no free
    space, at the moment the file is opened for writing."""
    import shutil

    from tui.store import db as db_module

    _fill_and_check(db_path)

    def no_room(conn, path):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("disk I/O error")

    usage = shutil.disk_usage(db_path.parent)
    monkeypatch.setattr(db_module, "prepare", no_room)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=0))
    with pytest.raises(StoreError, match="is full: free some space"):
        open_db(db_path)
    db = open_db(db_path, read_only_ok=True)
    assert db.read_only and db.disk_full
    assert day_items(db, TODAY)["A 20-minute walk"].note == "before the disk filled"
    with pytest.raises(StoreError, match="is full: nothing was saved"):
        settings_store.save(db, {"name": "x"})
    assert sorted(os.listdir(db_path.parent)) == ["bounceback.db"]
