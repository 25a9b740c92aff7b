"""`bounceback demo`: the app on generated data."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

from .base import Context, Failed, pass_context, run_app, say

# ---------------------------------------------------------------- demo


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the demo data file here and print its path instead of opening it.",
)
@pass_context
def demo(context: Context, output: str | None) -> None:
    """Open the app on a generated demo file (months of history, a vision board)."""
    from ..services import data
    from ..store.db import open_db

    if output:
        path = Path(output)
        if path.exists():
            raise Failed(f"{path} exists already; the demo writes a new file")
        db = open_db(path)
        data.fill_with_demo(db)
        say(str(path))
        return
    import tempfile

    with _removed_afterwards(Path(tempfile.mkdtemp(prefix="bounceback-demo-"))) as folder:
        db = open_db(folder / "demo.db")
        try:
            data.fill_with_demo(db)
            run_app(db, demo=True)
        finally:
            db.close()


@contextmanager
def _removed_afterwards(folder: Path) -> Iterator[Path]:
    """`folder`, removed with what is in it however the block ends: quitting, an error, ctrl+c,
    or the signal a closed terminal or `kill` sends (made to end the program the same way)."""
    import shutil

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    before = {}
    try:
        for ending in (signal.SIGTERM, signal.SIGHUP):
            before[ending] = signal.signal(ending, stop)
    except ValueError:
        pass  # not the main thread (a test runner's): signals stay as they are
    try:
        yield folder
    finally:
        for ending, handler in before.items():
            signal.signal(ending, handler)
        shutil.rmtree(folder, ignore_errors=True)
