"""`bounceback export|import|backup`: taking your history with you, and keeping it safe."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import Context, Failed, pass_context, say


@click.command("export")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Write here (a folder for loop-csv); JSON goes to standard output without it.",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["json", "loop-csv"]),
    default="json",
    show_default=True,
    help="Bounceback's JSON, or Loop Habit Tracker's CSV files.",
)
@pass_context
def export(context: Context, output: str | None, format_name: str) -> None:
    """Everything in the data file, as JSON (docs/DATA-FORMAT.md) or Loop's CSV layout."""
    from .. import clock

    if format_name == "loop-csv":
        from ..export.loop_csv import export_routines

        if not output:
            raise click.UsageError("--format loop-csv writes a folder of files: give -o DIR")
        folder = Path(output)
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise Failed(f"{folder} must be a new or empty folder")
        try:
            written = export_routines(context.db, folder, context.today())
        except OSError as error:
            raise Failed(f"cannot write into {folder}: {error.strerror}") from None
        say(f"Wrote {len(written)} files for Loop Habit Tracker to {folder}")
        return
    from ..export.json_format import dump, export_data

    text = dump(export_data(context.db, clock.timestamp()))
    _warn_if_over_the_import_cap(text)
    if not output:
        sys.stdout.write(text)
        return
    from ..files import write_private

    target = Path(output)
    if target.exists():
        raise Failed(f"{target} exists already: choose a new file")
    try:
        write_private(target, text.encode("utf-8"))
    except FileExistsError:
        raise Failed(f"{target} exists already: choose a new file") from None
    except OSError as error:
        raise Failed(f"cannot write {target}: {error.strerror}") from None
    say(f"Exported to {target}")


def _warn_if_over_the_import_cap(text: str) -> None:
    """An export too large for `import` is still written, with one line saying so."""
    from ..domain.limits import IMPORT_BYTES_MOST

    size = len(text) if text.isascii() else len(text.encode("utf-8"))
    if size > IMPORT_BYTES_MOST:
        say(
            f"bounceback: note: this export is {size // 2**20} MB, over the "
            f"{IMPORT_BYTES_MOST // 2**20} MB `bounceback import` takes; "
            "`bounceback backup` copies the data file whatever its size",
            err=True,
        )


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def import_(context: Context, file: str) -> None:
    """Merge a JSON export into the data file: nothing is duplicated, nothing half-written."""
    from ..export.json_format import ImportFailed, load
    from ..services.data import import_export

    try:
        # Read and checked before the data file is opened: a refusal creates nothing.
        data = load(_read_export(file))
        summary = import_export(context.db, data).result
    except ImportFailed as error:
        raise Failed(f"{file}: {error} (nothing was imported)") from None
    for line in summary.lines():
        say(line)
    say("Imported." if summary.changed else "Nothing new: the data file already had it all.")


def _read_export(file: str) -> bytes:
    """The bytes of an export: a regular file within the import cap (a device or a pipe could
    be read forever or wait forever; neither is an export)."""
    import os
    import stat

    from ..domain.limits import IMPORT_BYTES_MOST
    from ..domain.text import shown as printable

    shown = printable(file)
    cap_mb = IMPORT_BYTES_MOST // 2**20
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise Failed(f"cannot read {shown}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise Failed(f"{shown} is a folder, not an export (nothing was imported)")
            if not stat.S_ISREG(info.st_mode):
                raise Failed(
                    f"{shown} is not a regular file (a device or a pipe?), so not an export "
                    "(nothing was imported)"
                )
            too_large = Failed(
                f"{shown} is over {cap_mb} MB, more than any export Bounceback imports "
                "(nothing was imported)"
            )
            if info.st_size > IMPORT_BYTES_MOST:
                raise too_large
            os.set_blocking(fd, True)
            data = handle.read(IMPORT_BYTES_MOST + 1)
        except OSError as error:
            raise Failed(f"cannot read {shown}: {error.strerror}") from None
    if len(data) > IMPORT_BYTES_MOST:  # it grew while being read
        raise too_large
    return data


@click.command()
@click.argument("dest", required=False, type=click.Path())
@pass_context
def backup(context: Context, dest: str | None) -> None:
    """A consistent copy of the data file (safe while the app is open)."""
    from ..store.backup import backup as make_backup

    # Opening first checks that it is a Bounceback data file; the copy is checked before
    # this line is printed (see store.backup.copy_database).
    target = make_backup(context.db, Path(dest) if dest else None)
    say(f"Backed up to {target}")


@click.command()
@click.argument("backup_file", metavar="BACKUP", type=click.Path())
@pass_context
def restore(context: Context, backup_file: str) -> None:
    """Put a backup back in place of the data file (the file as it was is kept beside it).

    BACKUP is checked first (a whole Bounceback file of a version this one reads). Refused
    while Bounceback has the data file open: quit it first, or restore from inside the app
    (ctrl+p, Restore a backup).
    """
    from ..services.backups import restore_data_file

    restored = restore_data_file(context.path, Path(backup_file)).result
    say(f"Restored {restored.backup} into {context.path}")
    if restored.set_aside is not None:
        say(f"The data file as it was is kept as {restored.set_aside}")
