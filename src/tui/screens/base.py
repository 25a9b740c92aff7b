"""What every full screen of Bounceback shares: running services, and redrawing on changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, ClassVar, Concatenate, ParamSpec, TypeVar

from textual.app import SystemCommand
from textual.screen import Screen
from textual.worker import Worker

from ..services.change import Change, Topic, changed_elsewhere
from ..widgets.failures import WorkFailed, failure_of

if TYPE_CHECKING:
    from ..app import BouncebackApp
    from ..store.db import Database

ResultT = TypeVar("ResultT")
P = ParamSpec("P")


class BouncebackScreen(Screen[ResultT]):
    """A screen that reaches the app's data file, settings and undo through `bounceback`."""

    WATCHES: ClassVar[frozenset[Topic]] = frozenset()
    """The data this screen shows: a change to any of it redraws the screen (`show_change`)."""

    PALETTE: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """This screen's own entries in the command palette: (title, help, action)."""

    _stale = False

    @property
    def bounceback(self) -> BouncebackApp:
        """The app, typed: its `db`, `settings`, `today` and `undo`."""
        return self.app  # type: ignore[return-value]  # the only App this screen runs in

    def perform(
        self,
        service: Callable[Concatenate[Database, P], Change | None],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Change | None:
        """Run a service on the data file; a failure is one line on screen (None back)."""
        return self.bounceback.perform(service, *args, **kwargs)

    def undo(self) -> Change | None:
        """Take back the newest change, saying what was undone."""
        return self.bounceback.undo_last()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = failure_of(event)
        if error is not None:
            self.bounceback.work_failed(error)

    def on_work_failed(self, event: WorkFailed) -> None:
        event.stop()
        self.bounceback.work_failed(event.error)

    def on_mount(self) -> None:
        if self.WATCHES:
            self.bounceback.data_changed.subscribe(self, self._data_changed)

    def _data_changed(self, change: Change) -> None:
        if not change.topics & self.WATCHES:
            return
        if self.is_current:
            self.show_change(change)
        else:
            # Under another screen: read once, when it is on top again.
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.show_change(changed_elsewhere())

    def show_change(self, change: Change) -> None:
        """Read again what `change` touched and show it (each screen that WATCHES data)."""

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The PALETTE entries, each running its action on this screen."""
        for title, help_text, action in self.PALETTE:
            # An action the screen does not offer now (nothing to act on) is left out.
            if self.check_action(action.split("(", 1)[0], ()) is not False:
                yield SystemCommand(title, help_text, self._runner(action))

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await self.run_action(action)

        return run
