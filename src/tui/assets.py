"""Text shipped inside the package, read from beside this module.

Plain file paths rather than importlib.resources: the package is always installed as files
(Textual reads its stylesheets by path too), and importlib.resources cost ~4 ms of imports on
the way to Today's first paint.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).parent


def read_text(name: str) -> str:
    """A file from `tui/assets`."""
    return (PACKAGE / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def prompts() -> list[str]:
    """The prompts of the day, one per non-comment line."""
    lines = read_text("prompts.txt").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_help() -> str:
    """The help text, kept beside the screen module."""
    return (PACKAGE / "screens" / "help.md").read_text(encoding="utf-8")
