"""The keys of the current screen, along the bottom: one line of text.

Textual's Footer mounts a widget per key and mounts them all again whenever the bindings change
(every focus move), which made it the slowest part of opening a screen. This draws the same
line as plain text; a click on a key presses it, and hovering one shows its tooltip.
"""

from __future__ import annotations

from itertools import groupby
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

PALETTE_RULE = "▏"
MORE = "… "
KEPT_ACTIONS = frozenset({"quit", "help", "back"})
"""Keys a narrow bar keeps while it drops others: how to leave, and where the rest are."""


class Key(NamedTuple):
    """One key (or a group of keys) as shown: what to press and what it does."""

    keys: tuple[tuple[str, str], ...]  # (key, how it is shown) for each key of a group
    description: str
    enabled: bool
    tooltip: str
    kept: bool = False  # kept when the bar is too narrow for every key (quit, help)


class KeyBar(Widget):
    """The bindings of the focused widget, its screen and the app, like Textual's Footer."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--rule"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: tuple[Key, ...] = ()
        self._palette: Key | None = None
        # Where each key was drawn: (first column, last column + 1, key to press, tooltip).
        self._spans: list[tuple[int, int, str, str]] = []
        self._disabled: set[str] = set()
        self._drawn_key: tuple[object, ...] = ()
        self._drawn = Strip.blank(0)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._collect(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self._disabled = {
                name
                for key in (*keys, *([palette] if palette else []))
                if not key.enabled
                for name, _shown in key.keys
            }
            self.refresh()

    def _collect(self, screen: Screen[object]) -> tuple[tuple[Key, ...], Key | None]:
        app = self.app
        active = screen.active_bindings
        # One entry per action (several keys bound to one action show once), in order.
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        keys: list[Key] = []
        for group, grouped in groupby(by_action.values(), lambda entry: entry[0].group):
            members = list(grouped)
            if group is not None and len(members) > 1:
                shown = tuple((b.key, app.get_key_display(b)) for b, _, _ in members)
                enabled = any(on for _, on, _ in members)
                keys.append(Key(shown, group.description, enabled, ""))
                continue
            for binding, enabled, tooltip in members:
                shown = ((binding.key, app.get_key_display(binding)),)
                kept = binding.action in KEPT_ACTIONS
                keys.append(
                    Key(shown, binding.description, enabled, tooltip or binding.tooltip, kept)
                )
        palette = None
        found = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if found is not None:
            _node, binding, enabled, _tooltip = found
            shown = ((binding.key, app.get_key_display(binding)),)
            palette = Key(shown, binding.description, enabled, binding.tooltip)
        return tuple(keys), palette

    def render_line(self, y: int) -> Strip:
        # Drawn as a strip of its own rather than through render(): one line, drawn on every
        # screen's first paint, that Textual's general text path made ten times as costly.
        width = self.size.width
        key = (self._keys, self._palette, width, self.app.theme)
        if key != self._drawn_key:
            self._drawn_key = key
            line = self.render()
            self._drawn = Strip(line.render(self.app.console), line.cell_len).adjust_cell_length(
                width, self.rich_style
            )
        return self._drawn if y == 0 else Strip.blank(width, self.rich_style)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        spans: list[tuple[int, int, str, str]] = []
        right = Text(no_wrap=True, end="")
        if self._palette is not None:
            right.append(PALETTE_RULE, self.get_component_rich_style("key-bar--rule"))
            palette_spans: list[tuple[int, int, str, str]] = []
            self._append(right, self._palette, key_style, description_style, palette_spans, 0)
        room = max(0, width - right.cell_len)
        keys = self._keys
        if _width(keys) > room:
            # Too narrow for every key: the screen's own keys go from the end, and a … says
            # that there are more (help and the palette, which stay, hold them all).
            kept = [key for key in keys if key.kept]
            others = [key for key in keys if not key.kept]
            while others and _width(others) + len(MORE) + _width(kept) > room:
                others.pop()
            keys = (*others, Key((), MORE.strip(), True, "More keys: ? for help"), *kept)
        left = Text(no_wrap=True, end="")
        for key in keys:
            piece = Text(no_wrap=True, end="")
            piece_spans: list[tuple[int, int, str, str]] = []
            self._append(piece, key, key_style, description_style, piece_spans, left.cell_len)
            piece.append(" ")
            left.append_text(piece)
            spans.extend(piece_spans)
        if left.cell_len > room:
            left.truncate(room, overflow="ellipsis")
            # A key still partly in sight can still be clicked.
            spans = [(a, min(b, room), key, tip) for a, b, key, tip in spans if a < room - 1]
        else:
            left.pad_right(room - left.cell_len)
        if self._palette is not None:
            shift = left.cell_len
            spans += [(a + shift, b + shift, key, tip) for a, b, key, tip in palette_spans]
        self._spans = spans
        line = Text.assemble(left, right, no_wrap=True, end="")
        line.stylize_before(self.rich_style)
        return line

    @staticmethod
    def _append(
        text: Text,
        key: Key,
        key_style: Style,
        description_style: Style,
        spans: list[tuple[int, int, str, str]],
        offset: int,
    ) -> None:
        """Add `key` to `text`, and where each of its keys landed to `spans`."""
        dim = Style(dim=True) if not key.enabled else Style()
        for index, (name, display) in enumerate(key.keys):
            if index:
                text.append(" ")
            start = offset + text.cell_len
            text.append(display, key_style + dim)
            spans.append((start, offset + text.cell_len, name, key.tooltip or key.description))
        if key.description:
            space = " " if key.keys else ""
            text.append(space + key.description, description_style + dim)
            if len(key.keys) == 1:  # the words press the key too
                first, _end, name, tip = spans[-1]
                spans[-1] = (first, offset + text.cell_len, name, tip)

    def _span_at(self, x: int) -> tuple[int, int, str, str] | None:
        return next((span for span in self._spans if span[0] <= x < span[1]), None)

    def on_click(self, event: events.Click) -> None:
        found = self._span_at(event.x)
        if found is None:
            return
        event.stop()
        if found[2] in self._disabled:
            self.app.bell()  # as Textual's Footer does for a key that cannot act now
        else:
            self.app.simulate_key(found[2])

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._span_at(event.x)
        self.tooltip = found[3] if found is not None and found[3] else None

    def on_resize(self) -> None:
        self.refresh()


def _width(keys: tuple[Key, ...] | list[Key]) -> int:
    """Cells the keys take in the bar: each key shown, its words, and a space after."""
    return sum(
        sum(len(shown) for _name, shown in key.keys)
        + max(0, len(key.keys) - 1)
        + (len(key.description) + (1 if key.keys else 0) if key.description else 0)
        + 1
        for key in keys
    )
