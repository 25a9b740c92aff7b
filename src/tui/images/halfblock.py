"""Half-block cells: one terminal cell (about 1:2) holds two square pixels, top and bottom.

Pillow only. The widget draws `▀` with the top colour as foreground and the bottom as background.
"""

from __future__ import annotations

from PIL import Image

RGB = tuple[int, int, int]


def fit_size(width: int, height: int, cols: int, rows: int) -> tuple[int, int]:
    """The pixel size that fits (cols, rows*2) keeping the aspect ratio; each side at least 1."""
    box_width, box_height = max(1, cols), max(1, rows * 2)
    width, height = max(1, width), max(1, height)
    scale = min(box_width / width, box_height / height)
    fitted_width = min(box_width, max(1, round(width * scale)))
    fitted_height = min(box_height, max(1, round(height * scale)))
    return fitted_width, fitted_height


def half_block_canvas(image: Image.Image, cols: int, rows: int, background: RGB) -> bytes:
    """RGB bytes of `cols` × `rows*2` pixels: the image fitted, centred on `background`.

    Rows 2r and 2r+1 are the top and bottom halves of cell row r."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    size = fit_size(image.width, image.height, cols, rows)
    if size != image.size:
        # Doubling or more keeps a tiny picture's pixels crisp; anything else (shrinking, or the
        # pixel or so of rounding after `decode(fit=...)`) is resampled smoothly.
        enlarging = size[0] >= 2 * image.width and size[1] >= 2 * image.height
        image = (
            image.resize(size, Image.Resampling.NEAREST)
            if enlarging
            else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        )
    canvas_height = rows * 2
    if size == (cols, canvas_height):
        canvas = image
    else:
        canvas = Image.new("RGB", (cols, canvas_height), background)
        canvas.paste(image, ((cols - size[0]) // 2, (canvas_height - size[1]) // 2))
    return canvas.tobytes()
