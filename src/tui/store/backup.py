"""Consistent copies of the data file: on request, a rolling daily one, and putting one back.

Copies go through SQLite's backup API from a connection of the open `Database` (a worker's own
reader in the app), so they are consistent while the app is open, and each is checked before
it is kept. A restore writes the backup into the live file through the backup API too, so the
file's -wal is SQLite's business, never a `cp`'s.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..files import make_private_folder, private_file
from .db import (
    BUSY_TIMEOUT_MS,
    Database,
    StoreError,
    _check_path,
    _check_version,
    _peek,
    connect,
    prepare,
    read_snapshot,
)
from .migrations import SCHEMA_VERSION

DAILY_KEEP = 7
BACKUP_FOLDER = "backups"
BEFORE_RESTORE = "before-restore"
TAKE_TIMEOUT_MS = 1000
"""How long a restore waits for the data file to be free (a `bounceback today` finishing)."""
BOUNCEBACK_TABLES = frozenset({"settings", "routines", "tasks", "entries"})


@dataclass(frozen=True)
class Fingerprint:
    """What a copy must match: the data version and the rows in each table."""

    version: int
    rows: tuple[tuple[str, int], ...]

    def table_names(self) -> set[str]:
        return {name for name, _ in self.rows}


def fingerprint(conn: sqlite3.Connection) -> Fingerprint:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    rows = tuple(
        (name, int(conn.execute(f'SELECT count(*) FROM "{_quoted(name)}"').fetchone()[0]))
        for name in names
    )
    return Fingerprint(version, rows)


def _quoted(name: str) -> str:
    return name.replace('"', '""')


def _problems(conn: sqlite3.Connection) -> list[str]:
    found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    return [] if found == ["ok"] else found


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """SQLite's backup API: every page of `source` into `target`, as one consistent state."""
    source.backup(target)


# ------------------------------------------------------------------------------ copies


def copy_database(db: Database, target: Path) -> Path:
    """Copy the data file `db` has open to a new file `target` (0600), consistently, even while
    it is in use, and check the copy before keeping it: it opens, `integrity_check` says ok,
    and it has the same data version and the same number of rows in every table. A copy that
    fails the check is removed."""
    target = Path(target)
    if os.path.lexists(target):
        raise StoreError(f"{target} exists already: choose another name")
    source = db.for_thread()
    try:
        with private_file(target) as temporary:
            with source.reading() as conn:
                expected = fingerprint(conn)
                written = connect(temporary, "rw")
                try:
                    _copy_pages(conn, written)
                    written.execute("PRAGMA journal_mode = DELETE")
                finally:
                    written.close()
            _check_copy(temporary, expected, target)
    except FileExistsError:
        raise StoreError(f"{target} exists already: choose another name") from None
    except sqlite3.Error as error:
        raise StoreError(f"the backup to {target} failed: {error} (nothing was kept)") from None
    except OSError as error:
        raise StoreError(f"cannot write {target}: {error.strerror}") from None
    return target


def _check_copy(copy: Path, expected: Fingerprint, shown_as: Path) -> None:
    conn = connect(copy, "ro")
    try:
        problems = _problems(conn)
        found = fingerprint(conn) if not problems else None
    finally:
        conn.close()
    if problems:
        why = f"integrity_check: {problems[0]}"
    elif found is not None and found.version != expected.version:
        why = f"data version {found.version} instead of {expected.version}"
    elif found is not None and found.rows != expected.rows:
        differ = dict(found.rows).items() ^ dict(expected.rows).items()
        why = f"the rows of {sorted({name for name, _ in differ})[0]} differ"
    else:
        return
    raise StoreError(f"the backup to {shown_as} did not check out ({why}): it was not kept")


def backup(db: Database, dest: Path | None = None, now: datetime | None = None) -> Path:
    """`bounceback backup [DEST]`: into DEST (a file, or a folder to put a dated file in)."""
    source = db.path
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{source.stem}-{stamp}.db"
    if dest is None:
        return copy_database(db, backup_folder(source) / name)
    if dest.is_dir():
        return copy_database(db, dest / name)
    return copy_database(db, dest)


def backup_folder(source: Path, create: bool = True) -> Path:
    """`backups/` beside the data file (0700)."""
    folder = source.parent / BACKUP_FOLDER
    if create:
        try:
            make_private_folder(folder)
        except OSError as error:
            raise StoreError(f"cannot create {folder}: {error.strerror}") from None
    return folder


def daily_backup(db: Database, today: date, keep: int = DAILY_KEEP) -> Path | None:
    """Once a day: a copy named for the day, keeping the newest `keep`. None if done already."""
    source = db.path
    folder = backup_folder(source)
    target = folder / f"{source.stem}-daily-{today.isoformat()}.db"
    if target.exists():
        return None
    copy_database(db, target)
    # Matched by name, never by a glob made of the file's name: `?`, `*` and `[` in it would
    # match (and prune) other files.
    prefix = f"{source.stem}-daily-"
    dailies = sorted(
        name
        for name in os.listdir(folder)
        if name.startswith(prefix) and name.endswith(".db") and _is_day(name[len(prefix) : -3])
    )
    for old in dailies[:-keep]:
        with contextlib.suppress(OSError):
            (folder / old).unlink()
    return target


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


# ------------------------------------------------------------------------------ restoring


@dataclass(frozen=True)
class BackupFile:
    """A copy that can be put back: where it is, when it was written, how big it is."""

    path: Path
    modified: datetime
    size: int


def list_backups(data_file: Path) -> list[BackupFile]:
    """The copies a person may restore, newest first: the files in backups/ beside the data
    file, and the copies kept beside it before a restore or an upgrade (`*.bak`)."""
    found: list[Path] = []
    folder = backup_folder(data_file, create=False)
    with contextlib.suppress(OSError):
        found.extend(folder / name for name in os.listdir(folder) if not name.startswith("."))
    with contextlib.suppress(OSError):
        found.extend(
            data_file.parent / name
            for name in os.listdir(data_file.parent)
            if name.startswith(data_file.name + ".") and name.endswith(".bak")
        )
    listed: list[BackupFile] = []
    for path in found:
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file() and not path.name.endswith(("-wal", "-shm", "-journal")):
            listed.append(BackupFile(path, datetime.fromtimestamp(info.st_mtime), info.st_size))
    return sorted(listed, key=lambda backup: (backup.modified, backup.path.name), reverse=True)


@dataclass(frozen=True)
class Restored:
    """A restore done: what was put back, and where the data file as it was is kept."""

    backup: Path
    set_aside: Path | None
    version: int


def check_backup(backup: Path) -> Fingerprint:
    """That `backup` can be put back: a whole SQLite file (`integrity_check` ok), Bounceback's,
    of a data version this Bounceback reads. It is read without writing a byte of it."""
    backup = Path(backup)
    if not backup.is_file():
        what = "a folder" if backup.is_dir() else "not there"
        raise StoreError(f"{backup} is {what}: nothing was restored")
    try:
        with backup.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise StoreError(f"cannot read {backup}: {error.strerror}") from None
    if header != b"SQLite format 3\x00":
        raise StoreError(f"{backup} is not a Bounceback backup (not SQLite): nothing was restored")
    try:
        with read_snapshot(backup) as conn:
            problems = _problems(conn)
            found = fingerprint(conn) if not problems else None
    except sqlite3.Error as error:
        raise StoreError(f"{backup} cannot be read ({error}): nothing was restored") from None
    if problems or found is None:
        raise StoreError(
            f"{backup} is damaged (integrity_check: {problems[0]}): nothing was restored"
        )
    if found.version == 0 or not found.table_names() >= BOUNCEBACK_TABLES:
        raise StoreError(f"{backup} is not a Bounceback data file: nothing was restored")
    if found.version > SCHEMA_VERSION:
        raise StoreError(
            f"{backup} was written by a newer Bounceback (data version {found.version}; this "
            f"one knows up to {SCHEMA_VERSION}): upgrade Bounceback to restore it; nothing was "
            "restored"
        )
    return found


def open_for_restore(path: Path) -> Database:
    """The data file for `bounceback restore`: opened even when it is damaged (that is when a
    backup is wanted), created when missing, never migrated; refused when it is not SQLite, is
    another program's, or is a newer Bounceback's."""
    path = Path(path)
    try:
        existed = _check_path(path)
        if existed:
            try:
                # Refused: a newer Bounceback's file, or another program's.
                _check_version(path, *_peek(path))
            except StoreError as error:
                if "damaged" not in str(error):
                    raise
    except StoreError as error:
        raise StoreError(f"{error} (nothing was restored)") from None
    if not existed:
        # A -wal or -shm left beside a missing file (say, one deleted after a crash) would be
        # replayed into the new file: they belong to no file now, so they are kept aside.
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("-wal", "-shm"):
            orphan = path.with_name(path.name + suffix)
            if orphan.exists():
                orphan.rename(path.with_name(f"{path.name}.orphan-{stamp}{suffix}"))
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
    try:
        conn = connect(path, "rw")
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error} (nothing was restored)") from None
    conn.row_factory = sqlite3.Row
    return Database(conn, path)


def restore(db: Database, backup: Path, now: datetime | None = None) -> Restored:
    """Put `backup` in place of the data file `db` has open, through `db`'s own connection.

    The backup is checked first; the data file is taken for this connection alone (refused
    while another program has it open); the data file as it was is copied beside it
    (`NAME.before-restore-YYYYmmdd-HHMMSS.bak`, 0600); then the backup's pages are written into
    it with SQLite's backup API, checked, and the file is made ready (WAL, migrations) as an
    open does. Any failure after the first write puts the data file back as it was.
    """
    backup = Path(backup)
    path = db.path
    # Before check_backup opens it: reading the data file through a descriptor of our own and
    # closing it would drop the POSIX locks SQLite holds on it in this process.
    if backup.exists() and path.exists() and os.path.samefile(backup, path):
        raise StoreError(f"{backup} is the data file itself: nothing was restored")
    expected = check_backup(backup)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside_path = path.with_name(f"{path.name}.{BEFORE_RESTORE}-{stamp}.bak")
    count = 1
    while os.path.lexists(aside_path):  # two restores within a second
        count += 1
        aside_path = path.with_name(f"{path.name}.{BEFORE_RESTORE}-{stamp}-{count}.bak")
    with db.lock:
        # Worker readers of this very process are other connections too: closed first (a
        # worker that reads again afterwards gets a new one, which reads the backup's data).
        db.close_readers()
        conn = db.conn
        # Whether there is anything to keep aside: a stat opens nothing.
        has_data = any(_size(p) for p in (path, path.with_name(path.name + "-wal")))
        _take(conn, path)
        try:
            aside = _set_aside(conn, aside_path) if has_data else None
            try:
                with read_snapshot(backup) as source:
                    _copy_pages(source, conn)
                problems = _problems(conn)
                found = fingerprint(conn) if not problems else None
                if problems or found != expected:
                    raise StoreError(
                        f"the restore of {backup} did not check out "
                        f"({problems[0] if problems else 'rows differ'})"
                    )
            except (sqlite3.Error, StoreError) as error:
                if aside is not None:
                    with read_snapshot(aside) as kept:
                        _copy_pages(kept, conn)
                why = error if isinstance(error, StoreError) else f"the restore failed: {error}"
                raise StoreError(f"{why}; the data file was left as it was") from None
        finally:
            _let_go(conn)
        try:
            prepare(conn, path)
        except sqlite3.Error as error:
            raise StoreError(f"{path} was restored but could not be made ready: {error}") from None
    return Restored(backup, aside, expected.version)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _take(conn: sqlite3.Connection, path: Path) -> None:
    """Hold the data file for this connection alone, or refuse.

    How another Bounceback is told apart: in WAL mode (Bounceback always uses it) every open
    connection holds a shared lock on the data file from its first read until it closes:
    the app's (open for as long as the app runs), a worker's, a `bounceback` command's, an
    `sqlite3` shell's. Leaving WAL mode (`journal_mode = DELETE`) needs the exclusive lock,
    which SQLite grants only when no other connection, of this process or another, has the
    file open; it then folds the -wal into the file itself and removes it. With
    `locking_mode = EXCLUSIVE` the lock is kept until `_let_go`, so nothing can open the file
    halfway through. (A pid file would miss a crashed app or a shell; probing the lock bytes
    with fcntl would miss this process's own connections, and opening the file to do so would
    drop SQLite's POSIX locks when closed.)
    """
    try:
        conn.execute(f"PRAGMA busy_timeout = {TAKE_TIMEOUT_MS}")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode == "delete":
            # Already out of WAL mode (a file made elsewhere), the lock is not taken yet.
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        _release(conn)
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(
                f"{path} is open in another Bounceback (or another program): quit it first, "
                "or restore from inside the app (ctrl+p, Restore a backup); nothing was restored"
            ) from None
        raise StoreError(
            f"{path} cannot be taken over ({error}): move it somewhere safe, then restore "
            "again; nothing was restored"
        ) from None
    except sqlite3.DatabaseError as error:
        _release(conn)
        raise StoreError(
            f"{path} is too damaged for SQLite to open ({error}): move it somewhere safe, then "
            "restore again; nothing was restored"
        ) from None
    if mode != "delete":
        _release(conn)
        raise StoreError(
            f"{path} could not be taken over (journal mode {mode}): nothing was restored"
        )


def _release(conn: sqlite3.Connection) -> None:
    """Give the exclusive lock back: other connections may open the file again."""
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA locking_mode = NORMAL")
        # In rollback mode the exclusive lock goes at the end of the next read.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _let_go(conn: sqlite3.Connection) -> None:
    """After a restore, done or not: the lock given back, the file in WAL mode again."""
    _release(conn)
    with contextlib.suppress(sqlite3.Error):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")


def _set_aside(conn: sqlite3.Connection, aside_path: Path) -> Path:
    """Copy the data file as it is (the connection holds it alone) to `aside_path`, 0600.

    Through the backup API, never by reading the file with open(): closing another descriptor
    of a file SQLite has locked drops its POSIX locks. The copy is page for page, so a damaged
    file is kept as it is, damage and all."""
    try:
        with private_file(aside_path) as temporary:
            written = connect(temporary, "rw")
            try:
                _copy_pages(conn, written)
                written.execute("PRAGMA journal_mode = DELETE")
            finally:
                written.close()
    except (sqlite3.Error, OSError) as error:
        raise StoreError(
            f"the data file could not be copied aside to {aside_path} ({error}): nothing was "
            "restored"
        ) from None
    return aside_path
