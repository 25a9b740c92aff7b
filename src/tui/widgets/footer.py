"""A Footer that rebuilds its keys once per paint, and only on the screen in front."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class OnceFooter(Footer):
    """Textual's Footer recomposes all its keys for every bindings signal, ~3 ms a key: a
    screen push sends several (stack, focus, ...), and a screen going behind another sends one
    too, rebuilding a footer nobody sees. One rebuild, for the screen in front, is enough (a
    screen coming back to the front sends a signal of its own)."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_pending or not screen.is_current:
            return  # a rebuild already queued reads the bindings as they are then
        self._rebuild_pending = True
        # Queued before the rebuild, so a change that arrives while it runs queues another.
        self.call_after_refresh(self._rebuild_queued)
        super().bindings_changed(screen)

    def _rebuild_queued(self) -> None:
        self._rebuild_pending = False
