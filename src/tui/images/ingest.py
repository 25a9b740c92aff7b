"""Turning a file into what the board stores: validated by decoding, oriented, downscaled, hashed.

Every file that can't be added raises `ImageError` with one line naming it; nothing else escapes,
so one bad file never stops a batch.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import stat
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from ..domain.text import shown as printable
from . import IMAGE_SUFFIXES

FORMATS = ["JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"]

ORIGINAL_CAP = 12 * 1024 * 1024  # bytes kept as they are; above this a downscaled copy
COPY_SIDE = 4096  # long side of that copy
DISPLAY_SIDE = 1600
THUMB_SIDE = 160
DISPLAY_QUALITY = 88
THUMB_QUALITY = 85
COPY_QUALITY = 90
MAX_PIXELS = 50_000_000  # more than this is refused as a decompression bomb
MAX_FILE_BYTES = 256 * 1024 * 1024  # above ORIGINAL_CAP a file is read in pieces, never whole
# What decoding may hold at full size, after JPEG's reduced-size decoding: with the process
# itself (~20 MB), a reduced working copy and the encoders it keeps ingest under ~200 MB.
MAX_DECODED_BYTES = 100 * 1024 * 1024
MAX_REDUCED_BYTES = 40 * 1024 * 1024  # the working copy that a smooth resize then finishes
MAX_ASPECT = 20  # a picture longer than 20 times its width (or the other way) is refused
STRIP_PIXELS = 1_000_000  # converted to RGB this many pixels at a time
BACKGROUND = (30, 30, 30)  # what transparent pixels become: a dark neutral

# Pillow itself warns at MAX_IMAGE_PIXELS and refuses at twice that; lower it for the process.
Image.MAX_IMAGE_PIXELS = min(Image.MAX_IMAGE_PIXELS or MAX_PIXELS, MAX_PIXELS)

_SUPPORTED = "JPEG, PNG, GIF, WebP, BMP or TIFF"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ORIENTATION_TAG = 0x0112
_READ_CHUNK = 1024 * 1024
# Bytes Pillow keeps per pixel for a mode (every other mode it decodes to takes 4).
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1}
# Decoders that hold further whole copies while they work.
_DECODER_COPIES = {"WEBP": 4}  # measured: libwebp's canvas, the frame's bytes, the picture


class ImageError(Exception):
    """One clear line for a file that can't be added."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class Ingested:
    """A picture ready to store: its bytes, a display copy and a thumbnail, all made once."""

    sha256: str
    original: bytes
    original_is_copy: bool
    display: bytes
    thumb: bytes
    width: int
    height: int
    format: str
    name: str


def label(path: Path) -> str:
    """The path as one printable line (a file name may hold a newline or undecodable bytes)."""
    return printable(str(path))


def expand_paths(paths: Iterable[Path | str]) -> list[Path | ImageError]:
    """Folders become the image files directly in them (sorted); files pass through. An empty
    path is refused (as a Path it would be the current folder)."""
    expanded: list[Path | ImageError] = []
    for given in paths:
        if isinstance(given, str) and not given:
            expanded.append(ImageError("an empty path names no file: give a file or a folder"))
            continue
        path = Path(given)
        shown = label(path)
        try:
            if path.is_symlink() and not path.exists():
                expanded.append(ImageError(f"{shown} is a broken link", path))
            elif path.is_dir():
                found = sorted(
                    (
                        entry
                        for entry in path.iterdir()
                        if entry.suffix.lower() in IMAGE_SUFFIXES
                        and not entry.name.startswith(".")  # macOS `._photo.jpg` sidecars
                        and entry.is_file()
                    ),
                    key=lambda entry: (entry.name.casefold(), entry.name),
                )
                if found:
                    expanded.extend(found)
                else:
                    expanded.append(ImageError(f"{shown} has no images", path))
            elif path.exists():
                expanded.append(path)
            else:
                expanded.append(ImageError(f"{shown} does not exist", path))
        except OSError as error:
            expanded.append(_unreadable(path, error))
    return expanded


def ingest_file(path: Path) -> Ingested:
    """Read, validate (by decoding), orient and shrink one file, or raise ImageError.

    Memory stays bounded whatever the file: a file over ORIGINAL_CAP is hashed and decoded in
    pieces, never read whole; JPEG decodes at reduced size; what decodes at full size is held
    to MAX_DECODED_BYTES before a pixel is decoded, and converted strip by strip.
    """
    path = Path(path)
    shown = label(path)
    data, size, sha256 = _read(path)
    over_cap = size > ORIGINAL_CAP
    with _pillow_quiet(), contextlib.ExitStack() as files:
        try:
            source = BytesIO(data) if data is not None else files.enter_context(path.open("rb"))
            image = _open(source, path)
            image_format = str(image.format)
            raw_width, raw_height = image.size
            _check_pixels(path, raw_width, raw_height)
            longest = COPY_SIDE if over_cap else DISPLAY_SIDE
            if image_format == "JPEG":
                # Decoding at 1/2..1/8 scale is several times faster and still reads every byte,
                # so a file cut short is still caught.
                image.draft("RGB", _fit_within(raw_width, raw_height, longest))
            _check_decoded(path, image)
            image.load()
            # After loading: asking a PNG for its EXIF decodes the whole picture first.
            orientation = _orientation(image)
            width, height = (
                (raw_height, raw_width) if orientation in (5, 6, 7, 8) else (raw_width, raw_height)
            )
            rgb = _orient(_reduced_rgb(image, longest), orientation)
            del image
            if over_cap:
                rgb = _shrunk(rgb, COPY_SIDE)
                original = _jpeg(rgb, COPY_QUALITY)
            display_image = _shrunk(rgb, DISPLAY_SIDE)
            display = _jpeg(display_image, DISPLAY_QUALITY)
            thumb = _jpeg(_shrunk(display_image, THUMB_SIDE), THUMB_QUALITY)
        except ImageError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(path, None) from None
        except MemoryError:
            raise ImageError(f"{shown} is too large to open", path) from None
        except _ColourModeError as error:
            raise ImageError(
                f"{shown} uses a colour mode Bounceback can't show ({error})", path
            ) from None
        except Exception:
            # OSError, ValueError, SyntaxError, EOFError, struct.error ... from a damaged file.
            raise ImageError(f"{shown} is damaged or cut short", path) from None
    return Ingested(
        sha256=sha256,
        original=original if over_cap else (data or b""),
        original_is_copy=over_cap,
        display=display,
        thumb=thumb,
        width=width,
        height=height,
        format=image_format,
        name=printable(path.name),  # stored as shown: a name may not be UTF-8
    )


def decode(data: bytes, fit: tuple[int, int] | None = None) -> Image.Image:
    """An RGB image from stored bytes, oriented, optionally shrunk to fit within `fit`."""
    with _pillow_quiet():
        try:
            image = Image.open(BytesIO(data), formats=FORMATS)
            raw_width, raw_height = image.size
            _check_pixels(None, raw_width, raw_height)
            is_jpeg = image.format == "JPEG"
            # A JPEG's EXIF is read with its header; asking a PNG decodes the whole picture.
            orientation = _orientation(image) if is_jpeg else 1
            if fit and is_jpeg:
                box = _box(fit, orientation)
                scale = min(box[0] / raw_width, box[1] / raw_height)
                if scale < 1:
                    image.draft(
                        "RGB",
                        (max(1, round(raw_width * scale)), max(1, round(raw_height * scale))),
                    )
            _check_decoded(None, image)
            image.load()
            if not is_jpeg:
                orientation = _orientation(image)
            # Whole steps down that still cover the box; the exact fit is made below.
            factor = 1
            if fit:
                box = _box(fit, orientation)
                factor = max(1, min(image.width // box[0], image.height // box[1]))
            rgb = _orient(_rgb_in_strips(image, factor), orientation)
        except ImageError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(None, None) from None
        except Exception:
            raise ImageError("a stored image is damaged") from None
    if fit and (rgb.width > fit[0] or rgb.height > fit[1]):
        rgb.thumbnail((max(1, fit[0]), max(1, fit[1])), Image.Resampling.LANCZOS)
    return rgb


def _box(fit: tuple[int, int], orientation: int) -> tuple[int, int]:
    """`fit` in the stored picture's own axes (before it is turned upright)."""
    box = (fit[1], fit[0]) if orientation in (5, 6, 7, 8) else fit
    return max(1, box[0]), max(1, box[1])


# --- reading -------------------------------------------------------------------------------------


def _read(path: Path) -> tuple[bytes | None, int, str]:
    """(the bytes, their count, their SHA-256): the bytes only for a file within ORIGINAL_CAP;
    a larger one is hashed in pieces and decoded from the file (it is never stored as it is)."""
    shown = label(path)
    try:
        if path.is_symlink() and not path.exists():
            raise ImageError(f"{shown} is a broken link", path)
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImageError(f"{shown} is a folder, not an image", path)
        if not stat.S_ISREG(info.st_mode):
            raise ImageError(f"{shown} is not a regular file", path)
        if info.st_size == 0:
            raise ImageError(f"{shown} is empty", path)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(path, info.st_size)
        if info.st_size <= ORIGINAL_CAP:
            data = path.read_bytes()
            if not data:
                raise ImageError(f"{shown} is empty", path)
            return data, len(data), hashlib.sha256(data).hexdigest()
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(_READ_CHUNK):
                size += len(chunk)
                if size > MAX_FILE_BYTES:  # grew while being read
                    raise _too_large(path, size)
                digest.update(chunk)
    except FileNotFoundError:
        raise ImageError(f"{shown} does not exist", path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    return None, size, digest.hexdigest()


def _too_large(path: Path, size: int) -> ImageError:
    return ImageError(
        f"{label(path)} is too large ({size // 2**20} MB; "
        f"the limit is {MAX_FILE_BYTES // 2**20} MB)",
        path,
    )


def _unreadable(path: Path, error: OSError) -> ImageError:
    shown = label(path)
    if isinstance(error, PermissionError):
        return ImageError(f"{shown} cannot be read (permission denied)", path)
    reason = error.strerror or type(error).__name__
    return ImageError(f"{shown} cannot be read: {label(Path(reason))}", path)


def _open(source: BytesIO | BinaryIO, path: Path) -> Image.Image:
    try:
        return Image.open(source, formats=FORMATS)
    except Image.UnidentifiedImageError:
        source.seek(0)
        raise ImageError(_not_an_image(source.read(4096), path), path) from None


def _not_an_image(data: bytes, path: Path) -> str:
    """Say what the file is when we can tell, so the person knows what to do."""
    shown = label(path)
    head = data[:16]
    if head[4:8] == b"ftyp":
        if head[8:12] in _HEIF_BRANDS:
            return f"{shown}: HEIC is not supported; convert it to JPEG or PNG"
        if head[8:12] in _AVIF_BRANDS:
            return f"{shown}: AVIF is not supported; convert it to JPEG or PNG"
    if path.suffix.lower() == ".svg" or data[:512].lstrip().startswith((b"<svg", b"<?xml")):
        return f"{shown}: SVG is not supported; convert it to PNG"
    other = _other_format(data)
    if other:
        return f"{shown}: {other} is not supported; convert it to JPEG or PNG"
    if _looks_like_text(data[:4096]):
        return f"{shown} is a text file, not an image"
    return f"{shown} is not an image Bounceback can read ({_SUPPORTED})"


def _other_format(data: bytes) -> str | None:
    """The name of a format Pillow knows but we don't accept (ICO, PSD ...), from its header."""
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(BytesIO(data)) as image:
            return str(image.format) if image.format and image.format not in FORMATS else None
    return None


def _looks_like_text(head: bytes) -> bool:
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f\v")
    return bool(head) and controls == 0


# --- decoding ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Pillow's warnings never reach the terminal (a broken EXIF block is not fatal: the
    picture shows upright as stored), except the one between MAX_IMAGE_PIXELS and twice that,
    which becomes an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _check_pixels(path: Path | None, width: int, height: int) -> None:
    shown = label(path) if path else "a stored image"
    if width <= 0 or height <= 0:
        raise ImageError(f"{shown} has no pixels", path)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(path, (width, height))
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ImageError(
            f"{shown} is too long and thin to show ({width}×{height}; a picture may be at most "
            f"{MAX_ASPECT} times longer than it is wide)",
            path,
        )


def _check_decoded(path: Path | None, image: Image.Image) -> None:
    """Refuse, before decoding, what would take more than MAX_DECODED_BYTES at full size (after
    any draft): the pixels times the bytes Pillow keeps for each in this mode."""
    per_pixel = _BYTES_PER_PIXEL.get(image.mode, 2 if image.mode.startswith("I;16") else 4)
    per_pixel *= _DECODER_COPIES.get(str(image.format), 1)
    width, height = image.size
    if width * height * per_pixel > MAX_DECODED_BYTES:
        shown = label(path) if path else "a stored image"
        most = MAX_DECODED_BYTES / per_pixel / 1_000_000
        raise ImageError(
            f"{shown} has too many pixels for its kind ({width}×{height}, {image.format} "
            f"{image.mode}; the limit for such a picture is {most:.0f} megapixels)",
            path,
        )


def _too_many_pixels(path: Path | None, size: tuple[int, int] | None) -> ImageError:
    shown = label(path) if path else "a stored image"
    dimensions = f"{size[0]}×{size[1]}, " if size else ""
    return ImageError(
        f"{shown} has too many pixels ({dimensions}the limit is "
        f"{MAX_PIXELS / 1_000_000:g} megapixels)",
        path,
    )


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 when absent or unreadable: a broken EXIF block is not fatal)."""
    try:
        value = int(image.getexif().get(_ORIENTATION_TAG, 1))
    except Exception:
        return 1
    return value if value in _TRANSPOSE else 1


def _orient(image: Image.Image, orientation: int) -> Image.Image:
    """What `ImageOps.exif_transpose` does, with the orientation already read (and tolerant)."""
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


class _ColourModeError(Exception):
    """A decoded mode with no sensible way to RGB (e.g. LAB TIFF)."""


def _reduced_rgb(image: Image.Image, longest: int) -> Image.Image:
    """RGB, shrunk by a whole factor to a long side from `longest` to twice that (a smooth
    resize finishes it), or further when that copy would pass MAX_REDUCED_BYTES. An RGB picture
    is used as it is when it and its smooth resize fit together within the two budgets."""
    width, height = image.size
    factor = max(1, max(width, height) // longest)
    if image.mode == "RGB" and factor == 1:
        held = width * height * 4 + _resize_bytes(image.size, longest)
        if held <= MAX_DECODED_BYTES + MAX_REDUCED_BYTES:
            return image
    while math.ceil(width / factor) * math.ceil(height / factor) * 4 > MAX_REDUCED_BYTES:
        factor += 1
    return _rgb_in_strips(image, max(factor, 2 if image.mode == "RGB" else 1))


def _resize_bytes(size: tuple[int, int], longest: int) -> int:
    """What a smooth resize to fit `longest` holds: its result and the half-way image of its
    first (horizontal) pass."""
    width, height = size
    new_width, new_height = _fit_within(width, height, longest)
    if (new_width, new_height) == (width, height):
        return 0
    return (new_width * height + new_width * new_height) * 4


def _rgb_in_strips(image: Image.Image, factor: int) -> Image.Image:
    """The image as RGB, `factor` times smaller, converted a strip at a time so nothing but the
    decoded image is ever held at full size (compositing alone would make three copies)."""
    if image.mode == "RGB" and factor == 1:
        return image
    extrema = _extrema(image)
    width, height = image.size
    out = Image.new("RGB", (math.ceil(width / factor), math.ceil(height / factor)))
    rows = max(factor, STRIP_PIXELS // width // factor * factor)
    for top in range(0, height, rows):
        strip = _to_rgb(image.crop((0, top, width, min(height, top + rows))), extrema)
        out.paste(strip.reduce(factor) if factor > 1 else strip, (0, top // factor))
    return out


def _extrema(image: Image.Image) -> tuple[float, float] | None:
    """The range of a 32-bit integer or float image, which is scaled to it (not clipped)."""
    if image.mode not in ("I", "F"):
        return None
    extrema = image.getextrema()
    # A one-band image gives (low, high); Pillow's types allow a tuple per band too.
    return float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]


def _to_rgb(image: Image.Image, extrema: tuple[float, float] | None = None) -> Image.Image:
    """RGB with alpha composited onto BACKGROUND; 16-bit and float scaled, not clipped (to
    `extrema` when given: the whole picture's range, for one strip of it)."""
    mode = image.mode
    if mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif mode in ("I", "F"):
        low, high = extrema if extrema is not None else _extrema(image) or (0.0, 1.0)
        spread = high - low or 1.0
        image = image.point(lambda value: (value - low) * (255 / spread)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB", "1") and "transparency" in image.info
    )
    try:
        if has_alpha:
            rgba = image.convert("RGBA")
            backdrop = Image.new("RGBA", rgba.size, (*BACKGROUND, 255))
            return Image.alpha_composite(backdrop, rgba).convert("RGB")
        return image if image.mode == "RGB" else image.convert("RGB")
    except ValueError:
        raise _ColourModeError(image.mode) from None


def _fit_within(width: int, height: int, longest: int) -> tuple[int, int]:
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _shrunk(image: Image.Image, longest: int) -> Image.Image:
    if max(image.size) <= longest:
        return image
    return image.resize(
        _fit_within(image.width, image.height, longest),
        Image.Resampling.LANCZOS,
        reducing_gap=3.0,
    )


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


__all__ = [
    "FORMATS",
    "IMAGE_SUFFIXES",
    "ORIGINAL_CAP",
    "ImageError",
    "Ingested",
    "decode",
    "expand_paths",
    "ingest_file",
    "label",
]
