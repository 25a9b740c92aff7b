"""A Footer that rebuilds its keys once per paint, only on the screen in front, and cheaply."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widgets import Footer


class OnceFooter(Footer):
    """Textual's Footer recomposes all its keys for every bindings signal: a screen push sends
    several (stack, focus, ...), and a screen going behind another sends one too, rebuilding a
    footer nobody sees. One rebuild, for the screen in front, is enough (a screen coming back
    to the front sends a signal of its own)."""

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

    async def recompose(self) -> None:
        if self.is_attached and self.app.screen is not self.screen:
            return  # behind another screen: rebuilt when it comes back to the front
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # A footer key starts out compact and is then told the footer's setting: two
            # restyles of every key (most of a rebuild's cost). Start it with the setting.
            # (The palette key is not told, and stays compact.)
            compact = getattr(type(widget), "compact", None)
            if isinstance(compact, Reactive) and not widget.has_class("-command-palette"):
                widget.set_reactive(compact, self.compact)
            yield widget
