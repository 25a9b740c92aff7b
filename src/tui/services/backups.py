"""Putting a backup back in place of the data file: from the app, and from the shell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..store import backup as backup_store
from ..store.db import Database
from .change import EVERYTHING, Change


def restore_backup(db: Database, backup: Path, now: datetime | None = None) -> Change:
    """Replace everything in the data file `db` has open with `backup`, through `db`'s own
    connection; the file as it was is kept beside it. `result` is the store's `Restored`.

    Not undone from the undo stack: the copy kept aside is how to go back (restore it)."""
    restored = backup_store.restore(db, Path(backup), now)
    kept = (
        f"; the data file as it was is kept as {restored.set_aside.name}"
        if (restored.set_aside)
        else ""
    )
    return Change(
        f"restored {restored.backup.name}",
        EVERYTHING,
        message=f"Restored {restored.backup.name}{kept}.",
        result=restored,
    )


def restore_data_file(path: Path, backup: Path, now: datetime | None = None) -> Change:
    """`bounceback restore`: the same, on the data file at `path`, which need not open as usual
    (it may be damaged, or missing: that is when a backup is wanted)."""
    db = backup_store.open_for_restore(Path(path))
    try:
        return restore_backup(db, backup, now)
    finally:
        db.close()
