"""The vision board store: add, dedupe, order, captions, pillars, delete and undo, focus image."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from tui.domain.errors import InvalidInput
from tui.domain.models import RoutineDraft
from tui.images.ingest import Ingested, decode, ingest_file
from tui.store import board, routines
from tui.store import db as db_module
from tui.store import migrations as migrations_module
from tui.store.db import Database, open_db
from tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

COLOURS = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (220, 220, 40), (40, 220, 220)]


@pytest.fixture
def pictures(tmp_path: Path) -> list[Ingested]:
    folder = tmp_path / "pictures"
    folder.mkdir()
    made = []
    for number, colour in enumerate(COLOURS):
        path = folder / f"p{number}.png"
        Image.new("RGB", (40 + number, 30), colour).save(path)
        made.append(ingest_file(path))
    return made


def _ids(db: Database) -> list[int]:
    return [image.id for image in board.list_images(db)]


def test_add_list_get_and_the_bytes_round_trip(db: Database, pictures: list[Ingested]) -> None:
    first, added = board.add(db, pictures[0], caption="  Dream   job ", pillar="Apply")
    assert added
    second, _ = board.add(db, pictures[1])
    assert first.caption == "Dream job"
    assert first.pillar == "apply"
    assert (first.width, first.height, first.format, first.name) == (40, 30, "PNG", "p0.png")
    assert first.size == len(pictures[0].original)
    assert first.sha256 == pictures[0].sha256
    assert first.added_at.startswith("2026-11-21T19:30")
    assert second.position > first.position
    assert board.list_images(db) == [first, second]
    assert board.get(db, second.id) == second
    assert board.original(db, first.id) == pictures[0].original
    assert board.display(db, first.id) == pictures[0].display
    assert board.thumb(db, first.id) == pictures[0].thumb
    assert not board.original_is_copy(db, first.id)
    assert decode(board.thumb(db, first.id)).size == (40, 30)
    assert board.count(db) == 2


def test_the_originals_kept_as_downscaled_copies_are_listed_in_one_query(
    db: Database, pictures: list[Ingested]
) -> None:
    import dataclasses

    kept, _ = board.add(db, pictures[0])
    copied, _ = board.add(db, dataclasses.replace(pictures[1], original_is_copy=True))
    assert board.copied_originals(db) == {copied.id}
    assert board.original_is_copy(db, copied.id) and not board.original_is_copy(db, kept.id)


def test_thumbs_are_read_together_by_id(db: Database, pictures: list[Ingested]) -> None:
    first, _ = board.add(db, pictures[0])
    second, _ = board.add(db, pictures[1])
    third, _ = board.add(db, pictures[2])
    board.delete(db, second.id)
    found = board.thumbs(db, [third.id, second.id, first.id, third.id, 999])
    assert found == {first.id: pictures[0].thumb, third.id: pictures[2].thumb}
    assert board.thumbs(db, []) == {}
    many = [first.id] + list(range(10_000, 11_200))  # more ids than one query binds
    assert board.thumbs(db, many) == {first.id: pictures[0].thumb}


def test_the_same_picture_is_stored_once(db: Database, pictures: list[Ingested]) -> None:
    first, _ = board.add(db, pictures[0], caption="first")
    again, added = board.add(db, pictures[0], caption="second try", pillar="learn")
    assert not added
    assert again == first
    assert board.get(db, first.id).caption == "first"
    assert db.query("SELECT count(*) FROM images")[0][0] == 1
    assert db.query("SELECT count(*) FROM image_data")[0][0] == 1


def test_missing_ids_are_one_line(db: Database) -> None:
    for call in (board.get, board.thumb, board.display, board.original, board.delete):
        with pytest.raises(InvalidInput, match="no image with id 99"):
            call(db, 99)
    with pytest.raises(InvalidInput, match="no image with id 99"):
        board.set_caption(db, 99, "x")
    with pytest.raises(InvalidInput, match="no image with id 99"):
        board.set_pillar(db, 99, None)
    with pytest.raises(InvalidInput, match="no image with id 99"):
        board.move(db, 99, 1)


def test_listing_reads_no_blobs(db: Database, pictures: list[Ingested]) -> None:
    board.add(db, pictures[0])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        board.list_images(db)
        board.get(db, _ids(db)[0])
        board.focus_image(db, date(2026, 11, 21))
    finally:
        db.conn.set_trace_callback(None)
    assert statements
    for statement in statements:
        for blob in ("thumb", "display", "original", "image_data", "*"):
            assert blob not in statement, statement


def test_caption(db: Database, pictures: list[Ingested]) -> None:
    image, _ = board.add(db, pictures[0])
    assert (
        board.set_caption(db, image.id, "  Run a 10k   in spring ").caption == "Run a 10k in spring"
    )
    with pytest.raises(InvalidInput, match="a caption cannot hold control characters"):
        board.set_caption(db, image.id, "Run a 10k\n in spring")
    assert board.set_caption(db, image.id, "x" * 200).caption == "x" * 200
    with pytest.raises(InvalidInput, match="at most 200 characters"):
        board.set_caption(db, image.id, "x" * 201)
    assert board.get(db, image.id).caption == "x" * 200
    with pytest.raises(InvalidInput):
        board.add(db, pictures[1], caption="y" * 201)
    assert board.count(db) == 1


def test_pillar(db: Database, pictures: list[Ingested]) -> None:
    image, _ = board.add(db, pictures[0])
    assert image.pillar is None
    assert board.set_pillar(db, image.id, "Self care").pillar == "self_care"
    with pytest.raises(InvalidInput, match="unknown pillar"):
        board.set_pillar(db, image.id, "gardening")
    assert board.get(db, image.id).pillar == "self_care"
    assert board.set_pillar(db, image.id, None).pillar is None
    with pytest.raises(InvalidInput, match="unknown pillar"):
        board.add(db, pictures[1], pillar="nope")


def test_the_schema_refuses_an_unknown_pillar(db: Database, pictures: list[Ingested]) -> None:
    image, _ = board.add(db, pictures[0])
    with pytest.raises(sqlite3.IntegrityError):
        db.conn.execute("UPDATE images SET pillar = 'gardening' WHERE id = ?", (image.id,))


def test_move(db: Database, pictures: list[Ingested]) -> None:
    a, b, c = (board.add(db, picture)[0] for picture in pictures[:3])
    assert board.move(db, b.id, -1)
    assert _ids(db) == [b.id, a.id, c.id]
    assert not board.move(db, b.id, -1)  # already first
    assert board.move(db, b.id, 1)
    assert board.move(db, b.id, 1)
    assert _ids(db) == [a.id, c.id, b.id]
    assert not board.move(db, b.id, 1)  # already last
    assert not board.move(db, a.id, 0)
    assert board.move(db, b.id, -2)
    assert _ids(db) == [b.id, a.id, c.id]
    assert [image.position for image in board.list_images(db)] == [0, 1, 2]


def test_delete_and_restore_put_it_back_exactly(db: Database, pictures: list[Ingested]) -> None:
    a, b, c = (board.add(db, picture)[0] for picture in pictures[:3])
    board.set_caption(db, b.id, "Keynote speaker")
    board.set_pillar(db, b.id, "network")
    before = board.get(db, b.id)
    deleted = board.delete(db, b.id)
    assert deleted.image == before
    assert deleted.original == pictures[1].original
    assert _ids(db) == [a.id, c.id]
    assert db.query("SELECT count(*) FROM image_data WHERE image_id = ?", (b.id,))[0][0] == 0
    restored = board.restore(db, deleted)
    assert restored == before
    assert _ids(db) == [a.id, b.id, c.id]
    assert board.original(db, b.id) == pictures[1].original
    assert board.display(db, b.id) == pictures[1].display
    assert board.thumb(db, b.id) == pictures[1].thumb


def test_ids_are_not_reused_so_undo_still_works(db: Database, pictures: list[Ingested]) -> None:
    a, _ = board.add(db, pictures[0])
    last, _ = board.add(db, pictures[1])
    deleted = board.delete(db, last.id)
    newer, _ = board.add(db, pictures[2])
    assert newer.id > last.id
    restored = board.restore(db, deleted)
    assert restored.id == last.id
    assert _ids(db) == [a.id, last.id, newer.id]


def test_restore_makes_room_when_its_place_was_taken(
    db: Database, pictures: list[Ingested]
) -> None:
    a, b, c = (board.add(db, picture)[0] for picture in pictures[:3])
    deleted = board.delete(db, a.id)
    board.move(db, c.id, -1)  # renumbers: c at 0, b at 1
    board.restore(db, deleted)
    assert _ids(db) == [a.id, c.id, b.id]


def test_restore_after_the_same_picture_came_back(db: Database, pictures: list[Ingested]) -> None:
    image, _ = board.add(db, pictures[0])
    deleted = board.delete(db, image.id)
    again, _ = board.add(db, pictures[0])
    assert board.restore(db, deleted) == again
    assert board.count(db) == 1


def test_focus_image_is_steady_per_day(db: Database, pictures: list[Ingested]) -> None:
    day = date(2026, 11, 21)
    assert board.focus_image(db, day) is None
    added = [board.add(db, picture)[0] for picture in pictures]
    today = board.focus_image(db, day)
    assert today is not None
    assert board.focus_image(db, day) == today
    assert today == added[day.toordinal() % len(added)]
    tomorrow = board.focus_image(db, day + timedelta(days=1))
    assert tomorrow == added[(day.toordinal() + 1) % len(added)]
    assert board.focus_image(db, day, skip=1) == tomorrow
    seen = {board.focus_image(db, day, skip=n).id for n in range(len(added))}  # type: ignore[union-attr]
    assert seen == {image.id for image in added}


# --- migration 3 -------------------------------------------------------------------------------


@pytest.fixture
def set_migrations(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], None]:
    def apply(steps: list[str]) -> None:
        for module in (db_module, migrations_module):
            monkeypatch.setattr(module, "MIGRATIONS", steps)
            monkeypatch.setattr(module, "SCHEMA_VERSION", len(steps))

    return apply


def test_migration_3_upgrades_a_version_2_file_in_place(
    db_path: Path,
    set_migrations: Callable[[list[str]], None],
    pictures: list[Ingested],
) -> None:
    assert SCHEMA_VERSION >= 3
    set_migrations(MIGRATIONS[:2])
    old = open_db(db_path)
    routines.add(old, RoutineDraft("learn", "Read a chapter"), date(2026, 11, 2))
    old.close()
    set_migrations(MIGRATIONS)
    database = open_db(db_path)
    try:
        assert database.query("PRAGMA user_version")[0][0] == SCHEMA_VERSION
        assert [r.title for r in routines.list_routines(database)] == ["Read a chapter"]
        image, added = board.add(database, pictures[0], caption="kept")
        assert added
        assert database.query("PRAGMA foreign_key_check") == []
    finally:
        database.close()
    (copy,) = db_path.parent.glob(f"{db_path.name}.v2-*.bak")
    backup = sqlite3.connect(copy)
    try:
        assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
        assert backup.execute("SELECT title FROM routines").fetchall() == [("Read a chapter",)]
        tables = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
        assert "images" not in tables
    finally:
        backup.close()
    reopened = open_db(db_path)
    try:
        assert board.get(reopened, image.id).caption == "kept"
    finally:
        reopened.close()


def test_the_board_store_imports_neither_pillow_nor_textual() -> None:
    code = "import json, sys, tui.store.board; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "PIL" not in modules
    assert "textual" not in modules
