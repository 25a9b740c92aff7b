"""Text shipped inside the package, read through importlib.resources."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def read_text(name: str) -> str:
    """A file from `tui/assets`."""
    return resources.files("tui").joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def prompts() -> list[str]:
    """The prompts of the day, one per non-comment line."""
    lines = read_text("prompts.txt").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_help() -> str:
    """The help text, kept beside the screen module."""
    return resources.files("tui").joinpath("screens", "help.md").read_text(encoding="utf-8")
