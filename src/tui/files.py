"""Writing private files atomically: every file Bounceback writes (exports, pictures, backups)
goes to a temporary file beside its target, and becomes the target only when it is complete.

A full disk or a crash therefore never leaves a truncated file under the name asked for, and a
second try is not refused because a broken first one is in the way. Files are 0600 and folders
0700 whatever the umask: what Bounceback writes is about a person's job search.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
TEMPORARY_PREFIX = ".bounceback-"


@contextlib.contextmanager
def private_file(target: Path, replace: bool = False) -> Iterator[Path]:
    """A new empty temporary file (0600) beside `target` to fill; when the block ends without an
    error it becomes `target` in one step, else it is removed. Without `replace` an existing
    `target` is never overwritten: FileExistsError, even if it appeared meanwhile."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".part", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        _publish(temporary, target, replace)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_private(target: Path, data: bytes, replace: bool = False) -> Path:
    """Write `data` to `target` (0600) atomically: all of it, or nothing under that name."""
    with private_file(target, replace) as temporary, temporary.open("wb") as handle:
        handle.write(data)
    return Path(target)


def make_private_folder(folder: Path) -> Path:
    """Create `folder` (and missing parents) 0700; an existing one is left as it is."""
    folder = Path(folder)
    if not folder.is_dir():
        missing = [p for p in [folder, *folder.parents] if not p.exists()]
        folder.mkdir(parents=True, mode=FOLDER_MODE, exist_ok=True)
        for created in missing:
            # mkdir's mode goes through the umask (and parents=True ignores it for parents).
            with contextlib.suppress(OSError):
                os.chmod(created, FOLDER_MODE)
    return folder


def _sync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temporary: Path, target: Path, replace: bool) -> None:
    os.chmod(temporary, FILE_MODE)
    if replace:
        os.replace(temporary, target)
    else:
        try:
            # A hard link never replaces what is there: no window in which another file at
            # `target` could be clobbered between a check and a rename.
            os.link(temporary, target)
        except OSError as error:
            if error.errno == errno.EEXIST:
                raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            # A file system without hard links: check, then rename.
            if os.path.lexists(target):
                raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
            os.rename(temporary, target)
    with contextlib.suppress(OSError):
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
