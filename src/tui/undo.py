"""Undo: a bounded stack of ways back. Plain Python, so the CLI or tests can use it too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple


class UndoStep(NamedTuple):
    """One change that can be taken back."""

    description: str
    revert: Callable[[], None]
    day: date | None = None


class UndoStack:
    """The last changes, newest on top."""

    def __init__(self, limit: int = 100) -> None:
        self._steps: list[UndoStep] = []
        self._limit = limit

    def push(self, step: UndoStep) -> None:
        self._steps.append(step)
        del self._steps[: -self._limit]

    def pop(self) -> UndoStep | None:
        return self._steps.pop() if self._steps else None

    def __len__(self) -> int:
        return len(self._steps)
