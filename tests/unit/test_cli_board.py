"""`bounceback board add|list|remove|export` and the demo board, through the real entry point.

Pictures are drawn with Pillow into tmp_path; every run uses the fixed clock of tests/helpers.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from ..helpers import bad_usage, bb, failed, ok

BOARD_KEYS = {
    "id",
    "caption",
    "pillar",
    "width",
    "height",
    "bytes",
    "sha256",
    "name",
    "format",
    "position",
    "original_is_copy",
    "added_at",
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> Path:
    """A small picture with some detail (a stripe), saved in the format its suffix names."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 7):
        image.putpixel((x, size[1] // 2), (255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def listed(db: Path) -> list[dict[str, Any]]:
    return json.loads(ok("board", "list", "--json", db=db))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bounceback.db"


@pytest.fixture
def pics(tmp_path: Path) -> Path:
    folder = tmp_path / "pics"
    picture(folder / "harbour.jpg", (64, 40), (40, 90, 200))
    picture(folder / "studio.png", (30, 50), (220, 120, 40))
    picture(folder / "garden.webp", (48, 48), (40, 180, 90))
    (folder / "readme.txt").write_text("not a picture, and not an image name: skipped")
    return folder


# ---------------------------------------------------------------- add


def test_add_files_and_a_folder_with_caption_and_pillar(db, pics, tmp_path):
    single = picture(tmp_path / "sky.png", (80, 20), (120, 180, 235))
    result = bb(
        "board", "add", single, pics, "--caption", "  Why I   keep going ", "--pillar", "Self care",
        db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"Added image 1: {single} (80×20)"
    assert lines[-1] == "Added 4 images."
    images = listed(db)
    # The folder's images in name order, after the file given first.
    assert [i["name"] for i in images] == ["sky.png", "garden.webp", "harbour.jpg", "studio.png"]
    assert [i["position"] for i in images] == [0, 1, 2, 3]
    assert {i["caption"] for i in images} == {"Why I keep going"}
    assert {i["pillar"] for i in images} == {"self_care"}
    studio = images[3]
    assert set(studio) == BOARD_KEYS
    assert (studio["width"], studio["height"]) == (30, 50)
    assert studio["format"] == "PNG"
    assert studio["bytes"] == (pics / "studio.png").stat().st_size
    assert studio["sha256"] == sha(pics / "studio.png")
    assert studio["original_is_copy"] is False
    assert studio["added_at"].startswith("2026-11-21T19:3")


def test_add_without_caption_or_pillar(db, pics):
    assert ok("board", "add", pics / "harbour.jpg", db=db).endswith("Added 1 image.\n")
    (image,) = listed(db)
    assert image["caption"] == ""
    assert image["pillar"] is None


def test_bad_files_get_one_line_each_and_the_good_ones_are_still_added(db, pics, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "noise.png").write_bytes(bytes(range(256)) * 8)
    (bad / "notes.jpg").write_text("Dear hiring manager,\n")
    (bad / "empty.png").write_bytes(b"")
    whole = picture(tmp_path / "big.jpg", (400, 300), (90, 60, 30)).read_bytes()
    (bad / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (bad / "no-images").mkdir()
    (bad / "no-images" / "todo.txt").write_text("nothing to see")
    (bad / "broken.png").symlink_to(bad / "gone.png")
    cases = {
        "noise.png": "not an image",
        "notes.jpg": "text file",
        "empty.png": "empty",
        "cut.jpg": "cut short",
        "no-images": "no images",
        "missing.png": "does not exist",
        "broken.png": "broken link",
    }
    good = picture(tmp_path / "good.png", (20, 20), (200, 30, 30))
    args = [pics / "studio.png", *(bad / name for name in cases), good]
    result = bb("board", "add", *args, db=db)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == len(cases), result.stderr
    for (name, why), line in zip(cases.items(), errors, strict=True):
        assert line.startswith("bounceback: "), line
        assert str(bad / name) in line
        assert why in line, line
    assert result.stdout.splitlines()[-1] == "Added 2 images (7 could not be added)."
    assert [i["name"] for i in listed(db)] == ["studio.png", "good.png"]


def test_a_batch_of_only_bad_paths_adds_nothing_and_exits_1(db, tmp_path):
    result = bb("board", "add", tmp_path / "missing.jpg", db=db)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"bounceback: {tmp_path / 'missing.jpg'} does not exist"]
    assert result.stdout == "Added 0 images (1 could not be added).\n"
    assert listed(db) == []


def test_the_same_picture_again_is_skipped_not_failed(db, pics, tmp_path):
    ok("board", "add", pics / "harbour.jpg", db=db)
    copy = tmp_path / "copy of harbour.jpg"
    copy.write_bytes((pics / "harbour.jpg").read_bytes())
    result = bb(
        "board", "add", pics / "harbour.jpg", copy, pics / "studio.png", pics / "studio.png",
        "--caption", "new caption", db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"{pics / 'harbour.jpg'} is on the board already (image 1)"
    assert lines[1] == f"{copy} is on the board already (image 1)"
    assert lines[3] == f"{pics / 'studio.png'} is on the board already (image 2)"
    assert lines[-1] == "Added 1 image (3 already on the board)."
    images = listed(db)
    assert [i["name"] for i in images] == ["harbour.jpg", "studio.png"]
    assert images[0]["caption"] == ""  # a duplicate changes nothing


def test_duplicates_and_failures_together_exit_1(db, pics, tmp_path):
    ok("board", "add", pics / "harbour.jpg", db=db)
    result = bb("board", "add", pics / "harbour.jpg", tmp_path / "nope.png", db=db)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == (
        "Added 0 images (1 already on the board, 1 could not be added)."
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--pillar", "career"], ["unknown pillar", "career"]),
        (["--caption", "x" * 201], ["at most 200"]),
    ],
)
def test_bad_options_are_refused_before_any_file_is_read(db, pics, options, words):
    failed(bb("board", "add", pics, *options, db=db), *words)
    assert listed(db) == []


def test_add_without_a_path_is_bad_usage(db):
    bad_usage(bb("board", "add", db=db), "PATH")


# ---------------------------------------------------------------- list


def test_list_is_a_readable_table(db, pics):
    ok("board", "add", pics / "harbour.jpg", "--caption", "A harbour at dawn", db=db)
    ok("board", "add", pics / "studio.png", "--pillar", "learn", db=db)
    lines = ok("board", "list", db=db).splitlines()
    assert lines[0].split() == ["ID", "Pillar", "Size", "Bytes", "Name", "Caption"]
    assert lines[1].lstrip().startswith("1 ")
    assert "64×40" in lines[1] and "harbour.jpg" in lines[1]
    assert lines[1].endswith("A harbour at dawn")
    assert "Learn" in lines[2] and "30×50" in lines[2] and "studio.png" in lines[2]
    # The columns line up.
    assert lines[1].index("harbour.jpg") == lines[2].index("studio.png") == lines[0].index("Name")


def test_list_on_an_empty_or_missing_file_creates_nothing(db):
    out = ok("board", "list", db=db)
    assert "board is empty" in out
    assert listed(db) == []
    assert not db.exists()


# ---------------------------------------------------------------- remove


def test_remove_takes_the_image_and_its_bytes_away(db, pics):
    ok("board", "add", pics, db=db)
    out = ok("board", "remove", "2", db=db)
    assert out == "Removed image 2: harbour.jpg\n"
    assert [i["id"] for i in listed(db)] == [1, 3]
    failed(bb("board", "remove", "2", db=db), "no image with id 2")


def test_remove_unknown_or_bad_id(db):
    failed(bb("board", "remove", "9", db=db), "no image with id 9")
    assert not db.exists()
    bad_usage(bb("board", "remove", "first", db=db), "ID")


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("name", ["harbour.jpg", "studio.png", "garden.webp"])
def test_export_gives_back_the_very_bytes_that_were_added(db, pics, tmp_path, name):
    ok("board", "add", pics / name, db=db)
    target = tmp_path / "out" / f"back-{name}"
    target.parent.mkdir()
    out = ok("board", "export", "1", "-o", target, db=db)
    assert out.startswith("Wrote image 1 (")
    assert out.rstrip().endswith(str(target))
    assert sha(target) == sha(pics / name) == listed(db)[0]["sha256"]


def test_export_refuses_to_overwrite_unless_forced(db, pics, tmp_path):
    ok("board", "add", pics / "studio.png", db=db)
    target = tmp_path / "keep.png"
    target.write_bytes(b"precious")
    failed(bb("board", "export", "1", "-o", target, db=db), str(target), "exists already")
    assert target.read_bytes() == b"precious"
    ok("board", "export", "1", "--output", target, "--force", db=db)
    assert sha(target) == sha(pics / "studio.png")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bounceback")] == []


def test_export_failures_are_one_line(db, pics, tmp_path):
    ok("board", "add", pics / "studio.png", db=db)
    failed(bb("board", "export", "7", "-o", tmp_path / "x.png", db=db), "no image with id 7")
    assert not (tmp_path / "x.png").exists()
    failed(bb("board", "export", "1", "-o", pics, "--force", db=db), "is a folder")
    failed(bb("board", "export", "1", "-o", tmp_path / "no" / "x.png", db=db), "cannot write")
    bad_usage(bb("board", "export", "1", db=db), "-o")


# ---------------------------------------------------------------- demo


def test_demo_has_a_board_of_generated_pictures(tmp_path):
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    ok("demo", "-o", first)
    images = listed(first)
    assert len(images) >= 6
    assert all(i["caption"] for i in images)
    assert {i["pillar"] for i in images} >= {"apply", "network", "learn", "self_care", None}
    assert {i["format"] for i in images} == {"JPEG", "PNG"}
    assert all(i["width"] >= 320 and i["height"] >= 200 for i in images)
    assert len({i["sha256"] for i in images}) == len(images)
    # The same pictures every time.
    ok("demo", "-o", second)
    assert [i["sha256"] for i in listed(second)] == [i["sha256"] for i in images]
    exported = tmp_path / "first.jpg"
    ok("board", "export", str(images[0]["id"]), "-o", exported, db=first)
    with Image.open(exported) as image:
        assert image.size == (images[0]["width"], images[0]["height"])
