"""`board`, `export`, `import` and `backup` from the shell: exit codes, one-line errors, files."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

NOW = "2026-11-21T19:30:00"


def bb(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW=NOW, TZ="UTC", BOUNCEBACK_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], env=env, capture_output=True, text=True, timeout=60
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bounceback: ")
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "b.db"
    assert bb(path, "init", "--name", "Sam", "--starter", "--start", "2026-11-02").returncode == 0
    return path


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    folder = tmp_path / "pics"
    folder.mkdir()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(folder / "red.png")
    Image.new("RGB", (40, 60), (30, 200, 30)).save(folder / "green.jpg")
    return folder


def board(db: Path) -> list[dict]:
    done = bb(db, "board", "list", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_board_add_files_and_folders_with_caption_and_pillar(db, pictures):
    done = bb(
        db, "board", "add", str(pictures), "--caption", "Why I keep going", "--pillar", "self-care"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("Added 2 images.")
    images = board(db)
    assert sorted(i["name"] for i in images) == ["green.jpg", "red.png"]
    assert {i["caption"] for i in images} == {"Why I keep going"}
    assert {i["pillar"] for i in images} == {"self_care"}
    red = next(i for i in images if i["name"] == "red.png")
    assert (red["width"], red["height"]) == (60, 40)
    assert red["sha256"] == hashlib.sha256((pictures / "red.png").read_bytes()).hexdigest()
    assert set(red) >= {"id", "caption", "pillar", "width", "height", "bytes", "sha256"}


def test_bad_files_get_a_line_each_and_do_not_stop_the_good_ones(db, pictures, tmp_path):
    (tmp_path / "notes.jpg").write_text("not a picture")
    (tmp_path / "empty.png").write_bytes(b"")
    whole = (pictures / "green.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "nothing-here").mkdir()
    (tmp_path / "broken.png").symlink_to(tmp_path / "gone.png")
    bad = ["notes.jpg", "empty.png", "cut.jpg", "nothing-here", "broken.png", "missing.png"]
    done = bb(
        db, "board", "add", str(pictures / "red.png"), *(str(tmp_path / name) for name in bad)
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = done.stderr.strip().splitlines()
    assert len(errors) == len(bad)
    for name, line in zip(bad, errors, strict=True):
        assert line.startswith("bounceback: ") and name in line
    assert "Added 1 image (6 could not be added)." in done.stdout
    assert [i["name"] for i in board(db)] == ["red.png"]


def test_the_same_picture_twice_is_skipped_not_failed(db, pictures):
    assert bb(db, "board", "add", str(pictures / "red.png")).returncode == 0
    again = bb(db, "board", "add", str(pictures / "red.png"))
    assert again.returncode == 0
    assert "on the board already" in again.stdout
    assert "Added 0 images (1 already on the board)." in again.stdout
    assert len(board(db)) == 1


def test_export_gives_the_original_bytes_back_and_remove_removes(db, pictures, tmp_path):
    assert bb(db, "board", "add", str(pictures / "green.jpg")).returncode == 0
    (image,) = board(db)
    out = tmp_path / "back.jpg"
    assert bb(db, "board", "export", str(image["id"]), "-o", str(out)).returncode == 0
    assert out.read_bytes() == (pictures / "green.jpg").read_bytes()
    refused = bb(db, "board", "export", str(image["id"]), "-o", str(out))
    assert refused.returncode == 1 and "exists already" in one_line_error(refused)
    assert bb(db, "board", "remove", str(image["id"])).returncode == 0
    assert board(db) == []
    missing = bb(db, "board", "remove", "99")
    assert missing.returncode == 1 and "no image" in one_line_error(missing)


def test_export_import_round_trip_and_import_twice_changes_nothing(db, pictures, tmp_path):
    assert bb(db, "check", "walk").returncode == 0
    assert bb(db, "board", "add", str(pictures)).returncode == 0
    exported = tmp_path / "all.json"
    assert bb(db, "export", "-o", str(exported)).returncode == 0
    assert oct(os.stat(exported).st_mode & 0o777) == "0o600"
    fresh = tmp_path / "fresh" / "b.db"
    first = bb(fresh, "import", str(exported))
    assert first.returncode == 0, first.stderr
    assert "Imported." in first.stdout
    second = bb(fresh, "import", str(exported))
    assert second.returncode == 0
    assert "Nothing new" in second.stdout
    again = json.loads(bb(fresh, "export").stdout)
    original = json.loads(exported.read_text())
    again.pop("exported_at")
    original.pop("exported_at")
    assert again == original


def test_a_malformed_import_says_where_and_changes_nothing(db, tmp_path):
    exported = json.loads(bb(db, "export").stdout)
    exported["routines"][0]["target"] = -3
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(exported))
    before = bb(db, "export").stdout
    done = bb(db, "import", str(broken))
    assert done.returncode == 1
    line = one_line_error(done)
    assert "routines[0].target" in line and "nothing was imported" in line
    after = bb(db, "export").stdout
    assert json.loads(after)["routines"] == json.loads(before)["routines"]
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert bb(db, "import", str(garbage)).returncode == 1


def test_loop_csv_export_writes_a_folder(db, tmp_path):
    assert bb(db, "check", "walk").returncode == 0
    out = tmp_path / "loop"
    done = bb(db, "export", "--format", "loop-csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "Habits.csv").exists()
    assert any(p.name.endswith("A 20-minute walk") for p in out.iterdir())
    assert bb(db, "export", "--format", "loop-csv").returncode == 2  # a folder is needed


def test_backup_is_a_consistent_private_copy(db, tmp_path):
    assert bb(db, "check", "walk").returncode == 0
    target = tmp_path / "copy.db"
    done = bb(db, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    conn.close()
    refused = bb(db, "backup", str(target))
    assert refused.returncode == 1 and "exists already" in one_line_error(refused)
    default = bb(db, "backup")
    assert default.returncode == 0 and "/backups/" in default.stdout
