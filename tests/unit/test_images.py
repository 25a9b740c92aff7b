"""Image ingest over a corpus generated here, and the half-block renderer's cell colours."""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tui.images import ingest
from tui.images.halfblock import RGB, fit_size, half_block_canvas
from tui.images.ingest import ImageError, Ingested, decode, expand_paths, ingest_file

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)
BG = (30, 30, 30)
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def half_block_cells(
    image: Image.Image, cols: int, rows: int, background: RGB
) -> list[list[tuple[RGB, RGB]]]:
    """`rows` lists of `cols` (top, bottom) colours, read back from the canvas the renderers
    draw from: the image fitted, centred on `background`."""
    if cols <= 0 or rows <= 0:
        return []
    pixels = half_block_canvas(image, cols, rows, background)
    stride = cols * 3
    cells: list[list[tuple[RGB, RGB]]] = []
    for row in range(rows):
        top = pixels[2 * row * stride : (2 * row + 1) * stride]
        bottom = pixels[(2 * row + 1) * stride : (2 * row + 2) * stride]
        cells.append(
            [
                (
                    (top[i], top[i + 1], top[i + 2]),
                    (bottom[i], bottom[i + 1], bottom[i + 2]),
                )
                for i in range(0, stride, 3)
            ]
        )
    return cells


def _close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def _save(
    path: Path, image: Image.Image, image_format: str | None = None, **options: object
) -> Path:
    image.save(path, image_format, **options)
    return path


def _noise(size: tuple[int, int], seed: int = 1) -> Image.Image:
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))


def _png_header(width: int, height: int) -> bytes:
    """A PNG claiming huge dimensions: the header alone must get it refused."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _refused(path: Path, fragment: str) -> str:
    with pytest.raises(ImageError) as caught:
        ingest_file(path)
    message = str(caught.value)
    assert fragment in message, message
    assert "\n" not in message
    assert path.name in message
    return message


def _pixel(data: bytes, xy: tuple[int, int]) -> tuple[int, ...]:
    return tuple(decode(data).getpixel(xy))  # type: ignore[arg-type]


# --- bad files: one line each ------------------------------------------------------------------


def test_random_bytes_are_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "noise.png"
    path.write_bytes(b"\x01\x02" + random.Random(3).randbytes(4000))
    _refused(path, "is not an image")


def test_a_text_file_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "holiday.jpg"
    path.write_text("this is my shopping list\nmilk\n")
    _refused(path, "is a text file, not an image")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    _refused(path, "is empty")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_a_truncated_file(tmp_path: Path, image_format: str) -> None:
    whole = io.BytesIO()
    _noise((96, 96)).save(whole, image_format)
    data = whole.getvalue()
    path = tmp_path / f"cut.{image_format.lower()}"
    path.write_bytes(data[: len(data) * 2 // 3])
    _refused(path, "is damaged or cut short")


def test_a_pixel_bomb_header_is_refused(tmp_path: Path) -> None:
    path = _save(tmp_path / "bomb.png", Image.new("RGB", (1, 1)))
    path.write_bytes(_png_header(100_000, 100_000))
    _refused(path, "has too many pixels")


def test_the_pixel_limit_is_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(tmp_path / "wide.png", Image.new("RGB", (100, 100)))
    monkeypatch.setattr(ingest, "MAX_PIXELS", 5_000)
    message = _refused(path, "has too many pixels")
    assert "100×100" in message


def test_pillows_warning_becomes_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Between MAX_IMAGE_PIXELS and twice that, Pillow only warns.
    path = _save(tmp_path / "warned.png", Image.new("RGB", (100, 100)))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 6_000)
    _refused(path, "has too many pixels")


def test_heic_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200))
    message = _refused(path, "HEIC is not supported; convert it to JPEG or PNG")
    assert message.startswith(str(path))


def test_a_known_but_unaccepted_format(tmp_path: Path) -> None:
    path = _save(tmp_path / "icon.ico", Image.new("RGB", (16, 16), RED), "ICO")
    _refused(path, "ICO is not supported")


def test_a_missing_path(tmp_path: Path) -> None:
    _refused(tmp_path / "gone.jpg", "does not exist")


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "album.jpg"
    folder.mkdir()
    _refused(folder, "is a folder")


def test_a_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.png"
    link.symlink_to(tmp_path / "nowhere.png")
    _refused(link, "is a broken link")


def test_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _save(tmp_path / "private.png", Image.new("RGB", (4, 4)))

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    _refused(path, "cannot be read (permission denied)")


@pytest.mark.skipif(AS_ROOT, reason="root reads any file")
def test_an_unreadable_file_for_real(tmp_path: Path) -> None:
    path = _save(tmp_path / "private.png", Image.new("RGB", (4, 4)))
    path.chmod(0)
    try:
        _refused(path, "permission denied")
    finally:
        path.chmod(0o600)


def test_a_newline_in_a_name_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.jpg"
    path.write_text("text")
    with pytest.raises(ImageError) as caught:
        ingest_file(path)
    assert "\n" not in str(caught.value)
    assert "two lines.jpg" in str(caught.value)  # shown as one line, as any stored text is


def test_a_stored_blob_that_is_damaged() -> None:
    with pytest.raises(ImageError, match="damaged"):
        decode(b"not an image at all")


# --- a mixed batch: bad files stop nothing -----------------------------------------------------


def test_a_mixed_batch(tmp_path: Path) -> None:
    album = tmp_path / "album"
    album.mkdir()
    _save(album / "b.PNG", Image.new("RGB", (8, 8), GREEN))
    _save(album / "a.jpg", Image.new("RGB", (8, 8), RED))
    (album / "notes.txt").write_text("not listed")
    (album / "._a.jpg").write_bytes(b"\x00\x05\x16\x07 mac sidecar")
    (album / "broken.jpeg").write_text("a text file named .jpeg")
    (album / "sub.jpg").mkdir()  # a folder with an image suffix is not a file
    empty_folder = tmp_path / "nothing here"
    empty_folder.mkdir()
    (empty_folder / "readme.md").write_text("no images")
    single = _save(tmp_path / "single.gif", Image.new("RGB", (8, 8), BLUE))
    empty = tmp_path / "zero.png"
    empty.touch()
    link = tmp_path / "dangling.png"
    link.symlink_to(tmp_path / "no such file.png")

    given = [album, empty_folder, tmp_path / "missing.png", single, empty, link]
    expanded = expand_paths(given)
    names = [item.name if isinstance(item, Path) else str(item) for item in expanded]
    assert names == [
        "a.jpg",
        "b.PNG",
        "broken.jpeg",
        f"{empty_folder} has no images",
        f"{tmp_path / 'missing.png'} does not exist",
        "single.gif",
        "zero.png",
        f"{link} is a broken link",
    ]
    added: list[Ingested] = []
    failed: list[str] = []
    for item in expanded:
        if isinstance(item, ImageError):
            failed.append(str(item))
            continue
        try:
            added.append(ingest_file(item))
        except ImageError as error:
            failed.append(str(error))
    assert [image.name for image in added] == ["a.jpg", "b.PNG", "single.gif"]
    assert len(failed) == 5
    assert all("\n" not in line for line in failed)
    assert any("broken.jpeg is a text file" in line for line in failed)
    assert any("zero.png is empty" in line for line in failed)


def test_expand_paths_keeps_files_and_order(tmp_path: Path) -> None:
    first = _save(tmp_path / "z.png", Image.new("RGB", (2, 2)))
    second = tmp_path / "whatever.bin"
    second.write_bytes(b"checked later by ingest")
    assert expand_paths([first, second]) == [first, second]


# --- good files --------------------------------------------------------------------------------


def test_a_plain_jpeg(tmp_path: Path) -> None:
    path = _save(tmp_path / "plain.jpg", Image.new("RGB", (300, 200), RED), quality=95)
    image = ingest_file(path)
    assert image.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert image.original == path.read_bytes()
    assert not image.original_is_copy
    assert (image.width, image.height, image.format, image.name) == (300, 200, "JPEG", "plain.jpg")
    assert _close(_pixel(image.display, (150, 100)), RED)
    thumb = decode(image.thumb)
    assert thumb.size == (160, 107)
    assert Image.open(io.BytesIO(image.thumb)).format == "JPEG"


def test_display_and_thumb_sizes(tmp_path: Path) -> None:
    path = _save(tmp_path / "big.png", Image.new("RGB", (2000, 500), GREEN))
    image = ingest_file(path)
    assert decode(image.display).size == (1600, 400)
    assert decode(image.thumb).size == (160, 40)
    assert (image.width, image.height) == (2000, 500)


def test_cmyk_jpeg(tmp_path: Path) -> None:
    path = _save(tmp_path / "print.jpg", Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG")
    assert Image.open(path).mode == "CMYK"
    image = ingest_file(path)
    shown = decode(image.display)
    assert shown.mode == "RGB"
    assert _close(tuple(shown.getpixel((8, 8))), RED, 40)  # type: ignore[arg-type]


def test_16_bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    deep = Image.new("I;16", (8, 8), 32768)
    path = _save(tmp_path / "deep.png", deep)
    assert Image.open(path).mode.startswith("I;16")
    image = ingest_file(path)
    assert _close(_pixel(image.display, (4, 4)), (128, 128, 128), 4)


def test_palette_png_with_transparency(tmp_path: Path) -> None:
    palette = Image.new("P", (8, 8), 0)
    palette.putpalette([*RED, *GREEN] + [0] * 762)
    for x in range(4):
        for y in range(8):
            palette.putpixel((x, y), 1)
    path = _save(tmp_path / "sticker.png", palette, transparency=1)
    image = ingest_file(path)
    assert _close(_pixel(image.display, (1, 4)), BG, 6)  # the transparent half
    assert _close(_pixel(image.display, (6, 4)), RED, 30)


def test_rgba_png_is_composited_on_the_dark_background(tmp_path: Path) -> None:
    rgba = Image.new("RGBA", (16, 8), (*BLUE, 255))
    rgba.paste((0, 0, 0, 0), (0, 0, 8, 8))
    path = _save(tmp_path / "cutout.png", rgba)
    image = ingest_file(path)
    assert _close(_pixel(image.display, (3, 4)), BG, 6)
    assert _close(_pixel(image.display, (12, 4)), BLUE, 30)


def test_grayscale_and_bilevel(tmp_path: Path) -> None:
    gray = ingest_file(_save(tmp_path / "gray.png", Image.new("L", (8, 8), 200)))
    assert _close(_pixel(gray.display, (4, 4)), (200, 200, 200), 4)
    bits = ingest_file(_save(tmp_path / "bits.bmp", Image.new("1", (8, 8), 1)))
    assert _close(_pixel(bits.display, (4, 4)), WHITE, 4)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    raw = Image.new("RGB", (80, 40), BLUE)
    raw.paste(RED, (0, 0, 20, 10))  # the top-left corner as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    path = _save(tmp_path / "phone.jpg", raw, "JPEG", exif=exif.tobytes(), quality=95)
    image = ingest_file(path)
    assert (image.width, image.height) == (40, 80)
    shown = decode(image.display)
    assert shown.size == (40, 80)
    assert _close(tuple(shown.getpixel((35, 5))), RED, 40)  # type: ignore[arg-type]
    assert _close(tuple(shown.getpixel((5, 5))), BLUE, 40)  # type: ignore[arg-type]
    assert decode(image.thumb).size == (40, 80)
    # The original keeps its bytes (and EXIF); decode() orients it too.
    assert image.original == path.read_bytes()
    assert decode(image.original).size == (40, 80)


def test_an_animated_gif_uses_frame_0(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (10, 10), colour) for colour in (RED, GREEN, BLUE)]
    path = tmp_path / "blink.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert getattr(Image.open(path), "n_frames", 1) == 3
    image = ingest_file(path)
    assert image.format == "GIF"
    assert _close(_pixel(image.display, (5, 5)), RED, 30)


def test_float_tiff_is_scaled_to_its_range(tmp_path: Path) -> None:
    depth = Image.new("F", (8, 8), 0.25)
    depth.paste(0.75, (4, 0, 8, 8))
    image = ingest_file(_save(tmp_path / "depth.tif", depth, "TIFF"))
    assert _close(_pixel(image.display, (1, 4)), (0, 0, 0), 8)
    assert _close(_pixel(image.display, (6, 4)), WHITE, 8)


def test_webp_and_tiff(tmp_path: Path) -> None:
    webp = ingest_file(_save(tmp_path / "a.webp", Image.new("RGB", (8, 8), GREEN), "WEBP"))
    tiff = ingest_file(_save(tmp_path / "a.tif", Image.new("RGB", (8, 8), BLUE), "TIFF"))
    assert (webp.format, tiff.format) == ("WEBP", "TIFF")
    assert _close(_pixel(tiff.display, (4, 4)), BLUE, 30)


def test_a_unicode_file_name(tmp_path: Path) -> None:
    path = _save(tmp_path / "visión ☀ 照片.png", Image.new("RGB", (8, 8), RED))
    image = ingest_file(path)
    assert image.name == "visión ☀ 照片.png"
    assert expand_paths([tmp_path]) == [path]


def test_over_the_cap_keeps_a_downscaled_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _save(tmp_path / "poster.png", _noise((300, 200)))
    monkeypatch.setattr(ingest, "ORIGINAL_CAP", 10_000)
    monkeypatch.setattr(ingest, "COPY_SIDE", 150)
    image = ingest_file(path)
    assert image.original_is_copy
    assert image.original != path.read_bytes()
    assert image.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()  # of the file itself
    copy = decode(image.original)
    assert copy.size == (150, 100)
    assert Image.open(io.BytesIO(image.original)).format == "JPEG"
    assert (image.width, image.height, image.format) == (300, 200, "PNG")


def test_decode_fits_and_uses_jpeg_draft() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), GREEN).save(buffer, "JPEG")
    assert decode(buffer.getvalue(), fit=(100, 100)).size == (100, 50)
    assert decode(buffer.getvalue()).size == (800, 400)
    assert decode(buffer.getvalue(), fit=(2000, 2000)).size == (800, 400)  # never enlarged


# --- half-block renderer -----------------------------------------------------------------------


def _quadrants(width: int, height: int) -> Image.Image:
    """Red top-left, green top-right, blue bottom-left, white bottom-right."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    image.paste(RED, (0, 0, half_w, half_h))
    image.paste(GREEN, (half_w, 0, width, half_h))
    image.paste(BLUE, (0, half_h, half_w, height))
    image.paste(WHITE, (half_w, half_h, width, height))
    return image


def test_quadrants_map_to_cells() -> None:
    assert half_block_cells(_quadrants(2, 4), 2, 2, BG) == [
        [(RED, RED), (GREEN, GREEN)],
        [(BLUE, BLUE), (WHITE, WHITE)],
    ]


def test_top_and_bottom_share_a_cell() -> None:
    assert half_block_cells(_quadrants(2, 2), 2, 1, BG) == [[(RED, BLUE), (GREEN, WHITE)]]


def test_a_small_image_grows_crisply() -> None:
    cells = half_block_cells(_quadrants(2, 2), 4, 2, BG)
    assert cells == [
        [(RED, RED), (RED, RED), (GREEN, GREEN), (GREEN, GREEN)],
        [(BLUE, BLUE), (BLUE, BLUE), (WHITE, WHITE), (WHITE, WHITE)],
    ]


def test_a_big_image_shrinks_to_its_colours() -> None:
    cells = half_block_cells(_quadrants(400, 400), 10, 5, BG)
    assert len(cells) == 5 and all(len(row) == 10 for row in cells)
    assert _close(cells[0][0][0], RED, 2)
    assert _close(cells[0][9][0], GREEN, 2)
    assert _close(cells[4][0][1], BLUE, 2)
    assert _close(cells[4][9][1], WHITE, 2)


def test_a_wide_image_is_letterboxed_above_and_below() -> None:
    wide = Image.new("RGB", (8, 2), RED)
    cells = half_block_cells(wide, 8, 3, BG)  # canvas 8×6, image 8×2 at y = 2..3
    assert cells[0] == [(BG, BG)] * 8
    assert cells[1] == [(RED, RED)] * 8
    assert cells[2] == [(BG, BG)] * 8


def test_a_wide_image_can_start_on_a_bottom_half() -> None:
    cells = half_block_cells(Image.new("RGB", (4, 1), RED), 4, 2, BG)  # canvas 4×4, y = 1
    assert cells == [[(BG, RED)] * 4, [(BG, BG)] * 4]


def test_a_tall_image_is_letterboxed_left_and_right() -> None:
    tall = Image.new("RGB", (1, 4), GREEN)
    cells = half_block_cells(tall, 5, 2, BG)  # canvas 5×4, image 1×4 at x = 2
    for row in cells:
        assert row == [(BG, BG), (BG, BG), (GREEN, GREEN), (BG, BG), (BG, BG)]


def test_an_odd_height_pads_the_last_half_row() -> None:
    image = Image.new("RGB", (3, 3))
    image.paste(RED, (0, 0, 3, 1))
    image.paste(GREEN, (0, 1, 3, 2))
    image.paste(BLUE, (0, 2, 3, 3))
    cells = half_block_cells(image, 3, 2, BG)  # canvas 3×4, image 3×3 at y = 0
    assert cells == [[(RED, GREEN)] * 3, [(BLUE, BG)] * 3]


def test_other_modes_are_converted() -> None:
    cells = half_block_cells(Image.new("L", (2, 2), 100), 2, 1, BG)
    assert cells == [[((100, 100, 100), (100, 100, 100))] * 2]


def test_no_room_no_cells() -> None:
    assert half_block_cells(Image.new("RGB", (4, 4)), 0, 3, BG) == []
    assert half_block_cells(Image.new("RGB", (4, 4)), 3, 0, BG) == []


@pytest.mark.parametrize(
    ("size", "box", "expected"),
    [
        ((2, 4), (2, 2), (2, 4)),
        ((400, 300), (40, 10), (27, 20)),
        ((300, 400), (40, 10), (15, 20)),
        ((10_000, 1), (20, 5), (20, 1)),
        ((1, 10_000), (20, 5), (1, 10)),
        ((1, 1), (20, 5), (10, 10)),
        ((0, 0), (3, 1), (2, 2)),
    ],
)
def test_fit_size(size: tuple[int, int], box: tuple[int, int], expected: tuple[int, int]) -> None:
    assert fit_size(*size, *box) == expected
    width, height = fit_size(*size, *box)
    assert 1 <= width <= max(1, box[0]) and 1 <= height <= max(1, box[1] * 2)


def _corrupt_exif_jpeg(path: Path) -> Path:
    """A JPEG whose EXIF block is cut short: Pillow warns "Corrupt EXIF data" reading it."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010E] = "a description long enough to be stored past the cut" * 2
    Image.new("RGB", (40, 30), RED).save(path, exif=exif.tobytes()[:40])
    return path


def test_a_corrupt_exif_block_warns_nobody(tmp_path: Path) -> None:
    import warnings

    path = _corrupt_exif_jpeg(tmp_path / "cut-exif.jpg")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        image = ingest_file(path)
        decode(path.read_bytes(), fit=(20, 20))
    assert [str(w.message) for w in caught] == []
    assert (image.width, image.height) == (30, 40)  # the orientation that could be read


def test_a_corrupt_exif_block_leaves_the_shell_quiet(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = _corrupt_exif_jpeg(tmp_path / "cut-exif.jpg")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(tmp_path / "b.db"), "board", "add", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "BOUNCEBACK_NOW": "2026-11-21T19:30:00"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Added image 1: ")
