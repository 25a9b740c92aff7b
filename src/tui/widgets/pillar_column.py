"""One pillar's items for a day, drawn as a single widget with its own cursor."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..domain.day import DONE, EXCUSED, MISSED, PARTIAL, DayItem

MARKS = {DONE: "✓", PARTIAL: "◐", MISSED: "○", EXCUSED: "~"}
_WRAP_CONSOLE = Console(width=200, color_system=None, legacy_windows=False)


class PillarColumn(Widget, can_focus=True):
    """A pillar's routines and tasks for one day; up/down (or k/j) move its cursor."""

    DEFAULT_CSS = """
    PillarColumn {
        width: 1fr;
        height: auto;
        padding: 0 1;
    }
    PillarColumn > .pillar-column--summary { color: $text; }
    PillarColumn > .pillar-column--chip { color: $text-muted; }
    PillarColumn > .pillar-column--risk { color: $warning; text-style: bold; }
    PillarColumn > .pillar-column--done { color: $success; }
    PillarColumn > .pillar-column--partial { color: $warning; }
    PillarColumn > .pillar-column--missed { color: $text-muted; }
    PillarColumn > .pillar-column--note { color: $text-muted; text-style: italic; }
    PillarColumn > .pillar-column--cursor { background: $panel; }
    PillarColumn:focus > .pillar-column--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {
        "pillar-column--summary",
        "pillar-column--done",
        "pillar-column--partial",
        "pillar-column--missed",
        "pillar-column--note",
        "pillar-column--cursor",
        "pillar-column--risk",
        "pillar-column--chip",
    }
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("home,g", "cursor_first", "First", show=False),
        Binding("end,G", "cursor_last", "Last", show=False),
    ]

    items: reactive[tuple[DayItem, ...]] = reactive(())
    """The pillar's items for the day being shown."""
    cursor: reactive[int] = reactive(0)
    """Index of the highlighted item."""
    summary: reactive[str] = reactive("")
    """The day's progress, under the pillar's name."""
    chips: reactive[tuple[str, ...]] = reactive(())
    """Weekly progress and streaks, one short line each."""
    at_risk: reactive[bool] = reactive(False)
    """Whether a streak rides on today, still open."""

    @dataclass
    class CursorMoved(Message):
        """The highlighted item changed."""

        column: PillarColumn

    def __init__(self, pillar: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pillar = pillar
        self._cache_key: tuple[object, ...] = ()
        self._line_count = -1
        self._styles_key: tuple[object, ...] = ()
        self._styles: dict[str, Style] = {}
        self._cache: list[Strip] = []
        self._rows_key: tuple[object, ...] = ()
        self._rows_value: tuple[list[Text], list[tuple[int, int]]] = ([], [])

    @property
    def current(self) -> DayItem | None:
        """The highlighted item, if the pillar has any."""
        if not self.items:
            return None
        return self.items[min(self.cursor, len(self.items) - 1)]

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.items) - 1)) if self.items else 0

    def watch_items(self) -> None:
        self.cursor = self.validate_cursor(self.cursor)
        self._relayout_if_taller_or_shorter()

    def watch_summary(self) -> None:
        self._relayout_if_taller_or_shorter()

    def watch_chips(self) -> None:
        self._relayout_if_taller_or_shorter()

    def _relayout_if_taller_or_shorter(self) -> None:
        # A check-off rarely changes the height; a layout of the whole screen costs far more
        # than repainting this column, so lay out only when the line count changed.
        lines = len(self._rows(self.content_size.width)[0]) if self.content_size.width else -1
        if lines != self._line_count:
            self._line_count = lines
            self.refresh(layout=True)

    def watch_cursor(self) -> None:
        self._scroll_cursor_visible()
        self.post_message(self.CursorMoved(self))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_first(self) -> None:
        self.cursor = 0

    def action_cursor_last(self) -> None:
        self.cursor = len(self.items) - 1

    def select_ref(self, ref: object) -> None:
        """Put the cursor on the item with this ref, if it is here."""
        for index, item in enumerate(self.items):
            if item.ref == ref:
                self.cursor = index
                return

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if offset is None:
            return
        for index, (first, last) in enumerate(self._rows(self.content_size.width)[1]):
            if first <= offset <= last:
                self.cursor = index
                break

    # -- drawing

    def _style(self, name: str) -> Style:
        # Component styles only change with the theme or focus; looking them up is costly.
        key = (self.app.theme, self.has_focus)
        if key != self._styles_key:
            self._styles_key = key
            self._styles = {}
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(
                f"pillar-column--{name}", partial=True
            )
        return style

    def _key(self, width: int) -> tuple[object, ...]:
        """Everything the drawn lines depend on."""
        return (
            self.items,
            self.cursor,
            self.summary,
            self.chips,
            self.at_risk,
            width,
            self.has_focus,
            self.app.theme,
        )

    def _rows(self, width: int) -> tuple[list[Text], list[tuple[int, int]]]:
        """The lines to draw, and the first and last line of each item (laid out once for
        the height, the drawing and the clicks alike)."""
        key = self._key(width)
        if key != self._rows_key:
            self._rows_key = key
            self._rows_value = self._lay_out(width)
        return self._rows_value

    def _lay_out(self, width: int) -> tuple[list[Text], list[tuple[int, int]]]:
        width = max(width, 8)
        head = Text(self.summary, style=self._style("summary"), no_wrap=True, overflow="ellipsis")
        if self.at_risk:
            head.append(" · at risk", self._style("risk"))
        lines: list[Text] = [head]
        lines.extend(
            Text(chip, style=self._style("chip"), no_wrap=True, overflow="ellipsis")
            for chip in self.chips
        )
        lines.append(Text(""))
        spans: list[tuple[int, int]] = []
        focused_cursor = self.cursor
        for index, item in enumerate(self.items):
            first = len(lines)
            state_style = {
                DONE: self._style("done"),
                PARTIAL: self._style("partial"),
                MISSED: self._style("missed"),
                EXCUSED: self._style("missed"),
            }.get(item.state, Style())
            amount = _amount_text(item)
            title_width = max(4, width - 2 - (len(amount) + 1 if amount else 0))
            title = Text(item.title + ("" if item.due else " (extra)"))
            wrapped = title.wrap(_WRAP_CONSOLE, title_width)
            for row, part in enumerate(wrapped):
                line = Text(no_wrap=True, overflow="ellipsis")
                line.append((MARKS.get(item.state, "○") if row == 0 else " ") + " ", state_style)
                part.stylize(state_style if item.state == MISSED else Style())
                line.append_text(part)
                if row == 0 and amount:
                    line.pad_right(width - line.cell_len - len(amount))
                    line.append(amount, state_style)
                lines.append(line)
            if item.note:
                note = Text(
                    "  ✎ " + item.note, style=self._style("note"), no_wrap=True, overflow="ellipsis"
                )
                lines.append(note)
            if index == focused_cursor:
                cursor_style = self._style("cursor")
                for line in lines[first:]:
                    line.pad_right(width - line.cell_len)
                    line.stylize(cursor_style)
            spans.append((first, len(lines) - 1))
        return lines, spans

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        key = self._key(width)
        if key != self._cache_key:
            self._cache_key = key
            lines, _ = self._rows(width)
            console = self.app.console
            self._cache = [
                Strip(line.render(console), line.cell_len).adjust_cell_length(width)
                for line in lines
            ]
        if y < len(self._cache):
            return self._cache[y].apply_style(self.rich_style)
        return Strip.blank(width, self.rich_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows(width)[0])

    def _scroll_cursor_visible(self) -> None:
        parent = self.parent
        if not self.items or parent is None or not hasattr(parent, "scroll_to_region"):
            return
        _, spans = self._rows(self.content_size.width)
        first, last = spans[min(self.cursor, len(spans) - 1)]
        top = self.virtual_region.y + self.styles.padding.top
        parent.scroll_to_region(
            Region(0, top + first, self.content_size.width, last - first + 1), animate=False
        )


def _amount_text(item: DayItem) -> str:
    if item.state == MISSED and item.amount == 0:
        return "not yet"
    if item.kind != "count":
        return ""
    unit = f" {item.unit}" if item.unit else ""
    return (
        f"{item.amount}/{item.target}{unit}" if len(unit) < 12 else f"{item.amount}/{item.target}"
    )
