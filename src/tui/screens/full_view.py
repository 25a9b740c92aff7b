"""One image using the whole terminal; also the slideshow."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Static

from ..domain.pillars import DISPLAY_NAMES
from ..domain.text import shown
from ..store import board
from ..widgets.pixels import PixelView
from .base import BouncebackScreen

SLIDE_SECONDS = 6.0


class FullViewScreen(BouncebackScreen[int]):
    """The picture as large as the terminal allows, its caption below."""

    DEFAULT_CSS = """
    FullViewScreen { layout: vertical; background: $surface; }
    FullViewScreen PixelView { height: 1fr; }
    FullViewScreen #caption { height: 1; text-align: center; color: $text; }
    """
    BINDINGS = [
        Binding("escape,enter", "close", "Back"),
        Binding("left,h", "step(-1)", "Previous"),
        Binding("right,l,space", "step(1)", "Next"),
        Binding("s", "toggle_slideshow", "Slideshow"),
    ]

    def __init__(self, image_ids: list[int], index: int, slideshow: bool = False) -> None:
        super().__init__()
        self.image_ids = image_ids
        self.index = index
        self.slideshow = slideshow
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield PixelView(id="picture")
        yield Static("", id="caption", markup=False)

    def on_mount(self) -> None:
        self._show()
        if self.slideshow:
            self._start()

    def _show(self) -> None:
        image = board.get(self.bounceback.db, self.image_ids[self.index])
        words = shown(image.caption or image.name)
        if image.pillar:
            words += f" · {DISPLAY_NAMES[image.pillar]}"
        words += f"   ({self.index + 1}/{len(self.image_ids)})"
        if self.slideshow:
            words += " · slideshow: any key stops"
        else:
            words += " · ← → more · s slideshow · esc back"
        self.query_one("#caption", Static).update(words)
        self.query_one(PixelView).image_key = image.id

    @on(PixelView.CellsWanted)
    def _cells_wanted(self, event: PixelView.CellsWanted) -> None:
        event.stop()
        self.bounceback.draw_cells(event.view)

    def _start(self) -> None:
        self.slideshow = True
        self._timer = self.set_interval(SLIDE_SECONDS, self._advance)
        self._show()

    def _stop(self) -> None:
        self.slideshow = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._show()

    def _advance(self) -> None:
        self.index = (self.index + 1) % len(self.image_ids)
        self._show()

    def on_key(self, event: events.Key) -> None:
        if self.slideshow and event.key != "s":
            event.stop()
            event.prevent_default()
            self._stop()

    def action_step(self, offset: int) -> None:
        """Previous or next image."""
        self.index = (self.index + offset) % len(self.image_ids)
        self._show()

    def action_toggle_slideshow(self) -> None:
        """Start or stop the slideshow."""
        if self.slideshow:
            self._stop()
        else:
            self._start()

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(self.image_ids[self.index])
