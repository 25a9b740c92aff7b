"""Half-block pictures: canvas bytes to segments, checked against a plain drawing of the cells."""

from __future__ import annotations

import random

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from tui.widgets.pixels import UPPER_HALF, Palette, canvas_to_segments

RGB = tuple[int, int, int]


def cells_to_segments(cells: list[list[tuple[RGB, RGB]]]) -> list[list[Segment]]:
    """The obvious way: `▀` in the top colour over the bottom one, equal cells in one run."""
    lines = []
    for row in cells:
        line: list[Segment] = []
        for top, bottom in row:
            style = Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom))
            if line and line[-1].style == style:
                line[-1] = Segment(line[-1].text + UPPER_HALF, style)
            else:
                line.append(Segment(UPPER_HALF, style))
        lines.append(line)
    return lines


def _cells(pixels: bytes, cols: int, rows: int) -> list[list[tuple[RGB, RGB]]]:
    stride = cols * 3

    def pixel(y: int, x: int) -> RGB:
        at = y * stride + x * 3
        return (pixels[at], pixels[at + 1], pixels[at + 2])

    return [
        [(pixel(2 * row, x), pixel(2 * row + 1, x)) for x in range(cols)] for row in range(rows)
    ]


def _described(lines):  # type: ignore[no-untyped-def]
    return [
        [
            (segment.text, segment.style.color.name, segment.style.color.triplet,
             segment.style.bgcolor.name, segment.style.bgcolor.triplet)
            for segment in line
        ]
        for line in lines
    ]  # fmt: skip


def test_image_segments_match_the_strips_cell_for_cell() -> None:
    generator = random.Random(5)
    cols, rows = 23, 7
    # Noise, with stretches of one colour so runs are merged too.
    palette = [bytes(generator.randrange(256) for _ in range(3)) for _ in range(6)]
    pixels = b"".join(
        palette[generator.randrange(6)]
        if generator.random() < 0.5
        else bytes(generator.randrange(256) for _ in range(3))
        for _ in range(cols * rows * 2)
    )
    lines = canvas_to_segments(pixels, cols, rows)
    assert _described(lines) == _described(cells_to_segments(_cells(pixels, cols, rows)))
    assert all(sum(len(segment.text) for segment in line) == cols for line in lines)


def test_image_segments_keep_red_green_and_blue_apart() -> None:
    red, green, blue, black = b"\xff\x00\x00", b"\x00\xff\x00", b"\x00\x00\xff", b"\x00\x00\x00"
    pixels = red + green + blue + black * 3  # one row of three cells: tops, then bottoms
    [line] = canvas_to_segments(pixels, 3, 1)
    assert [(s.style.color.name, s.style.color.triplet) for s in line] == [
        ("#ff0000", (255, 0, 0)),
        ("#00ff00", (0, 255, 0)),
        ("#0000ff", (0, 0, 255)),
    ]
    assert {s.style.bgcolor.name for s in line} == {"#000000"}
    assert all(s.text == UPPER_HALF for s in line)


def test_image_segments_of_one_batch_share_their_styles() -> None:
    flat = bytes([10, 20, 30]) * 8
    shared = Palette()
    [first] = canvas_to_segments(flat, 4, 1, shared)
    [second] = canvas_to_segments(flat, 4, 1, shared)
    assert [s.text for s in first] == [UPPER_HALF * 4]  # one run for a row of one colour
    assert first[0].style is second[0].style
