"""Undo: a bounded stack of changes that can be taken back. Plain Python, no Textual."""

from __future__ import annotations

from .services.change import Change


class UndoStack:
    """The last changes, newest on top (only changes with an undo are kept)."""

    def __init__(self, limit: int = 100) -> None:
        self._changes: list[Change] = []
        self._limit = limit

    def push(self, change: Change) -> None:
        if change.undo is None:
            return
        self._changes.append(change)
        del self._changes[: -self._limit]

    def pop(self) -> Change | None:
        return self._changes.pop() if self._changes else None

    def __len__(self) -> int:
        return len(self._changes)
