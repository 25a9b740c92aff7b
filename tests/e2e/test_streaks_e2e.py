"""A week back-filled from the shell shows as a streak in the app, on Today and on Streaks.

The clock is Friday 2026-11-20 09:00 (BOUNCEBACK_NOW). Self-care is checked off every day from
Friday 13 to Thursday 19, and Thursday 12 was missed, so by PRODUCT.md's rules self-care has a
daily streak of 7 (today is still open, so it is at risk), this week is 4 of 5 met with Friday,
Saturday and Sunday left, and last week (3 met days) was not met: a weekly streak of 0.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from ..helpers import Terminal, run_cli

pytestmark = pytest.mark.e2e

SELF_CARE = ("A 20-minute walk", "Write down one small win")


def test_a_week_back_filled_from_the_shell_shows_as_a_streak(terminal: Terminal) -> None:
    setup = run_cli(terminal.db, "init", "--starter", "--start", "2026-11-02")
    assert setup.returncode == 0, setup.stderr
    for offset in range(7):
        day = (date(2026, 11, 13) + timedelta(days=offset)).isoformat()
        for title in SELF_CARE:
            done = run_cli(terminal.db, "check", title, "--day", day)
            assert done.returncode == 0, done.stderr

    # The shell agrees with the rules before the app is even opened.
    stats = json.loads(run_cli(terminal.db, "stats", "--json").stdout)
    self_care = stats["pillars"]["self_care"]
    assert (self_care["daily_streak"], self_care["weekly_streak"]) == (7, 0)
    week = self_care["week"]
    assert (week["met"], week["target"], week["days_left"]) == (4, 5, 3)

    terminal.start()
    # The other pillars have nothing behind them yet: a fresh start.
    terminal.wait_for(
        "streak 7 days · 0 weeks", "week 4/5 · 3 days left", "at risk", "a fresh start today"
    )

    terminal.keys("s")
    screen = terminal.wait_for("Daily (best)")
    screen = terminal.wait_for("4/5 · 3 days left")
    row = next(line for line in screen.splitlines() if "Self-care" in line)
    assert "open · at risk" in row
    assert "7 (7)" in row
    assert "0 (0)" in row
    assert "4/5 · 3 days left" in row

    terminal.keys("Escape")
    terminal.wait_for("streak 7 days")
    terminal.keys("q")
    terminal.wait_for("BOUNCEBACK-EXITED 0")
