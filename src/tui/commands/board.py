"""`bounceback board add|list|remove|export`: the vision board from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..domain.text import shown
from ..domain.words import plural
from .base import EXIT_FAILED, Context, Failed, WholeNumber, pass_context, say, say_json

if TYPE_CHECKING:
    pass


@click.group()
def board() -> None:
    """The vision board: add, list, remove and export pictures."""


def _human_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@board.command("add")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path())
@click.option("--caption", default="", help="The caption, for every picture added.")
@click.option("--pillar", help="Link the pictures to a pillar: apply, network, learn, self_care.")
@click.pass_context
def board_add(ctx: click.Context, paths: tuple[str, ...], caption: str, pillar: str | None) -> None:
    """Add pictures (a folder adds the images in it). Exit 1 if any could not be added."""
    from ..domain.pillars import parse_pillar
    from ..services import board as board_service
    from ..store import board as board_store

    # Bad options fail before any file is read.
    caption = board_store.clean_caption(caption)
    key = parse_pillar(pillar) if pillar is not None else None
    context: Context = ctx.obj
    db = context.db

    from ..images.ingest import expand_paths

    added = already = failures = 0
    given = expand_paths(paths)  # as typed: an empty path is refused, not taken for "."
    for outcome in board_service.add_files(db, given, caption, key):
        image = outcome.image
        if image is None:
            say(f"bounceback: {outcome.problem}", err=True)
            failures += 1
        elif outcome.is_new:
            added += 1
            say(f"Added image {image.id}: {outcome.where} ({image.width}×{image.height})")
        else:
            already += 1
            say(f"{outcome.where} is on the board already (image {image.id})")
    notes = []
    if already:
        notes.append(f"{already} already on the board")
    if failures:
        notes.append(f"{failures} could not be added")
    detail = f" ({', '.join(notes)})" if notes else ""
    say(f"Added {plural(added, 'image')}{detail}.")
    if failures:
        ctx.exit(EXIT_FAILED)


@board.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@pass_context
def board_list(context: Context, as_json: bool) -> None:
    """List the pictures in board order."""
    from ..domain.pillars import DISPLAY_NAMES
    from ..store import board as board_store

    db = context.existing_db()
    found = board_store.list_images(db) if db is not None else []
    if as_json:
        copies = board_store.copied_originals(db) if db is not None else set()
        payload = [
            {
                "id": image.id,
                "caption": image.caption,
                "pillar": image.pillar,
                "width": image.width,
                "height": image.height,
                "bytes": image.size,
                "sha256": image.sha256,
                "name": image.name,
                "format": image.format,
                "position": index,
                "original_is_copy": image.id in copies,
                "added_at": image.added_at,
            }
            for index, image in enumerate(found)
        ]
        say_json(payload)
        return
    if not found:
        say("The board is empty: add pictures with `bounceback board add PATH...`.")
        return
    rows = [
        (
            str(image.id),
            DISPLAY_NAMES.get(image.pillar or "", ""),
            f"{image.width}×{image.height}",
            _human_bytes(image.size),
            shown(image.name),
            image.caption,
        )
        for image in found
    ]
    header = ("ID", "Pillar", "Size", "Bytes", "Name", "Caption")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        cells = [
            row[0].rjust(widths[0]),
            row[1].ljust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
            row[4].ljust(widths[4]),
            row[5],
        ]
        say("  ".join(cells).rstrip())


@board.command("remove")
@click.argument("image_id", metavar="ID", type=WholeNumber(id_of="image"))
@pass_context
def board_remove(context: Context, image_id: int) -> None:
    """Remove a picture and its bytes from the board."""
    from ..services import board as board_service

    db = context.existing_db()
    if db is None:
        raise Failed(f"no image with id {image_id}")
    removed = board_service.delete(db, image_id).result.image
    what = shown(removed.name) + (f" ({removed.caption})" if removed.caption else "")
    say(f"Removed image {removed.id}: {what}")


@board.command("export")
@click.argument("image_id", metavar="ID", type=WholeNumber(id_of="image"))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(),
    metavar="FILE",
    help="Where to write the picture's original bytes.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_context
def board_export(context: Context, image_id: int, output: str, force: bool) -> None:
    """Write a picture's original bytes to FILE: the very file that was added."""
    from ..store import board as board_store

    db = context.existing_db()
    if db is None:
        raise Failed(f"no image with id {image_id}")
    image = board_store.get(db, image_id)
    data = board_store.original(db, image_id)
    is_copy = board_store.original_is_copy(db, image_id)
    target = Path(output)
    _write_new(target, data, force)
    note = " (a downscaled JPEG copy: the file added was over the size cap)" if is_copy else ""
    say(f"Wrote image {image.id} ({_human_bytes(len(data))}) to {target}{note}")


def _write_new(target: Path, data: bytes, force: bool) -> None:
    """Write `data` to `target` (0600), refused if it exists unless `force`; never left
    half-written (see tui.files)."""
    from ..files import write_private

    where = shown(str(target))
    try:
        if target.is_dir():
            raise Failed(f"{where} is a folder; give a file name")
        write_private(target, data, replace=force)
    except FileExistsError:
        raise Failed(f"{where} exists already; use --force to replace it") from None
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise Failed(f"cannot write {where}: {reason}") from None


# ---------------------------------------------------------------- demo
