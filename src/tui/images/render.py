"""Stored image bytes to half-block cells, with a small cache. Pillow only, no Textual."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from .halfblock import RGB, half_block_canvas
from .ingest import decode


def render_canvas(data: bytes, cols: int, rows: int, background: RGB) -> bytes:
    """Decode (shrinking early) and fit into cols × rows*2 RGB pixels (see half_block_canvas)."""
    if cols <= 0 or rows <= 0:
        return b""
    image = decode(data, fit=(cols, rows * 2))
    return half_block_canvas(image, cols, rows, background)


class CellCache:
    """The last renders (whatever the caller keeps), keyed by tuples that start with the image
    id (`forget` drops an image's renders)."""

    def __init__(self, limit: int = 96) -> None:
        self._items: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Any:
        with self._lock:
            cells = self._items.get(key)
            if cells is not None:
                self._items.move_to_end(key)
            return cells

    def put(self, key: tuple[object, ...], cells: Any) -> None:
        with self._lock:
            self._items[key] = cells
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def forget(self, image_id: object) -> None:
        with self._lock:
            for key in [k for k in self._items if k[0] == image_id]:
                del self._items[key]
