"""The one sanitiser for stored text, and JSON that is exact yet safe in a terminal."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color

from tui.domain.text import json_text, shown
from tui.widgets.safe_text import ControlCharacters

HOSTILE = [
    "\x1b]0;retitled\x07",  # OSC 0: the window title
    "\x1b]52;c;cHduZWQ=\x07",  # OSC 52: the clipboard
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b2J",  # the same through a C1 CSI
    "bell\x07 del\x7f nul\x00",
    "caf\udce9",  # a byte of a file name that is not UTF-8
    "rtl \u202e override, zero\u200bwidth",
]


def _unsafe(text: str) -> list[str]:
    """Characters a terminal acts on or that hide and reorder text (not merely unassigned)."""
    return [
        c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cs", "Cf", "Zl", "Zp")
    ]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("plain words", "plain words"),
        ("tab\tand\nnew line\r", "tab and new line "),
        ("\x1b]0;retitled\x07", "␛]0;retitled␇"),
        ("x\x7fy", "x␡y"),
        ("\x9b2J", "\\u009b2J"),
        ("caf\udce9", "caf\\xe9"),
        ("emoji 🎉 and ümlauts", "emoji 🎉 and ümlauts"),
    ],
)
def test_shown_makes_control_characters_visible(stored: str, expected: str) -> None:
    assert shown(stored) == expected


@given(st.text())
def test_shown_text_is_always_printable(text: str) -> None:
    assert shown(text).isprintable()


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=8,
    )
)
def test_json_text_is_exact_and_acts_on_nothing(payload: object) -> None:
    text = json_text(payload)
    assert json.loads(text) == payload
    assert _unsafe(text) == []
    text.encode("utf-8")  # lone surrogates are escapes, so it can always be written


def test_json_text_spells_characters_past_the_first_plane_as_pairs() -> None:
    payload = {"tag": "flag \U000e0067 and 🎉"}
    text = json_text(payload)
    assert "\\udb40\\udc67" in text and "🎉" in text
    assert json.loads(text) == payload


def test_the_line_filter_keeps_widths_and_takes_every_control_out() -> None:
    line = [Segment("ok "), *(Segment(text) for text in HOSTILE), Segment(" ▀▀")]
    filtered = ControlCharacters().apply(line, Color(0, 0, 0))
    assert sum(cell_len(s.text) for s in filtered) == sum(cell_len(s.text) for s in line)
    assert _unsafe("".join(s.text for s in filtered)) == []
    plain = [Segment("nothing to do ▀")]
    assert ControlCharacters().apply(plain, Color(0, 0, 0)) is plain
