"""The limits from the shell: the same ones as the app's forms and the importer, one line each.

Every run uses the fixed clock of test_cli.py: today is Saturday 2026-11-21, the search started
2026-11-02.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from ..helpers import TODAY as TODAY_DATE
from ..helpers import bad_usage, bb, failed, ok

TODAY = TODAY_DATE.isoformat()
START = "2026-11-02"

HUGE = ["9223372036854775808", "18446744073709551616", "9" * 40, "1" + "0" * 5000]
HUGE_IDS = ["2**63", "2**64", "40-digits", "5001-digits"]


@pytest.fixture
def ready(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "bounceback.db"
    ok("init", "--name", "Sam", "--start", START, "--starter", db=path)
    return path


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "red.png"
    Image.new("RGB", (6, 4), (200, 30, 30)).save(path)
    return path


def _unexpected_never(result) -> None:  # type: ignore[no-untyped-def]
    assert "unexpected" not in result.stderr, result.stderr


# --- one set of limits ------------------------------------------------------------------------


def test_what_the_shell_takes_always_imports_again(ready: Path, tmp_path: Path):
    """A title or target the shell took used to make the whole export unimportable."""
    task = ["task", "add", "--pillar", "apply"]
    failed(bb(*task, "--title", "x" * 100_001, db=ready), "a title is at most 200 characters")
    failed(bb(*task, "--title", "Call", "--target", str(2**31), db=ready), "target", "10000")
    ok(*task, "--title", "x" * 200, "--target", "10000", "--unit", "u" * 40, db=ready)
    ok("check", "x" * 200, "--amount", "100000", db=ready)
    exported = tmp_path / "export.json"
    ok("export", "-o", exported, db=ready)
    fresh = tmp_path / "fresh" / "bounceback.db"
    ok("import", exported, db=fresh)
    assert json.loads(ok("export", db=fresh))["tasks"] == json.loads(exported.read_text())["tasks"]


@pytest.mark.parametrize("char", ["\x1b", "\t", "\n", "\x7f", "\x85", "\x9b"])
def test_one_line_texts_refuse_control_characters(ready: Path, picture: Path, char: str):
    bad = f"Send{char}the CV"
    cases = [
        (["task", "add", "--pillar", "apply", "--title", bad], "a title"),
        (["task", "add", "--pillar", "apply", "--title", "Call", "--unit", bad], "a unit"),
        (["routine", "add", "--pillar", "learn", "--title", bad], "a title"),
        (["pause", "add", "2026-11-10", "2026-11-11", "--reason", bad], "a reason"),
        (["init", "--name", bad], "a name"),
        (["config", "set", "name", bad], "a name"),
        (["board", "add", str(picture), "--caption", bad], "a caption"),
    ]
    before = ok("export", db=ready)
    for args, what in cases:
        failed(bb(*args, db=ready), f"{what} cannot hold control characters")
    after = json.loads(ok("export", db=ready))
    after.pop("exported_at")
    expected = json.loads(before)
    expected.pop("exported_at")
    assert after == expected


# --- numbers past SQLite's range --------------------------------------------------------------


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
def test_ids_past_sqlites_range_name_nothing(ready: Path, tmp_path: Path, number: str):
    for args, what in [
        (["routine", "archive", number], "no routine with id"),
        (["routine", "archive", number, "--undo"], "no routine with id"),
        (["board", "remove", number], "no image with id"),
        (["board", "export", number, "-o", str(tmp_path / "out.png")], "no image with id"),
        (["pause", "remove", number], "no pause with id"),
    ]:
        result = bb(*args, db=ready)
        _unexpected_never(result)
        failed(result, what)
    assert not (tmp_path / "out.png").exists()


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
def test_numbers_past_sqlites_range_are_one_line(ready: Path, number: str):
    for args, what in [
        (["task", "add", "--pillar", "apply", "--title", "x", "--target", number], "target"),
        (["routine", "add", "--pillar", "apply", "--title", "x", "--target", number], "target"),
        (["check", "walk", "--amount", number], "amount"),
        (["config", "set", "day_start_hour", number], "day_start_hour"),
        (["config", "set", "apply.weekly_target", number], "weekly_target"),
    ]:
        result = bb(*args, db=ready)
        _unexpected_never(result)
        line = failed(result, what)
        assert len(line) < 160, line


def test_a_number_of_thousands_of_digits_is_named_short(ready: Path):
    line = failed(bb("board", "remove", HUGE[-1], db=ready), "no image with id")
    assert line.endswith("with id 1000000000…(5001 digits)")
    line = failed(bb("config", "set", "day_start_hour", HUGE[-1], db=ready), "between 0 and 12")
    assert line.endswith("not 1000000000…(5001 digits)")


def test_not_a_number_is_still_bad_usage(ready: Path):
    bad_usage(bb("routine", "archive", "walk", db=ready), "ROUTINE_ID")
    bad_usage(bb("task", "add", "--pillar", "apply", "--title", "x", "--target", "1e3", db=ready))


def test_a_number_option_is_checked_before_the_data_file_is_opened(tmp_path: Path):
    missing = tmp_path / "missing" / "bounceback.db"
    failed(bb("routine", "archive", HUGE[1], db=missing), "no routine with id")
    assert not missing.exists()


# --- days far away ----------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "2526-12-31", "2027-11-23"])
def test_a_day_more_than_a_year_ahead_is_refused(ready: Path, day: str):
    for args in (
        ["freeze", "learn", "--day", day],
        ["today", "--day", day],
        ["today", "--json", "--day", day],
        ["task", "add", "--pillar", "apply", "--title", "x", "--day", day],
        ["routine", "add", "--pillar", "apply", "--title", "x", "--start", day],
        ["pause", "add", "2026-11-10", day],
        ["pause", "add", day, day],
    ):
        result = bb(*args, db=ready)
        _unexpected_never(result)
        failed(result, day, "more than a year away")


@pytest.mark.parametrize("day", ["0001-01-01", "2026-11-01"])
def test_a_day_before_the_search_is_refused(ready: Path, day: str):
    for args in (
        ["stats", "--as-of", day],
        ["stats", "--json", "--as-of", day],
        ["freeze", "learn", "--day", day],
        ["check", "walk", "--day", day],
        ["today", "--day", day],
        ["task", "add", "--pillar", "apply", "--title", "x", "--day", day],
        ["routine", "add", "--pillar", "apply", "--title", "x", "--start", day],
        ["pause", "add", day, "2026-11-10"],
    ):
        result = bb(*args, db=ready)
        _unexpected_never(result)
        failed(result, day, "before your search started")


def test_the_bounds_themselves_are_fine(ready: Path):
    assert json.loads(ok("today", "--json", "--day", "2027-11-22", db=ready))["day"] == "2027-11-22"
    assert json.loads(ok("stats", "--json", "--as-of", START, db=ready))["as_of"] == START
    ok("task", "add", "--pillar", "apply", "--title", "Plan", "--day", "2027-11-22", db=ready)


def test_a_search_start_far_back_is_refused(ready: Path, tmp_path: Path):
    fresh = tmp_path / "fresh" / "bounceback.db"
    failed(bb("init", "--start", "0001-01-01", db=fresh), "more than ten years ago")
    failed(bb("init", "--start", "2016-11-20", db=fresh), "more than ten years ago")
    ok("init", "--start", "2016-11-21", db=fresh)  # ten years back, to the day
    failed(bb("config", "set", "start_date", "0001-01-01", db=ready), "more than ten years ago")
    failed(bb("config", "set", "start_date", "9999-12-31", db=ready), "in the future")
    assert ok("config", "get", "start_date", db=ready) == f"{START}\n"
    assert ok("config", "get", "start_date", db=fresh) == "2016-11-21\n"
    assert TODAY == "2026-11-21"
