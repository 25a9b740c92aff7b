"""The widgets that draw their own strips keep their words and lines legible on light and dark
themes: every colour comes from the theme, resolved against the background it is drawn on."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from rich.color import Color
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from tui.domain.day import DONE, MISSED, PARTIAL, PENDING, DayItem
from tui.domain.models import ItemRef
from tui.widgets.board_grid import BoardGrid, Tile
from tui.widgets.heat_map import HeatMap
from tui.widgets.pillar_board import PillarBoard

THEMES = ["textual-dark", "textual-light", "solarized-light"]
WORDS = 3.0  # WCAG's ratio for large text and interface parts: the least a label may have
LINES = 2.0  # a box's border: fainter than words, but plainly there


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(fore: Color, back: Color) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((_luminance(fore), _luminance(back)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def cells(widget: Widget) -> Iterator[tuple[int, int, str, float]]:
    """(x, y, character, contrast) of every visible cell the widget draws."""
    width, height = widget.size
    base = widget.rich_style
    for y, strip in enumerate(widget.render_lines(Region(0, 0, width, height))):
        x = 0
        for segment in strip:
            style = segment.style
            fore = (style.color if style else None) or base.color
            back = (style.bgcolor if style else None) or base.bgcolor
            assert fore is not None and back is not None, (y, segment)
            if style is not None and style.reverse:
                fore, back = back, fore
            for character in segment.text:
                if not character.isspace():
                    yield x, y, character, contrast(fore, back)
                x += 1


def too_faint(widget: Widget) -> list[str]:
    """The cells whose words or lines are fainter than they may be."""
    found = []
    for x, y, character, ratio in cells(widget):
        is_line = unicodedata.name(character, "").startswith("BOX DRAWINGS")
        least = LINES if is_line else WORDS if character.isalnum() else None
        if least is not None and ratio < least:
            found.append(f"{character!r} at {x},{y}: {ratio:.2f}")
    return found


def item(n: int, state: str, kind: str = "check", amount: int = 0) -> DayItem:
    target = 3 if kind == "count" else 1
    return DayItem(
        ItemRef("routine", n),
        "apply",
        f"Item number {n}",
        kind,
        target,
        "applications" if kind == "count" else "",
        amount,
        "a note" if n == 1 else "",
        state,
        True,
    )


class WidgetApp(App[None]):
    def __init__(self, widget: Widget, theme: str) -> None:
        super().__init__()
        self.widget = widget
        self.start_theme = theme

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.theme = self.start_theme


@pytest.mark.parametrize("theme", THEMES)
async def test_the_pillar_board_is_legible(theme: str) -> None:
    board = PillarBoard()
    app = WidgetApp(board, theme)
    async with app.run_test(size=(120, 16)) as pilot:
        for column in board.columns:
            column.summary = "1 of 4 done"
            column.chips = ("week 3/5 · 4 days left", "streak 4 days · 2 weeks")
            column.at_risk = True
        board.column("apply").items = (
            item(1, DONE),
            item(2, PARTIAL, "count", 1),
            item(3, MISSED),
            item(4, PENDING, "count", 0),
        )
        board.focus()
        await pilot.pause()
        assert too_faint(board) == []
        board.select("network")  # the cursor's line on apply is no longer the focused one
        await pilot.pause()
        assert too_faint(board) == []


@pytest.mark.parametrize("theme", THEMES)
async def test_the_heat_map_labels_and_legend_are_legible(theme: str) -> None:
    heat_map = HeatMap()
    app = WidgetApp(heat_map, theme)
    async with app.run_test(size=(60, 12)) as pilot:
        first = date(2026, 9, 7)
        kinds = ["met", "partial", "missed", "bridged", "pending", "future"]
        heat_map.cells = {first + timedelta(days=i): kinds[i % 6] for i in range(70)}
        heat_map.last_week = first + timedelta(weeks=9)
        await pilot.pause()
        text = "\n".join(heat_map.render_line(y).text for y in range(heat_map.size.height))
        assert "Mon" in text and "Sep" in text and "not yet" in text
        assert too_faint(heat_map) == []


@pytest.mark.parametrize("theme", THEMES)
async def test_the_board_tiles_borders_captions_and_tags_are_legible(theme: str) -> None:
    grid = BoardGrid(lambda ids: {})
    app = WidgetApp(grid, theme)
    async with app.run_test(size=(100, 20)) as pilot:
        grid.set_columns(3)
        grid.set_tiles(
            [
                Tile(1, "The team I want to join", "Apply"),
                Tile(2, "A sunrise over the hills", "Self-care"),
                Tile(3, "Learning every week"),
            ]
        )
        await pilot.pause()
        text = "\n".join(grid.render_line(y).text for y in range(grid.size.height))
        assert "Self-care" in text and "The team" in text
        assert too_faint(grid) == []
