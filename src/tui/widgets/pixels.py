"""Half-block pixels drawn through the Line API, with strips cached per picture and size."""

from __future__ import annotations

import sys
from array import array

from rich.color import Color as RichColor
from rich.color import ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

RGB = tuple[int, int, int]
UPPER_HALF = "▀"
_HEX = [f"{value:02x}" for value in range(256)]
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


class Palette:
    """The colours and styles made so far, keyed by pixel value and by (top, bottom) pair.

    Shared by the pictures of one batch: making them is most of the cost of a picture."""

    __slots__ = ("colours", "styles")

    def __init__(self) -> None:
        self.colours: dict[int, RichColor] = {}
        self.styles: dict[int, Style] = {}


def canvas_to_segments(
    pixels: bytes, cols: int, rows: int, palette: Palette | None = None
) -> list[list[Segment]]:
    """One line of segments per row of cells, straight from `half_block_canvas` bytes: `▀` in
    the top pixel's colour over the bottom pixel's, runs of equal cells in one segment. No
    cell tuples in between, and no Strip objects (each comes with seven small caches): the
    board draws a screenful of these at once.

    Every pixel becomes one int (a single C-level conversion), so a cell's key is an int and
    colours, styles and segments are made with as few Python calls as possible: this loop runs
    for every cell of every picture drawn, ~4,000 a page of the board."""
    palette = Palette() if palette is None else palette
    colours, styles = palette.colours, palette.styles
    values = _pixel_values(pixels, cols * rows * 2)
    new = tuple.__new__  # Segment is a named tuple
    from_color = Style.from_color
    lines = []
    for row in range(rows):
        start = 2 * row * cols
        segments: list[Segment] = []
        run_style = None
        run = 0
        tops, bottoms = values[start : start + cols], values[start + cols : start + 2 * cols]
        for top, bottom in zip(tops, bottoms, strict=True):
            pair = top << 32 | bottom
            style = styles.get(pair)
            if style is None:
                fore = colours.get(top) or _new_colour(top, colours)
                back = colours.get(bottom) or _new_colour(bottom, colours)
                style = styles[pair] = from_color(fore, back)
            if style is run_style:
                run += 1
                continue
            if run:
                segments.append(new(Segment, (UPPER_HALF * run, run_style, None)))
            run_style, run = style, 1
        if run:
            segments.append(new(Segment, (UPPER_HALF * run, run_style, None)))
        lines.append(segments)
    return lines


def _new_colour(value: int, colours: dict[int, RichColor]) -> RichColor:
    """The truecolour for a pixel value (red in the low byte), made once per palette: Color and
    ColorTriplet are named tuples, built by tuple.__new__ to skip their Python constructors."""
    new = tuple.__new__
    red, green, blue = value & 255, value >> 8 & 255, value >> 16
    colour = colours[value] = new(
        RichColor,
        (
            "#" + _HEX[red] + _HEX[green] + _HEX[blue],
            ColorType.TRUECOLOR,
            None,
            new(ColorTriplet, (red, green, blue)),
        ),
    )
    return colour


def _pixel_values(pixels: bytes, count: int) -> list[int]:
    """`count` RGB pixels as ints, red in the low byte: red | green << 8 | blue << 16."""
    padded = bytearray(4 * count)
    padded[0::4] = pixels[0 : 3 * count : 3]
    padded[1::4] = pixels[1 : 3 * count : 3]
    padded[2::4] = pixels[2 : 3 * count : 3]
    values = array(_UINT32, padded)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


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
        self._for: tuple[object, Size, RGB] | None = None  # key, size and letterbox drawn
        self._blank = Strip.blank(0)

    @property
    def letterbox(self) -> RGB:
        """The colour around a picture that does not fill the view: its background."""
        return self.styles.background.rgb

    def set_strips(
        self, key: object, size: Size, strips: list[Strip], letterbox: RGB | None = None
    ) -> None:
        """Show strips made (off the main thread) for `key` at `size`, letterboxed in
        `letterbox` (the view's background when asked); stale ones are ignored."""
        letterbox = self.letterbox if letterbox is None else letterbox
        if (key, size, letterbox) != (self.image_key, self.content_size, self.letterbox):
            return
        self._strips = strips
        self._for = (key, size, letterbox)
        self.refresh()

    def _ask(self) -> None:
        size = self.content_size
        if self.image_key is None or size.width == 0 or size.height == 0:
            self._strips = []
            self.refresh()
            return
        if self._for != (self.image_key, size, self.letterbox):
            self.post_message(self.CellsWanted(self, self.image_key, size))

    def watch_image_key(self) -> None:
        self._ask()

    def on_resize(self) -> None:
        self._ask()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme has a new background: the letterbox is drawn in it, so ask again (the
        # old picture stays until the new one arrives).
        if self.is_mounted and self._for is not None and self._for[2] != self.letterbox:
            self._ask()

    def render_lines(self, crop: Region) -> list[Strip]:
        # One blank line per paint: looking up the widget's style is costly, and before the
        # picture arrives (Today's first paint) every line is blank.
        self._blank = Strip.blank(self.content_size.width, self.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        # Strips for the old background still beat a blank view until the new ones arrive.
        if self._for is not None and self._for[1] == self.content_size and y < len(self._strips):
            return self._strips[y]
        return self._blank
