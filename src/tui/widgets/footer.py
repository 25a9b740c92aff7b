"""A Footer that rebuilds its keys once per paint, however many binding changes arrive."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class OnceFooter(Footer):
    """Textual's Footer recomposes all its keys for every bindings signal, and a screen push
    sends several (stack, focus, ...), each ~35 ms with a dozen keys; one is enough."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_pending:
            return  # the rebuild already queued reads the bindings as they are then
        self._rebuild_pending = True
        # Queued before the rebuild, so a change that arrives while it runs queues another.
        self.call_after_refresh(self._rebuild_queued)
        super().bindings_changed(screen)

    def _rebuild_queued(self) -> None:
        self._rebuild_pending = False
