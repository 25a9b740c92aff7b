"""`bounceback board add|list|remove|export`: the vision board from the shell."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from ..cli import Context, Failed, cli, pass_context


@cli.group()
def board() -> None:
    """The vision board: add, list, remove and export images."""


@board.command("add")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--caption", default="", help="A caption for every image added.")
@click.option("--pillar", help="Link the images to a pillar.")
@pass_context
def board_add(context: Context, paths: tuple[str, ...], caption: str, pillar: str | None) -> None:
    """Add image files, or every image in a folder."""
    from ..domain.errors import InvalidInput
    from ..domain.pillars import parse_pillar
    from ..images.ingest import ImageError, expand_paths, ingest_file
    from ..store import board as board_store

    if pillar is not None:
        pillar = parse_pillar(pillar)
    added = already = failed = 0
    for item in expand_paths(Path(p) for p in paths):
        try:
            if isinstance(item, ImageError):
                raise item
            image, is_new = board_store.add(context.db, ingest_file(item), caption, pillar)
        except (ImageError, InvalidInput) as error:
            failed += 1
            click.echo(f"bounceback: {error}", err=True)
            continue
        if is_new:
            added += 1
            click.echo(f"Added image {image.id}: {image.name} ({image.width}×{image.height})")
        else:
            already += 1
            click.echo(f"{item.name} is on the board already (image {image.id})")
    summary = f"Added {added} image{'s' if added != 1 else ''}"
    details = []
    if already:
        details.append(f"{already} already on the board")
    if failed:
        details.append(f"{failed} could not be added")
    click.echo(summary + (f" ({', '.join(details)})." if details else "."))
    if failed:
        raise click.exceptions.Exit(1)


@board.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/CLI.md).")
@pass_context
def board_list(context: Context, as_json: bool) -> None:
    """List the board's images in order."""
    from ..domain.pillars import DISPLAY_NAMES
    from ..store import board as board_store

    images = board_store.list_images(context.db)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": i.id,
                        "caption": i.caption,
                        "pillar": i.pillar,
                        "width": i.width,
                        "height": i.height,
                        "bytes": i.size,
                        "sha256": i.sha256,
                        "name": i.name,
                        "format": i.format,
                        "position": i.position,
                    }
                    for i in images
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not images:
        click.echo("The board is empty: add images with `bounceback board add PATH`.")
        return
    for i in images:
        pillar = f" · {DISPLAY_NAMES[i.pillar]}" if i.pillar else ""
        caption = f" — {i.caption}" if i.caption else ""
        click.echo(f"{i.id:>4}  {i.name} ({i.width}×{i.height}, {_size(i.size)}){pillar}{caption}")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


@board.command("remove")
@click.argument("image_id", type=int)
@pass_context
def board_remove(context: Context, image_id: int) -> None:
    """Remove an image from the board."""
    from ..store import board as board_store

    removed = board_store.delete(context.db, image_id)
    click.echo(f"Removed image {image_id}: {removed.image.name}")


@board.command("export")
@click.argument("image_id", type=int)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Where to write the original bytes.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@pass_context
def board_export(context: Context, image_id: int, output: str, force: bool) -> None:
    """Write an image's original bytes back to a file."""
    from ..store import board as board_store

    image = board_store.get(context.db, image_id)
    data = board_store.original(context.db, image_id)
    target = Path(output)
    if target.exists() and not force:
        raise Failed(f"{target} exists already (use --force to overwrite it)")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | (0 if force else os.O_EXCL)
        with os.fdopen(os.open(target, flags, 0o600), "wb") as handle:
            handle.write(data)
    except OSError as error:
        raise Failed(f"cannot write {target}: {error.strerror}") from None
    click.echo(f"Wrote {image.name} to {target} ({_size(len(data))})")
