"""Files the commands write: private (0600, folders 0700) whatever the umask, written whole or
not at all (a full disk leaves nothing under the name asked for), and the data folder made
private when it is not."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from ..helpers import fill_disk

NOW = "2026-11-21T19:30:00"


def bb(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW=NOW, TZ="UTC", BOUNCEBACK_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(0o022),  # as most people's shells have it
    )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bounceback: ")
    return lines[0]


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "b.db"
    assert bb(path, "init", "--name", "Sam", "--starter", "--start", "2026-11-02").returncode == 0
    assert bb(path, "check", "walk").returncode == 0
    return path


def test_every_file_a_command_writes_is_private(db: Path, tmp_path: Path) -> None:
    picture = tmp_path / "sky.png"
    Image.new("RGB", (40, 30), (20, 90, 200)).save(picture)
    assert bb(db, "board", "add", str(picture)).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    assert bb(db, "export", "-o", str(out / "all.json")).returncode == 0
    assert bb(db, "board", "export", "1", "-o", str(out / "sky.png")).returncode == 0
    assert bb(db, "board", "export", "1", "-o", str(out / "sky.png"), "--force").returncode == 0
    assert bb(db, "backup", str(out / "copy.db")).returncode == 0
    loop = out / "loop"
    assert bb(db, "export", "--format", "loop-csv", "-o", str(loop)).returncode == 0
    for name in ("all.json", "sky.png", "copy.db"):
        assert mode(out / name) == "0o600", name
    assert mode(loop) == "0o700"
    written = list(loop.rglob("*"))
    assert any(p.is_dir() for p in written) and any(p.is_file() for p in written)
    for path in written:
        assert mode(path) == ("0o700" if path.is_dir() else "0o600"), path
    assert not [p for p in out.rglob(".bounceback-*")]  # no temporary file left


def test_export_on_a_full_disk_leaves_no_file_and_a_second_try_works(db, tiny_disk) -> None:
    """A real full disk (a tmpfs filled to the last byte)."""
    target = tiny_disk / "all.json"
    filler = fill_disk(tiny_disk)
    done = bb(db, "export", "-o", str(target))
    assert done.returncode == 1
    assert "No space left on device" in one_line(done)
    assert sorted(os.listdir(tiny_disk)) == ["filler"]  # nothing half-written, no temporary
    filler.unlink()
    again = bb(db, "export", "-o", str(target))
    assert again.returncode == 0, again.stderr
    assert target.read_text().startswith("{")


def test_a_write_that_fails_at_the_end_leaves_no_file(tmp_path, monkeypatch) -> None:
    """Simulated (runs without root): the disk fills while the file is being made durable."""
    from tui.files import write_private

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "all.json"
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_private(target, b"{}" * 1000)
    assert os.listdir(tmp_path) == []
    monkeypatch.undo()
    write_private(target, b"{}")
    assert target.read_bytes() == b"{}"
    with pytest.raises(FileExistsError):
        write_private(target, b"again")  # never overwritten unless asked
    write_private(target, b"replaced", replace=True)
    assert target.read_bytes() == b"replaced" and mode(target) == "0o600"


def test_an_open_data_folder_is_made_private_and_said_once(db: Path) -> None:
    db.parent.chmod(0o755)
    (db.parent / "backups").mkdir(mode=0o755, exist_ok=True)
    (db.parent / "backups").chmod(0o755)
    first = bb(db, "today")
    assert first.returncode == 0
    assert mode(db.parent) == "0o700" and mode(db.parent / "backups") == "0o700"
    notes = first.stderr.strip().splitlines()
    assert len(notes) == 2 and all(n.startswith("bounceback: note: ") for n in notes)
    assert "made private (700)" in notes[0] and str(db.parent) in notes[0]
    again = bb(db, "today")
    assert again.returncode == 0 and again.stderr == ""


def test_a_folder_shared_with_other_things_is_left_as_it_is(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    (home / "notes.txt").write_text("mine")
    db = home / "trial.db"
    assert bb(db, "init", "--name", "Sam").returncode == 0
    assert bb(db, "today").stderr == ""
    assert mode(home) == "0o755"
    assert mode(db) == "0o600"
