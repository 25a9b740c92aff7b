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

from ..domain.errors import InvalidInput
from .migrations import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
DISK_FULL_BYTES = 1024 * 1024
"""Less free space than this behind an I/O error: the disk is full (SQLite says "disk I/O
error" when it cannot grow the -shm file, "database or disk is full" when a write cannot)."""


class StoreError(Exception):
    """A problem with the data file, worded for the person using Bounceback."""


class Database:
    """One connection to the data file, with a lock so threads can share it safely."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        read_only: bool = False,
        *,
        options: dict[str, str] | None = None,
        parent: Database | None = None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        """Opened for reading only: every write fails with a one-line StoreError."""
        self.disk_full = False
        """Opened read-only because the disk is full: writes say so."""
        self.notices: list[str] = []
        """What opening did that the person should hear about once (a folder made private)."""
        self.lock = threading.RLock()
        self._local = threading.local()
        self.uncounted_changes = 0
        """Rows written as bookkeeping, not data (the streak carry): not a change to react to."""
        self._depth = 0  # how many write() blocks are open (guarded by the lock)
        self._options = options or {"mode": "ro" if read_only else "rw"}
        self._parent = parent
        # Every reader connection handed to a worker thread, to be closed with this one: only
        # when the last connection closes does SQLite fold the -wal into the file and remove
        # it. Kept here, not only in the threads' locals: Textual's thread workers run on a
        # pool whose threads outlive each worker, and a connection dropped with its thread is
        # not closed then either (it and its statement cache refer to each other, so only the
        # cyclic garbage collector frees it, some time later, or never before exit).
        self._readers: set[Database] = set()
        self._readers_lock = threading.Lock()
        self.closed = False

    def for_thread(self) -> Database:
        """A connection of this thread's own, for workers that read a lot (WAL lets readers
        and the writer run side by side, so a long read never holds up a check-off)."""
        if self._parent is not None or threading.current_thread() is threading.main_thread():
            return self
        reader: Database | None = getattr(self._local, "reader", None)
        if reader is None or reader.closed:
            reader = self._local.reader = self._new_reader()
        return reader

    def _new_reader(self) -> Database:
        with self._readers_lock:
            if self.closed:
                raise StoreError(f"{self.path} is closed")
            reader = Database(
                self._reader_connection(),
                self.path,
                self.read_only,
                options=self._options,
                parent=self,
            )
            reader.disk_full = self.disk_full
            self._readers.add(reader)
        return reader

    def _reader_connection(self) -> sqlite3.Connection:
        try:
            conn = connect(self.path, **self._options)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise _store_error(self.path, error, reading=True) from None
        return conn

    def _reopen_reader(self) -> None:
        """A reader closed under a worker (by `close_readers`, for a restore) connects again."""
        parent = self._parent
        if parent is None:
            raise StoreError(f"{self.path} is closed")
        with parent._readers_lock:  # so that a close of the parent meanwhile closes it too
            if parent.closed:
                raise StoreError(f"{self.path} is closed")
            self.conn = parent._reader_connection()
            self.closed = False
            parent._readers.add(self)

    def close_readers(self) -> None:
        """Close every worker's reader connection, each once its query in flight is done; a
        worker that reads again gets a new one."""
        with self._readers_lock:
            readers = list(self._readers)
            self._readers.clear()
        for reader in readers:
            reader.close()

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        """Rows for a read-only query."""
        with self.lock:
            if self.closed:
                self._reopen_reader()
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise _store_error(self.path, error, reading=True) from None
            except UnicodeEncodeError:
                raise _not_utf8() from None

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
                if self.disk_full:
                    raise StoreError(_full_disk(self.path, "nothing was saved")) from None
                raise _store_error(self.path, error) from None
            except UnicodeEncodeError:
                raise _not_utf8() from None
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

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: everything read inside sees the same state of the file (a
        copy, and the row counts that check it)."""
        with self.lock:
            if self.closed:
                self._reopen_reader()
            if self._depth or self.conn.in_transaction:
                yield self.conn  # inside a write: one state already
                return
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")

    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for bulk work off the start-up path (importing it
        costs ~100 ms): the import merge, migrations, full-text search. Write with it inside
        `write()`; its own transactions then nest as savepoints."""
        return _utils(self.conn)

    def data_version(self) -> int:
        """Changes when another connection commits (for noticing other windows)."""
        with self.lock:
            if self.closed:
                self._reopen_reader()
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Close the worker readers, then this connection. Closed last, a connection that may
        write checkpoints the -wal into the data file and removes it: a clean quit leaves one
        whole file that a plain copy takes in full."""
        with self._readers_lock:
            self.closed = True  # no new readers from here on
        self.close_readers()
        with self.lock:
            self.closed = True
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


def _not_utf8() -> InvalidInput:
    # Text with bytes that are not UTF-8 (a terminal in another encoding): SQLite cannot hold it.
    return InvalidInput(
        "some of that text is not valid UTF-8 (the terminal may use another encoding): "
        "nothing was saved"
    )


def _store_error(path: Path, error: sqlite3.Error, reading: bool = False) -> StoreError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreError(f"{path} is busy in another program; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path} is read-only: nothing can be saved")
    if "full" in text or _disk_full(path, error):
        return StoreError(
            _full_disk(path, "free some space, then try again" if reading else "nothing was saved")
        )
    return StoreError(f"{path}: {text}")


def _full_disk(path: Path, then: str) -> str:
    return f"the disk holding {path} is full: {then}"


def _disk_full(path: Path, error: sqlite3.Error) -> bool:
    """Whether `error` comes from a full disk: SQLITE_FULL, or an I/O error with no room left."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return True
    if not (name.startswith("SQLITE_IOERR") or "disk I/O error" in str(error)):
        return False
    import shutil

    try:
        return shutil.disk_usage(Path(path).parent).free < DISK_FULL_BYTES
    except OSError:
        return False


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

    A file that cannot be written is refused, or with `read_only_ok` opened for reading only (as
    is a file on a disk too full for SQLite to open it for writing).
    """
    path = Path(path)
    existed = _check_path(path)
    if existed:
        # Judged before anything opens it for writing: a writing connection replays a -wal into
        # the file, and closing it checkpoints and removes the -wal, so a file we refuse (a
        # newer Bounceback's, another program's) must be read by one that writes no byte.
        _check_version(path, *_peek(path))
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
        conn = connect(path, "rw")
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from None
    conn.row_factory = sqlite3.Row
    try:
        prepare(conn, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
        if "not a database" in str(error) or "malformed" in str(error):
            raise StoreError(f"{path} is damaged or not a Bounceback data file") from None
        if existed and _disk_full(path, error):
            if read_only_ok:
                return _open_on_a_full_disk(path)
            raise StoreError(_full_disk(path, "free some space, then try again")) from None
        raise _store_error(path, error) from None
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    database = Database(conn, path)
    database.notices.extend(_make_folders_private(path))
    return database


def prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Make a connection to the data file ready: check its version, set the pragmas (WAL), and
    migrate it, keeping a copy first. After opening, and after a restore."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = int(
        conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    )
    # Checked again: the file may have changed since it was peeked at.
    _check_version(path, version, tables)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_size_limit = 8388608")
    if version < SCHEMA_VERSION:
        if version > 0:
            _copy_before_migrating(conn, path, version)
        _migrate(conn, version)


def _check_version(path: Path, version: int, tables: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Bounceback (data version {version}; this one "
            f"knows up to {SCHEMA_VERSION}); it was left untouched: upgrade Bounceback"
        )
    if version == 0 and tables:
        raise StoreError(f"{path} is an SQLite file of another program, not Bounceback's")


def sqlite_uri(path: Path, **params: str) -> str:
    """The `file:` URI naming exactly `path`, with `params` (mode=ro, ...): the one way a path
    reaches SQLite. In a URI `?` starts the parameters, `#` a fragment and `%41` means `A`, so
    every byte of the path but `/` and the unreserved ones is percent-encoded (a space, a
    newline, letters beyond ASCII too), from the absolute path; `file://` with an empty
    authority keeps a path that starts with `//` a path."""
    location = quote(os.fsencode(os.path.abspath(path)), safe="/")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file://{location}" + (f"?{query}" if query else "")


def connect(path: Path, mode: str = "rw", **params: str) -> sqlite3.Connection:
    """A connection to the file at `path` (mode rw, ro or rwc, and URI `params`), shareable by
    threads: each `Database` guards its own with a lock."""
    return sqlite3.connect(
        sqlite_uri(path, mode=mode, **params),
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def snapshot_options(path: Path) -> dict[str, str] | None:
    """URI parameters to read all that `path` holds while writing no byte of it or its -wal and
    -shm (None: not possible without a private copy).

    With no -wal (or an empty one) the main file is everything: `immutable` reads it without
    locks or sidecars. With a -wal its pages count: `readonly_shm` reads them through the
    existing -shm without writing it (SQLite 3.22+). A plain `mode=ro` would not do: it
    creates a missing -wal and -shm and rebuilds the -shm's index."""
    wal = _sidecar(path, "-wal")
    try:
        wal_size = wal.stat().st_size
    except FileNotFoundError:
        wal_size = 0
    if not wal_size:
        return {"mode": "ro", "immutable": "1"}
    if _sidecar(path, "-shm").exists():
        return {"mode": "ro", "readonly_shm": "1"}
    return None


def _peek(path: Path) -> tuple[int, int]:
    """The file's `user_version` and how many tables it has, read without writing a byte."""
    try:
        with read_snapshot(path) as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = int(
                conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).fetchone()[0]
            )
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) or "malformed" in str(error):
            raise StoreError(f"{path} is damaged or not a Bounceback data file") from None
        raise _store_error(path, error, reading=True) from None
    return version, tables


@contextlib.contextmanager
def read_snapshot(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to all that `path` holds, which writes no byte of it, its -wal or
    its -shm (see `snapshot_options`). A -wal without its -shm (a crash, then the -shm removed
    by hand) cannot be read so: then a private copy of the two is read instead."""
    import tempfile

    options = snapshot_options(path)
    if options is not None:
        conn = connect(path, **options)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()  # e.g. a -shm left half-written: read a copy instead
        else:
            try:
                yield conn
            finally:
                conn.close()
            return
    import shutil

    with tempfile.TemporaryDirectory(prefix="bounceback-") as folder:
        copy = Path(folder) / "snapshot.db"
        shutil.copyfile(path, copy)
        wal = _sidecar(path, "-wal")
        if wal.exists():
            shutil.copyfile(wal, _sidecar(copy, "-wal"))
        conn = connect(copy, "ro")
        try:
            yield conn
        finally:
            conn.close()


def _open_read_only(path: Path) -> Database:
    """Reading a file we may not write: no pragmas that write, no migrations."""
    conn = None
    for options in ({"mode": "ro"}, {"mode": "ro", "immutable": "1"}):
        try:
            conn = connect(path, **options)
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
    return Database(conn, path, read_only=True, options=options)


def _open_on_a_full_disk(path: Path) -> Database:
    """The disk is too full for SQLite to open the file for writing (it must grow the -shm):
    read what is saved without writing, and say why nothing can be saved."""
    options = snapshot_options(path)
    conn = None
    try:
        if options is None:
            raise sqlite3.OperationalError("a -wal without its -shm")
        conn = connect(path, **options)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        if conn is not None:
            conn.close()
        raise StoreError(_full_disk(path, "free some space, then try again")) from None
    if version != SCHEMA_VERSION:
        conn.close()
        raise StoreError(_full_disk(path, "free some space so it can be upgraded"))
    conn.row_factory = sqlite3.Row
    database = Database(conn, path, read_only=True, options=options)
    database.disk_full = True
    database.notices.append(
        _full_disk(path, "showing what is saved; nothing new can be saved until there is room")
    )
    return database


def _make_folders_private(path: Path) -> list[str]:
    """Bounceback's folders are 0700: one that is open to others (made by hand, or by an old
    version) is closed when the data file opens, and the person is told once. Only a folder
    that is Bounceback's own: one holding nothing but this data file and what goes with it
    (its -wal and -shm, its .bak copies, backups/), never a folder such as ~ or ~/Documents
    where someone keeps a data file among other things; backups/ always is."""
    said: list[str] = []
    folder = path.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return said
    candidates = [folder / "backups"] if "backups" in names else []
    if all(_goes_with(name, path.name) for name in names):
        candidates.insert(0, folder)
    for candidate in candidates:
        try:
            info = candidate.stat()
            if not info.st_mode & 0o077 or info.st_uid != os.getuid():
                continue
            os.chmod(candidate, 0o700)
        except OSError:
            continue
        said.append(
            f"{candidate} was open to others ({info.st_mode & 0o777:o}): "
            "made private (700), as Bounceback keeps its folders"
        )
    return said


def _goes_with(name: str, data_file: str) -> bool:
    return (
        name in (data_file, "backups")
        or name in (data_file + suffix for suffix in ("-wal", "-shm", "-journal"))
        or (name.startswith(data_file + ".") and name.endswith(".bak"))
        or name.startswith(".bounceback-")
    )


def _copy_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    from ..files import private_file

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy_path = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    with private_file(copy_path, replace=True) as temporary:
        target = connect(temporary, "rw")
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
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
