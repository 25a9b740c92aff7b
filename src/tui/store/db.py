"""Opening the data file: checks, pragmas, permissions, migrations.

Plain `sqlite3` on the path to the first paint (sqlite-utils costs ~50-100 ms to import);
every write goes through `Database.write()`: one transaction, which nested writes join.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .migrations import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A problem with the data file, worded for the person using Bounceback."""


class Database:
    """One connection to the data file, with a lock so threads can share it safely."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        """Opened for reading only: every write fails with a one-line StoreError."""
        self.lock = threading.RLock()
        self._local = threading.local()
        self.uncounted_changes = 0
        self._depth = 0  # how many write() blocks are open (guarded by the lock)
        """Rows written as bookkeeping, not data (the streak carry): not a change to react to."""

    def for_thread(self) -> Database:
        """A connection of this thread's own, for workers that read a lot (WAL lets readers
        and the writer run side by side, so a long read never holds up a check-off)."""
        if threading.current_thread() is threading.main_thread():
            return self
        reader = getattr(self._local, "reader", None)
        if reader is None:
            conn = _connect_uri(self.path, "mode=ro" if self.read_only else "mode=rw")
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            reader = self._local.reader = Database(conn, self.path, self.read_only)
        return reader

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Rows for a read-only query."""
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise _store_error(self.path, error) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything inside commits together or not at all.

        Called inside an open one (the same thread), it joins it as a savepoint, so store
        writers compose: a service calls several and they commit as one. A failure inside a
        joined block undoes that block only; the outer transaction decides the rest.
        """
        with self.lock:
            if self._depth:
                yield from self._savepoint()
                return
            self._depth = 1
            try:
                with _transaction(self.conn):
                    yield self.conn
            except sqlite3.Error as error:
                raise _store_error(self.path, error) from None
            finally:
                self._depth = 0

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        name = f"joined_{self._depth}"
        self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self.conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for bulk work off the start-up path (importing it
        costs ~100 ms): the import merge, migrations, full-text search. Write with it inside
        `write()`; its own transactions then nest as savepoints."""
        return _utils(self.conn)

    def data_version(self) -> int:
        """Changes when another connection commits (for noticing other windows)."""
        with self.lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one place a write transaction begins (Database.write and the migrations).

    IMMEDIATE takes the write lock at once, so a busy file fails here, before any work.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite may already have rolled back (disk full, I/O error): don't mask the cause.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _store_error(path: Path, error: sqlite3.Error) -> StoreError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is busy in another program; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path} is read-only: nothing can be saved")
    if "full" in text:
        return StoreError(f"the disk holding {path} is full: nothing was saved")
    return StoreError(f"{path}: {text}")


def _check_path(path: Path) -> bool:
    """Refuse paths that cannot hold a data file. Returns whether the file exists already."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a data file")
    if path.is_symlink() and not path.exists():
        raise StoreError(f"{path} is a broken link")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        # Opening a pipe would wait for a writer forever, and a device is no data file.
        raise StoreError(f"{path} is not a regular file, so not a Bounceback data file")
    if not path.exists():
        parent = path.parent
        if not parent.exists():
            try:
                parent.mkdir(parents=True, mode=0o700)
            except OSError as error:
                raise StoreError(f"cannot create the folder {parent}: {error.strerror}") from None
        if not os.access(parent, os.W_OK | os.X_OK):
            raise StoreError(f"cannot create {path}: the folder {parent} is read-only")
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a Bounceback data file (it is not SQLite)")
    return True


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_db(path: Path, read_only_ok: bool = False) -> Database:
    """Open (creating if needed) and migrate the data file, or raise StoreError untouched.

    A file that cannot be written is refused, or with `read_only_ok` opened for reading only.
    """
    path = Path(path)
    existed = _check_path(path)
    if existed and not _writable(path):
        if not read_only_ok:
            raise StoreError(f"{path} is read-only: Bounceback needs to write to it")
        return _open_read_only(path)
    if not existed:
        try:
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        except OSError as error:
            raise StoreError(f"cannot create {path}: {error.strerror}") from None
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer Bounceback (data version {version}; this one "
                f"knows up to {SCHEMA_VERSION}); it was left untouched: upgrade Bounceback"
            )
        if (
            version == 0
            and conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        ):
            raise StoreError(f"{path} is an SQLite file of another program, not Bounceback's")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_size_limit = 8388608")
        if version < SCHEMA_VERSION:
            if version > 0:
                _copy_before_migrating(conn, path, version)
            _migrate(conn, version)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
        if "not a database" in str(error) or "malformed" in str(error):
            raise StoreError(f"{path} is damaged or not a Bounceback data file") from None
        raise _store_error(path, error) from None
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return Database(conn, path)


def _connect_uri(path: Path, options: str) -> sqlite3.Connection:
    """A further connection to `path` (URI `options` such as mode=ro), shareable by threads."""
    return sqlite3.connect(
        f"file:{quote(str(path))}?{options}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )


def _open_read_only(path: Path) -> Database:
    """Reading a file we may not write: no pragmas that write, no migrations."""
    conn = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = _connect_uri(path, options)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            break
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            conn = None
    if conn is None:
        raise StoreError(f"{path} is read-only and could not be read either")
    conn.row_factory = sqlite3.Row
    if version != SCHEMA_VERSION:
        conn.close()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer Bounceback (data version {version}); "
                "it was left untouched: upgrade Bounceback"
            )
        raise StoreError(f"{path} is read-only and needs an upgrade Bounceback cannot write")
    return Database(conn, path, read_only=True)


def _copy_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy_path = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    fd = os.open(copy_path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    target = sqlite3.connect(copy_path)
    try:
        conn.backup(target)
    finally:
        target.close()
    return copy_path


def _utils(conn: sqlite3.Connection) -> sqlite_utils.Database:
    import sqlite_utils

    # No plugins, and recursive triggers left as they are: nothing about the connection
    # changes for the code that uses it afterwards.
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for number, step in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with _transaction(conn):
            if callable(step):
                step(_utils(conn))
            else:
                # Statement by statement: executescript would commit first, and the step and
                # its version bump belong in one transaction.
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> list[str]:
    """Split a script into statements; a `;` inside a string or a trigger body does not split."""
    statements: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip().rstrip(";").strip():
                statements.append(current.strip())
            current = ""
    if current.strip().rstrip(";").strip():
        statements.append(current.strip().rstrip(";"))
    return statements
