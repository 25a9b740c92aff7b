"""The `bounceback` command as a person uses it: the real entry point in a subprocess.

Every run gets BOUNCEBACK_NOW (Saturday 21 November 2026, 19:30) and TZ=UTC, so "today" is
2026-11-21 and "yesterday" is Friday 2026-11-20. Apply and network rest on weekends.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tui import __version__

from ..helpers import NOW, PILLAR_ORDER, bad_usage, bb, command_env, failed, ok

# NOW's day and its neighbours as the commands print and take them.
TODAY = "2026-11-21"
YESTERDAY = "2026-11-20"
START = "2026-11-02"
STATES = {"done", "partial", "pending", "missed", "excused"}
ITEM_KEYS = {"id", "pillar", "title", "kind", "target", "unit", "amount", "state", "due", "note"}
ROUTINE_KEYS = {
    "id",
    "pillar",
    "title",
    "kind",
    "target",
    "unit",
    "rrule",
    "start_date",
    "end_date",
    "archived_on",
}
STARTER_TITLES = [
    "Send tailored applications",
    "Reach out to one person",
    "Follow up on an application or ask for feedback",
    "30 minutes on a skill",
    "Practise one interview answer aloud",
    "A 20-minute walk",
    "Write down one small win",
]


def day_json(db: Path, day: str | None = None) -> dict[str, Any]:
    args = ["today", "--json"] + (["--day", day] if day else [])
    return json.loads(ok(*args, db=db))


def items(db: Path, day: str | None = None) -> dict[str, dict[str, Any]]:
    """The day's items by title."""
    return {item["title"]: item for item in day_json(db, day)["items"]}


def routines(db: Path, *flags: str) -> list[dict[str, Any]]:
    return json.loads(ok("routine", "list", "--json", *flags, db=db))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where a fresh data file goes (not created yet)."""
    return tmp_path / "data" / "bounceback.db"


@pytest.fixture
def ready(path: Path) -> Path:
    """A data file set up from the shell: Sam, started 2 November, the starter routine."""
    ok("init", "--name", "Sam", "--start", START, "--starter", db=path)
    return path


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo file shared by the read-only demo tests."""
    target = tmp_path_factory.mktemp("demo") / "demo.db"
    out = bb("demo", "-o", target)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(target)
    return target


# ---------------------------------------------------------------- help and version


def test_help_lists_every_command_and_exits_0():
    out = ok("--help")
    assert out.startswith("Usage: bounceback")
    for command in ("init", "today", "check", "task", "routine", "demo", "--db", "--version"):
        assert command in out
    assert ok("-h") == out


@pytest.mark.parametrize(
    "args", [["today"], ["check"], ["init"], ["task", "add"], ["routine", "add"], ["demo"]]
)
def test_subcommand_help_exits_0(args):
    out = ok(*args, "--help")
    assert out.startswith(f"Usage: bounceback {' '.join(args)}")


def test_version_prints_the_package_version():
    assert ok("--version") == f"bounceback, version {__version__}\n"
    assert ok("-V") == f"bounceback, version {__version__}\n"


def test_import_help_and_version_do_not_load_textual():
    script = (
        "import sys\n"
        "import tui.cli\n"
        "assert 'textual' not in sys.modules, 'import'\n"
        "for flag in ('--help', '--version'):\n"
        "    sys.argv = ['bounceback', flag]\n"
        "    try:\n"
        "        tui.cli.main()\n"
        "    except SystemExit as stop:\n"
        "        assert stop.code == 0, stop.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'PIL'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=command_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


# ---------------------------------------------------------------- init


def test_init_sets_name_and_start_date(path):
    out = ok("init", "--name", "Sam", "--start", START, db=path)
    assert out == f"Set up for Sam: the search started {START}.\n"
    plan = day_json(path)
    assert plan["day"] == TODAY
    assert plan["day_number"] == 20
    assert plan["items"] == []
    assert ok("routine", "list", db=path).startswith("No routines yet")


def test_init_defaults_to_today_and_accepts_yesterday(tmp_path):
    ok("init", db=tmp_path / "a.db")
    assert day_json(tmp_path / "a.db")["day_number"] == 1
    ok("init", "--start", "yesterday", db=tmp_path / "b.db")
    assert day_json(tmp_path / "b.db")["day_number"] == 2


def test_init_again_keeps_the_name_and_moves_the_start(ready):
    out = ok("init", "--start", "2026-11-11", db=ready)
    assert out == "Set up for Sam: the search started 2026-11-11.\n"
    assert day_json(ready)["day_number"] == 11


def test_init_starter_adds_the_starter_routine(path):
    out = ok("init", "--start", START, "--starter", db=path)
    assert "Added 7 starter routines" in out
    found = routines(path)
    assert sorted(r["title"] for r in found) == sorted(STARTER_TITLES)
    assert {r["start_date"] for r in found} == {START}
    assert {r["pillar"] for r in found} == set(PILLAR_ORDER)


def test_init_refuses_a_start_in_the_future(path):
    failed(bb("init", "--start", "2026-11-22", db=path), "2026-11-22", "future")
    failed(bb("today", db=path), "not set up")


def test_init_refuses_an_impossible_start_date(path):
    failed(bb("init", "--start", "2026-02-30", db=path), "2026-02-30")
    failed(bb("today", db=path), "not set up")


def test_init_starter_refused_when_routines_exist(ready):
    failed(bb("init", "--starter", "--start", "2026-11-10", db=ready), "routines already")
    assert len(routines(ready)) == 7
    assert day_json(ready)["day_number"] == 20  # the start date did not move either


@pytest.mark.parametrize("command", [["today"], ["today", "--json"], ["check", "walk"]])
def test_not_set_up_is_one_line_and_creates_nothing(path, command):
    failed(bb(*command, db=path), "not set up yet", "bounceback init")
    assert not path.exists()


def test_not_set_up_with_an_existing_empty_file(path):
    ok("routine", "list", db=path)  # creates the file, sets nothing up
    assert path.exists()
    failed(bb("today", db=path), "not set up yet")
    failed(bb("check", "walk", db=path), "not set up yet")


# ---------------------------------------------------------------- today


def test_today_prints_the_plan(ready):
    out = ok("today", db=ready)
    lines = out.splitlines()
    assert lines[0] == "Saturday 21 November 2026 · day 20 of your search"
    assert "Apply\n  rest day\n" in out
    assert "Network\n  rest day\n" in out
    assert "Learn\n  [ ] 30 minutes on a skill\n  [ ] Practise one interview answer aloud\n" in out
    assert "Self-care\n  [ ] A 20-minute walk\n  [ ] Write down one small win\n" in out


def test_today_json_shape(ready):
    plan = day_json(ready)
    assert set(plan) >= {"day", "day_number", "items"}
    assert plan["day"] == TODAY
    date.fromisoformat(plan["day"])
    assert [i["title"] for i in plan["items"]] == [
        "30 minutes on a skill",
        "Practise one interview answer aloud",
        "A 20-minute walk",
        "Write down one small win",
    ]
    for item in plan["items"]:
        assert set(item) >= ITEM_KEYS
        assert item["pillar"] in PILLAR_ORDER
        assert item["state"] in STATES
        assert item["kind"] in ("check", "count")
        assert isinstance(item["target"], int) and isinstance(item["amount"], int)
        assert item["id"].startswith("routine:")
        assert (item["state"], item["amount"], item["due"]) == ("pending", 0, True)


def test_today_json_pillars_come_in_order(ready):
    plan = day_json(ready, YESTERDAY)  # a Friday: all four pillars have items
    pillars = [item["pillar"] for item in plan["items"]]
    assert pillars == sorted(pillars, key=PILLAR_ORDER.index)
    assert set(pillars) == set(PILLAR_ORDER)


def test_today_for_yesterday_shows_missed_as_not_yet(ready):
    plan = day_json(ready, "yesterday")
    assert plan["day"] == YESTERDAY
    assert plan["day_number"] == 19
    assert {item["state"] for item in plan["items"]} == {"missed"}
    send = next(i for i in plan["items"] if i["title"] == "Send tailored applications")
    assert (send["kind"], send["target"], send["unit"]) == ("count", 2, "applications")
    out = ok("today", "--day", "yesterday", db=ready)
    assert out.startswith("Friday 20 November 2026 · day 19 of your search")
    assert "  [ ] Send tailored applications (0/2 applications, not yet)\n" in out


def test_today_accepts_an_iso_day(ready):
    assert day_json(ready, "2026-11-16")["day"] == "2026-11-16"
    out = ok("today", "--day", START, db=ready)  # the first day of the search is day 1
    assert out.splitlines()[0] == "Monday 2 November 2026 · day 1 of your search"
    assert day_json(ready, "today") == day_json(ready)
    failed(bb("today", "--day", "2026-11-01", db=ready), "before your search started", START)


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "someday"])
def test_today_refuses_a_date_that_does_not_exist(ready, text):
    failed(bb("today", "--day", text, db=ready), repr(text), "YYYY-MM-DD")
    failed(bb("today", "--json", "--day", text, db=ready), repr(text))


def test_today_shows_a_frozen_pillar_as_excused(ready):
    conn = sqlite3.connect(ready)  # as the app's freeze would leave it
    conn.execute(
        "INSERT INTO freezes (pillar, day, created_at) VALUES ('learn', ?, ?)",
        (YESTERDAY, NOW.isoformat()),
    )
    conn.commit()
    conn.close()
    states = {i["pillar"]: i["state"] for i in day_json(ready, YESTERDAY)["items"]}
    assert (states["learn"], states["self_care"]) == ("excused", "missed")
    assert "  [ ] 30 minutes on a skill (excused)\n" in ok("today", "--day", YESTERDAY, db=ready)


# ---------------------------------------------------------------- check


def test_check_exact_title_ignores_case_and_spaces(ready):
    out = ok("check", "a  20-minute WALK", db=ready)
    assert out == "✓ A 20-minute walk: done\n"
    walk = items(ready)["A 20-minute walk"]
    assert (walk["state"], walk["amount"]) == ("done", 1)
    assert "  [x] A 20-minute walk\n" in ok("today", db=ready)


def test_check_by_prefix(ready):
    assert ok("check", "practise", db=ready) == "✓ Practise one interview answer aloud: done\n"
    assert items(ready)["Practise one interview answer aloud"]["state"] == "done"


def test_check_by_substring(ready):
    assert ok("check", "skill", db=ready) == "✓ 30 minutes on a skill: done\n"
    assert items(ready)["30 minutes on a skill"]["state"] == "done"


def test_check_prefers_an_exact_title_over_longer_ones(ready):
    ok("task", "add", "--pillar", "learn", "--title", "Read", db=ready)
    ok("task", "add", "--pillar", "learn", "--title", "Read a chapter", db=ready)
    assert ok("check", "read", db=ready) == "✓ Read: done\n"
    today = items(ready)
    assert (today["Read"]["state"], today["Read a chapter"]["state"]) == ("done", "pending")


def test_check_ambiguous_lists_the_matches_and_writes_nothing(ready):
    line = failed(bb("check", "one", "--day", "yesterday", db=ready), "'one'", "several")
    for title in (
        "Reach out to one person",
        "Practise one interview answer aloud",
        "Write down one small win",
    ):
        assert title in line
    assert {i["state"] for i in day_json(ready, YESTERDAY)["items"]} == {"missed"}


def test_check_unknown_title(ready):
    failed(bb("check", "juggle", db=ready), "'juggle'")
    failed(bb("check", "   ", db=ready), "title")
    assert {i["state"] for i in day_json(ready)["items"]} == {"pending"}


def test_check_amount_adds_to_a_count(ready):
    out = ok("check", "send", "--amount", "1", "--day", YESTERDAY, db=ready)
    assert out == f"✓ Send tailored applications: 1/2 applications on {YESTERDAY}\n"
    send = items(ready, YESTERDAY)["Send tailored applications"]
    assert (send["amount"], send["state"]) == (1, "partial")
    assert "  [~] Send tailored applications (1/2 applications)\n" in ok(
        "today", "--day", YESTERDAY, db=ready
    )
    ok("check", "send", "--amount", "1", "--day", YESTERDAY, db=ready)
    send = items(ready, YESTERDAY)["Send tailored applications"]
    assert (send["amount"], send["state"]) == (2, "done")
    ok("check", "send", "--amount", "3", "--day", YESTERDAY, db=ready)
    assert items(ready, YESTERDAY)["Send tailored applications"]["amount"] == 5


def test_check_without_amount_completes_a_count_and_never_lowers_it(ready):
    ok("check", "send", "--day", YESTERDAY, db=ready)
    assert items(ready, YESTERDAY)["Send tailored applications"]["amount"] == 2
    ok("check", "send", "--amount", "2", "--day", YESTERDAY, db=ready)
    ok("check", "send", "--day", YESTERDAY, db=ready)
    assert items(ready, YESTERDAY)["Send tailored applications"]["amount"] == 4


@pytest.mark.parametrize("amount", ["0", "-1", "100001", "18446744073709551616"])
def test_check_amount_must_be_in_range(ready, amount):
    failed(bb("check", "send", "--amount", amount, db=ready), "amount")


@pytest.mark.parametrize("amount", ["two", "1.5"])
def test_check_amount_must_be_a_number(ready, amount):
    bad_usage(bb("check", "send", "--amount", amount, db=ready), "--amount")


def test_check_back_fills_an_earlier_day(ready):
    out = ok("check", "walk", "--day", "2026-11-10", db=ready)
    assert out == "✓ A 20-minute walk: done on 2026-11-10\n"
    assert items(ready, "2026-11-10")["A 20-minute walk"]["state"] == "done"
    assert items(ready, "2026-11-09")["A 20-minute walk"]["state"] == "missed"
    assert items(ready)["A 20-minute walk"]["state"] == "pending"


@pytest.mark.parametrize("day", ["2026-11-22", "tomorrow"])
def test_check_refuses_a_day_that_has_not_come(ready, day):
    failed(bb("check", "walk", "--day", day, db=ready), "2026-11-22", "not come")
    assert items(ready, "2026-11-22")["A 20-minute walk"]["state"] == "pending"


def test_check_refuses_an_impossible_day(ready):
    failed(bb("check", "walk", "--day", "2026-02-30", db=ready), "'2026-02-30'")


def test_check_a_routine_not_due_is_an_extra(ready):
    # Saturday: apply rests, so sending applications today is an extra.
    assert "Send tailored applications" not in items(ready)
    out = ok("check", "send tailored", db=ready)
    assert out == "✓ Send tailored applications: done (an extra: not due that day)\n"
    send = items(ready)["Send tailored applications"]
    assert (send["due"], send["state"], send["amount"]) == (False, "done", 2)
    assert "[x] Send tailored applications (2/2 applications, extra)" in ok("today", db=ready)


def test_check_a_routine_before_it_started(ready):
    ok(
        "routine",
        "add",
        "--pillar",
        "learn",
        "--title",
        "Stretch",
        "--start",
        "2026-11-16",
        db=ready,
    )
    failed(bb("check", "stretch", "--day", "2026-11-10", db=ready), "starts on 2026-11-16")
    failed(bb("check", "walk", "--day", "2026-11-01", db=ready), "before your search started")


def test_check_a_task(ready):
    ok(
        "task",
        "add",
        "--pillar",
        "network",
        "--title",
        "Thank-you notes",
        "--target",
        "3",
        "--unit",
        "notes",
        db=ready,
    )
    assert ok("check", "thank", "--amount", "2", db=ready) == "✓ Thank-you notes: 2/3 notes\n"
    task = items(ready)["Thank-you notes"]
    assert (task["kind"], task["amount"], task["state"]) == ("count", 2, "partial")
    assert task["id"].startswith("task:")
    assert ok("check", "thank", db=ready) == "✓ Thank-you notes: done\n"


# ---------------------------------------------------------------- task add


def test_task_add_for_today_and_another_day(ready):
    out = ok("task", "add", "--pillar", "self-care", "--title", "  Call   mum ", db=ready)
    assert out == f"Added to Self-care on {TODAY}: Call mum\n"
    call = items(ready)["Call mum"]
    assert (call["pillar"], call["kind"], call["target"], call["state"]) == (
        "self_care",
        "check",
        1,
        "pending",
    )
    ok("task", "add", "--pillar", "apply", "--title", "Fix CV", "--day", "yesterday", db=ready)
    assert items(ready, YESTERDAY)["Fix CV"]["state"] == "missed"
    assert "Fix CV" not in items(ready)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--pillar", "hobbies", "--title", "Paint"], ["'hobbies'", "apply, network"]),
        (["--pillar", "apply", "--title", "   "], ["title"]),
        (["--pillar", "apply", "--title", "Paint", "--target", "0"], ["target", "0"]),
        (["--pillar", "apply", "--title", "Paint", "--target", "-3"], ["target", "-3"]),
        (["--pillar", "apply", "--title", "Paint", "--day", "2026-02-30"], ["'2026-02-30'"]),
    ],
)
def test_task_add_refuses_bad_input_and_writes_nothing(ready, options, words):
    before = day_json(ready)
    failed(bb("task", "add", *options, db=ready), *words)
    assert day_json(ready) == before


@pytest.mark.parametrize(
    ("options", "word"),
    [
        (["--title", "Paint"], "--pillar"),
        (["--pillar", "apply"], "--title"),
        (["--pillar", "apply", "--title", "Paint", "--target", "many"], "--target"),
    ],
)
def test_task_add_usage_errors(ready, options, word):
    bad_usage(bb("task", "add", *options, db=ready), word)


# ---------------------------------------------------------------- routine


def test_routine_add_and_list(ready):
    out = ok(
        "routine",
        "add",
        "--pillar",
        "Learn",
        "--title",
        "Read",
        "--target",
        "20",
        "--unit",
        "pages",
        "--rrule",
        "rrule:freq=weekly; byday=mo,we",
        "--start",
        "2026-11-16",
        db=ready,
    )
    assert out == "Added routine 8: Read (Mon, Wed, from 2026-11-16)\n"
    read = next(r for r in routines(ready) if r["title"] == "Read")
    assert read == {
        "id": 8,
        "pillar": "learn",
        "title": "Read",
        "kind": "count",
        "target": 20,
        "unit": "pages",
        "rrule": "FREQ=WEEKLY;BYDAY=MO,WE",
        "start_date": "2026-11-16",
        "end_date": None,
        "archived_on": None,
    }
    assert "   8  Learn      Read · 20 pages · Mon, Wed\n" in ok("routine", "list", db=ready)
    assert items(ready, "2026-11-18")["Read"]["state"] == "missed"  # a Wednesday
    assert "Read" not in items(ready, "2026-11-19")  # a Thursday
    assert "Read" not in items(ready, "2026-11-09")  # before its start


def test_routine_add_defaults_to_a_daily_check_from_today(ready):
    assert ok("routine", "add", "--pillar", "learn", "--title", "Stretch", db=ready) == (
        f"Added routine 8: Stretch (every day, from {TODAY})\n"
    )
    stretch = next(r for r in routines(ready) if r["title"] == "Stretch")
    assert (stretch["title"], stretch["kind"], stretch["rrule"]) == (
        "Stretch",
        "check",
        "FREQ=DAILY",
    )
    assert items(ready)["Stretch"]["state"] == "pending"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--rrule", "every monday"], ["RRULE"]),
        (["--rrule", "FREQ=HOURLY"], ["HOURLY"]),
        (["--rrule", "FREQ=DAILY;INTERVAL=0"], ["INTERVAL"]),
        (["--rrule", "BYDAY=MO"], ["FREQ"]),
        (["--rrule", "FREQ=WEEKLY;BYDAY=XX"], ["RRULE"]),
        (["--pillar", "chores"], ["'chores'"]),
        (["--target", "0"], ["target"]),
        (["--title", ""], ["title"]),
        (["--start", "2026-02-30"], ["'2026-02-30'"]),
    ],
)
def test_routine_add_refuses_bad_input_and_writes_nothing(ready, options, words):
    given = {"--pillar": "learn", "--title": "Read"}
    for flag, value in zip(options[::2], options[1::2], strict=True):
        given[flag] = value
    args = [part for pair in given.items() for part in pair]
    failed(bb("routine", "add", *args, db=ready), *words)
    assert len(routines(ready, "--all")) == 7


def test_routine_list_json_shape_and_order(ready):
    found = routines(ready)
    assert [r["title"] for r in found] == STARTER_TITLES
    for routine in found:
        assert set(routine) >= ROUTINE_KEYS
        assert isinstance(routine["id"], int)
        assert routine["pillar"] in PILLAR_ORDER
        assert routine["kind"] in ("check", "count")
        assert routine["archived_on"] is None and routine["end_date"] is None
    text = ok("routine", "list", db=ready).splitlines()
    assert [line.split()[1] for line in text] == ["Apply"] + ["Network"] * 2 + ["Learn"] * 2 + [
        "Self-care"
    ] * 2


def test_routine_list_when_there_are_none(path):
    assert ok("routine", "list", db=path) == (
        "No routines yet: add one with `bounceback routine add`.\n"
    )
    assert routines(path) == []


def test_routine_archive_and_undo(ready):
    walk = next(r for r in routines(ready) if r["title"] == "A 20-minute walk")
    ok("check", "walk", "--day", YESTERDAY, db=ready)
    assert ok("routine", "archive", str(walk["id"]), db=ready) == (
        f"Archived routine {walk['id']}: A 20-minute walk\n"
    )
    assert "A 20-minute walk" not in [r["title"] for r in routines(ready)]
    archived = next(r for r in routines(ready, "--all") if r["id"] == walk["id"])
    assert archived["archived_on"] == TODAY
    assert f"archived {TODAY}" in ok("routine", "list", "--all", db=ready)
    assert "A 20-minute walk" not in items(ready)
    assert items(ready, YESTERDAY)["A 20-minute walk"]["state"] == "done"  # history stays
    failed(bb("check", "walk", db=ready), "'walk'")

    failed(bb("routine", "archive", str(walk["id"]), db=ready), "already", TODAY)
    assert ok("routine", "archive", str(walk["id"]), "--undo", db=ready) == (
        f"Restored routine {walk['id']}: A 20-minute walk\n"
    )
    assert items(ready)["A 20-minute walk"]["state"] == "pending"
    failed(bb("routine", "archive", str(walk["id"]), "--undo", db=ready), "not archived")


def test_routine_archive_unknown_id(ready):
    failed(bb("routine", "archive", "99", db=ready), "99")
    bad_usage(bb("routine", "archive", "walk", db=ready), "ROUTINE_ID")


# ---------------------------------------------------------------- demo


def test_demo_file_has_months_of_history(demo_file):
    plan = day_json(demo_file)
    assert plan["day"] == TODAY
    assert plan["day_number"] > 90
    assert plan["items"]
    assert len(routines(demo_file)) >= 7


def test_demo_history_has_done_partial_and_missed_items(demo_file):
    from click.testing import CliRunner

    from tui.cli import cli

    # In-process for speed: 120 subprocesses would take seconds.
    runner = CliRunner()
    states: Counter[str] = Counter()
    day = date.fromisoformat(TODAY) - timedelta(days=120)
    while day < date.fromisoformat(TODAY):
        result = runner.invoke(
            cli, ["--db", str(demo_file), "today", "--json", "--day", day.isoformat()]
        )
        assert result.exit_code == 0, result.output
        states.update(item["state"] for item in json.loads(result.stdout)["items"])
        day += timedelta(days=1)
    assert states["done"] > states["missed"] > 0
    assert states["partial"] > 0
    assert states["pending"] == 0  # every past day is settled


def test_demo_is_the_same_every_time(demo_file, tmp_path):
    again = tmp_path / "again.db"
    ok("demo", "-o", again)
    for day in ("2026-08-14", "2026-10-02", YESTERDAY):
        assert day_json(again, day) == day_json(demo_file, day)


def test_demo_refuses_an_existing_file(tmp_path):
    target = tmp_path / "notes.db"
    target.write_bytes(b"precious")
    failed(bb("demo", "-o", target), str(target), "exists")
    assert target.read_bytes() == b"precious"


# ---------------------------------------------------------------- the data file


def _sqlite_file(target: Path, version: int, table: bool = True) -> None:
    conn = sqlite3.connect(target)
    if table:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", [["today"], ["init", "--starter"], ["routine", "list"]])
@pytest.mark.parametrize("kind", ["folder", "under a file", "not sqlite", "newer", "other app"])
def test_a_bad_data_file_is_refused_untouched(tmp_path, kind, command):
    blocker = tmp_path / "file.txt"
    blocker.write_text("just a file\n")
    if kind == "folder":
        target, words = tmp_path / "folder.db", ["folder", str(tmp_path / "folder.db")]
        target.mkdir()
    elif kind == "under a file":
        target, words = blocker / "sub" / "x.db", ["cannot create", str(blocker / "sub")]
    elif kind == "not sqlite":
        target, words = tmp_path / "notes.db", ["not SQLite", str(tmp_path / "notes.db")]
        target.write_text("dear diary\n" * 50)
    elif kind == "newer":
        target = tmp_path / "future.db"
        words = ["newer", "99", "untouched", str(target)]
        _sqlite_file(target, 99)
    else:
        target, words = tmp_path / "other.db", ["another program", str(tmp_path / "other.db")]
        _sqlite_file(target, 0)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    failed(bb(*command, db=target), *words)

    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_bounceback_db_env_is_used_and_db_option_wins(tmp_path):
    from_env = tmp_path / "env.db"
    ok("init", "--name", "Env", "--start", START, env=command_env(BOUNCEBACK_DB=str(from_env)))
    assert from_env.exists()
    assert day_json(from_env)["day_number"] == 20
    assert (
        json.loads(ok("today", "--json", env=command_env(BOUNCEBACK_DB=str(from_env))))["day"]
        == TODAY
    )
    option = tmp_path / "option.db"
    failed(bb("--db", option, "today", env=command_env(BOUNCEBACK_DB=str(from_env))), "not set up")


def test_data_file_is_private(path):
    ok("init", db=path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--bogus"], "--bogus"),
        (["today", "--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
        (["check"], "TITLE"),
        (["task", "remove"], "remove"),
        (["routine", "add", "--title", "Read"], "--pillar"),
    ],
)
def test_bad_usage_exits_2(path, args, word):
    bad_usage(bb(*args, db=path), word)
    assert not path.exists()


def test_check_an_extra_is_matched_by_the_same_rule(ready):
    # Neither is on Saturday's plan, so both are looked up among the routines, by substring.
    line = failed(bb("check", "application", db=ready), "several")
    assert "Send tailored applications" in line
    assert "Follow up on an application or ask for feedback" in line
    out = ok("check", "TAILORED", "--amount", "1", db=ready)
    assert out == "✓ Send tailored applications: 1/2 applications (an extra: not due that day)\n"
    # Now it is on the day's plan, and the day's items are matched first.
    assert ok("check", "application", db=ready).startswith("✓ Send tailored applications: done")


def test_every_listed_command_loads_with_the_help_line_the_list_shows():
    import click

    from tui.cli import COMMANDS, cli, load_command

    assert sorted(COMMANDS) == cli.list_commands(click.Context(cli))
    for name, (_module, _attribute, first_sentence) in COMMANDS.items():
        command = load_command(name)
        assert command is not None and command.name == name.rstrip("_")
        assert (command.help or "").split("\n\n")[0].strip() == first_sentence, name
    assert load_command("nonsense") is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--db", "x.db"], (True, "x.db")),
        (["--db=x.db"], (True, "x.db")),
        (["--db"], (False, None)),
        (["--db", "--help"], (False, None)),
        (["--db="], (False, None)),
        (["today"], (False, None)),
        (["--db", "x.db", "today"], (False, None)),
        (["--help"], (False, None)),
        (["-V"], (False, None)),
    ],
)
def test_only_plain_launches_skip_the_command_parser(args, expected):
    from tui.entry import app_only

    assert app_only(args) == expected


def test_a_plain_launch_loads_no_parser_and_fails_in_one_line(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code = (
        "import sys\n"
        f"sys.argv = ['bounceback', '--db', {str(folder)!r}]\n"
        "import tui.entry\n"
        "try:\n"
        "    tui.entry.main()\n"
        "except SystemExit as stop:\n"
        "    sys.stderr.write(f'exit {stop.code}; click loaded: {\"click\" in sys.modules}')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    lines = result.stderr.splitlines()
    assert lines[0] == f"bounceback: {folder} is a folder, not a data file"
    assert lines[1] == "exit 1; click loaded: False"


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (KeyboardInterrupt(), 130, "bounceback: stopped"),
        (sqlite3.OperationalError("disk I/O error"), 1, "bounceback: {path}: disk I/O error"),
        (RuntimeError("boom"), 1, "bounceback: unexpected error: RuntimeError: boom"),
    ],
    ids=["ctrl-c", "sqlite", "anything else"],
)
def test_a_plain_launch_that_fails_says_so_in_one_line(
    tmp_path, monkeypatch, capsys, raised, code, said
):
    import gc

    import tui.entry

    path = tmp_path / "data.db"

    def run_app(db):  # type: ignore[no-untyped-def]
        raise raised

    monkeypatch.setattr(tui.entry, "run_app", run_app)
    monkeypatch.setattr(sys, "argv", ["bounceback", "--db", str(path)])
    try:
        with pytest.raises(SystemExit) as stopped:
            tui.entry.main()
    finally:
        gc.enable()  # the launch turns collection off until the app paints
    assert stopped.value.code == code
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1].startswith(said.format(path=path))


def test_help_is_as_wide_as_click_would_make_it() -> None:
    """The width is worked out without shutil; it must be the one click works out itself."""
    script = (
        "import click.formatting, tui.cli;"
        "print(tui.cli.help_width(), click.formatting.HelpFormatter().width)"
    )
    for columns in ("", "40", "60", "79", "100", "200", "junk"):
        env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        if columns:
            env["COLUMNS"] = columns
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        ours, clicks = done.stdout.split()
        assert ours == clicks, columns


def test_help_width_follows_a_width_click_was_told_to_use(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import click.formatting

    from tui.cli import help_width

    monkeypatch.setattr(click.formatting, "FORCED_WIDTH", 64)
    assert help_width() == 64


def test_a_command_reads_the_settings_once_and_again_after_saving_them(ready, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tui.commands.base import Context
    from tui.store import settings

    loads: list[object] = []
    load = settings.load
    monkeypatch.setattr(settings, "load", lambda db: loads.append(db) or load(db))
    context = Context(str(ready))
    assert context.require_setup().initialized
    context.day("yesterday")
    context.today()
    assert len(loads) == 1  # the checks, today and the date share one read
    settings.save(context.db, {"name": "Robin"})
    assert context.settings().name != "Robin"  # still the one read
    context.forget_settings()
    assert context.settings().name == "Robin"
    assert len(loads) == 2
    context.db.close()
