"""The vision board: add, caption, link to a pillar, reorder, delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..domain.words import plural
from ..store import board
from ..store.db import Database
from .change import Change, Topic

if TYPE_CHECKING:
    from ..images.ingest import Ingested

_BOARD = frozenset({Topic.BOARD})


def add_image(
    db: Database, ingested: Ingested, caption: str = "", pillar: str | None = None
) -> Change:
    """One decoded picture onto the board; `result` is (image, whether it is new). A picture
    already there is left as it is. Adding several at once ends with `images_added`."""
    with db.write():
        image, is_new = board.add(db, ingested, caption, pillar)
    undo = (lambda db: remove_images(db, [image.id])) if is_new else None
    return Change("added an image", _BOARD, undo=undo, focus=image.id, result=(image, is_new))


def images_added(image_ids: Sequence[int]) -> Change:
    """The one change (and one undo) for a batch of pictures `add_image` put on the board."""
    ids = list(image_ids)
    return Change(
        f"added {plural(len(ids), 'image')}",
        _BOARD,
        undo=lambda db: remove_images(db, ids),
        focus=ids[-1] if ids else None,
        message=f"Added {plural(len(ids), 'image')} to the board.",
    )


def remove_images(db: Database, image_ids: Sequence[int]) -> Change:
    """Take pictures off the board, all in one transaction (ids already gone are skipped)."""
    with db.write():
        present = {image.id for image in board.list_images(db)}
        for image_id in image_ids:
            if image_id in present:
                board.delete(db, image_id)
    return Change(f"removed {plural(len(image_ids), 'image')}", _BOARD)


def set_caption(db: Database, image_id: int, caption: str, *, as_stored: bool = False) -> Change:
    """A new caption (`as_stored`: one read from the store, put back as it was)."""
    with db.write():
        before = board.get(db, image_id).caption
        board.set_caption(db, image_id, caption, as_stored=as_stored)
    return Change(
        "changed a caption",
        _BOARD,
        undo=lambda db: set_caption(db, image_id, before, as_stored=True),
        focus=image_id,
    )


def set_pillar(db: Database, image_id: int, pillar: str | None) -> Change:
    """Link the picture to a pillar; None unlinks it."""
    with db.write():
        before = board.get(db, image_id).pillar
        board.set_pillar(db, image_id, pillar)
    return Change(
        "linked an image",
        _BOARD,
        undo=lambda db: set_pillar(db, image_id, before),
        focus=image_id,
    )


def move(db: Database, image_id: int, steps: int) -> Change | None:
    """Move a picture `steps` places along the board (stopping at either end), in one
    transaction; None when it could not move at all."""
    direction = 1 if steps > 0 else -1
    moved = 0
    with db.write():
        for _ in range(abs(steps)):
            if not board.move(db, image_id, direction):
                break
            moved += direction
    if not moved:
        return None
    return Change(
        "moved an image",
        _BOARD,
        undo=lambda db: _moved_back(db, image_id, -moved),
        focus=image_id,
        result=moved,
    )


def _moved_back(db: Database, image_id: int, steps: int) -> Change:
    change = move(db, image_id, steps)
    return Change("moved an image back", _BOARD, focus=image_id) if change is None else change


def delete(db: Database, image_id: int) -> Change:
    """Delete a picture and its bytes; undo puts it back exactly."""
    with db.write():
        deleted = board.delete(db, image_id)
    return Change(
        "deleted an image",
        _BOARD,
        undo=lambda db: _restore(db, deleted),
        message="Deleted the image. Press u to bring it back.",
        result=deleted,
    )


def _restore(db: Database, deleted: board.DeletedImage) -> Change:
    with db.write():
        image = board.restore(db, deleted)
    return Change("put an image back", _BOARD, focus=image.id)
