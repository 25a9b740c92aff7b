"""The installed `bounceback` in a real terminal: a clean quit leaves one whole file (no -wal),
`bounceback restore` is refused while the app is open and works once it has quit, and the
in-app restore puts a backup back while the app keeps running."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from ..helpers import Terminal, run_cli

pytestmark = pytest.mark.e2e


def sidecars(db: Path) -> list[str]:
    return sorted(name for name in os.listdir(db.parent) if name.startswith(db.name + "-"))


def walk_state(db: Path) -> str:
    items = json.loads(run_cli(db, "today", "--json").stdout)["items"]
    return {i["title"]: i["state"] for i in items}["A 20-minute walk"]


def test_a_clean_quit_leaves_one_whole_file(terminal: Terminal, tmp_path) -> None:
    db = terminal.db
    assert run_cli(db, "init", "--name", "Robin", "--starter").returncode == 0
    terminal.start()
    terminal.wait_for("○ A 20-minute walk")
    terminal.keys("s")  # Streaks: read by workers through connections of their own
    terminal.wait_for("met days")
    terminal.keys("Escape")
    terminal.wait_for("○ Send tailored")
    terminal.keys("Space")  # a check-off, saved by the app itself
    terminal.wait_for("✓ Send tailored")
    assert sidecars(db) == ["bounceback.db-shm", "bounceback.db-wal"]
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
    assert sidecars(db) == []  # every connection closed: the -wal folded in and removed
    copy = tmp_path / "by-hand.db"
    copy.write_bytes(db.read_bytes())  # what a person copying the file by hand gets
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 1
    conn.close()


def test_kill_or_a_closed_terminal_quits_as_q_does(terminal: Terminal) -> None:
    """SIGTERM (and SIGHUP, a closed terminal) quit through the app: the check-off is kept and
    the -wal folded in, with the exit code a signal gives."""
    import os
    import signal

    db = terminal.db
    assert run_cli(db, "init", "--name", "Robin", "--starter").returncode == 0
    terminal.start()
    terminal.wait_for("○ Send tailored")
    terminal.keys("Space")
    terminal.wait_for("✓ Send tailored")
    os.kill(terminal.app_pid(), signal.SIGTERM)
    terminal.wait_for(f"BOUNCEBACK-EXITED {128 + signal.SIGTERM}")
    assert sidecars(db) == []
    assert walk_state(db) != "done" and "done" in run_cli(db, "today", "--json").stdout


def test_restore_waits_for_the_app_to_quit(terminal: Terminal, reopen, tmp_path) -> None:
    db = terminal.db
    assert run_cli(db, "init", "--name", "Robin", "--starter").returncode == 0
    saved = tmp_path / "saved.db"
    assert run_cli(db, "backup", str(saved)).returncode == 0
    terminal.start()
    terminal.wait_for("○ A 20-minute walk")
    assert run_cli(db, "check", "walk").returncode == 0
    terminal.wait_for("✓ A 20-minute walk", timeout=10)
    refused = run_cli(db, "restore", str(saved))
    assert refused.returncode == 1
    assert "open in another Bounceback" in refused.stderr
    assert walk_state(db) == "done"
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
    done = run_cli(db, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert walk_state(db) == "pending"
    again = reopen()
    again.wait_for("○ A 20-minute walk")
    again.keys("q")
    again.wait_for("BOUNCEBACK-EXITED 0")


def test_restore_from_inside_the_app(terminal: Terminal, tmp_path) -> None:
    db = terminal.db
    assert run_cli(db, "init", "--name", "Robin", "--starter").returncode == 0
    assert run_cli(db, "backup").returncode == 0  # into backups/, beside the data file
    assert run_cli(db, "check", "walk").returncode == 0
    terminal.start()
    terminal.wait_for("✓ A 20-minute walk")
    terminal.keys("C-p")
    terminal.wait_for("Search for commands")
    terminal.type("Restore a backup")
    terminal.wait_for("Put a copy from backups/")
    terminal.keys("Enter")
    terminal.wait_for("Restore a backup", "enter choose")
    # The daily copy (made as the app opened, walk done) is the newest; ours is the second.
    terminal.keys("Down", "Enter")
    terminal.wait_for("Put back bounceback-2", "y restore")
    terminal.keys("y")
    terminal.wait_for("○ A 20-minute walk", "Restored")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
    assert walk_state(db) == "pending"
    assert sidecars(db) == []
    (aside,) = db.parent.glob("bounceback.db.before-restore-*.bak")
    assert walk_state(aside) == "done"


def test_restore_after_the_app_was_killed(terminal: Terminal, tmp_path) -> None:
    """The real crash: the app SIGKILLed right after a check-off, which is only in its -wal."""
    import signal

    db = terminal.db
    assert run_cli(db, "init", "--name", "Robin", "--starter").returncode == 0
    saved = tmp_path / "saved.db"
    assert run_cli(db, "backup", str(saved)).returncode == 0
    terminal.start()
    terminal.wait_for("○ Send tailored")
    terminal.keys("Space")
    terminal.wait_for("✓ Send tailored")
    os.kill(terminal.app_pid(), signal.SIGKILL)
    terminal.wait_for("BOUNCEBACK-EXITED 137")
    assert db.with_name("bounceback.db-wal").stat().st_size > 0
    done = run_cli(db, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert sidecars(db) == []
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0  # the backup's
    conn.close()
    (aside,) = db.parent.glob("bounceback.db.before-restore-*.bak")
    kept = sqlite3.connect(aside)
    assert kept.execute("SELECT count(*) FROM entries").fetchone()[0] == 1  # the crash's
    kept.close()
