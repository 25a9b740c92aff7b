"""`bounceback demo`: the app on generated data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import Context, Failed, pass_context, run_app, say

if TYPE_CHECKING:
    pass


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
    import tempfile

    from ..services.data import fill_with_demo
    from ..store.db import open_db

    if output:
        path = Path(output)
        if path.exists():
            raise Failed(f"{path} exists already; the demo writes a new file")
    else:
        path = Path(tempfile.mkdtemp(prefix="bounceback-demo-")) / "demo.db"
    db = open_db(path)
    fill_with_demo(db)
    if output:
        say(str(path))
        return
    run_app(db, demo=True)
