"""Adding images: a path with completion, or a file browser that shows only images."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from ..images import IMAGE_SUFFIXES
from .dialog import Dialog, field_label


class PathSuggester(Suggester):
    """Completes file and folder names as you type a path."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, prefix = expanded.rpartition("/")
        base = Path(folder or "/") if "/" in expanded else Path(".")
        try:
            names = sorted(
                entry.name
                for entry in os.scandir(base)
                if entry.name.startswith(prefix) and not entry.name.startswith(".")
            )
        except OSError:
            return None
        for name in names:
            candidate = base / name
            if candidate.is_dir() or candidate.suffix.lower() in IMAGE_SUFFIXES:
                completed = value[: len(value) - len(prefix)] + name
                return completed + ("/" if candidate.is_dir() else "")
        return None


class ImageTree(DirectoryTree):
    """A file browser that lists folders and images, nothing else."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            path
            for path in paths
            if not path.name.startswith(".")
            and (path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES)
        ]


class AddImagesDialog(Dialog[list[str]]):
    """Pick images to add: type or paste a path (a folder adds its images), or browse."""

    TITLE_TEXT = "Add images"
    SAVE_WORD = "add"
    EXTRA_HINTS = ("→ completes the path",)
    DEFAULT_CSS = """
    AddImagesDialog > #dialog { width: 80; }
    AddImagesDialog ImageTree { height: 14; margin-top: 1; }
    """

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.home()

    def compose_fields(self) -> ComposeResult:
        yield field_label("A file or folder (you can also paste or drop paths on the board)")
        yield Input(
            placeholder=f"{self.start}/…", id="path", suggester=PathSuggester(), compact=True
        )
        yield ImageTree(self.start, id="tree")

    def on_input_changed(self, event: Input.Changed) -> None:
        """The browser follows a folder typed (or completed) in the path field."""
        typed = event.value.strip()
        if not typed:
            return
        folder = Path(os.path.expanduser(typed))
        try:
            is_folder = folder.is_dir()
        except OSError:
            return
        tree = self.query_one(ImageTree)
        if is_folder and Path(tree.path) != folder:
            tree.path = folder

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss([str(event.path)])

    def action_save(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        paths = paths_from_text(text)
        if not paths:
            self.show_error("Type a path, or pick an image in the browser.")
            return
        self.dismiss(paths)


class AddProblemsDialog(Dialog[None]):
    """The files the last add could not add, one line each (the toast names only a few)."""

    TITLE_TEXT = "What could not be added"
    HINT = "escape or enter close · ↑↓ scroll"
    AUTO_FOCUS = "#problems"
    DEFAULT_CSS = """
    AddProblemsDialog > #dialog { width: 80; }
    AddProblemsDialog #problems { height: auto; max-height: 16; }
    AddProblemsDialog .problem { width: 100%; }
    """
    BINDINGS = [
        Binding("enter,exclamation_mark", "cancel", "Close", show=False),
    ]

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems

    def compose_fields(self) -> ComposeResult:
        # The lines come from the ingest's labels, which show any file name as one safe line.
        with VerticalScroll(id="problems"):
            for problem in self.problems:
                yield Static(f"• {problem}", classes="problem", markup=False)

    def action_save(self) -> None:
        self.dismiss(None)


def paths_from_text(text: str) -> list[str]:
    """Paths from typed, pasted or dropped text: quoted, escaped, file:// URIs, one per line."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            parts = shlex.split(line)
        except ValueError:
            parts = [line]
        if len(parts) > 1 and not all(os.path.exists(os.path.expanduser(p)) for p in parts):
            parts = [line.strip("'\"")]  # one path with spaces, not several
        for part in parts:
            if part.startswith("file://"):
                part = unquote(urlparse(part).path)
            found.append(os.path.expanduser(part))
    return found
