"""Half-block pixels drawn through the Line API, with strips cached per picture and size."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

RGB = tuple[int, int, int]
Cells = list[list[tuple[RGB, RGB]]]
UPPER_HALF = "▀"


def cells_to_strips(cells: Cells) -> list[Strip]:
    """One strip per row: `▀` in the top pixel's colour over the bottom pixel's colour.

    Called in a worker thread, so the main thread only swaps finished strips in.
    """
    styles: dict[tuple[RGB, RGB], Style] = {}
    strips = []
    for row in cells:
        segments = []
        for pair in row:
            style = styles.get(pair)
            if style is None:
                top, bottom = pair
                style = styles[pair] = Style(
                    color=Color(*top).rich_color, bgcolor=Color(*bottom).rich_color
                )
            segments.append(Segment(UPPER_HALF, style))
        strips.append(Strip(Segment.simplify(segments), len(row)))
    return strips


class PixelView(Widget):
    """A picture as half-block cells. The owner renders cells for the size asked for."""

    DEFAULT_CSS = """
    PixelView { width: 1fr; height: 1fr; background: $surface; }
    """

    image_key: reactive[object] = reactive(None)
    """What picture this view shows (an image id); changing it asks for new cells."""

    class CellsWanted(Message):
        """The view needs cells for its picture at this size."""

        def __init__(self, view: PixelView, key: object, size: Size) -> None:
            super().__init__()
            self.view = view
            self.key = key
            self.size = size

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: list[Strip] = []
        self._for: tuple[object, Size] | None = None

    def set_strips(self, key: object, size: Size, strips: list[Strip]) -> None:
        """Show strips made (off the main thread) for `key` at `size`; stale ones are ignored."""
        if key != self.image_key or size != self.content_size:
            return
        self._strips = strips
        self._for = (key, size)
        self.refresh()

    @property
    def wants_cells(self) -> bool:
        """Whether the view has nothing drawn for its picture at its current size."""
        size = self.content_size
        return (
            self.image_key is not None
            and size.width > 0
            and size.height > 0
            and self._for != (self.image_key, size)
        )

    def _ask(self) -> None:
        size = self.content_size
        if self.image_key is None or size.width == 0 or size.height == 0:
            self._strips = []
            self.refresh()
            return
        if self._for != (self.image_key, size):
            self.post_message(self.CellsWanted(self, self.image_key, size))

    def watch_image_key(self) -> None:
        self._ask()

    def on_resize(self) -> None:
        self._ask()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if self._for is not None and self._for[1] == self.content_size and y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)
