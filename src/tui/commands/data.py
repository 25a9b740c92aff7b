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


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_context
def import_(context: Context, file: str) -> None:
    """Merge a JSON export into the data file: nothing is duplicated, nothing half-written."""
    from ..export.json_format import ImportFailed, load
    from ..services.data import import_export

    try:
        text = Path(file).read_bytes()
    except OSError as error:
        raise Failed(f"cannot read {file}: {error.strerror}") from None
    try:
        summary = import_export(context.db, load(text)).result
    except ImportFailed as error:
        raise Failed(f"{file}: {error} (nothing was imported)") from None
    for line in summary.lines():
        say(line)
    say("Imported." if summary.changed else "Nothing new: the data file already had it all.")


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
