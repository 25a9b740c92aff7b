"""A weeks × weekdays heat map: one column per week, one row per weekday."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from ..domain.pillars import WEEKDAY_NAMES
from .theme_style import component_style

GLYPHS = {
    "met": "●",
    "partial": "◐",
    "missed": "○",
    "pending": "◌",
    "bridged": "·",
    "future": "∙",
    "": " ",
}
LEGEND = (
    ("met", "met"),
    ("partial", "partial"),
    ("missed", "not yet"),
    ("pending", "open"),
    ("bridged", "bridged"),
    ("future", "to come"),
)
LABEL_WIDTH = 4
CELL_WIDTH = 2


class HeatMap(Widget):
    """Days drawn as glyphs in theme colours, readable without colour too."""

    DEFAULT_CSS = """
    HeatMap { height: auto; width: 1fr; }
    HeatMap > .heat-map--met { color: $success; }
    HeatMap > .heat-map--partial { color: $warning; }
    HeatMap > .heat-map--missed { color: $error; }
    HeatMap > .heat-map--pending { color: $accent; text-style: bold; }
    HeatMap > .heat-map--bridged { color: $text-muted; }
    HeatMap > .heat-map--future { color: $text-disabled; }
    HeatMap > .heat-map--label { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "heat-map--met",
        "heat-map--partial",
        "heat-map--missed",
        "heat-map--pending",
        "heat-map--bridged",
        "heat-map--future",
        "heat-map--label",
    }

    cells: reactive[Mapping[date, str]] = reactive(dict, layout=True)
    """How each day is drawn (a kind from `domain.explain.cell_kind`)."""
    last_week: reactive[date] = reactive(date(2000, 1, 3))
    """The first day of the right-most week shown."""
    week_start: reactive[int] = reactive(0)
    """0 = weeks begin on Monday."""

    _styles: dict[str, Style] | None = None

    def _style(self, kind: str) -> Style:
        styles = self._styles
        if styles is None:
            styles = self._styles = {}
        style = styles.get(kind)
        if style is None:
            style = styles[kind] = component_style(self, f"heat-map--{kind}")
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # a theme change recolours the days and labels

    def weeks_shown(self, width: int) -> int:
        return max(1, (width - LABEL_WIDTH) // CELL_WIDTH)

    def lines(self, width: int) -> list[Text]:
        count = self.weeks_shown(width)
        first = self.last_week - timedelta(weeks=count - 1)
        if self.cells:
            # A short history starts at the left edge rather than far out on the right.
            earliest = min(self.cells)
            earliest -= timedelta(days=(earliest.weekday() - self.week_start) % 7)
            first = max(first, min(earliest, self.last_week))
        starts = [first + timedelta(weeks=i) for i in range(count)]
        header = Text(" " * LABEL_WIDTH, no_wrap=True)
        month_seen = None
        for column, start in enumerate(starts):
            # Only weeks with days in them get a month: no labels over weeks before the search.
            has_days = any(start + timedelta(days=i) in self.cells for i in range(7))
            label = f"{start:%b}" if has_days and (start.year, start.month) != month_seen else ""
            if label and len(header) <= LABEL_WIDTH + column * CELL_WIDTH:
                header.pad_right(LABEL_WIDTH + column * CELL_WIDTH - len(header))
                header.append(label, self._style("label"))
                month_seen = (start.year, start.month)
        rows = [header]
        for offset in range(7):
            weekday = (self.week_start + offset) % 7
            row = Text(
                f"{WEEKDAY_NAMES[weekday][:3]:<{LABEL_WIDTH}}",
                style=self._style("label"),
                no_wrap=True,
            )
            for start in starts:
                day = start + timedelta(days=offset)
                kind = self.cells.get(day, "")
                row.append(GLYPHS[kind], self._style(kind) if kind else Style())
                row.append(" ")
            rows.append(row)
        # The chosen week (the one `[`/`]` moved to) is marked under its column.
        marker = Text(" " * LABEL_WIDTH, no_wrap=True)
        if self.last_week in starts:
            marker.append(" " * (starts.index(self.last_week) * CELL_WIDTH))
            marker.append("↑", self._style("label"))
        rows.append(marker)
        # The legend on as many lines as the width needs, never cut (readable without colour).
        legend = Text(no_wrap=True)
        for kind, words in LEGEND:
            piece = len(GLYPHS[kind]) + len(words) + 2
            if legend.cell_len and legend.cell_len + piece > max(width, piece):
                rows.append(legend)
                legend = Text(no_wrap=True)
            legend.append(GLYPHS[kind], self._style(kind))
            legend.append(f" {words} ", self._style("label"))
        rows.append(legend)
        return rows

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # The months, seven weekdays, the chosen week's mark, then the legend's lines.
        return len(self.lines(width))
