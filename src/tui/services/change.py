"""What a service hands back: a description, its undo, and what the change touched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..domain.models import ItemRef
    from ..store.db import Database


class Topic(StrEnum):
    """Which part of the data file a change touched, so only the screens showing it redraw."""

    DAY = "day"  # entries, tasks and freezes
    ROUTINES = "routines"
    SETTINGS = "settings"  # settings and pauses
    BOARD = "board"


EVERYTHING = frozenset(Topic)


@dataclass(frozen=True)
class Change:
    """One thing a person did, already saved."""

    description: str
    """Past tense, short: "checked Walk", "added 3 images" (undo says "Undone: …")."""
    topics: frozenset[Topic]
    undo: Callable[[Database], Change] | None = None
    """Takes the change back in one transaction, returning the change that undoing made."""
    day: date | None = None
    """The day it was about, if any (undo on Today goes back to it)."""
    focus: ItemRef | int | None = None
    """The item (or image id) to put the cursor on afterwards."""
    message: str = ""
    """A line to tell the person, if the change deserves more than a redraw."""
    result: Any = None
    """What was made or found (a task, a routine, how many freezes are left...)."""


def changed_elsewhere() -> Change:
    """Another window or the shell saved something: everything may have moved."""
    return Change("saved elsewhere", EVERYTHING)
