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

from ..conftest import TODAY
from ..ui.conftest import day_items


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
