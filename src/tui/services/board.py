"""The vision board: add, caption, link to a pillar, reorder, delete."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..domain.errors import InvalidInput
from ..domain.words import plural
from ..store import board
from ..store.db import Database, StoreError
from .change import Change, Topic

if TYPE_CHECKING:
    from ..images.ingest import ImageError, Ingested

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


class FileAdded(NamedTuple):
    """What became of one file given to `add_files`."""

    where: str  # the path, as it can be shown
    image: board.BoardImage | None  # on the board now (added, or there already)
    is_new: bool
    problem: str  # one line when it could not be added, else ""


def add_files(
    db: Database,
    paths: Sequence[Path | ImageError],
    caption: str = "",
    pillar: str | None = None,
) -> Iterator[FileAdded]:
    """Each file of `paths` (as `expand_paths` lists them) onto the board, one transaction
    and one outcome each: a file that cannot be read or stored is that file's line, and the
    rest are still tried. The board screen's worker and `bounceback board add` share it."""
    from ..images.ingest import ImageError, ingest_file, label

    for item in paths:
        if isinstance(item, ImageError):
            yield FileAdded(label(item.path) if item.path else "", None, False, str(item))
            continue
        where = label(item)
        try:
            image, is_new = add_image(db, ingest_file(item), caption, pillar).result
        except (ImageError, StoreError, InvalidInput) as error:
            yield FileAdded(where, None, False, str(error))
        except Exception as error:  # noqa: BLE001 - one file's surprise never ends the batch
            from ..entry import unexpected

            yield FileAdded(where, None, False, f"{where}: {unexpected(error)}")
        else:
            yield FileAdded(where, image, is_new, "")


SUMMARY_NAMES = 2
"""Problems an add's one line names (by file name); the rest are a key away on the board."""
SUMMARY_PROBLEM_WIDTH = 60


def added_summary(added: int, outcomes: Sequence[FileAdded]) -> str:
    """The one line a batch ends with: `Added 4 images to the board.`, else what went wrong
    too, e.g. `Added 4 images. 1 was on the board already. 2 could not be added: a.png is a
    text file, not an image; b.png is empty.`, naming at most SUMMARY_NAMES problems, each by
    its file's name."""
    already = sum(1 for outcome in outcomes if outcome.image is not None and not outcome.is_new)
    failed = [outcome for outcome in outcomes if outcome.image is None]
    if not already and not failed:
        return f"Added {plural(added, 'image')} to the board."
    parts = [f"Added {plural(added, 'image')}" if added else "No image was added"]
    if already:
        parts.append(f"{already} {'was' if already == 1 else 'were'} on the board already")
    if failed:
        named = "; ".join(_short_problem(outcome) for outcome in failed[:SUMMARY_NAMES])
        more = len(failed) - SUMMARY_NAMES
        parts.append(
            f"{len(failed)} could not be added: {named}" + (f" and {more} more" if more > 0 else "")
        )
    return ". ".join(parts) + "."


def add_problems(outcomes: Sequence[FileAdded]) -> list[str]:
    """Every file of a batch that was not added, one whole line each (what `added_summary`
    leaves out)."""
    return [
        outcome.problem or f"{outcome.where} is on the board already"
        for outcome in outcomes
        if outcome.image is None or not outcome.is_new
    ]


def _short_problem(outcome: FileAdded) -> str:
    """A problem named by the file's name rather than its whole path, cut to a short length."""
    problem = outcome.problem
    if outcome.where and problem.startswith(outcome.where):
        problem = Path(outcome.where).name + problem[len(outcome.where) :]
    if len(problem) > SUMMARY_PROBLEM_WIDTH:
        problem = problem[: SUMMARY_PROBLEM_WIDTH - 1].rstrip() + "…"
    return problem


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
