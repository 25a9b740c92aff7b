"""The day's four pillars, drawn by one widget: a rounded box each, with its own cursor.

One widget instead of a scroll container and a column widget per pillar: Today is the first
thing people see every morning, and each extra widget costs styling, layout and a border of
its own before the first paint (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar, overload

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ..domain.day import DONE, EXCUSED, MISSED, PARTIAL, DayItem
from ..domain.pillars import DISPLAY_NAMES, PILLARS
from ..domain.states import Status
from ..domain.text import shown
from ..domain.words import compact
from .heat_map import GLYPHS
from .theme_style import component_style

T = TypeVar("T")
MARKS = {DONE: "✓", PARTIAL: "◐", MISSED: "○", EXCUSED: "~"}
_WRAP_CONSOLE = Console(width=200, color_system=None, legacy_windows=False)
SCROLL_LINES = 3
FOUR_ACROSS_MIN_WIDTH = 64  # narrower, four boxes side by side leave ~10 columns of text each
MET, MISSED_DAY = Status.MET, Status.MISSED
MIN_TITLE_WIDTH = 12  # columns a title keeps beside its amount before the amount moves down
_BOLD = Style(bold=True)
# Each part of a box: the component class it is drawn with, plus any emphasis.
_PARTS: dict[str, tuple[str, Style | None]] = {
    "border": ("border", None),
    "border-current": ("border", None),
    "title": ("text", _BOLD),
    "title-current": ("text", _BOLD),
    "summary": ("text", None),
    "chip": ("muted", None),
    "more": ("muted", None),
    "missed": ("muted", None),
    "note": ("muted", Style(italic=True)),
    "partial": ("warning", None),
    "risk": ("warning", _BOLD),
    "done": ("done", None),
    "cursor": ("cursor", None),
    "cursor-current": ("cursor", None),
}
# The highlighted pillar's parts while the keys go to the board.
_FOCUSED = {
    "border-current": "accent",
    "title-current": "accent",
    "cursor-current": "cursor-current",
}


class Box(NamedTuple):
    """Where one pillar's box sits in the board."""

    column: PillarColumn
    region: Region

    @property
    def inner_height(self) -> int:
        return max(0, self.region.height - 2)

    @property
    def text_width(self) -> int:
        # Borders and one cell of padding each side.
        return max(1, self.region.width - 4)


class _Shown(Generic[T]):
    """A field of a pillar that redraws the board when it changes (kept as `_name`)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute = "_" + name

    @overload
    def __get__(self, column: None, owner: type) -> _Shown[T]: ...
    @overload
    def __get__(self, column: PillarColumn, owner: type) -> T: ...
    def __get__(self, column: PillarColumn | None, owner: type) -> T | _Shown[T]:
        return self if column is None else getattr(column, self.attribute)

    def __set__(self, column: PillarColumn, value: T) -> None:
        if value != getattr(column, self.attribute):
            setattr(column, self.attribute, value)
            column.board.changed()


class PillarColumn:
    """One pillar's part of the board: its items for the day, cursor and scroll position.

    Setting the items, cursor, summary, chips or at_risk redraws the board, which lays each
    pillar out once per change. `top` is where the wheel left the box: a cursor move scrolls
    just enough to show the highlighted item, and a change above it (streak lines arriving, a
    note) keeps it in view if it was.
    """

    def __init__(self, board: PillarBoard, pillar: str) -> None:
        self.board = board
        self.pillar = pillar
        self._items: tuple[DayItem, ...] = ()
        self._cursor = 0
        self._summary = ""
        self._chips: tuple[str, ...] = ()
        self._at_risk = False
        self._glance: tuple[tuple[str, str], ...] = ()
        self.top = 0
        """The first line shown (the box scrolls when its lines outgrow it)."""
        self._follow_cursor = True
        self._cursor_in_view = True
        self._rows_key: tuple[object, ...] = ()
        self._rows: tuple[list[Text], list[tuple[int, int]]] = ([], [])
        self._drawn_key: tuple[object, ...] = ()
        self._drawn: list[list[Segment]] = []

    def __repr__(self) -> str:
        return f"PillarColumn({self.pillar!r})"

    # -- what is shown

    @property
    def items(self) -> tuple[DayItem, ...]:
        """The pillar's items for the day being shown."""
        return self._items

    @items.setter
    def items(self, items: tuple[DayItem, ...]) -> None:
        if items != self._items:
            self._items = items
            self._cursor = self._clamp(self._cursor)
            self.board.changed()

    @property
    def cursor(self) -> int:
        """Index of the highlighted item."""
        return self._cursor

    @cursor.setter
    def cursor(self, cursor: int) -> None:
        cursor = self._clamp(cursor)
        if cursor != self._cursor:
            self._cursor = cursor
            self._follow_cursor = True
            self.board.changed()

    summary: _Shown[str] = _Shown()
    """The day's progress, under the pillar's name."""
    chips: _Shown[tuple[str, ...]] = _Shown()
    """Weekly progress and streaks, one short line each."""
    at_risk: _Shown[bool] = _Shown()
    """Whether a streak rides on today, still open."""
    glance: _Shown[tuple[tuple[str, str], ...]] = _Shown()
    """The pillar's last days at a glance, (weekday letter, status) oldest first; shown under
    the chips (the screen sets it only when there is room)."""

    @property
    def current(self) -> DayItem | None:
        """The highlighted item, if the pillar has any."""
        if not self._items:
            return None
        return self._items[min(self._cursor, len(self._items) - 1)]

    def _clamp(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._items) - 1)) if self._items else 0

    def select_ref(self, ref: object) -> None:
        """Put the cursor on the item with this ref, if it is here."""
        for index, item in enumerate(self._items):
            if item.ref == ref:
                self.cursor = index
                return

    def focus(self) -> None:
        """Send the keys to this pillar."""
        self.board.select(self.pillar)
        self.board.focus()

    def lines(self) -> list[str]:
        """The text of the lines last laid out (what the box shows when not scrolled)."""
        return [line.plain for line in self._rows[0]]

    # -- laying out

    def rows(self, width: int) -> tuple[list[Text], list[tuple[int, int]]]:
        """The lines to draw, and the first and last line of each item (laid out once for
        the drawing and the clicks alike)."""
        board = self.board
        key = (
            self._items,
            self._cursor,
            self._summary,
            self._chips,
            self._at_risk,
            self._glance,
            width,
            board.current is self,
            board.styles_key(),
        )
        if key != self._rows_key:
            self._rows_key = key
            self._rows = self._lay_out(width)
        return self._rows

    def _lay_out(self, width: int) -> tuple[list[Text], list[tuple[int, int]]]:
        style = self.board.part_style
        width = max(width, 8)
        head = Text(self._summary, style=style("summary"))
        lines: list[Text] = [head]
        if self._at_risk:
            # On the summary's line if it fits, else a line of its own: never cut off.
            if head.cell_len + len(" · at risk") <= width:
                head.append(" · at risk", style("risk"))
            else:
                lines.append(Text("at risk", style=style("risk")))
        lines.extend(
            Text(chip if len(chip) <= width else compact(chip), style=style("chip"))
            for chip in self._chips
        )
        if self._glance and width >= 2 * len(self._glance):
            letters, marks = Text(style=style("chip")), Text()
            parts: dict[str, Style] = {MET: style("done"), MISSED_DAY: style("missed")}
            for letter, status in self._glance:
                letters.append(f"{letter} ")
                marks.append(GLYPHS.get(status, " "), parts.get(status, style("chip")))
                marks.append(" ")
            lines += [Text(""), letters, marks]
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        lines.append(Text(""))
        state_styles = {
            DONE: style("done"),
            PARTIAL: style("partial"),
            MISSED: style("missed"),
            EXCUSED: style("missed"),
        }
        spans: list[tuple[int, int]] = []
        for index, item in enumerate(self._items):
            first = len(lines)
            state_style = state_styles.get(item.state, Style())
            amount = _amount_text(item)
            words = shown(item.title) + ("" if item.due else " (extra)")
            # The amount sits beside the title unless that would squeeze the title into a
            # sliver (a narrow box): then it gets a line of its own under the title.
            room = width - 2 - (len(amount) + 1 if amount else 0)
            beside = not amount or room >= min(MIN_TITLE_WIDTH, len(words))
            title = Text(words)
            for row, part in enumerate(title.wrap(_WRAP_CONSOLE, room if beside else width - 2)):
                line = Text()
                line.append((MARKS.get(item.state, "○") if row == 0 else " ") + " ", state_style)
                part.stylize(state_style if item.state == MISSED else Style())
                line.append_text(part)
                if row == 0 and amount and beside:
                    line.pad_right(width - line.cell_len - len(amount))
                    line.append(amount, state_style)
                lines.append(line)
            if not beside:
                line = Text(" " * max(0, width - len(amount)))
                line.append(amount[:width], state_style)
                lines.append(line)
            if item.note:
                note = Text("  ✎ " + shown(item.note), style=style("note"))
                note.truncate(width, overflow="ellipsis")
                lines.append(note)
            if index == self._cursor:
                name = "cursor-current" if self.board.current is self else "cursor"
                for line in lines[first:]:
                    line.pad_right(width - line.cell_len)
                    line.stylize(style(name))
            spans.append((first, len(lines) - 1))
        return lines, spans

    def box_lines(self, box: Box, base: Style) -> list[list[Segment]]:
        """The box drawn line by line, border included, each line exactly its width, over
        `base` (segments, not strips: the board joins the boxes of a row into one strip)."""
        width, height = box.region.size
        text_width = box.text_width
        lines, spans = self.rows(text_width)
        inner = box.inner_height
        if spans and inner:
            first, last = spans[min(self._cursor, len(spans) - 1)]
            if self._follow_cursor or self._cursor_in_view:
                # Scroll just enough to show the highlighted item whole (its first line if it
                # is taller than the box): after a cursor move, or to keep it in view.
                if last >= self.top + inner:
                    self.top = last - inner + 1
                if first < self.top:
                    self.top = first
                if self._follow_cursor and self._cursor == 0:
                    self.top = 0  # the first item brings the pillar's summary back into view
            self._follow_cursor = False
        self.top = max(0, min(self.top, len(lines) - inner))
        if spans and inner:
            self._cursor_in_view = first >= self.top and last < self.top + inner
        key = (self._rows_key, width, height, self.top, base)
        if key == self._drawn_key:
            return self._drawn
        self._drawn_key = key
        board = self.board
        current = board.current is self
        border = base + board.part_style("border-current" if current else "border")
        title = base + board.part_style("title-current" if current else "title")
        more = base + board.part_style("more")
        console = board.app.console
        side = Segment("│", border)
        pad = Segment(" ", base)
        blank = Segment(" " * (text_width + 2), base)
        # How many items are out of sight, wholly or in part (lines would overstate it).
        above = sum(1 for start, _ in spans if start < self.top)
        below = sum(1 for _, end in spans if end >= self.top + inner)
        # With no item above, only the summary lines are scrolled away: an arrow alone.
        above_note = f" ↑ {above} more " if above else (" ↑ " if self.top else "")
        drawn = [
            _border_line(
                "╭",
                "╮",
                width,
                border,
                (f" {DISPLAY_NAMES[self.pillar]} ", title),
                (above_note, more),
            )
        ]
        adjust = Segment.adjust_line_length
        for row in range(self.top, self.top + inner):
            if row < len(lines):
                text = list(Segment.apply_style(lines[row].render(console), base))
                drawn.append([side, pad, *adjust(text, text_width, base), pad, side])
            else:
                drawn.append([side, blank, side])
        if height >= 2:
            drawn.append(
                _border_line(
                    "╰",
                    "╯",
                    width,
                    border,
                    ("", title),
                    (f" ↓ {below} more " if below else "", more),
                )
            )
        if width < 5:  # too narrow for borders and padding: cut, as little as there is
            drawn = [adjust(line, width, base) for line in drawn]
        self._drawn = drawn[:height]
        return self._drawn


def _border_line(
    left: str,
    right: str,
    width: int,
    border: Style,
    label: tuple[str, Style],
    note: tuple[str, Style],
) -> list[Segment]:
    """A box's top or bottom edge: `╭─ Title ── ↑ 2 more ─╮`, cut to fit narrow boxes."""
    if width < 4:
        return [Segment(" " * width, border)]
    label_text, note_text = label[0], note[0]
    room = width - 4
    label_text = label_text[:room]
    note_text = note_text[: max(0, room - len(label_text))]
    fill = room - len(label_text) - len(note_text)
    segments = [Segment(left + "─", border)]
    if label_text:
        segments.append(Segment(label_text, label[1]))
    segments.append(Segment("─" * fill, border))
    if note_text:
        segments.append(Segment(note_text, note[1]))
    segments.append(Segment("─" + right, border))
    return segments


class PillarBoard(Widget, can_focus=True):
    """Apply, network, learn and self-care side by side (or two by two beside a picture).

    up/down (or k/j) move the highlighted pillar's cursor; left/right (h/l) change pillar.
    """

    # A handful of component classes, each part of a box derived from one of them: every class
    # costs a styling pass when the board mounts and whenever it gains or loses focus. The
    # colours are the theme's text colours ($text-success rather than $success, ...): words and
    # lines drawn on the theme's background, legible on light themes as on dark ones.
    DEFAULT_CSS = """
    PillarBoard {
        width: 1fr;
        height: 1fr;
    }
    PillarBoard > .pillar-board--border { color: $text-disabled; }
    PillarBoard > .pillar-board--accent { color: $text-accent; }
    PillarBoard > .pillar-board--text { color: $text; }
    PillarBoard > .pillar-board--muted { color: $text-muted; }
    PillarBoard > .pillar-board--warning { color: $text-warning; }
    PillarBoard > .pillar-board--done { color: $text-success; }
    PillarBoard > .pillar-board--cursor { background: $panel; }
    PillarBoard > .pillar-board--cursor-current {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {
        "pillar-board--border",
        "pillar-board--accent",
        "pillar-board--text",
        "pillar-board--muted",
        "pillar-board--warning",
        "pillar-board--done",
        "pillar-board--cursor",
        "pillar-board--cursor-current",
    }
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("home,g", "cursor_first", "First", show=False),
        Binding("end,G", "cursor_last", "Last", show=False),
        Binding("left,h", "pillar(-1)", "Prev pillar", show=False),
        Binding("right,l", "pillar(1)", "Next pillar", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = [PillarColumn(self, pillar) for pillar in PILLARS]
        self._current = 0
        self._two_by_two = False
        self._styles_key: tuple[object, ...] = ()
        self._part_styles: dict[str, Style] = {}
        self._boxes_key: tuple[object, ...] = ()
        self._boxes: list[Box] = []
        self._version = 0
        self._frame_key: tuple[object, ...] = ()
        self._frame: list[Strip] = []

    def changed(self) -> None:
        """Something shown changed: draw the board again."""
        self._version += 1
        self.refresh()

    # -- which pillar

    @property
    def current(self) -> PillarColumn:
        """The pillar the keys go to."""
        return self.columns[self._current]

    def column(self, pillar: str) -> PillarColumn:
        return self.columns[PILLARS.index(pillar)]

    def select(self, pillar: str) -> None:
        """Send the keys to `pillar`."""
        index = PILLARS.index(pillar)
        if index != self._current:
            self._current = index
            self.changed()

    def action_pillar(self, offset: int) -> None:
        """The pillar on the left or right (round the end)."""
        self.select(PILLARS[(self._current + offset) % len(PILLARS)])

    def action_cursor(self, step: int) -> None:
        self.current.cursor += step

    def action_cursor_first(self) -> None:
        self.current.cursor = 0

    def action_cursor_last(self) -> None:
        self.current.cursor = len(self.current.items) - 1

    @property
    def two_by_two(self) -> bool:
        """Two rows of two (beside the board's picture) rather than one row of four."""
        return self._two_by_two

    @two_by_two.setter
    def two_by_two(self, value: bool) -> None:
        if value != self._two_by_two:
            self._two_by_two = value
            self.changed()

    # -- the mouse

    def box_at(self, x: int, y: int) -> Box | None:
        for box in self.boxes():
            if box.region.contains(x, y):
                return box
        return None

    def on_click(self, event: events.Click) -> None:
        box = self.box_at(event.x, event.y)
        if box is None:
            return
        self.select(box.column.pillar)
        line = event.y - box.region.y - 1 + box.column.top
        if 0 <= event.y - box.region.y - 1 < box.inner_height:
            for index, (first, last) in enumerate(box.column.rows(box.text_width)[1]):
                if first <= line <= last:
                    box.column.cursor = index
                    break

    def _scroll(self, event: events.MouseScrollDown | events.MouseScrollUp, step: int) -> None:
        box = self.box_at(event.x, event.y)
        if box is None:
            return
        event.stop()
        column = box.column
        column.top = max(0, column.top + step)
        column._cursor_in_view = False  # the wheel may take the highlighted item out of view
        self.changed()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll(event, SCROLL_LINES)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll(event, -SCROLL_LINES)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The stylesheet (a theme) changed: the parts' colours are looked up again.
        self._styles_key = ()
        self.changed()

    # -- drawing

    def styles_key(self) -> tuple[object, ...]:
        return (self.app.theme, self.has_focus)

    def part_style(self, name: str) -> Style:
        """A component style; they change only with the theme or focus, and looking them up
        is costly."""
        key = self.styles_key()
        if key != self._styles_key:
            self._styles_key = key
            self._part_styles = {}
        style = self._part_styles.get(name)
        if style is None:
            component, extra = _PARTS[name]
            if name in _FOCUSED and self.has_focus:
                component = _FOCUSED[name]
            style = component_style(self, f"pillar-board--{component}")
            style = self._part_styles[name] = style + extra if extra else style
        return style

    def boxes(self) -> list[Box]:
        """Each pillar's box for the board's size: one row of four, or two rows of two (when
        asked, or when four across would leave each box too narrow to read)."""
        width, height = self.content_size
        key = (width, height, self._two_by_two)
        if key != self._boxes_key:
            self._boxes_key = key
            across = 2 if self._two_by_two or width < FOUR_ACROSS_MIN_WIDTH else 4
            down = len(PILLARS) // across
            widths = _split(width, across)
            heights = _split(height, down)
            boxes = []
            for index, column in enumerate(self.columns):
                row, col = divmod(index, across)
                x, y = sum(widths[:col]), sum(heights[:row])
                boxes.append(Box(column, Region(x, y, widths[col], heights[row])))
            self._boxes = boxes
        return self._boxes

    def render_lines(self, crop: Region) -> list[Strip]:
        # The whole board is drawn once per change, each box from its own cache; Textual then
        # asks for the lines one by one.
        key = (self.content_size, self._two_by_two, self.styles_key(), self._version)
        if key != self._frame_key:
            self._frame_key = key
            self._frame = self._draw()
        return super().render_lines(crop)

    def _draw(self) -> list[Strip]:
        width, height = self.content_size
        base = self.rich_style
        rows: list[list[Segment]] = [[] for _ in range(height)]
        for box in self.boxes():  # left to right within each row of boxes
            if not box.region.width:
                continue
            for offset, segments in enumerate(box.column.box_lines(box, base)):
                rows[box.region.y + offset].extend(segments)
        return [Strip(line, width) if line else Strip.blank(width, base) for line in rows]

    def render_line(self, y: int) -> Strip:
        if y < len(self._frame):
            return self._frame[y]
        return Strip.blank(self.content_size.width, self.rich_style)


def _split(total: int, parts: int) -> list[int]:
    """`total` cells in `parts` near-equal sizes, the larger ones first."""
    size, extra = divmod(max(0, total), parts)
    return [size + (1 if index < extra else 0) for index in range(parts)]


def _amount_text(item: DayItem) -> str:
    if item.state == MISSED and item.amount == 0:
        return "not yet"
    if item.kind != "count":
        return ""
    unit = f" {shown(item.unit)}" if item.unit else ""
    return (
        f"{item.amount}/{item.target}{unit}" if len(unit) < 12 else f"{item.amount}/{item.target}"
    )
