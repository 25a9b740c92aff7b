"""The vision board's grid: one Line-API widget that draws every tile virtually.

Mounting a widget per image made a large board slow to open and to page through (Textual lays
out every one of them); here a tile is a region of this widget, only the lines in view are
rendered, and pictures are drawn in a worker for the tiles in view (and, once the board is
idle, for the page a page down would show).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.filter import ANSIToTruecolor, LineFilter
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from ..memory import collection_paused, forget_rendered_lines
from .failures import WorkFailed, failure_of
from .pixels import Palette, canvas_to_segments

if TYPE_CHECKING:
    from ..images.render import CellCache

TILE_HEIGHT = 16
PICTURE_ROWS = TILE_HEIGHT - 3  # the top and bottom border and the caption line
GUTTER = 1  # blank cells between columns
PREFETCH_AFTER = 0.25  # seconds the board is idle before the next page is drawn
RETRY_UNREAD_AFTER = 1.0  # seconds before pictures the data file could not give are asked again
SEND_EVERY = 0.05  # seconds: how often a worker hands over the pictures it has finished
# Pictures kept at least: a few screenfuls. One is thousands of objects, and every one kept
# alive makes Python's full garbage collections slower.
PICTURES_KEPT = 64
RGB = tuple[int, int, int]
PictureKey = tuple[int, int, int, RGB]  # image id, cols, rows, letterbox colour
Picture = list[list[Segment]]  # a row of segments per line of cells


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
    """`text` on one line of `width` cells: whole if it fits, else the words that fit and
    `…` (a word longer than the line is cut, also ending in `…`)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    room = width - 1  # the ellipsis takes a cell
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) > room:
            return (line or set_cell_size(word, room)).rstrip(" ,;:.-–—") + "…"
        line = candidate
    return line + "…"


class BoardGrid(ScrollView, can_focus=False, inherit_bindings=False):
    """Image tiles in rows that reflow with the width; a cursor marks the selected one.

    The owner gives `load_thumbs`, called in a worker thread with image ids, returning their
    thumbnails' bytes by id (an image that is gone is left out), or None when the data file
    cannot be read just now (the pictures are asked for again a moment later)."""

    DEFAULT_CSS = """
    BoardGrid { width: 1fr; height: 1fr; padding: 0 1; overflow-x: hidden; }
    BoardGrid > .board-grid--border { color: $text-disabled; }
    BoardGrid > .board-grid--cursor { color: $text-accent; }
    BoardGrid > .board-grid--caption { color: $text; }
    BoardGrid > .board-grid--tag { color: $text-muted; }
    BoardGrid > .board-grid--picture { background: $surface; }
    """
    COMPONENT_CLASSES = {
        "board-grid--border",
        "board-grid--cursor",
        "board-grid--caption",
        "board-grid--tag",
        "board-grid--picture",
    }

    class _PicturesDrawn(Message, bubble=False):
        """Pictures the worker finished: rows of segments, or None for one that cannot be drawn."""

        def __init__(
            self,
            drawn: list[tuple[PictureKey, Picture | None]],
            done: bool,
            generation: int,
            unread: bool = False,
        ) -> None:
            super().__init__()
            self.drawn = drawn
            self.done = done  # the worker has finished its batch
            self.generation = generation  # pictures forgotten since are not kept
            self.unread = unread  # the file could not be read just now: try again soon

    def __init__(
        self,
        load_thumbs: Callable[[list[int]], Mapping[int, bytes] | None],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._load_thumbs = load_thumbs
        self.tiles: list[Tile] = []
        self.columns = 1
        self.cursor = 0
        self._cache: CellCache | None = None
        self._cache_size = 0
        self._painted: dict[int, PictureKey] = {}  # image id → the picture last drawn on screen
        self._wanted: dict[PictureKey, None] = {}  # asked for by render_line, in order
        self._failed: set[PictureKey] = set()
        self._waiting_for_file = False
        self._drawing = False  # a worker is drawing a batch
        # The batch being drawn when it is the next page's rather than what is in view.
        self._prefetching: set[PictureKey] = set()
        self._prefetch_timer: Timer | None = None
        self._generation = 0  # moves on when the cached pictures are forgotten
        self._request_pending = False
        self._lines: dict[int, Strip] = {}  # built lines by virtual y
        self._styles: dict[str, Style] = {}
        self._background: RGB | None = None
        self._spans_for: tuple[int, int] | None = None
        self._spans_cached: list[tuple[int, int]] = []

    # -- what is shown

    def set_tiles(self, tiles: Sequence[Tile], cursor: int = 0) -> None:
        """Show `tiles`, the cursor on `cursor` (scrolled into view)."""
        self.tiles = list(tiles)
        self.cursor = max(0, min(cursor, len(self.tiles) - 1))
        self._painted.clear()
        self._failed.clear()
        self._update_virtual_size()
        self._forget_lines()
        self.scroll_to_cursor()

    def set_columns(self, columns: int) -> None:
        """Reflow into `columns` columns, keeping the cursor in view."""
        if columns != self.columns:
            self.columns = max(1, columns)
            self._update_virtual_size()
            self._forget_lines()
            self.scroll_to_cursor()

    def move_cursor(self, index: int, top: bool = False) -> None:
        """Select tile `index` and scroll it into view (at the top if `top`), never animated."""
        if not self.tiles:
            return
        before, self.cursor = self.cursor, max(0, min(index, len(self.tiles) - 1))
        self._forget_lines([before // self.columns, self.cursor // self.columns])
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

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Start on the pictures now rather than after the next paint finds them missing.
        self._want_in_view()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._forget_lines()
        self.scroll_to_cursor()
        self._want_in_view()

    def on_unmount(self) -> None:
        # Textual 8.2's StylesCache.get_inner_outer is an lru_cache keyed on the cache itself,
        # so a closed board's rendered lines (thousands of colours) would outlive it; this
        # empties Textual's private cache (tui.memory says what to check on an upgrade).
        forget_rendered_lines(self)
        self._lines.clear()
        self._cache = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A theme change recolours borders, captions and the letterbox.
        self._styles = {}
        self._lines = {}
        self._background = None

    # -- geometry

    def _spans(self) -> list[tuple[int, int]]:
        shape = (self.scrollable_size.width, self.columns)
        if self._spans_for != shape:
            self._spans_for, self._spans_cached = shape, column_spans(*shape)
        return self._spans_cached

    def _key_at(self, index: int) -> PictureKey:
        """The picture key of tile `index` at its column's current width."""
        return self._picture_key(index, self._spans()[index % self.columns][1])

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
        indexes: list[int] = []
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
        key = self._key_at(index)
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

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Every colour here is already truecolour (theme variables and pixels), so the ANSI
        # conversion would only cost ~6 µs a segment, on thousands of segments a frame.
        return [f for f in super().get_line_filters() if not isinstance(f, ANSIToTruecolor)]

    def render_line(self, y: int) -> Strip:
        virtual_y = y + int(self.scroll_y)
        strip = self._lines.get(virtual_y)
        if strip is None:
            if len(self._lines) > 4 * max(self.size.height, TILE_HEIGHT):
                self._lines.clear()  # lines scrolled far away are not kept
            strip = self._lines[virtual_y] = self._build_line(virtual_y)
        return strip

    def _forget_lines(self, rows: Iterable[int] | None = None) -> None:
        """Build these rows' lines (or all) again when next drawn, and redraw them."""
        if rows is None:
            self._lines.clear()
            self.refresh()
            return
        for row in set(rows):
            for line in range(row * TILE_HEIGHT, (row + 1) * TILE_HEIGHT):
                self._lines.pop(line, None)
            self.refresh_lines(row * TILE_HEIGHT, TILE_HEIGHT)

    def _build_line(self, virtual_y: int) -> Strip:
        looks = self._looks()
        width = self.size.width
        row, line = divmod(virtual_y, TILE_HEIGHT)
        segments: list[Segment] = []
        x = 0
        for column, (left, span) in enumerate(self._spans()):
            index = row * self.columns + column
            if index >= len(self.tiles) or span <= 0:
                break
            if left > x:
                segments.append(Segment(" " * (left - x), looks["base"]))
            segments.extend(self._tile_line(index, line, span))
            x = left + span
        if x < width:
            segments.append(Segment(" " * (width - x), looks["base"]))
        return Strip(segments, width)

    def _looks(self) -> dict[str, Style]:
        looks = self._styles
        if not looks:
            base = self.rich_style
            looks["base"] = base
            looks["border"] = self.get_component_rich_style("board-grid--border")
            looks["cursor"] = self.get_component_rich_style("board-grid--cursor")
            looks["caption"] = self.get_component_rich_style("board-grid--caption")
            looks["caption-cursor"] = looks["caption"] + Style(bold=True)
            looks["tag"] = self.get_component_rich_style("board-grid--tag")
            looks["picture"] = self.get_component_rich_style("board-grid--picture")
        return looks

    def _tile_line(self, index: int, line: int, width: int) -> list[Segment]:
        tile = self.tiles[index]
        selected = index == self.cursor
        if line == 0 or line == TILE_HEIGHT - 1:
            return self._border(line == 0, width, selected, tile.label)
        if line == TILE_HEIGHT - 2:
            return self._caption(tile.caption, width, selected)
        looks = self._looks()
        if width < 2:
            return [Segment("│"[:width], looks["cursor" if selected else "border"])]
        side = Segment("│", looks["cursor" if selected else "border"])
        key = self._picture_key(index, width)
        picture = self._picture(key)
        if picture is None:
            self._painted.pop(tile.image_id, None)
            self._want(key)
            return [side, Segment(" " * key[1], looks["picture"]), side]
        self._painted[tile.image_id] = key
        return [side, *picture[line - 1], side]

    def _border(self, top: bool, width: int, selected: bool, label: str) -> list[Segment]:
        style = self._looks()["cursor" if selected else "border"]
        left, right = ("╭", "╮") if top else ("╰", "╯")
        inner = width - 2
        if width < 2:
            return [Segment(left[:width], style)]
        # The label sits at the right of the bottom edge, as a border subtitle does.
        if not top and label and inner > 4:
            if cell_len(label) > inner - 4:
                label = set_cell_size(label, inner - 5) + "…"
            text = f" {label} "
            # The tag in words' colours (a pillar's name is read), the line in the border's.
            return [
                Segment(f"{left}{'─' * (inner - cell_len(text) - 1)}", style),
                Segment(text, self._looks()["tag"]),
                Segment(f"─{right}", style),
            ]
        return [Segment(f"{left}{'─' * inner}{right}", style)]

    def _caption(self, caption: str, width: int, selected: bool) -> list[Segment]:
        looks = self._looks()
        side = Segment("│", looks["cursor" if selected else "border"])
        if width < 4:
            return [Segment(" " * width, looks["base"])]
        inner = width - 4
        words = first_line(caption, inner)
        # Padding in the plain style, as a label's padding is (bold stops at the words).
        return [
            side,
            Segment(" ", looks["base"]),
            Segment(words, looks["caption-cursor" if selected else "caption"]),
            Segment(" " * (inner - cell_len(words) + 1), looks["base"]),
            side,
        ]

    # -- pictures, drawn in a worker for the tiles in view (and the next page when idle)

    def _picture(self, key: PictureKey) -> Picture | None:
        if self._cache is None:
            return None
        picture: Picture | None = self._cache.get(key)
        return picture

    def _pictures(self) -> CellCache:
        """The picture cache, big enough for three windowfuls of tiles (never less: pictures
        evicted while still in view would be drawn again and again)."""
        wanted = max(PICTURES_KEPT, 3 * len(self.tiles_in_view()))
        if self._cache is None or self._cache_size < wanted:
            from ..images.render import CellCache

            self._cache, self._cache_size = CellCache(limit=wanted), wanted
        return self._cache

    def forget_pictures(self) -> None:
        """Drop the cached pictures: the next ones drawn are decoded again. (What is on screen
        stays until it is redrawn, so nothing is redrawn here.)"""
        self._cache = None
        self._painted.clear()
        self._lines.clear()
        self._generation += 1  # a batch still being drawn stops, and is not kept
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None

    def _want(self, key: PictureKey) -> None:
        if key in self._failed or key[1] <= 0:
            return
        self._wanted[key] = None
        if not self._request_pending:
            self._request_pending = True
            self.call_later(self._request)

    def _ask_file_again(self) -> None:
        self._waiting_for_file = False
        self._want_in_view()

    def _request(self) -> None:
        self._request_pending = False
        if self._waiting_for_file:
            return  # the data file could not be read a moment ago: _ask_file_again asks
        if self._drawing:
            if not self._wanted.keys() <= self._prefetching:
                self._cancel_prefetch()  # what is in view comes first
            return  # the running worker asks again when it is done
        in_view = {self._key_at(index) for index in self.tiles_in_view()}
        batch = [key for key in self._wanted if key in in_view and self._picture(key) is None]
        self._wanted.clear()
        if batch:
            self._drawing = True
            self._draw(batch, self._generation)

    def _want_in_view(self) -> None:
        """Ask for the pictures in view now, not after the next paint finds them missing."""
        for index in self.tiles_in_view():
            key = self._key_at(index)
            if self._picture(key) is None:
                self._want(key)
        if not self._wanted and not self._drawing:
            self._prefetch_soon()  # in view already: on to the next page

    @work(thread=True, group="board-pictures", exit_on_error=False)
    def _draw(self, keys: list[PictureKey], generation: int) -> None:
        from ..images.ingest import ImageError
        from ..images.render import render_canvas

        worker = get_current_worker()
        drawn: list[tuple[PictureKey, Picture | None]] = []
        unread = False
        try:
            # Read and decode the whole batch first, then make the segments. Pillow lets go of
            # the GIL while it decodes and resizes, so the decoding overlaps the main thread's
            # paint of the scrolled page; the segments are pure Python and would only take
            # turns with it.
            try:
                found = self._load_thumbs(sorted({key[0] for key in keys}))
            except (OSError, ValueError):
                found = None
            if found is None:
                unread = True  # nothing is marked as failed: a busy file is not a broken one
                return
            thumbs = found
            canvases: list[tuple[PictureKey, bytes | None]] = []
            for key in keys:
                if worker.is_cancelled or generation != self._generation:
                    return
                image_id, cols, rows, background = key
                data = thumbs.get(image_id)
                try:
                    pixels = None if data is None else render_canvas(data, cols, rows, background)
                except (ImageError, OSError, ValueError):
                    pixels = None  # damaged: the tile stays blank
                canvases.append((key, pixels))
            del thumbs
            palette = Palette()  # colours and styles, shared by the batch
            sent = time.monotonic()
            # A screenful is ~20,000 objects that all stay alive: no collections walking them
            # while they are made (tui.memory).
            with collection_paused:
                for key, pixels in canvases:
                    if worker.is_cancelled or generation != self._generation:
                        return
                    _, cols, rows, _ = key
                    picture = (
                        None if pixels is None else canvas_to_segments(pixels, cols, rows, palette)
                    )
                    drawn.append((key, picture))
                    # Finished pictures go out together, so a screenful costs one repaint.
                    if time.monotonic() - sent > SEND_EVERY:
                        self.post_message(self._PicturesDrawn(drawn, False, generation))
                        drawn, sent = [], time.monotonic()
        finally:
            self.post_message(self._PicturesDrawn(drawn, True, generation, unread))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = failure_of(event)
        if error is not None:
            self.post_message(WorkFailed(error))  # its `finally` has let the grid go on already

    @on(_PicturesDrawn)
    def _pictures_drawn(self, event: _PicturesDrawn) -> None:
        if event.done:
            self._drawing, self._prefetching = False, set()
        if event.generation != self._generation:
            event.drawn = []  # drawn before the pictures were forgotten, or a page not kept
        cache = self._pictures()
        for key, picture in event.drawn:
            if picture is None:
                self._failed.add(key)
            else:
                cache.put(key, picture)
        if event.drawn:
            drawn = {key for key, _ in event.drawn}
            self._forget_lines(
                index // self.columns
                for index in self.tiles_in_view()
                if self._key_at(index) in drawn
            )
        if event.unread:
            # Not at once: a file locked for a while would keep a worker asking in a loop.
            self._waiting_for_file = True
            self.set_timer(RETRY_UNREAD_AFTER, self._ask_file_again)
        if event.done and self._wanted:
            self._request()
        if event.done and not self._drawing:
            self._prefetch_soon()

    @property
    def page_rows(self) -> int:
        """Rows of tiles a page key moves by: as many as fit in the window whole."""
        return max(1, self.scrollable_size.height // TILE_HEIGHT)

    def next_page(self) -> list[int]:
        """Indexes of the tiles a page down would bring into view (none past the end): the
        page key moves the cursor a page of rows on and puts its row at the top."""
        in_view = self.tiles_in_view()
        if not in_view:
            return []
        columns = self.columns
        rows = self.page_rows
        shown_rows = in_view[-1] // columns - in_view[0] // columns + 1
        first = (self.cursor // columns + rows) * columns
        return list(range(first, min(len(self.tiles), first + shown_rows * columns)))

    def _prefetch_soon(self) -> None:
        """Draw the next page once the board has been idle a moment, so paging down finds its
        pictures made (the cache keeps three windowfuls). Not at once: a worker making
        segments takes turns with the main thread for the GIL, which would slow the frames
        that follow a page, and while keys keep coming it would only be stopped again."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.reset()
        else:
            self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self._prefetch)

    def _prefetch(self) -> None:
        self._prefetch_timer = None
        if self._drawing or self._wanted or self._waiting_for_file or not self.is_mounted:
            return
        keys = [self._key_at(index) for index in self.next_page()]
        batch = [
            key
            for key in keys
            if key not in self._failed and key[1] > 0 and self._picture(key) is None
        ]
        if batch:
            self._drawing, self._prefetching = True, set(batch)
            self._draw(batch, self._generation)

    def _cancel_prefetch(self) -> None:
        """Stop drawing the next page: its worker sees the generation move on and stops (what
        it has drawn is dropped); the batch wanted meanwhile is asked for once it has."""
        if self._prefetching:
            self._generation += 1
            self._prefetching = set()
