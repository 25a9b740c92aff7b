"""`bounceback stats`, `config`, `pause` and `freeze`, run as a person runs them.

The clock of tests/helpers.py: today is Saturday 2026-11-21 (week Mon 16 – Sun 22). The history,
built once through the command line and copied for each test, is hand-made so every number
can be worked out from PRODUCT.md § "Day and streak rules":

- search started Monday 2026-11-09; four daily routines except network (Mon, Wed, Fri);
  apply and network rest on weekends (the defaults);
- apply:     met 9–13 and 16, 17, 19, 20; missed Wed 18.
- network:   met Fri 20 only.
- learn:     met 9–12 and 18–21 (today); missed 13–17.
- self-care: met Fri 20 only; today pending.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ..helpers import PILLAR_ORDER, TODAY, bad_usage, bb, failed, ok

START = "2026-11-09"
WEEK = "2026-11-16"
CHECKS = {
    "send": ["09", "10", "11", "12", "13", "16", "17", "19", "20"],
    "study": ["09", "10", "11", "12", "18", "19", "20", "21"],
    "reach": ["20"],
    "walk": ["20"],
}
STATUSES = {"met", "pending", "bridged", "missed"}
PILLAR_KEYS = {
    "today",
    "at_risk",
    "daily_streak",
    "best_daily_streak",
    "weekly_streak",
    "best_weekly_streak",
    "week",
    "strength",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("history") / "bounceback.db"
    ok("init", "--name", "Sam", "--start", START, db=target)
    for pillar, title, rrule in [
        ("apply", "Send applications", "FREQ=DAILY"),
        ("network", "Reach out", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("learn", "Study", "FREQ=DAILY"),
        ("self_care", "Walk", "FREQ=DAILY"),
    ]:
        ok("routine", "add", "--pillar", pillar, "--title", title, "--rrule", rrule,
           "--start", START, db=target)  # fmt: skip
    for title, days in CHECKS.items():
        for day in days:
            ok("check", title, "--day", f"2026-11-{day}", db=target)
    return target


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built history, for tests that change it."""
    copy = tmp_path / "bounceback.db"
    shutil.copyfile(built, copy)
    return copy


@pytest.fixture(scope="module")
def now(built: Path) -> dict[str, Any]:
    """`stats --json` as of today on the untouched history."""
    return stats_json(built)


def stats_json(db: Path, *args: str) -> dict[str, Any]:
    return json.loads(ok("stats", "--json", *args, db=db))


def settings_rows(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("SELECT key, value FROM settings"))
    finally:
        conn.close()


def week(stats: dict[str, Any], pillar: str) -> tuple[int, int, int]:
    found = stats["pillars"][pillar]["week"]
    return found["met"], found["target"], found["days_left"]


def streaks(stats: dict[str, Any], pillar: str) -> tuple[int, int, int, int]:
    found = stats["pillars"][pillar]
    return (
        found["daily_streak"],
        found["best_daily_streak"],
        found["weekly_streak"],
        found["best_weekly_streak"],
    )


# ---------------------------------------------------------------- help


def test_help_lists_the_new_commands():
    out = ok("--help")
    for command in ("stats", "config", "pause", "freeze"):
        assert command in out
    for args in (["stats"], ["config", "set"], ["pause", "add"], ["freeze"]):
        assert ok(*args, "--help").startswith(f"Usage: bounceback {' '.join(args)}")


# ---------------------------------------------------------------- stats


def test_stats_json_shape(now):
    assert set(now) >= {"as_of", "pillars", "overall"}
    assert now["as_of"] == TODAY.isoformat()
    assert list(now["pillars"]) == list(PILLAR_ORDER)
    for found in now["pillars"].values():
        assert set(found) >= PILLAR_KEYS
        assert found["today"] in STATUSES
        assert set(found["week"]) >= {"met", "target", "days_left", "start", "open_days"}
        assert found["week"]["start"] == WEEK
        assert isinstance(found["strength"], float)
        assert 0 <= found["strength"] <= 1
        assert round(found["strength"], 4) == found["strength"]
    assert set(now["overall"]) >= {"today", "daily_streak", "best_daily_streak"}
    assert now["freezes_left"] == 2


def test_stats_json_values_follow_the_rules(now):
    pillars = now["pillars"]
    # Apply: Saturday is a rest day; Fri 20 and Thu 19 met, Wed 18 missed ends the run.
    # The best run is 9–13 + 16–17 across the bridged weekend. Last week 5/5 met; this week
    # is 4/5 with no open day left, still in progress, so it does not break the streak.
    assert pillars["apply"]["today"] == "bridged"
    assert streaks(now, "apply") == (2, 7, 1, 1)
    assert week(now, "apply") == (4, 5, 0)
    # Network: Thu 19 is not due (bridged), Wed 18 missed; this week 1 of 3 open days.
    assert pillars["network"]["today"] == "bridged"
    assert streaks(now, "network") == (1, 1, 0, 0)
    assert week(now, "network") == (1, 3, 0)
    # Learn: met today and 18–20; 4/4 already, so this week counts: 2 weeks in a row.
    assert pillars["learn"]["today"] == "met"
    assert streaks(now, "learn") == (4, 4, 2, 2)
    assert week(now, "learn") == (4, 4, 2)  # today and Sunday are still open days
    assert pillars["learn"]["week"]["open_days"] == 7
    # Self-care: only Friday met; today pending, so the streak of 1 is at risk.
    assert (pillars["self_care"]["today"], pillars["self_care"]["at_risk"]) == ("pending", True)
    assert streaks(now, "self_care") == (1, 1, 0, 0)
    assert week(now, "self_care") == (1, 5, 2)
    # Overall: Friday was met everywhere, Thursday's self-care was missed.
    assert now["overall"] == {
        "today": "pending",
        "at_risk": True,
        "daily_streak": 1,
        "best_daily_streak": 1,
    }


def test_stats_strength_is_loops_score(now):
    def score(credits: list[float], weekly_target: int) -> float:
        m = 0.5 ** ((weekly_target / 7) ** 0.5 / 13)
        value = 0.0
        for credit in credits:
            value = m * value + (1 - m) * credit
        return round(value, 4)

    # Apply counts weekdays only (9–13, 16–20); Wed 18 is the one miss; Saturday bridges.
    assert now["pillars"]["apply"]["strength"] == score([1] * 5 + [1, 1, 0, 1, 1], 5)
    # Self-care: 9–19 missed, 20 met; today is pending and does not count yet.
    assert now["pillars"]["self_care"]["strength"] == score([0] * 11 + [1], 5)
    # Learn: today is met, so it counts.
    assert now["pillars"]["learn"]["strength"] == score([1] * 4 + [0] * 5 + [1] * 4, 4)


def test_stats_text_has_a_row_per_pillar_and_at_risk_marks(built):
    out = ok("stats", db=built)
    lines = out.splitlines()
    assert lines[0] == "Streaks as of Saturday 21 November 2026 · day 13 of your search"
    rows = {line.split()[0]: line for line in lines[2:] if line.strip()}
    assert rows["Apply"].split()[1:4] == ["bridged", "4/5", "·"]
    assert "4/5 · not yet" in rows["Apply"]  # no open day left: the words Today's chip uses
    assert "4/4 ✓" in rows["Learn"]
    assert rows["Self-care"].endswith("at risk")
    assert "at risk" not in rows["Learn"] and "at risk" not in rows["Apply"]
    assert rows["Overall"].split()[1:4] == ["pending", "1", "1"]
    assert rows["Overall"].endswith("at risk")
    assert lines[-1] == "2 freezes left for November 2026 (of 2 a month)."


def test_stats_says_a_paused_week_was_paused(db):
    """The same words as Today's chip: a pause is not called rest."""
    ok("pause", "add", WEEK, "2026-11-22", "--reason", "a cold", db=db)
    rows = {line.split()[0]: line for line in ok("stats", db=db).splitlines()[2:] if line.strip()}
    for pillar in ("Apply", "Network", "Learn", "Self-care"):
        assert "paused this week" in rows[pillar], rows[pillar]
        assert "rest" not in rows[pillar]


def test_stats_short_is_one_line(built):
    assert ok("stats", "--short", db=built) == "A 4/5 N 1/3 L 4/4✓ S 1/5! · 1d!\n"


def test_stats_as_of_ignores_later_check_offs(built):
    then = stats_json(built, "--as-of", "2026-11-19")
    assert then["as_of"] == "2026-11-19"
    # Thursday: apply met today, Wed missed; 3 of 5 with Thu and Fri open.
    assert then["pillars"]["apply"]["today"] == "met"
    assert streaks(then, "apply") == (1, 7, 1, 1)
    assert week(then, "apply") == (3, 5, 2)
    # Learn's 20th and 21st are not known yet: 2 met, Thu to Sun open.
    assert streaks(then, "learn") == (2, 4, 1, 1)
    assert week(then, "learn") == (2, 4, 4)
    # Self-care's Friday walk has not happened: today pending, no streak to risk.
    assert then["pillars"]["self_care"]["today"] == "pending"
    assert then["pillars"]["self_care"]["at_risk"] is False
    assert then["pillars"]["self_care"]["strength"] == 0
    assert then["pillars"]["network"]["today"] == "bridged"  # Thursday: nothing due
    assert stats_json(built, "--as-of", "today") == stats_json(built)


def test_stats_refuses_bad_days_and_mixed_formats(built, path):
    failed(bb("stats", "--as-of", "tomorrow", db=built), "2026-11-22", "not come")
    failed(bb("stats", "--as-of", "2026-02-30", db=built), "'2026-02-30'")
    bad_usage(bb("stats", "--json", "--short", db=built), "--short")
    failed(bb("stats", db=path), "not set up")
    assert not path.exists()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "missing" / "bounceback.db"


# ---------------------------------------------------------------- config


def test_config_list_shows_every_key_with_defaults(built):
    values = json.loads(ok("config", "list", "--json", db=built))
    assert values == {
        "name": "Sam",
        "start_date": START,
        "day_start_hour": "4",
        "week_start": "monday",
        "freezes_per_month": "2",
        "apply.weekly_target": "5",
        "apply.rest_days": "sat,sun",
        "network.weekly_target": "3",
        "network.rest_days": "sat,sun",
        "learn.weekly_target": "4",
        "learn.rest_days": "none",
        "self_care.weekly_target": "5",
        "self_care.rest_days": "none",
    }
    text = ok("config", "list", db=built).splitlines()
    assert [line.split()[0] for line in text] == list(values)
    assert "week_start               monday" in text


@pytest.mark.parametrize(
    ("key", "value", "canonical", "shown"),
    [
        ("week_start", "Sun", "week_start", "sunday"),
        ("apply.weekly_target", "4", "apply.weekly_target", "4"),
        ("apply.rest_days", "sat,sun,fri", "apply.rest_days", "fri,sat,sun"),
        ("Self-care.rest_days", "none", "self_care.rest_days", "none"),
        ("freezes_per_month", "0", "freezes_per_month", "0"),
        ("day_start_hour", "6", "day_start_hour", "6"),
        ("start_date", "yesterday", "start_date", "2026-11-20"),
        ("name", "  Alex ", "name", "Alex"),
    ],
)
def test_config_set_then_get(db, key, value, canonical, shown):
    assert ok("config", "set", key, value, db=db) == f"{canonical} = {shown}\n"
    assert ok("config", "get", key, db=db) == f"{shown}\n"


def test_config_set_rest_days_changes_what_is_due(db):
    ok("config", "set", "apply.rest_days", "none", db=db)
    now = stats_json(db)
    assert now["pillars"]["apply"]["today"] == "pending"  # Saturday is a working day now
    # Last Saturday and Sunday were missed, so this week has 7 open days.
    assert week(now, "apply") == (4, 5, 2)
    assert streaks(now, "apply")[:2] == (2, 5)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["set", "colour", "blue"], ["unknown setting 'colour'", "week_start"]),
        (["set", "apply.colour", "blue"], ["apply.colour", "weekly_target"]),
        (["set", "hobbies.weekly_target", "3"], ["'hobbies'"]),
        (["set", "apply.weekly_target", "0"], ["between 1 and 7"]),
        (["set", "apply.weekly_target", "8"], ["between 1 and 7"]),
        (["set", "apply.weekly_target", "many"], ["whole number", "'many'"]),
        (["set", "apply.rest_days", "funday"], ["'funday'"]),
        (["set", "apply.rest_days", "s"], ["'s'"]),
        (["set", "week_start", "someday"], ["week_start", "'someday'"]),
        (["set", "week_start", "t"], ["week_start"]),
        (["set", "day_start_hour", "13"], ["between 0 and 12"]),
        (["set", "freezes_per_month", "-1"], ["between 0 and 31"]),
        (["set", "start_date", "2026-02-30"], ["'2026-02-30'"]),
        (["set", "start_date", "tomorrow"], ["future"]),
        (["get", "colour"], ["unknown setting 'colour'"]),
        (["get", "apply.colour"], ["apply.colour"]),
    ],
)
def test_config_refuses_bad_keys_and_values_and_writes_nothing(db, args, words):
    before = settings_rows(db)
    failed(bb("config", *args, db=db), *words)
    assert settings_rows(db) == before


@pytest.mark.parametrize("args", [["set", "week_start"], ["get"], ["unset", "name"]])
def test_config_usage_errors(db, args):
    bad_usage(bb("config", *args, db=db))


def test_week_start_sunday_changes_the_week(db):
    ok("config", "set", "week_start", "sunday", db=db)
    now = stats_json(db)
    # The week is now Sun 15 – Sat 21: today is its last day.
    for pillar in PILLAR_ORDER:
        assert now["pillars"][pillar]["week"]["start"] == "2026-11-15"
    assert week(now, "learn") == (4, 4, 1)
    assert week(now, "self_care") == (1, 5, 1)
    assert week(now, "apply") == (4, 5, 0)
    # Learn's previous week is 9–14 (the 8th is before the start): 4 met of 6 open, met.
    assert streaks(now, "learn")[2] == 2


# ---------------------------------------------------------------- pause


def test_pause_add_list_remove_and_the_streak_it_keeps(db):
    assert ok("pause", "list", db=db) == "No pauses: add one with `bounceback pause add FROM TO`.\n"
    out = ok("pause", "add", "2026-11-18", "2026-11-18", "--reason", " a  cold ", db=db)
    assert out == "Added pause 1: 2026-11-18 to 2026-11-18 (1 day): a cold\n"
    assert ok("pause", "list", db=db) == "   1  2026-11-18 to 2026-11-18  (1 day)  a cold\n"
    assert json.loads(ok("pause", "list", "--json", db=db)) == [
        {"id": 1, "start_date": "2026-11-18", "end_date": "2026-11-18", "reason": "a cold"}
    ]
    paused = stats_json(db)
    # Apply's missed Wednesday is bridged: the run goes back to the 9th, and this week has
    # 4 open days, all met.
    assert streaks(paused, "apply") == (9, 9, 2, 2)
    assert week(paused, "apply") == (4, 4, 0)
    # Learn's Wednesday was met; bridged now, it adds nothing to the run.
    assert streaks(paused, "learn")[0] == 3

    assert ok("pause", "remove", "1", db=db) == "Removed pause 1: 2026-11-18 to 2026-11-18\n"
    assert streaks(stats_json(db), "apply") == (2, 7, 1, 1)
    assert json.loads(ok("pause", "list", "--json", db=db)) == []


def test_pause_accepts_relative_days(db):
    out = ok("pause", "add", "yesterday", "today", db=db)
    assert out == "Added pause 1: 2026-11-20 to 2026-11-21 (2 days)\n"


def test_pause_refuses_bad_input(db):
    failed(bb("pause", "add", "today", "yesterday", db=db), "2026-11-21 to 2026-11-20")
    failed(bb("pause", "add", "2026-02-30", "today", db=db), "'2026-02-30'")
    failed(bb("pause", "remove", "7", db=db), "no pause with id 7")
    assert json.loads(ok("pause", "list", "--json", db=db)) == []
    bad_usage(bb("pause", "remove", "cold", db=db), "ID")
    bad_usage(bb("pause", "add", "today", db=db), "TO")


# ---------------------------------------------------------------- freeze


def test_freeze_spends_one_and_says_how_many_are_left(db):
    out = ok("freeze", "self-care", db=db)
    assert out == "❄ Froze Self-care on 2026-11-21: 1 freeze left for November 2026.\n"
    now = stats_json(db)
    assert (now["pillars"]["self_care"]["today"], now["freezes_left"]) == ("bridged", 1)
    assert now["pillars"]["self_care"]["at_risk"] is False
    failed(bb("freeze", "self_care", db=db), "Self-care", "already frozen", TODAY.isoformat())

    # A missed day turned into a bridged one: apply's run reaches back to the 9th.
    out = ok("freeze", "apply", "--day", "2026-11-18", db=db)
    assert out == "❄ Froze Apply on 2026-11-18: 0 freezes left for November 2026.\n"
    assert streaks(stats_json(db), "apply") == (9, 9, 2, 2)

    line = failed(bb("freeze", "network", "--day", "2026-11-16", db=db), "no freezes left")
    assert "November 2026" in line
    assert stats_json(db)["pillars"]["network"]["daily_streak"] == 1


def test_freeze_refuses_what_it_cannot_change(db):
    failed(bb("freeze", "hobbies", db=db), "unknown pillar 'hobbies'")
    failed(bb("freeze", "apply", db=db), "Apply", "nothing to excuse")  # a rest day
    failed(bb("freeze", "learn", db=db), "Learn", "already met")
    failed(bb("freeze", "learn", "--day", "2026-11-08", db=db), "before your search started")
    failed(bb("freeze", "learn", "--day", "2026-02-30", db=db), "'2026-02-30'")
    ok("config", "set", "freezes_per_month", "0", db=db)
    failed(bb("freeze", "learn", "--day", "2026-11-17", db=db), "no freezes left", "0 a month")
    assert stats_json(db)["freezes_left"] == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM freezes").fetchone()[0] == 0
    conn.close()
