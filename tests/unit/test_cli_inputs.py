"""What the shell is pointed at that is not what it expects: devices, pipes, files too large, an
empty path, an output that cannot be written. One line each, and nothing is created.

Every run uses the fixed clock of test_cli.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tui.domain.limits import IMPORT_BYTES_MOST

from ..helpers import command_env, failed, ok

START = "2026-11-02"

QUICK = 20  # seconds: what used to hang or read forever must be refused long before


def run(*args: str | Path, db: Path, **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    command = [sys.executable, "-m", "tui", "--db", str(db), *map(str, args)]
    options = kwargs if "stdout" in kwargs else {"capture_output": True, **kwargs}
    return subprocess.run(
        command, text=True, env=command_env(), timeout=QUICK, check=False, **options
    )


@pytest.fixture
def ready(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "bounceback.db"
    ok("init", "--name", "Sam", "--start", START, "--starter", db=path)
    return path


def _everything(db: Path) -> dict:  # type: ignore[type-arg]
    exported = json.loads(ok("export", db=db))
    exported.pop("exported_at")
    return exported


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


# --- import and --db of what is not a regular file --------------------------------------------


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_import_refuses_what_is_not_a_regular_file(ready: Path, fifo: Path, source: str):
    before = _everything(ready)
    path = fifo if source == "fifo" else Path(source)
    failed(run("import", path, db=ready), str(path), "not a regular file", "nothing was imported")
    assert _everything(ready) == before


def test_import_refuses_a_file_over_the_cap(ready: Path, tmp_path: Path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: nothing is written to disk
        handle.truncate(IMPORT_BYTES_MOST + 1)
    failed(run("import", huge, db=ready), "over 1024 MB", "nothing was imported")


def test_an_export_just_under_the_cap_is_read(ready: Path, tmp_path: Path):
    """At the cap the file is read (and then refused for what it holds, not for its size)."""
    padded = tmp_path / "padded.json"
    with padded.open("wb") as handle:
        handle.write(b" " * 1024 + b"{")
    line = failed(run("import", padded, db=ready), "not valid JSON")
    assert "over" not in line


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_db_refuses_what_is_not_a_regular_file(fifo: Path, target: str):
    path = fifo if target == "fifo" else Path(target)
    failed(run("today", db=path), str(path), "not a regular file")
    # The plain launch (the app) says the same before drawing anything.
    done = run(db=path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"bounceback: {path} is not a regular file, so not a Bounceback data file"
    ]


def test_a_refused_import_creates_no_data_file(tmp_path: Path, fifo: Path):
    missing = tmp_path / "missing" / "bounceback.db"
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"format": "bounceback-export", "format_version": 1}')
    failed(run("import", malformed, db=missing), "schema_version", "nothing was imported")
    failed(run("import", fifo, db=missing), "not a regular file")
    failed(run("import", tmp_path / "absent.json", db=missing), "cannot read")
    assert not missing.exists() and not missing.parent.exists()


# --- board add "" -----------------------------------------------------------------------------


def test_board_add_refuses_an_empty_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = tmp_path / "data" / "bounceback.db"
    folder = tmp_path / "cwd"
    folder.mkdir()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(folder / "here.png")
    picture = tmp_path / "one.png"
    Image.new("RGB", (8, 6), (30, 30, 200)).save(picture)
    done = run("board", "add", "", db=db, cwd=folder)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "bounceback: an empty path names no file: give a file or a folder"
    ]
    assert done.stdout == "Added 0 images (1 could not be added).\n"
    both = run("board", "add", "", picture, db=db, cwd=folder)
    assert both.returncode == 1
    assert "Added image 1: " in both.stdout and "here.png" not in both.stdout


# --- output that cannot be written ------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["today"], ["today", "--json"], ["export"], ["routine", "list"], ["--version"]]
)
def test_output_that_cannot_be_written_is_one_line(ready: Path, args: list[str]):
    with open("/dev/full", "w") as full:
        done = run(*args, db=ready, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "bounceback: the output could not be written (No space left on device)"
    ]


def test_an_export_over_the_import_cap_is_written_with_a_note(
    ready: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from click.testing import CliRunner

    from tui.cli import cli
    from tui.domain import limits

    monkeypatch.setattr(limits, "IMPORT_BYTES_MOST", 2 * 2**20)
    small = CliRunner().invoke(cli, ["--db", str(ready), "export"])
    assert small.exit_code == 0 and small.stderr == ""
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(tmp_path / "noise.png")
    ok("board", "add", tmp_path / "noise.png", db=ready)
    large = CliRunner().invoke(cli, ["--db", str(ready), "export", "-o", str(tmp_path / "x.json")])
    assert large.exit_code == 0, large.output
    assert large.stderr.startswith("bounceback: note: this export is ")
    assert "over the 2 MB `bounceback import` takes" in large.stderr
    assert (tmp_path / "x.json").stat().st_size > 2 * 2**20
