"""The vision board: pictures in order, each with a caption and maybe a pillar.

Metadata and thumbnails live in `images`; the display copy and the original in `image_data`.
Listing never reads a BLOB. Pillow is not imported here: ingest happens in `tui.images`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .. import clock
from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.pillars import parse_pillar
from .db import Database

if TYPE_CHECKING:
    import sqlite3

    from ..images.ingest import Ingested

_IDS_PER_QUERY = 500  # well under SQLite's limit on bound parameters
_COLUMNS = "id, sha256, caption, pillar, position, width, height, size, format, name, added_at"


class BoardImage(NamedTuple):
    """One picture on the board, without its bytes."""

    id: int
    sha256: str
    caption: str
    pillar: str | None
    position: int
    width: int
    height: int
    size: int  # bytes of the stored original (the downscaled copy when original_is_copy)
    format: str
    name: str
    added_at: str


class DeletedImage(NamedTuple):
    """Everything needed to put a deleted picture back exactly (undo)."""

    image: BoardImage
    thumb: bytes
    original: bytes
    display: bytes
    original_is_copy: bool


def _image(row: sqlite3.Row) -> BoardImage:
    return BoardImage(
        id=row["id"],
        sha256=row["sha256"],
        caption=row["caption"],
        pillar=row["pillar"],
        position=row["position"],
        width=row["width"],
        height=row["height"],
        size=row["size"],
        format=row["format"],
        name=row["name"],
        added_at=row["added_at"],
    )


def clean_caption(caption: str) -> str:
    """One line, trimmed, within the caption limit (else InvalidInput)."""
    return limits.CAPTION.clean(caption)


def _pillar(pillar: str | None) -> str | None:
    return None if pillar is None else parse_pillar(pillar)


def add(
    db: Database, ingested: Ingested, caption: str = "", pillar: str | None = None
) -> tuple[BoardImage, bool]:
    """Add at the end: (image, True); the same picture already there: (that one, False)."""
    caption = clean_caption(caption)
    pillar = _pillar(pillar)
    with db.write() as conn:
        existing = conn.execute(
            f"SELECT {_COLUMNS} FROM images WHERE sha256 = ?", (ingested.sha256,)
        ).fetchone()
        if existing is not None:
            return _image(existing), False
        position = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM images").fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO images (sha256, caption, pillar, position, width, height, size, format,"
            " name, original_is_copy, added_at, thumb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ingested.sha256,
                caption,
                pillar,
                position,
                ingested.width,
                ingested.height,
                len(ingested.original),
                ingested.format,
                ingested.name,
                int(ingested.original_is_copy),
                clock.timestamp(),
                ingested.thumb,
            ),
        )
        image_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO image_data (image_id, display, original) VALUES (?, ?, ?)",
            (image_id, ingested.display, ingested.original),
        )
        row = conn.execute(f"SELECT {_COLUMNS} FROM images WHERE id = ?", (image_id,)).fetchone()
    return _image(row), True


def list_images(db: Database) -> list[BoardImage]:
    """Every picture, in board order."""
    rows = db.query(f"SELECT {_COLUMNS} FROM images ORDER BY position, id")
    return [_image(row) for row in rows]


def count(db: Database) -> int:
    return int(db.query("SELECT count(*) FROM images")[0][0])


def get(db: Database, image_id: int) -> BoardImage:
    limits.check_id(image_id, "image")
    rows = db.query(f"SELECT {_COLUMNS} FROM images WHERE id = ?", (image_id,))
    if not rows:
        raise InvalidInput(f"no image with id {image_id}")
    return _image(rows[0])


def _blob(db: Database, sql: str, image_id: int) -> bytes:
    limits.check_id(image_id, "image")
    rows = db.query(sql, (image_id,))
    if not rows:
        raise InvalidInput(f"no image with id {image_id}")
    return bytes(rows[0][0])


def thumb(db: Database, image_id: int) -> bytes:
    """The small JPEG thumbnail (fits in 160×160)."""
    return _blob(db, "SELECT thumb FROM images WHERE id = ?", image_id)


def thumbs(db: Database, image_ids: Sequence[int]) -> dict[int, bytes]:
    """The thumbnails of these images by id, read in one query (ids not on the board are left
    out): the board draws a screenful at once."""
    wanted = list(dict.fromkeys(image_ids))
    found: dict[int, bytes] = {}
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start : start + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        rows = db.query(f"SELECT id, thumb FROM images WHERE id IN ({marks})", tuple(chunk))
        found.update((row[0], bytes(row[1])) for row in rows)
    return found


def display(db: Database, image_id: int) -> bytes:
    """The display JPEG (long side at most 1600 px)."""
    return _blob(db, "SELECT display FROM image_data WHERE image_id = ?", image_id)


def original(db: Database, image_id: int) -> bytes:
    """The bytes of the file as added (or its downscaled copy when it was over the cap)."""
    return _blob(db, "SELECT original FROM image_data WHERE image_id = ?", image_id)


def original_is_copy(db: Database, image_id: int) -> bool:
    """Whether `original` is a downscaled copy rather than the file's own bytes."""
    limits.check_id(image_id, "image")
    rows = db.query("SELECT original_is_copy FROM images WHERE id = ?", (image_id,))
    if not rows:
        raise InvalidInput(f"no image with id {image_id}")
    return bool(rows[0][0])


def copied_originals(db: Database) -> set[int]:
    """Ids of the images whose `original` is a downscaled copy (one query for a listing)."""
    return {int(row[0]) for row in db.query("SELECT id FROM images WHERE original_is_copy")}


def set_caption(
    db: Database, image_id: int, caption: str, *, as_stored: bool = False
) -> BoardImage:
    """A new caption; `as_stored` puts back one read from the store (undo) as it was."""
    limits.check_id(image_id, "image")
    if not as_stored:
        caption = clean_caption(caption)
    with db.write() as conn:
        cursor = conn.execute("UPDATE images SET caption = ? WHERE id = ?", (caption, image_id))
        if cursor.rowcount == 0:
            raise InvalidInput(f"no image with id {image_id}")
    return get(db, image_id)


def set_pillar(db: Database, image_id: int, pillar: str | None) -> BoardImage:
    """Link the picture to a pillar; None unlinks it."""
    limits.check_id(image_id, "image")
    pillar = _pillar(pillar)
    with db.write() as conn:
        cursor = conn.execute("UPDATE images SET pillar = ? WHERE id = ?", (pillar, image_id))
        if cursor.rowcount == 0:
            raise InvalidInput(f"no image with id {image_id}")
    return get(db, image_id)


def move(db: Database, image_id: int, offset: int) -> bool:
    """Move a picture `offset` places (±1 swaps with its neighbour); False past either edge."""
    limits.check_id(image_id, "image")
    with db.write() as conn:
        order = [row[0] for row in conn.execute("SELECT id FROM images ORDER BY position, id")]
        if image_id not in order:
            raise InvalidInput(f"no image with id {image_id}")
        index = order.index(image_id)
        target = index + offset
        if offset == 0 or not 0 <= target < len(order):
            return False
        order.insert(target, order.pop(index))
        # Renumber 0..n-1 (gaps left by deletes close up); write only what changed.
        positions = dict(conn.execute("SELECT id, position FROM images").fetchall())
        conn.executemany(
            "UPDATE images SET position = ? WHERE id = ?",
            [(new, pid) for new, pid in enumerate(order) if positions[pid] != new],
        )
    return True


def delete(db: Database, image_id: int) -> DeletedImage:
    """Remove a picture and its bytes; what comes back can be restored exactly."""
    limits.check_id(image_id, "image")
    with db.write() as conn:
        row = conn.execute(
            f"SELECT {_COLUMNS}, original_is_copy, thumb FROM images WHERE id = ?", (image_id,)
        ).fetchone()
        if row is None:
            raise InvalidInput(f"no image with id {image_id}")
        data = conn.execute(
            "SELECT display, original FROM image_data WHERE image_id = ?", (image_id,)
        ).fetchone()
        conn.execute("DELETE FROM images WHERE id = ?", (image_id,))  # cascades to image_data
    return DeletedImage(
        image=_image(row),
        thumb=bytes(row["thumb"]),
        original=bytes(data["original"]) if data else b"",
        display=bytes(data["display"]) if data else b"",
        original_is_copy=bool(row["original_is_copy"]),
    )


def restore(db: Database, deleted: DeletedImage) -> BoardImage:
    """Undo a delete: the same id, position, caption and bytes.

    If the same picture was added again meanwhile, that one is kept and returned.
    """
    image = deleted.image
    with db.write() as conn:
        existing = conn.execute(
            f"SELECT {_COLUMNS} FROM images WHERE sha256 = ? OR id = ?", (image.sha256, image.id)
        ).fetchone()
        if existing is not None:
            if existing["sha256"] == image.sha256:
                return _image(existing)
            raise InvalidInput(f"image id {image.id} is taken; it cannot be put back")
        # A picture added or moved into that place since makes room (board order is kept).
        if conn.execute("SELECT 1 FROM images WHERE position = ?", (image.position,)).fetchone():
            conn.execute(
                "UPDATE images SET position = position + 1 WHERE position >= ?", (image.position,)
            )
        conn.execute(
            "INSERT INTO images (id, sha256, caption, pillar, position, width, height, size,"
            " format, name, original_is_copy, added_at, thumb)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                image.id,
                image.sha256,
                image.caption,
                image.pillar,
                image.position,
                image.width,
                image.height,
                image.size,
                image.format,
                image.name,
                int(deleted.original_is_copy),
                image.added_at,
                deleted.thumb,
            ),
        )
        conn.execute(
            "INSERT INTO image_data (image_id, display, original) VALUES (?, ?, ?)",
            (image.id, deleted.display, deleted.original),
        )
    return get(db, image.id)


def focus_image(db: Database, day: date, skip: int = 0) -> BoardImage | None:
    """The picture of the day: steady for a given day, `skip` steps on to another."""
    ids = [row[0] for row in db.query("SELECT id FROM images ORDER BY position, id")]
    if not ids:
        return None
    return get(db, ids[(day.toordinal() + skip) % len(ids)])
