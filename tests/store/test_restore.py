"""`bounceback restore`: a backup put back through SQLite, never by copying over a live -wal.

The crash case is real: a writer process is SIGKILLed with its last change only in the -wal."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from tui.services.backups import restore_backup, restore_data_file
from tui.store import settings as settings_store
from tui.store.backup import backup, list_backups
from tui.store.db import StoreError, open_db, sqlite_uri
from tui.store.migrations import SCHEMA_VERSION

NOW = datetime(2026, 11, 21, 19, 30)


def bb(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW="2026-11-21T19:30:00", TZ="UTC", BOUNCEBACK_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], env=env, capture_output=True, text=True, timeout=60
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bounceback: ")
    return lines[0]


def read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def name_in(path: Path) -> str:
    return read(path, "SELECT value FROM settings WHERE key = 'name'")[0][0].strip('"')


def hashes(*paths: Path) -> dict[str, str | None]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in paths
    }


def sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


# A Bounceback writer that dies mid-session: its last change is only in the -wal.
CRASHING_WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from tui.store import settings
    from tui.store.db import open_db
    db = open_db(Path(sys.argv[1]))
    settings.save(db, {"name": "Newer, only in the wal"})
    os.kill(os.getpid(), signal.SIGKILL)
""")

# A Bounceback that keeps the file open, as the app does, until its stdin closes.
HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tui.store import settings
    from tui.store.db import open_db
    db = open_db(Path(sys.argv[1]))
    settings.load(db)
    print("open", flush=True)
    sys.stdin.read()
""")


def crash_a_writer(path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CRASHING_WRITER, str(path)], timeout=60)
    assert done.returncode == -9
    assert path.with_name(path.name + "-wal").stat().st_size > 0  # the change is in the -wal


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "bounceback.db"
    assert bb(path, "init", "--name", "Sam", "--starter", "--start", "2026-11-02").returncode == 0
    assert bb(path, "check", "walk").returncode == 0
    return path


@pytest.fixture
def saved(data_file: Path, tmp_path: Path) -> Path:
    """A backup of the data file as it is now ("Sam", the walk checked)."""
    done = bb(data_file, "backup", str(tmp_path / "saved.db"))
    assert done.returncode == 0, done.stderr
    return tmp_path / "saved.db"


def test_restore_after_a_crash_puts_the_backup_back_not_the_wal(data_file, saved) -> None:
    assert bb(data_file, "check", "skill").returncode == 0  # after the backup: not in it
    crash_a_writer(data_file)
    done = bb(data_file, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Restored {saved} into {data_file}")
    assert not data_file.with_name("bounceback.db-wal").exists()  # folded in by SQLite, gone
    # What is read is the backup's, whole: not the newer data the crashed -wal held.
    assert name_in(data_file) == "Sam"
    assert read(data_file, "SELECT count(*) FROM entries") == [(1,)]
    # The file as it was, crash data included, is kept beside it, private.
    (aside,) = data_file.parent.glob("bounceback.db.before-restore-*.bak")
    assert f"kept as {aside}" in done.stdout
    assert oct(aside.stat().st_mode & 0o777) == "0o600"
    assert name_in(aside) == "Newer, only in the wal"
    assert read(aside, "SELECT count(*) FROM entries") == [(2,)]
    # And it is a data file Bounceback opens and uses as ever.
    today = bb(data_file, "today")
    assert today.returncode == 0 and "[x] A 20-minute walk" in today.stdout


def test_restore_is_refused_while_another_bounceback_has_the_file_open(data_file, saved):
    assert bb(data_file, "check", "skill").returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = hashes(*sidecars(data_file))
        done = bb(data_file, "restore", str(saved))
        assert done.returncode == 1
        assert "open in another Bounceback" in one_line(done)
        assert hashes(*sidecars(data_file)) == before
        assert not list(data_file.parent.glob("*.before-restore-*"))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert bb(data_file, "restore", str(saved)).returncode == 0  # once it has quit
    assert read(data_file, "SELECT count(*) FROM entries") == [(1,)]


def _damaged(saved: Path, tmp_path: Path) -> Path:
    """A copy of `saved` with one page of a table overwritten: SQLite, but not whole."""
    damaged = tmp_path / "damaged.db"
    data = bytearray(saved.read_bytes())
    page = 4096
    data[page * 2 + 8 : page * 3] = bytes([0xA5]) * (page - 8)
    damaged.write_bytes(bytes(data))
    return damaged


def _other_program(tmp_path: Path) -> Path:
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    return other


def _newer(saved: Path, tmp_path: Path) -> Path:
    newer = tmp_path / "newer.db"
    newer.write_bytes(saved.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return newer


def _text(tmp_path: Path) -> Path:
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    return text


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda saved, tmp: _damaged(saved, tmp), "damaged"),
        (lambda saved, tmp: _other_program(tmp), "not a Bounceback data file"),
        (lambda saved, tmp: _newer(saved, tmp), "newer Bounceback"),
        (lambda saved, tmp: _text(tmp), "not SQLite"),
        (lambda saved, tmp: tmp / "missing.db", "not there"),
        (lambda saved, tmp: tmp, "a folder"),
    ],
    ids=["damaged", "other-program", "newer", "text", "missing", "folder"],
)
def test_a_backup_that_cannot_be_restored_is_refused_in_one_line(
    data_file, saved, tmp_path, make, said
) -> None:
    bad = make(saved, tmp_path)
    bad_before = hashes(bad) if bad.is_file() else None
    before = hashes(*sidecars(data_file))
    done = bb(data_file, "restore", str(bad))
    assert done.returncode == 1
    line = one_line(done)
    assert said in line and "nothing was restored" in line
    assert hashes(*sidecars(data_file)) == before
    assert not list(data_file.parent.glob("*.before-restore-*"))
    if bad_before is not None:
        assert hashes(bad) == bad_before  # the backup is only read


def test_the_data_file_itself_is_not_restored_onto_itself(data_file) -> None:
    done = bb(data_file, "restore", str(data_file))
    assert done.returncode == 1 and "the data file itself" in one_line(done)


def test_a_missing_data_file_is_made_from_the_backup(saved, tmp_path) -> None:
    fresh = tmp_path / "elsewhere" / "bounceback.db"
    done = bb(fresh, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert "kept as" not in done.stdout  # there was nothing to keep
    assert name_in(fresh) == "Sam"
    assert oct(fresh.stat().st_mode & 0o777) == "0o600"
    assert oct(fresh.parent.stat().st_mode & 0o777) == "0o700"


def test_a_damaged_data_file_is_replaced_and_kept_as_it_was(data_file, saved, tmp_path) -> None:
    damaged = _damaged(data_file, tmp_path).read_bytes()
    data_file.write_bytes(damaged)
    done = bb(data_file, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert name_in(data_file) == "Sam"
    (aside,) = data_file.parent.glob("bounceback.db.before-restore-*.bak")
    kept = aside.read_bytes()
    # Page for page, damage and all (the header now says rollback journal, not WAL).
    assert len(kept) == len(damaged) and kept[4096:] == damaged[4096:]


def test_a_data_file_sqlite_cannot_open_is_left_for_the_person_to_move(data_file, saved):
    whole = data_file.read_bytes()
    data_file.write_bytes(whole[: len(whole) // 3 + 100])  # cut short, mid-page
    cut = data_file.read_bytes()
    done = bb(data_file, "restore", str(saved))
    assert done.returncode == 1
    assert "move it somewhere safe" in one_line(done)
    assert data_file.read_bytes() == cut
    # Moved away, as it says: then the restore makes a new data file from the backup.
    data_file.rename(data_file.with_name("damaged.db"))
    assert bb(data_file, "restore", str(saved)).returncode == 0
    assert name_in(data_file) == "Sam"


def test_an_older_backup_is_upgraded_after_it_is_put_back(db, tmp_path) -> None:
    from tui.store.migrations import MIGRATIONS

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(str(MIGRATIONS[0]))  # a file of data version 1
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    change = restore_backup(db, old, NOW)
    assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert change.result.version == 1
    assert list(db.path.parent.glob("bounceback.db.v1-*.bak"))  # the upgrade kept its copy


def test_a_restore_that_does_not_check_out_leaves_the_file_as_it_was(
    ready_db, tmp_path, monkeypatch
):
    from tui.store import backup as backup_module

    saved = backup(ready_db, tmp_path / "saved.db")
    settings_store.save(ready_db, {"name": "After the backup"})
    real = backup_module._copy_pages

    copies: list[object] = []

    def lossy(source, target):
        real(source, target)
        copies.append(source)
        if len(copies) == 2:  # the backup into the data file (the first sets it aside)
            target.execute("DELETE FROM routines")

    monkeypatch.setattr(backup_module, "_copy_pages", lossy)
    with pytest.raises(StoreError, match="did not check out.*left as it was"):
        restore_backup(ready_db, saved, NOW)
    assert settings_store.load(ready_db).name == "After the backup"
    assert ready_db.query("SELECT count(*) FROM routines")[0][0] == 7
    assert ready_db.query("PRAGMA journal_mode")[0][0] == "wal"
    settings_store.save(ready_db, {"name": "still writable"})  # the connection works on


def test_the_same_service_restores_through_an_open_database(ready_db, tmp_path) -> None:
    """As the app does it: its own connection stays open and reads the backup's data."""
    import threading

    saved = backup(ready_db, tmp_path / "saved.db")
    settings_store.save(ready_db, {"name": "After the backup"})
    # A worker's reader is another connection: the restore closes it, and it reconnects.
    reader: list = []
    thread = threading.Thread(target=lambda: reader.append(ready_db.for_thread()))
    thread.start()
    thread.join()
    assert settings_store.load(reader[0]).name == "After the backup"
    change = restore_backup(ready_db, saved, NOW)
    assert change.result.set_aside.name == "bounceback.db.before-restore-20261121-193000.bak"
    assert settings_store.load(ready_db).name == "Sam"
    assert settings_store.load(reader[0]).name == "Sam"
    assert name_in(change.result.set_aside) == "After the backup"
    settings_store.save(ready_db, {"name": "written after"})
    assert settings_store.load(open_db(ready_db.path)).name == "written after"


def test_restore_data_file_is_refused_on_a_newer_data_file(saved, tmp_path) -> None:
    newer = _newer(saved, tmp_path)
    with pytest.raises(StoreError, match="newer Bounceback"):
        restore_data_file(newer, saved, NOW)


def test_backups_are_listed_newest_first(ready_db, tmp_path) -> None:
    first = backup(ready_db, None, datetime(2026, 11, 1, 8, 0))
    second = backup(ready_db, None, datetime(2026, 11, 2, 8, 0))
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(second, (1_700_100_000, 1_700_100_000))
    aside = ready_db.path.with_name("bounceback.db.before-restore-20261103-080000.bak")
    aside.write_bytes(first.read_bytes())
    os.utime(aside, (1_700_200_000, 1_700_200_000))
    assert [b.path for b in list_backups(ready_db.path)] == [aside, second, first]
