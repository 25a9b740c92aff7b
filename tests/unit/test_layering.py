"""Only services write: the screens, the app and the commands read the store at most."""

from __future__ import annotations

import ast
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent


def _writers(path: Path) -> set[str]:
    """The module's functions that write: they open (or join) a write transaction, or call
    one of its functions that does."""
    functions = {
        node.name: ast.unparse(node)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    writers = {name for name, text in functions.items() if ".write()" in text}
    grew = True
    while grew:
        more = {
            name
            for name, text in functions.items()
            if name not in writers and any(f"{writer}(" in text for writer in writers)
        }
        writers |= more
        grew = bool(more)
    return writers


WRITERS = {path.stem: _writers(path) for path in (PACKAGE / "store").glob("*.py")}
# Streaks keep a carry of the settled past in the file, a cache of figures rather than data
# (written as uncounted bookkeeping): reading the figures may refresh it.
WRITERS["history"] -= {"summary"}


def _callers() -> list[Path]:
    return [
        *sorted((PACKAGE / "screens").rglob("*.py")),
        *sorted((PACKAGE / "commands").rglob("*.py")),
        PACKAGE / "app.py",
    ]


def _store_modules(tree: ast.Module) -> dict[str, str]:
    """Local names bound to tui.store modules: `from ..store import board as board_store`."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("store"):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


def test_the_store_has_writers_to_look_for() -> None:
    assert {"put", "restore"} <= WRITERS["entries"] and "add" in WRITERS["tasks"]


def test_no_screen_command_or_the_app_calls_a_store_writer() -> None:
    found = []
    for path in _callers():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = _store_modules(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            target, name = node.func.value, node.func.attr
            if name == "write" and not node.args:
                found.append(f"{path.name}:{node.lineno} opens a write")
            if isinstance(target, ast.Name) and name in WRITERS.get(modules.get(target.id, ""), ()):
                found.append(f"{path.name}:{node.lineno} {target.id}.{name}")
    assert found == []
