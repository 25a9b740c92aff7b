"""The project's own text and data (the prompts of the day, for now), read by plain file path.

They live in the repository's top-level `assets/` folder. Where that folder is at run time:

- an installed wheel: `site-packages/tui/assets/`, beside this module (pyproject.toml
  force-includes `assets/` into the wheel as `tui/assets`);
- the editable install that scripts/run and scripts/test make (`pip install -e .`), or a source
  checkout on PYTHONPATH: the repository's own `assets/`, two folders up from this file
  (`src/tui/assets.py`). Hatchling's editable install does honour force-include, but only by
  copying the files into `site-packages/tui/assets/` at install time; this module is imported
  from `src/tui` then, so that copy is never beside it, and it would go stale as soon as a file
  in `assets/` is edited. It is left unread: the source tree's folder is always current.

One `is_dir` tells the two apart, once per process (`folder` is cached).

Plain file paths rather than importlib.resources: the package is always installed as files
(Textual reads its stylesheets by path too), and importlib.resources cost ~4 ms of imports on
the way to Today's first paint.

This module is named like the wheel's data folder `tui/assets/`, and both sit side by side in
`site-packages/tui/`. That works because the folder has no `__init__.py`: a folder without one
is at most a namespace package, and the import system takes a module of the same name over it.
So `assets/` must never get an `__init__.py` (tests/unit/test_packaging.py imports this module
from a built wheel and checks which file it came from).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).parent


@lru_cache(maxsize=1)
def folder() -> Path:
    """The assets folder: the wheel's `tui/assets`, else the source tree's `assets/`."""
    installed = PACKAGE / "assets"
    return installed if installed.is_dir() else PACKAGE.parent.parent / "assets"


def read_text(name: str) -> str:
    """A file from the assets folder."""
    return (folder() / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def prompts() -> list[str]:
    """The prompts of the day, one per non-comment line."""
    lines = read_text("prompts.txt").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_help() -> str:
    """The help text, kept beside the screen module (it is that screen's own text)."""
    return (PACKAGE / "screens" / "help.md").read_text(encoding="utf-8")
