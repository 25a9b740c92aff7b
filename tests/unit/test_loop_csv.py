"""Loop Habit Tracker CSV export: Loop's own expected files byte for byte, then our routines."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tui.domain.models import Routine, RoutineDraft
from tui.export.loop_csv import (
    NO,
    NUMERICAL,
    SKIP,
    UNKNOWN,
    YES_AUTO,
    YES_MANUAL,
    YES_NO,
    LoopHabit,
    compute_checkmarks,
    compute_scores,
    export_routines,
    format_score,
    habit_dir_name,
    java_double_to_string,
    loop_frequency,
    write_loop_csv,
)
from tui.store import entries, excuses, routines
from tui.store.db import Database

CONFORMANCE = Path(__file__).parents[2].parent / "shared" / "conformance" / "loop-csv"
LOOP_TODAY = date(2015, 1, 25)
TODAY = date(2026, 11, 21)  # the frozen clock in conftest


def _fixture_habits(layout: str) -> list[LoopHabit]:
    data = json.loads((CONFORMANCE / layout / "input.json").read_text(encoding="utf-8"))
    habits = []
    for habit in data["habits"]:
        rows = [
            (LOOP_TODAY - timedelta(days=ago), value, note) for ago, value, note in habit["entries"]
        ]
        habits.append(
            LoopHabit(
                name=habit["name"],
                question=habit["question"],
                description=habit["description"],
                numerator=habit["numerator"],
                denominator=habit["denominator"],
                color=habit["color"],
                archived=habit["archived"],
                type=habit["type"],
                entries={day: value for day, value, _ in rows},
                notes={day: note for day, _, note in rows if note},
            )
        )
    return habits


def _relative_files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize("layout", ["v2.3.1", "pre-v2.3.1"])
def test_reproduces_loops_expected_files(layout: str, tmp_path: Path) -> None:
    if not CONFORMANCE.is_dir():
        pytest.skip(f"Loop conformance files not found at {CONFORMANCE}")
    expected_root = CONFORMANCE / layout / "expected"
    out = tmp_path / layout
    written = write_loop_csv(_fixture_habits(layout), out, LOOP_TODAY, layout)

    expected = _relative_files(expected_root)
    assert expected, f"no expected files under {expected_root}"
    assert _relative_files(out) == expected  # nothing missing, nothing extra
    assert {path.relative_to(out).as_posix() for path in written} == expected
    for relative in sorted(expected):
        want = (expected_root / relative).read_bytes().decode("utf-8")
        got = (out / relative).read_bytes().decode("utf-8")
        assert got == want, f"{layout}/{relative} differs"


def test_scores_are_formatted_as_java_does() -> None:
    # 0.00015 is stored as 0.000149999…; Java's %.4f rounds its shortest digits half up.
    assert f"{0.00015:.4f}" == "0.0001"
    assert format_score(0.00015) == "0.0002"
    assert format_score(0.00025) == "0.0003"
    assert format_score(0.99995) == "1.0000"
    assert format_score(0.0) == "0.0000"
    assert format_score(1.0) == "1.0000"
    assert format_score(0.25570001) == "0.2557"


def test_targets_are_written_as_java_doubles() -> None:
    assert java_double_to_string(2.0) == "2.0"
    assert java_double_to_string(0.5) == "0.5"
    assert java_double_to_string(1e7) == "1.0E7"
    assert java_double_to_string(0.0001) == "1.0E-4"


def test_folder_names_follow_loops_sanitiser() -> None:
    assert habit_dir_name(1, "Meditate") == "001 Meditate"
    assert habit_dir_name(12, "Read / write: 30 min!") == "012 Read  write 30 min"
    assert habit_dir_name(3, "Café ☕") == "003 Caf"
    assert habit_dir_name(4, "☕") == "004"
    assert len(habit_dir_name(5, "x" * 300)) == 104


def test_yes_auto_fills_frequency_windows() -> None:
    day = date(2024, 3, 1)
    habit = LoopHabit(
        "Gym",
        numerator=1,
        denominator=3,
        entries={day: YES_MANUAL, day + timedelta(days=1): NO},
        notes={day + timedelta(days=5): "a note on an empty day"},
    )
    marks = compute_checkmarks(habit)
    assert marks[day].value == YES_MANUAL
    assert marks[day + timedelta(days=1)].value == YES_AUTO  # a NO inside the window
    assert marks[day + timedelta(days=2)].value == YES_AUTO  # the window reaches past the entry
    assert day + timedelta(days=3) not in marks
    assert marks[day + timedelta(days=5)].value == UNKNOWN


def test_skip_keeps_the_score_and_numerical_scores_use_the_target() -> None:
    start = date(2024, 1, 1)
    today = start + timedelta(days=3)
    skipped = LoopHabit("Walk", entries={start: YES_MANUAL, start + timedelta(days=1): SKIP})
    scores = compute_scores(skipped, today)
    assert scores[start + timedelta(days=1)] == scores[start] > 0
    assert min(scores) == start and max(scores) == today + timedelta(days=30)

    half = LoopHabit("Pages", type=NUMERICAL, target=10.0, entries={start: 5000})
    full = LoopHabit("Pages", type=NUMERICAL, target=10.0, entries={start: 10000})
    assert compute_scores(full, start)[start] == pytest.approx(
        2 * compute_scores(half, start)[start]
    )


def _routine(rrule: str, start: date = date(2026, 11, 2)) -> Routine:
    return Routine(1, "learn", "R", "check", 1, "", rrule, start)


def test_frequency_from_schedules() -> None:
    assert loop_frequency(_routine("FREQ=DAILY")) == (1, 1)
    assert loop_frequency(_routine("FREQ=DAILY;INTERVAL=3")) == (1, 3)
    assert loop_frequency(_routine("FREQ=WEEKLY;BYDAY=MO,WE,FR")) == (3, 7)
    assert loop_frequency(_routine("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU")) == (1, 1)
    assert loop_frequency(_routine("FREQ=DAILY"), frozenset({5, 6})) == (5, 7)
    assert loop_frequency(_routine("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")) == (1, 14)
    assert loop_frequency(_routine("FREQ=MONTHLY;BYMONTHDAY=2")) == (1, 28)


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def history_db(ready_db: Database) -> Database:
    """The starter routines from 2026-11-02, a run of walks and a few extras."""
    by_title = {r.title: r for r in routines.list_routines(ready_db)}
    walk = by_title["A 20-minute walk"]
    for offset in range(8, 19):  # done every day 10–20 November (today, the 21st, still open)
        day = date(2026, 11, 2) + timedelta(days=offset)
        entries.put(ready_db, walk.ref, day, 1, "felt great, really" if offset == 8 else "")
    send = by_title["Send tailored applications"]
    entries.put(ready_db, send.ref, date(2026, 11, 18), 3, "")
    excuses.add_pause(ready_db, date(2026, 11, 5), date(2026, 11, 6), "ill")
    odd = routines.add(
        ready_db, RoutineDraft("learn", "Read / write", 1, "", "FREQ=DAILY"), date(2026, 11, 2)
    )
    routines.set_archived(ready_db, odd.id, date(2026, 11, 15))
    routines.add(
        ready_db, RoutineDraft("learn", "read / WRITE", 1, "", "FREQ=DAILY"), date(2026, 11, 2)
    )
    return ready_db


@pytest.mark.parametrize("layout", ["v2.3.1", "pre-v2.3.1"])
def test_export_routines(history_db: Database, tmp_path: Path, layout: str) -> None:
    out = tmp_path / "loop"
    written = export_routines(history_db, out, TODAY, layout)
    assert all(path.is_file() for path in written)
    assert {path.name for path in written} == {"Habits.csv", "Checkmarks.csv", "Scores.csv"}

    habits = _read(out / "Habits.csv")
    assert habits[0] == [
        "Position",
        "Name",
        "Type",
        "Question",
        "Description",
        "FrequencyNumerator",
        "FrequencyDenominator",
        "Color",
        "Unit",
        "Target Type",
        "Target Value",
        "Archived?",
    ]
    rows = {row[1]: row for row in habits[1:]}
    assert len(rows) == len(habits) - 1 == 9  # seven starters + two, names unique
    send = rows["Send tailored applications"]
    assert send[2] == NUMERICAL and send[5:7] == ["5", "7"]  # weekdays, no weekend rest days
    assert send[8:11] == ["applications", "AT_LEAST", "10.0"]  # 2 a day, 5 days in 7
    walk = rows["A 20-minute walk"]
    assert walk[2] == YES_NO and walk[5:7] == ["1", "1"] and walk[11] == "false"
    assert rows["Read / write"][11] == "true" and "read / WRITE (2)" in rows

    folders = {path.parent.name for path in written if path.parent != out}
    assert len(folders) == 9
    assert all("/" not in name for name in folders)
    walk_dir = out / habit_dir_name(int(walk[0]), walk[1])
    assert walk_dir.name == f"{walk[0]} A 20-minute walk"
    checks = _read(walk_dir / "Checkmarks.csv")
    scores = _read(walk_dir / "Scores.csv")
    if layout == "v2.3.1":
        assert checks[0] == ["Date", "Value", "Notes"] and scores[0] == ["Date", "Score"]
        checks, scores = checks[1:], scores[1:]
        marks = {row[0]: row[1:] for row in checks}
        assert marks["2026-11-10"] == ["YES_MANUAL", "felt great, really"]
        assert marks["2026-11-09"] == ["NO", ""]
        assert marks["2026-11-05"] == ["SKIP", ""]  # the pause
    else:
        marks = {row[0]: row[1:] for row in checks}
        assert marks["2026-11-10"] == [str(YES_MANUAL)]
        assert marks["2026-11-09"] == [str(NO)]
        assert marks["2026-11-05"] == [str(SKIP)]
    assert "2026-11-21" not in marks  # today is still open
    assert checks[-1][0] == "2026-11-02"  # from the routine's start, newest first

    by_day = {row[0]: float(row[1]) for row in scores}
    assert scores[0][0] == "2026-11-21" and scores[-1][0] == "2026-11-02"
    assert all(0.0 <= value <= 1.0 for value in by_day.values())
    run = [by_day[(date(2026, 11, 10) + timedelta(days=i)).isoformat()] for i in range(11)]
    assert all(later > earlier for earlier, later in zip(run, run[1:], strict=False))

    send_dir = out / habit_dir_name(int(send[0]), send[1])
    send_marks = {row[0]: row[1] for row in _read(send_dir / "Checkmarks.csv") if row[0] != "Date"}
    assert send_marks["2026-11-18"] == "3000"  # thousandths, as Loop stores amounts

    combined = (out / "Checkmarks.csv").read_text(encoding="utf-8").splitlines()
    assert combined[0].startswith("Date,") and combined[0].endswith(",")
    assert combined[1].startswith("2026-11-21,") and combined[-1].startswith("2026-11-02,")
    assert all(line.endswith(",") for line in combined)
    assert len(combined[0].split(",")) == 11  # Date, nine habits, the trailing empty field


def test_export_counts_as_yes_no_when_asked(history_db: Database) -> None:
    from tui.export.loop_csv import habits_from_history
    from tui.store.history import load

    habits = habits_from_history(load(history_db), TODAY, numerical_counts=False)
    send = next(h for h in habits if h.name == "Send tailored applications")
    assert send.type == YES_NO and send.unit == ""
    assert send.entries[date(2026, 11, 18)] == YES_MANUAL  # 3 of 2
    assert send.entries[date(2026, 11, 17)] == NO
    assert date(2026, 11, 14) not in send.entries  # a Saturday: never due


def test_unknown_layout_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="layout"):
        write_loop_csv([], tmp_path, LOOP_TODAY, "v9")
