"""A person's morning, end to end: first run, check-offs, quit, reopen; the shell and the app
agree; a kill right after the screen shows a check-off loses nothing."""

from __future__ import annotations

import json
import os
import signal

import pytest

from ..helpers import Terminal, run_cli

pytestmark = pytest.mark.e2e


def test_first_run_check_quit_and_reopen(terminal: Terminal, reopen) -> None:
    terminal.start()
    terminal.wait_for("Welcome to Bounceback")
    terminal.type("Robin")
    terminal.keys("Enter")
    terminal.keys("C-s")
    terminal.wait_for("day 1 of your search", "Good morning, Robin.", "○ Send tailored")
    # Focus starts on the first item not done: apply's applications.
    terminal.keys("Space")
    terminal.wait_for("✓ Send tailored")
    terminal.keys("l", "Space")
    terminal.wait_for("✓ Reach out to one person")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")

    again = reopen()
    screen = again.wait_for(
        "day 1 of your search",
        "✓ Send tailored",
        "✓ Reach out to one person",
        "○ Follow up on an",
    )
    assert "Welcome to Bounceback" not in screen
    again.keys("q")
    again.wait_for("BOUNCEBACK-EXITED 0")


def test_a_check_from_the_shell_shows_in_the_app(terminal: Terminal) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    done = run_cli(terminal.db, "check", "walk")
    assert done.returncode == 0, done.stderr
    assert "A 20-minute walk: done" in done.stdout
    assert run_cli(terminal.db, "check", "applications", "--amount", "1").returncode == 0
    terminal.start()
    screen = terminal.wait_for("day 1 of your search", "✓ A 20-minute walk", "◐ Send tailored")
    assert _line_with("Send tailored", screen).endswith("1/2 │")
    # And the other way round: what the app saves, the shell sees.
    terminal.keys("+")
    terminal.wait_for("✓ Send tailored")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
    items = json.loads(run_cli(terminal.db, "today", "--json").stdout)["items"]
    states = {item["title"]: (item["amount"], item["state"]) for item in items}
    assert states["Send tailored applications"] == (2, "done")
    assert states["A 20-minute walk"] == (1, "done")


def test_sigkill_right_after_a_check_off_loses_nothing(terminal: Terminal, reopen) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin", "--starter").returncode == 0
    terminal.start()
    terminal.wait_for("○ Send tailored")
    terminal.keys("j", "l", "j", "Space")
    terminal.wait_for("✓ Follow up on an")
    os.kill(terminal.app_pid(), signal.SIGKILL)
    terminal.wait_for("BOUNCEBACK-EXITED 137")

    items = json.loads(run_cli(terminal.db, "today", "--json").stdout)["items"]
    state = {item["title"]: item["state"] for item in items}
    assert state["Follow up on an application or ask for feedback"] == "done"
    again = reopen()
    again.wait_for("day 1 of your search", "✓ Follow up on an")


def test_routines_and_a_task_added_in_the_app_are_kept(terminal: Terminal, reopen) -> None:
    assert run_cli(terminal.db, "init", "--name", "Robin").returncode == 0
    terminal.start()
    terminal.wait_for("nothing due")
    terminal.keys("r")
    # Not "Routines": Today's key bar says that before the screen opens.
    terminal.wait_for("The recurring part of your search")
    terminal.keys("a")
    terminal.wait_for("Add a routine")
    terminal.type("Mock interview with a friend")
    terminal.keys("Enter")
    terminal.wait_for("Added")
    terminal.keys("Escape")
    terminal.wait_for("○ Mock interview with a")
    terminal.keys("a")
    terminal.wait_for("Add a task")
    terminal.type("Call the recruiter back")
    terminal.keys("Enter")
    terminal.wait_for("○ Call the recruiter back")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")

    listed = run_cli(terminal.db, "routine", "list")
    assert "Mock interview with a friend" in listed.stdout
    again = reopen()
    again.wait_for("day 1 of your search", "○ Mock interview with a", "○ Call the recruiter back")


def _line_with(text: str, screen: str) -> str:
    """The part of the screen line holding `text`, up to the end of its pillar box."""
    line = next(line for line in screen.splitlines() if text in line)
    start = line.index(text)
    return line[start : line.index("│", start) + 1]
