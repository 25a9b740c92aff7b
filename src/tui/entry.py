"""The `bounceback` command's entry point.

Plain `bounceback` (optionally with `--db PATH`) is what people run every morning, so it opens
the app straight away, without loading the command-line parser; anything else goes to the
click commands in `tui.cli`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.app import App

    from .store.db import Database

EXIT_FAILED = 1


def app_only(args: list[str]) -> tuple[bool, str | None]:
    """Whether `args` just open the app, and the `--db` given with them (None: the default)."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db=") :]
    return False, None


def main() -> NoReturn:
    """No traceback ever reaches the person at the keyboard."""
    plain, db_option = app_only(sys.argv[1:])
    if not plain:
        from .cli import main as cli_main

        cli_main()
    # Starting up makes some 60,000 objects that live as long as the app; collecting garbage
    # among them cost ~50 ms before the first paint. The app turns collection back on, with
    # those objects frozen out of it, once Today is on screen (BouncebackApp.settle_memory).
    from .memory import pause_collection_at_launch

    pause_collection_at_launch()
    from .paths import resolve_db_path

    path = resolve_db_path(db_option)
    try:
        # A file we may not write still opens for reading, as with every command.
        from .store.db import open_db

        run_app(open_db(path, read_only_ok=True))
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\nbounceback: stopped\n")  # as the commands say it
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if os.environ.get("BOUNCEBACK_DEBUG"):
            raise
        from .domain.text import shown

        line = said_to_people(error, path) or unexpected(error)
        sys.stderr.write(f"bounceback: {shown(line)}\n")
        sys.exit(EXIT_FAILED)
    sys.exit(0)


def run_app(db: Database, demo: bool = False) -> None:
    """Open the app on `db` until it quits."""
    from .app import BouncebackApp

    app = BouncebackApp(db, demo=demo, close_on_quit=True)
    with _quit_on_hangup(app):
        try:
            app.run()
        finally:
            db.close()  # the app closes it on quit; this is for an app that never got that far
    if app.return_code:
        sys.exit(app.return_code)


@contextlib.contextmanager
def _quit_on_hangup(app: App[None]) -> Iterator[None]:
    """A closed terminal (SIGHUP) or `kill` (SIGTERM) quits the app as `q` does, with exit code
    128 + the signal: its workers stop and its connections close (so the -wal is folded in),
    where ending the process from inside the handler could leave a worker waiting on a loop
    that had stopped, and the process hanging."""
    import asyncio
    import signal

    def stop(signum: int, frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or done: nothing to shut down
            raise SystemExit(128 + signum) from None
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)

    before = {}
    try:
        for ending in (signal.SIGTERM, signal.SIGHUP):
            before[ending] = signal.signal(ending, stop)
    except ValueError:
        pass  # not the main thread (a test's): signals stay as they are
    try:
        yield
    finally:
        for ending, handler in before.items():
            signal.signal(ending, handler)


def said_to_people(error: BaseException, where: object = "the data file") -> str | None:
    """The one line for an error meant for people (bad input, a data file that cannot be used);
    None for anything else. Shared by the plain launch and the commands."""
    import sqlite3

    from .domain.errors import InvalidInput
    from .store.db import StoreError

    if isinstance(error, (InvalidInput, StoreError)):
        return str(error)
    if isinstance(error, sqlite3.Error):
        # Reads outside `write()` can still meet a locked or damaged file.
        return f"{where}: {error}"
    return None


def unexpected(error: BaseException) -> str:
    """The last line of defence: what went wrong, and how to see more."""
    return (
        f"unexpected error: {error.__class__.__name__}: {error} "
        "(set BOUNCEBACK_DEBUG=1 to see details)"
    )
