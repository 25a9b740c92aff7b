"""What every full screen of Bounceback shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import BouncebackApp

ResultT = TypeVar("ResultT")


class BouncebackScreen(Screen[ResultT]):
    """A screen that reaches the app's data file, settings and undo through `bounceback`."""

    @property
    def bounceback(self) -> BouncebackApp:
        """The app, typed: its `db`, `settings`, `today` and `undo`."""
        return self.app  # type: ignore[return-value]
