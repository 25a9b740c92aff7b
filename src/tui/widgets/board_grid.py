"""The vision board's grid: one Line-API widget that draws every tile virtually.

Mounting a widget per image made a large board slow to open and to page through (Textual lays
out every one of them); here a tile is a region of this widget, only the lines in view are
rendered, and pictures are drawn in a worker for the tiles in view only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from .pixels import cells_to_strips

if TYPE_CHECKING:
    from ..images.render import CellCache

TILE_HEIGHT = 16
PICTURE_ROWS = TILE_HEIGHT - 3  # the top and bottom border and the caption line
GUTTER = 1  # blank cells between columns
RGB = tuple[int, int, int]
PictureKey = tuple[int, int, int, RGB]  # image id, cols, rows, letterbox colour


@dataclass(frozen=True)
class Tile:
    """What one tile shows: its picture (by image id), a caption and a border label."""

    image_id: int
    caption: str
    label: str = ""


def column_spans(width: int, columns: int) -> list[tuple[int, int]]:
    """(x, width) of each column: the width shared out as a CSS grid with a gutter does."""
    usable = max(0, width - GUTTER * (columns - 1))
    return [
        (
            usable * column // columns + GUTTER * column,
            usable * (column + 1) // columns - usable * column // columns,
        )
        for column in range(columns)
    ]


def first_line(text: str, width: int) -> str:
    """The words of `text` that fit on one line of `width` cells (as a wrapping label shows)."""
    if cell_len(text) <= width:
        return text
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) > width:
            return line or set_cell_size(word, width)
        line = candidate
    return line


class BoardGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """Image tiles in rows that reflow with the width; a cursor marks the selected one.

    The owner gives `load_thumb`, called in a worker thread with an image id, returning the
    thumbnail's bytes (or None when it is gone)."""

    DEFAULT_CSS = """
    BoardGrid { width: 1fr; height: 1fr; padding: 0 1; overflow-x: hidden; }
    BoardGrid > .board-grid--border { color: $panel-lighten-2; }
    BoardGrid > .board-grid--cursor { color: $accent; }
    BoardGrid > .board-grid--caption { color: $text; }
    BoardGrid > .board-grid--picture { background: $surface; }
    """
    COMPONENT_CLASSES = {
        "board-grid--border",
        "board-grid--cursor",
        "board-grid--caption",
        "board-grid--picture",
    }

    class _PictureDrawn(Message, bubble=False):
        """The worker is done with one picture: its strips, or None (damaged, or cancelled)."""

        def __init__(self, key: PictureKey, strips: list[Strip] | None, failed: bool) -> None:
            super().__init__()
            self.key = key
            self.strips = strips
            self.failed = failed

    def __init__(
        self,
        load_thumb: Callable[[int], bytes | None],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._load_thumb = load_thumb
        self.tiles: list[Tile] = []
        self.columns = 1
        self.cursor = 0
        self._cache: CellCache | None = None
        self._painted: dict[int, PictureKey] = {}  # image id → the picture last drawn on screen
        self._wanted: dict[PictureKey, None] = {}  # asked for by render_line, in order
        self._failed: set[PictureKey] = set()
        self._drawing = 0  # pictures the running worker has still to send
        self._request_pending = False
        self._parts: dict[tuple[object, ...], Strip] = {}  # borders and captions by look
        self._background: RGB | None = None

    # -- what is shown

    def set_tiles(self, tiles: Sequence[Tile], cursor: int = 0) -> None:
        """Show `tiles`, the cursor on `cursor` (scrolled into view)."""
        self.tiles = list(tiles)
        self.cursor = max(0, min(cursor, len(self.tiles) - 1))
        self._painted.clear()
        self._failed.clear()
        self._parts.clear()
        self._update_virtual_size()
        self.refresh()
        self.scroll_to_cursor()

    def set_columns(self, columns: int) -> None:
        """Reflow into `columns` columns, keeping the cursor in view."""
        if columns != self.columns:
            self.columns = max(1, columns)
            self._update_virtual_size()
            self.refresh()
            self.scroll_to_cursor()

    @property
    def current(self) -> Tile | None:
        """The tile under the cursor."""
        return self.tiles[self.cursor] if self.tiles else None

    def move_cursor(self, index: int, top: bool = False) -> None:
        """Select tile `index` and scroll it into view (at the top if `top`), never animated."""
        if not self.tiles:
            return
        self.cursor = max(0, min(index, len(self.tiles) - 1))
        self.refresh()
        self.scroll_to_cursor(top=top)

    def scroll_to_cursor(self, top: bool = False) -> None:
        """Scroll just enough for the cursor's tile to be whole in view."""
        if not self.tiles:
            return
        tile_top = self.cursor // self.columns * TILE_HEIGHT
        height = self.scrollable_size.height
        if top or tile_top < self.scroll_y:
            self.scroll_to(y=tile_top, animate=False)
        elif tile_top + TILE_HEIGHT > self.scroll_y + height and height:
            self.scroll_to(y=tile_top + TILE_HEIGHT - height, animate=False)

    def _update_virtual_size(self) -> None:
        rows = -(-len(self.tiles) // self.columns)
        self.virtual_size = Size(self.scrollable_size.width, rows * TILE_HEIGHT)

    def on_resize(self, event: events.Resize) -> None:
        self._parts.clear()
        self._update_virtual_size()
        self.scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._parts = {}  # a theme change recolours borders, captions and the letterbox
        self._background = None

    # -- geometry

    def _spans(self) -> list[tuple[int, int]]:
        return column_spans(self.scrollable_size.width, self.columns)

    def _picture_key(self, index: int, width: int) -> PictureKey:
        if self._background is None:
            self._background = self.get_component_styles("board-grid--picture").background.rgb
        return (self.tiles[index].image_id, max(0, width - 2), PICTURE_ROWS, self._background)

    def tiles_in_view(self) -> list[int]:
        """Indexes of the tiles with part of their picture in the scrolled window."""
        height = self.scrollable_size.height
        if not self.tiles or height <= 0:
            return []
        top = int(self.scroll_y)
        first_row = max(0, (top - PICTURE_ROWS - 1) // TILE_HEIGHT)
        indexes = []
        row = first_row
        while row * TILE_HEIGHT + 1 < top + height:
            if row * TILE_HEIGHT + 1 + PICTURE_ROWS > top:
                start = row * self.columns
                indexes.extend(range(start, min(start + self.columns, len(self.tiles))))
            row += 1
            if row * self.columns >= len(self.tiles):
                break
        return indexes

    def is_drawn(self, index: int) -> bool:
        """Whether tile `index`'s picture, at its current size, has been drawn on screen."""
        spans = self._spans()
        width = spans[index % self.columns][1]
        key = self._picture_key(index, width)
        return self._painted.get(key[0]) == key

    def tile_at(self, x: int, y: int) -> int | None:
        """The tile at content offset (x, y) in the scrolled window, if any."""
        virtual_y = y + int(self.scroll_y)
        row = virtual_y // TILE_HEIGHT
        for column, (left, width) in enumerate(self._spans()):
            if left <= x < left + width:
                index = row * self.columns + column
                return index if 0 <= index < len(self.tiles) else None
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.tile_at(offset.x, offset.y)
        if index is not None:
            self.move_cursor(index)

    # -- drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        virtual_y = y + int(self.scroll_y)
        row, line = divmod(virtual_y, TILE_HEIGHT)
        strips: list[Strip] = []
        x = 0
        for column, (left, span) in enumerate(self._spans()):
            index = row * self.columns + column
            if index >= len(self.tiles) or span <= 0:
                break
            if left > x:
                strips.append(Strip.blank(left - x, base))
            strips.append(self._tile_line(index, line, span))
            x = left + span
        if x < width:
            strips.append(Strip.blank(width - x, base))
        return Strip.join(strips).crop(0, width)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _tile_line(self, index: int, line: int, width: int) -> Strip:
        tile = self.tiles[index]
        selected = index == self.cursor
        if line == 0 or line == TILE_HEIGHT - 1:
            return self._border(line == 0, width, selected, tile.label)
        if line == TILE_HEIGHT - 2:
            return self._caption(tile.caption, width, selected)
        side = self._side(selected)
        key = self._picture_key(index, width)
        picture = self._picture(key)
        if picture is None:
            self._painted.pop(tile.image_id, None)
            self._want(key)
            middle = Strip.blank(key[1], self._style("board-grid--picture"))
        else:
            self._painted[tile.image_id] = key
            middle = picture[line - 1] if line - 1 < len(picture) else Strip.blank(key[1])
        return Strip.join([side, middle, side]) if width >= 2 else side.crop(0, width)

    def _side(self, selected: bool) -> Strip:
        look = ("side", selected)
        strip = self._parts.get(look)
        if strip is None:
            style = self._style("board-grid--cursor" if selected else "board-grid--border")
            strip = self._parts[look] = Strip([Segment("│", style)], 1)
        return strip

    def _border(self, top: bool, width: int, selected: bool, label: str) -> Strip:
        look = ("border", top, width, selected, "" if top else label)
        strip = self._parts.get(look)
        if strip is None:
            style = self._style("board-grid--cursor" if selected else "board-grid--border")
            left, right = ("╭", "╮") if top else ("╰", "╯")
            inner = width - 2
            # The label sits at the right of the bottom edge, as a border subtitle does.
            if not top and label and inner > 4:
                if cell_len(label) > inner - 4:
                    label = set_cell_size(label, inner - 5) + "…"
                text = f" {label} "
                edge = f"{left}{'─' * (inner - cell_len(text) - 1)}{text}─{right}"
            else:
                edge = f"{left}{'─' * inner}{right}" if width >= 2 else left[:width]
            strip = self._parts[look] = Strip([Segment(edge, style)], width)
        return strip

    def _caption(self, caption: str, width: int, selected: bool) -> Strip:
        look = ("caption", caption, width, selected)
        strip = self._parts.get(look)
        if strip is None:
            side = self._side(selected)
            style = self._style("board-grid--caption")
            if selected:
                style += Style(bold=True)
            inner = max(0, width - 4)
            words = first_line(caption, inner)
            # Padding in the plain style, as a label's padding is (bold stops at the words).
            segments = [
                Segment(" ", self.rich_style),
                Segment(words, style),
                Segment(" " * (inner - cell_len(words) + 1), self.rich_style),
            ]
            strip = Strip.join([side, Strip(segments, inner + 2), side])
            strip = self._parts[look] = strip.crop(0, width)
        return strip

    # -- pictures, drawn in a worker for the tiles in view

    def _cache_key(self, key: PictureKey) -> tuple[object, ...]:
        image_id, cols, rows, background = key
        return (image_id, "thumb", cols, rows, background)

    def _picture(self, key: PictureKey) -> list[Strip] | None:
        if self._cache is None:
            return None
        return self._cache.get(self._cache_key(key))  # type: ignore[no-any-return]

    def forget_pictures(self) -> None:
        """Drop every drawn picture (they are drawn again when next in view)."""
        self._cache = None
        self._painted.clear()
        self.refresh()

    def _want(self, key: PictureKey) -> None:
        if key in self._failed or key[1] <= 0:
            return
        self._wanted[key] = None
        if not self._request_pending:
            self._request_pending = True
            self.call_later(self._request)

    def _request(self) -> None:
        self._request_pending = False
        if self._drawing:
            return  # the running worker asks again when it is done
        spans = self._spans()
        in_view = {
            self._picture_key(index, spans[index % self.columns][1])
            for index in self.tiles_in_view()
        }
        batch = [key for key in self._wanted if key in in_view and self._picture(key) is None]
        self._wanted.clear()
        if batch:
            if self._cache is None:
                from ..images.render import CellCache

                self._cache = CellCache(limit=160)
            self._drawing = len(batch)
            self._draw(batch)

    @work(thread=True, group="board-pictures")
    def _draw(self, keys: list[PictureKey]) -> None:
        from ..images.ingest import ImageError
        from ..images.render import render_cells

        worker = get_current_worker()
        for key in keys:
            strips, failed = None, False
            try:
                if not worker.is_cancelled:
                    image_id, cols, rows, background = key
                    data = self._load_thumb(image_id)
                    if data is None:
                        failed = True  # deleted meanwhile
                    else:
                        strips = cells_to_strips(render_cells(data, cols, rows, background))
            except (ImageError, OSError, ValueError):
                failed = True  # damaged: the tile stays blank
            finally:
                # Every key is answered, so the count of pictures in flight stays right.
                self.post_message(self._PictureDrawn(key, strips, failed))

    @on(_PictureDrawn)
    def _picture_drawn(self, event: _PictureDrawn) -> None:
        self._drawing = max(0, self._drawing - 1)
        if event.failed:
            self._failed.add(event.key)
        elif event.strips is not None and self._cache is not None:
            self._cache.put(self._cache_key(event.key), event.strips)
        self.refresh()
        if not self._drawing and self._wanted:
            self._request()
