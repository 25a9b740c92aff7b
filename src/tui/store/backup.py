"""Consistent copies of the data file: on request, and a rolling daily one.

Copies go through SQLite's backup API from a connection of their own, so they are consistent
while the app is open and never hold the app's connection.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

from .db import StoreError

DAILY_KEEP = 7
BACKUP_FOLDER = "backups"


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to a new file `target` (0600), consistently, even while it is in use."""
    if target.exists():
        raise StoreError(f"{target} exists already: choose another name")
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as error:
        raise StoreError(f"cannot write {target}: {error.strerror}") from None
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as error:
        with contextlib.suppress(OSError):
            target.unlink()
        raise StoreError(f"the backup to {target} failed: {error}") from None
    return target


def backup(source: Path, dest: Path | None = None, now: datetime | None = None) -> Path:
    """`bounceback backup [DEST]`: into DEST (a file, or a folder to put a dated file in)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{source.stem}-{stamp}.db"
    if dest is None:
        folder = _backup_folder(source)
        return copy_database(source, folder / name)
    if dest.is_dir():
        return copy_database(source, dest / name)
    return copy_database(source, dest)


def _backup_folder(source: Path) -> Path:
    folder = source.parent / BACKUP_FOLDER
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create {folder}: {error.strerror}") from None
    return folder


def daily_backup(source: Path, today: date, keep: int = DAILY_KEEP) -> Path | None:
    """Once a day: a copy named for the day, keeping the newest `keep`. None if done already."""
    folder = _backup_folder(source)
    target = folder / f"{source.stem}-daily-{today.isoformat()}.db"
    if target.exists():
        return None
    copy_database(source, target)
    dailies = sorted(folder.glob(f"{source.stem}-daily-*.db"))
    for old in dailies[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target
