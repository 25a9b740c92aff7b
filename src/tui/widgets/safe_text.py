"""The last line of defence for what the app draws: no control character reaches the terminal.

Stored text is made visible by `tui.domain.text.shown` where a screen hands it to a widget (so
an ESC shows as ␛). This filter runs over every line any widget draws and takes out whatever
control character is left (one a widget put there on its own, or text that skipped `shown`),
so nothing can retitle the window, clear the screen or write to the clipboard. Textual applies
line filters to each widget line and caches the result with the strip.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter


class ControlCharacters(LineFilter):
    """Replaces each character that is not printable by as many spaces as it takes cells
    (control characters take none), so every line keeps its width exactly."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        for segment in segments:
            if not segment.text.isprintable() and not segment.control:
                break
        else:
            return segments  # nearly always: one C-speed check per segment
        return [_safe(segment) for segment in segments]


def _safe(segment: Segment) -> Segment:
    text = segment.text
    if segment.control or text.isprintable():
        return segment
    cleaned = "".join(c if c.isprintable() else " " * cell_len(c) for c in text)
    return Segment(cleaned, segment.style, segment.control)
