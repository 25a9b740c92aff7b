"""Opening the data file: permissions, pragmas, refusals that touch nothing, migrations."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tui.domain.models import RoutineDraft
from tui.store import db as db_module
from tui.store import migrations as migrations_module
from tui.store import routines
from tui.store.db import BUSY_TIMEOUT_MS, Database, StoreError, open_db
from tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(path: Path) -> tuple[bytes, int, int, list[str]]:
    """Bytes, mtime, mode of a file, and what its folder holds."""
    info = path.stat()
    return path.read_bytes(), info.st_mtime_ns, info.st_mode, sorted(os.listdir(path.parent))


def _refused(path: Path, fragment: str) -> str:
    with pytest.raises(StoreError) as caught:
        open_db(path)
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    return message


def _assert_refused_untouched(path: Path, fragment: str) -> None:
    before = _snapshot(path)
    _refused(path, fragment)
    assert _snapshot(path) == before


# --- a new file --------------------------------------------------------------------------------


def test_open_creates_the_file_0600_and_the_folder_0700(db_path: Path) -> None:
    assert not db_path.parent.exists()
    database = open_db(db_path)
    try:
        assert db_path.is_file()
        assert _mode(db_path) == 0o600
        assert _mode(db_path.parent) == 0o700
    finally:
        database.close()


def test_open_makes_an_existing_file_private(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    open_db(path).close()
    path.chmod(0o644)
    open_db(path).close()
    assert _mode(path) == 0o600


def test_pragmas_and_version(db: Database) -> None:
    assert db.query("PRAGMA journal_mode")[0][0] == "wal"
    assert db.query("PRAGMA foreign_keys")[0][0] == 1
    assert db.query("PRAGMA busy_timeout")[0][0] == BUSY_TIMEOUT_MS > 0
    assert db.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION == len(MIGRATIONS)
    tables = {row[0] for row in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"settings", "routines", "tasks", "entries"} <= tables


def test_reopen_keeps_data_and_takes_no_copy(db_path: Path) -> None:
    database = open_db(db_path)
    routines.add(database, RoutineDraft("learn", "Read"), date(2026, 11, 2))
    database.close()
    database = open_db(db_path)
    try:
        assert [r.title for r in routines.list_routines(database)] == ["Read"]
    finally:
        database.close()
    assert not list(db_path.parent.glob("*.bak"))


def test_an_empty_file_becomes_a_data_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    database = open_db(path)
    try:
        assert database.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    finally:
        database.close()


def test_data_version_changes_when_another_connection_commits(db: Database) -> None:
    before = db.data_version()
    other = sqlite3.connect(db.path)
    try:
        other.execute("INSERT INTO settings (key, value) VALUES ('name', '\"Kim\"')")
        other.commit()
    finally:
        other.close()
    assert db.data_version() != before


# --- refusals: one line, nothing touched -------------------------------------------------------


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep me")
    _refused(folder, "is a folder")
    assert os.listdir(folder) == ["inside.txt"]


def test_a_parent_that_cannot_be_created_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    before = _snapshot(blocker)
    _refused(blocker / "sub" / "bounceback.db", "cannot create the folder")
    assert _snapshot(blocker) == before
    assert blocker.is_file()


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    yield folder
    folder.chmod(0o700)


def test_a_parent_that_cannot_be_created_in_a_read_only_folder(read_only_dir: Path) -> None:
    if os.access(read_only_dir, os.W_OK):
        pytest.skip("running as root: a read-only folder is writable anyway")
    _refused(read_only_dir / "sub" / "bounceback.db", "cannot create the folder")
    assert os.listdir(read_only_dir) == []


def test_a_new_file_in_a_read_only_folder(read_only_dir: Path) -> None:
    if os.access(read_only_dir, os.W_OK):
        pytest.skip("running as root: a read-only folder is writable anyway")
    _refused(read_only_dir / "bounceback.db", "read-only")
    assert os.listdir(read_only_dir) == []


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\nnot a database\n")
    _assert_refused_untouched(path, "not SQLite")


def test_a_short_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "short.db"
    path.write_bytes(b"hi")
    _assert_refused_untouched(path, "not SQLite")


def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    _assert_refused_untouched(path, "not SQLite")


def test_a_damaged_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(4000))
    _assert_refused_untouched(path, "damaged")


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('Ada')")
    other.commit()
    other.close()
    _assert_refused_untouched(path, "another program")
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert check.execute("SELECT name FROM contacts").fetchall() == [("Ada",)]
    finally:
        check.close()


def test_a_newer_data_file_is_refused_untouched(db_path: Path) -> None:
    open_db(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    before = _snapshot(db_path)
    message = _refused(db_path, "newer Bounceback")
    assert _snapshot(db_path) == before
    assert str(SCHEMA_VERSION + 1) in message


def test_a_read_only_file_is_refused_untouched(db_path: Path) -> None:
    open_db(db_path).close()
    db_path.chmod(0o400)
    try:
        if os.access(db_path, os.W_OK):
            pytest.skip("running as root: a read-only file is writable anyway")
        _assert_refused_untouched(db_path, "read-only")
    finally:
        db_path.chmod(0o600)


def test_a_broken_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "gone" / "bounceback.db")
    _refused(link, "broken link")
    assert link.is_symlink()
    assert not (tmp_path / "gone").exists()


def test_a_symlink_to_a_data_file_works(tmp_path: Path, db_path: Path) -> None:
    open_db(db_path).close()
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    database = open_db(link)
    try:
        assert database.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
    finally:
        database.close()


# --- transactions ------------------------------------------------------------------------------


def test_write_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('name', '\"A\"')")
        raise RuntimeError("boom")
    assert db.query("SELECT count(*) FROM settings")[0][0] == 0
    # The connection is usable afterwards.
    with db.write() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('name', '\"B\"')")
    assert db.query("SELECT value FROM settings")[0][0] == '"B"'


def test_sqlite_errors_inside_write_become_store_errors(db: Database) -> None:
    with pytest.raises(StoreError) as caught, db.write() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', '2')")
    assert "UNIQUE" in str(caught.value)
    assert db.query("SELECT count(*) FROM settings")[0][0] == 0


def test_store_writers_compose_into_one_transaction(db: Database) -> None:
    from datetime import date

    from tui.store import settings, tasks

    with pytest.raises(RuntimeError), db.write():
        settings.save(db, {"name": "Ana"})
        tasks.add(db, "apply", "Send the CV", date(2026, 12, 1))
        raise RuntimeError("the last step failed")
    # Neither writer's work survived: they joined the one transaction.
    assert db.query("SELECT count(*) FROM settings")[0][0] == 0
    assert db.query("SELECT count(*) FROM tasks")[0][0] == 0
    with db.write():
        settings.save(db, {"name": "Ana"})
        tasks.add(db, "apply", "Send the CV", date(2026, 12, 1))
    assert db.query("SELECT count(*) FROM tasks")[0][0] == 1
    assert not db.conn.in_transaction


def test_a_failed_joined_block_undoes_only_itself(db: Database) -> None:
    from tui.domain.errors import InvalidInput
    from tui.store import settings, tasks

    with db.write():
        settings.save(db, {"name": "Ana"})
        with pytest.raises(InvalidInput):
            tasks.add(db, "apply", "   ", __import__("datetime").date(2026, 12, 1))
        with pytest.raises(RuntimeError), db.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('theme', '\"x\"')")
            raise RuntimeError("inner")
    assert [r[0] for r in db.query("SELECT key FROM settings")] == ["name"]


def test_only_one_place_begins_a_write_transaction() -> None:
    from pathlib import Path

    import tui

    package = Path(tui.__file__).parent
    found = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "BEGIN IMMEDIATE" in path.read_text(encoding="utf-8")
    ]
    assert found == ["store/db.py"]
    assert (package / "store" / "db.py").read_text(encoding="utf-8").count("BEGIN IMMEDIATE") == 1


def test_query_errors_become_store_errors(db: Database) -> None:
    with pytest.raises(StoreError, match="no such table"):
        db.query("SELECT * FROM nothing_here")


def test_a_busy_file_is_one_line(db: Database) -> None:
    db.conn.execute("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(db.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="busy in another program"), db.write():
            pass
        other.execute("ROLLBACK")
    finally:
        other.close()
    with db.write() as conn:  # free again
        conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")


# --- migrations --------------------------------------------------------------------------------


@pytest.fixture
def set_migrations(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def apply(steps: list[str]) -> None:
        for module in (db_module, migrations_module):
            monkeypatch.setattr(module, "MIGRATIONS", steps)
            monkeypatch.setattr(module, "SCHEMA_VERSION", len(steps))

    return apply


STEP_2 = """
    CREATE TABLE fake_step (
        id INTEGER PRIMARY KEY,
        reason TEXT NOT NULL DEFAULT 'time off; rest'
    );
    CREATE TABLE fake_step_log (what TEXT);
    CREATE TRIGGER fake_step_logged AFTER INSERT ON fake_step BEGIN
        INSERT INTO fake_step_log VALUES ('added; logged');
    END;
    INSERT INTO fake_step (reason) VALUES ('first; of many');
"""


def _version_1_file(db_path: Path, set_migrations) -> None:  # type: ignore[no-untyped-def]
    set_migrations(MIGRATIONS[:1])
    database = open_db(db_path)
    routines.add(database, RoutineDraft("apply", "Send applications", 2), date(2026, 11, 2))
    database.close()


def test_migration_takes_a_private_copy_first(db_path: Path, set_migrations) -> None:  # type: ignore[no-untyped-def]
    _version_1_file(db_path, set_migrations)
    assert not list(db_path.parent.glob("*.bak"))
    set_migrations([MIGRATIONS[0], STEP_2])
    database = open_db(db_path)
    try:
        assert database.query("PRAGMA user_version")[0][0] == 2
        # Semicolons inside strings and trigger bodies did not split statements.
        assert [tuple(r) for r in database.query("SELECT reason FROM fake_step")] == [
            ("first; of many",)
        ]
        assert [tuple(r) for r in database.query("SELECT what FROM fake_step_log")] == [
            ("added; logged",)
        ]
        assert [r.title for r in routines.list_routines(database)] == ["Send applications"]
    finally:
        database.close()
    (copy,) = db_path.parent.glob(f"{db_path.name}.v1-*.bak")
    assert _mode(copy) == 0o600
    with copy.open("rb") as handle:
        assert handle.read(16) == b"SQLite format 3\x00"
    old = sqlite3.connect(copy)
    try:
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT title FROM routines").fetchall() == [("Send applications",)]
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
        assert "fake_step" not in tables
    finally:
        old.close()
    # Opening again at the new version takes no second copy.
    open_db(db_path).close()
    assert len(list(db_path.parent.glob("*.bak"))) == 1


def test_a_failing_migration_rolls_back_the_step_and_the_version(
    db_path: Path,
    set_migrations,  # type: ignore[no-untyped-def]
) -> None:
    _version_1_file(db_path, set_migrations)
    broken = "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1)"
    set_migrations([MIGRATIONS[0], broken])
    _refused(db_path, "no_such_table")
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert raw.execute("SELECT title FROM routines").fetchall() == [("Send applications",)]
    finally:
        raw.close()
    # The copy was taken before trying; a fixed step migrates cleanly afterwards.
    assert len(list(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))) == 1
    set_migrations([MIGRATIONS[0], STEP_2])
    database = open_db(db_path)
    try:
        assert database.query("PRAGMA user_version")[0][0] == 2
    finally:
        database.close()


def test_a_new_file_is_not_copied(db_path: Path) -> None:
    open_db(db_path).close()
    assert sorted(p.name for p in db_path.parent.iterdir() if p.suffix == ".bak") == []


def test_a_read_only_file_is_refused_untouched_even_as_root(tmp_path, monkeypatch):
    """Root can write anywhere, so simulate what a normal user meets: no write access."""
    import os as os_module

    from tui.store.db import StoreError, open_db

    path = tmp_path / "ro.db"
    open_db(path).close()
    before = path.read_bytes()
    real_access = os_module.access

    def no_write(target, mode, *args, **kwargs):
        if mode & os_module.W_OK and str(target) == str(path):
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os_module, "access", no_write)
    try:
        open_db(path)
    except StoreError as error:
        assert "read-only" in str(error)
        assert "\n" not in str(error)
    else:
        raise AssertionError("a read-only file was opened for writing")
    assert path.read_bytes() == before


def _step_with_sqlite_utils(rows) -> None:  # type: ignore[no-untyped-def]
    rows.table("fake_applications").create(
        {"id": int, "company": str, "sent_on": str}, pk="id", not_null={"company"}
    )
    rows.table("fake_applications").create_index(["company"])
    rows.table("routines").add_column("counts", str, not_null_default="")
    rows.table("fake_applications").insert({"company": "Acme", "sent_on": "2026-11-20"})


def test_a_migration_step_can_be_written_with_sqlite_utils(
    db_path: Path,
    set_migrations,  # type: ignore[no-untyped-def]
) -> None:
    _version_1_file(db_path, set_migrations)
    set_migrations([MIGRATIONS[0], _step_with_sqlite_utils])
    database = open_db(db_path)
    try:
        assert database.query("PRAGMA user_version")[0][0] == 2
        assert [tuple(r) for r in database.query("SELECT company FROM fake_applications")] == [
            ("Acme",)
        ]
        columns = {r["name"] for r in database.query("PRAGMA table_info(routines)")}
        assert "counts" in columns
        assert database.query("SELECT counts FROM routines")[0][0] == ""
        indexes = {r["name"] for r in database.query("PRAGMA index_list(fake_applications)")}
        assert any("company" in name for name in indexes)
    finally:
        database.close()


def test_a_failing_sqlite_utils_step_rolls_back_with_its_version(
    db_path: Path,
    set_migrations,  # type: ignore[no-untyped-def]
) -> None:
    _version_1_file(db_path, set_migrations)

    def broken(rows) -> None:  # type: ignore[no-untyped-def]
        _step_with_sqlite_utils(rows)
        rows.execute("INSERT INTO no_such_table VALUES (1)")

    set_migrations([MIGRATIONS[0], broken])
    _refused(db_path, "no_such_table")
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "fake_applications" not in tables
        columns = {r[1] for r in raw.execute("PRAGMA table_info(routines)")}
        assert "counts" not in columns
    finally:
        raw.close()
