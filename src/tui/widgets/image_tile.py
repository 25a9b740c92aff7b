"""A board tile: the picture above its caption, focusable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..domain.pillars import DISPLAY_NAMES
from .pixels import PixelView


class ImageTile(Vertical, can_focus=True):
    """One image of the vision board."""

    DEFAULT_CSS = """
    ImageTile {
        height: 16;
        border: round $panel-lighten-2;
        padding: 0;
    }
    ImageTile:focus { border: round $accent; }
    ImageTile > PixelView { height: 1fr; }
    ImageTile > .caption { height: 1; color: $text; padding: 0 1; }
    ImageTile:focus > .caption { text-style: bold; }
    """

    def __init__(self, image_id: int, caption: str, pillar: str | None, name: str) -> None:
        super().__init__()
        self.image_id = image_id
        self.caption = caption
        self.pillar = pillar
        self.name_text = name

    def compose(self) -> ComposeResult:
        yield PixelView()
        yield Static(self.caption or self.name_text, classes="caption", markup=False)

    def on_mount(self) -> None:
        self.border_subtitle = DISPLAY_NAMES.get(self.pillar or "", "")
        self.query_one(PixelView).image_key = self.image_id
