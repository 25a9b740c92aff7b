"""Loop Habit Tracker's CSV export layout, reproduced byte for byte, and an adapter for routines.

The core (`LoopHabit`, `compute_checkmarks`, `compute_scores`, `write_loop_csv`) is pure and
follows Loop's own rules (uhabits-core: `EntryList.recomputeFrom`, `ScoreList.recompute`,
`HabitsCSVExporter`, `HabitList.writeCSV`), so it can be checked against Loop's expected files.
`export_routines` turns a Bounceback data file into Loop habits and writes them with the core.

Two layouts exist:

- ``"v2.3.1"``: per-habit files carry a header line; checkmarks are written as names
  (YES_MANUAL, YES_AUTO, NO, SKIP, UNKNOWN) with the entry's note.
- ``"pre-v2.3.1"`` (Loop 2.3.0 and older): per-habit files have no header; checkmarks are the
  integer codes (2, 1, 0, 3, -1, or thousandths for numerical habits) and no notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from math import gcd, sqrt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..domain.models import Routine
    from ..domain.streaks import History
    from ..store.db import Database

# Loop's entry values (uhabits-core Entry.kt).
YES_MANUAL = 2
YES_AUTO = 1
NO = 0
SKIP = 3
UNKNOWN = -1

YES_NO = "YES_NO"
NUMERICAL = "NUMERICAL"
AT_LEAST = "AT_LEAST"
AT_MOST = "AT_MOST"

LAYOUTS = ("v2.3.1", "pre-v2.3.1")

# Loop's PaletteColor.toCsvColor(), by palette index.
PALETTE = (
    "#D32F2F",
    "#E64A19",
    "#F57C00",
    "#FF8F00",
    "#F9A825",
    "#AFB42B",
    "#7CB342",
    "#388E3C",
    "#00897B",
    "#00ACC1",
    "#039BE5",
    "#1976D2",
    "#303F9F",
    "#5E35B1",
    "#8E24AA",
    "#D81B60",
    "#5D4037",
    "#303030",
    "#757575",
    "#aaaaaa",
)

_VALUE_NAMES = {
    YES_MANUAL: "YES_MANUAL",
    YES_AUTO: "YES_AUTO",
    NO: "NO",
    SKIP: "SKIP",
    UNKNOWN: "UNKNOWN",
}

_HABITS_HEADER = (
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
)


@dataclass(frozen=True)
class LoopHabit:
    """One Loop habit with its original (user-entered) entries.

    `entries` maps a day to Loop's value: YES_MANUAL, NO, SKIP (or UNKNOWN) for yes/no habits,
    thousandths of the unit for numerical ones. `notes` maps a day to that day's note; a note on
    a day without an entry is kept, as Loop keeps it. `target` is the amount per
    `denominator`-day window for numerical habits.
    """

    name: str
    question: str = ""
    description: str = ""
    numerator: int = 1
    denominator: int = 1
    color: str = PALETTE[8]
    archived: bool = False
    type: str = YES_NO
    unit: str = ""
    target: float = 0.0
    target_type: str = AT_LEAST
    entries: Mapping[date, int] = field(default_factory=dict)
    notes: Mapping[date, str] = field(default_factory=dict)

    @property
    def is_numerical(self) -> bool:
        return self.type == NUMERICAL

    @property
    def frequency(self) -> tuple[int, int]:
        """Numerator and denominator as Loop's `Frequency` keeps them (n in n days is 1 in 1)."""
        if self.numerator == self.denominator:
            return 1, 1
        return self.numerator, self.denominator


@dataclass(frozen=True)
class Checkmark:
    """One computed entry: Loop's value and the day's note."""

    value: int
    note: str = ""


# ---------------------------------------------------------------------------------------------
# Checkmarks (EntryList.recomputeFrom)


@dataclass(frozen=True)
class _Interval:
    begin: date
    center: date
    end: date


def _month_length(day: date) -> int:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _original(habit: LoopHabit) -> list[tuple[date, int, str]]:
    """Loop's `originalEntries.getKnown()`: every stored day, newest first."""
    days = set(habit.entries) | {day for day, note in habit.notes.items() if note}
    return [
        (day, habit.entries.get(day, UNKNOWN), habit.notes.get(day, ""))
        for day in sorted(days, reverse=True)
    ]


def _build_intervals(
    numerator: int, denominator: int, original: list[tuple[date, int, str]]
) -> list[_Interval]:
    done = [day for day, value, _ in original if value == YES_MANUAL]
    intervals: list[_Interval] = []
    for i in range(numerator - 1, len(done)):
        begin = done[i]
        center = done[i - numerator + 1]
        size = denominator
        if denominator in (30, 31):
            # "Every month": the window is the length of the month the streak starts in.
            length = _month_length(begin)
            size = _month_length(begin + timedelta(days=1)) if begin.day == length else length
        if (center - begin).days < size:
            intervals.append(_Interval(begin, center, begin + timedelta(days=size - 1)))
    return intervals


def _snap_intervals_together(intervals: list[_Interval]) -> None:
    """Slide older intervals back in time to close gaps (maximises streaks, as Loop does)."""
    for i in range(1, len(intervals)):
        current = intervals[i]
        newer = intervals[i - 1]
        gap_newer_to_current = (current.end - newer.begin).days
        gap_center_to_end = (current.end - current.center).days
        if gap_newer_to_current >= 0:
            shift = timedelta(days=min(gap_center_to_end, gap_newer_to_current + 1))
            intervals[i] = _Interval(current.begin - shift, current.center, current.end - shift)


def compute_checkmarks(habit: LoopHabit) -> dict[date, Checkmark]:
    """Loop's computed entries: originals plus YES_AUTO days inside each frequency window.

    Only known days are returned (UNKNOWN days without a note are left out), as in
    `computedEntries.getKnown()`. Windows may reach past today, as they do in Loop.
    """
    original = _original(habit)
    if habit.is_numerical:
        return {day: Checkmark(value, note) for day, value, note in original}
    if not original:
        return {}
    numerator, denominator = habit.frequency
    intervals = _build_intervals(numerator, denominator, original)
    _snap_intervals_together(intervals)
    first = min(
        [day for day, _, _ in original] + [interval.begin for interval in intervals],
    )
    last = max([day for day, _, _ in original] + [interval.end for interval in intervals])
    values: dict[date, int] = {}
    for interval in intervals:
        day = interval.begin
        while day <= interval.end:
            values[day] = YES_AUTO
            day += timedelta(days=1)
    notes: dict[date, str] = {}
    for day, value, note in original:
        current = values.get(day, UNKNOWN)
        if current == UNKNOWN or value in (SKIP, YES_MANUAL):
            values[day] = value
        else:
            values[day] = YES_AUTO
        notes[day] = note
    result: dict[date, Checkmark] = {}
    day = last
    while day >= first:
        value = values.get(day, UNKNOWN)
        note = notes.get(day, "")
        if value != UNKNOWN or note:
            result[day] = Checkmark(value, note)
        day -= timedelta(days=1)
    return result


# ---------------------------------------------------------------------------------------------
# Scores (ScoreList.recompute, Score.compute)


def compute_scores(
    habit: LoopHabit, today: date, checkmarks: Mapping[date, Checkmark] | None = None
) -> dict[date, float]:
    """Loop's score for every day from the oldest computed entry through today + 30 days.

    `S = m·S + (1−m)·c`; for yes/no habits c is min(1, YES_MANUAL days in the window / n) with
    the window and n doubled when f < 1; for numerical habits c compares the window's sum with
    the target. SKIP days leave the score as it was. Days outside the range score 0.
    """
    if checkmarks is None:
        checkmarks = compute_checkmarks(habit)
    last = today + timedelta(days=30)
    first = min(checkmarks) if checkmarks else today
    first = min(first, last)
    numerator, denominator = habit.frequency
    freq = numerator / denominator
    values = [
        checkmarks[first + timedelta(days=i)].value
        if first + timedelta(days=i) in checkmarks
        else UNKNOWN
        for i in range((last - first).days + 1)
    ]
    if not habit.is_numerical and freq < 1.0:
        numerator *= 2
        denominator *= 2
    multiplier = 0.5 ** (sqrt(freq) / 13.0)
    at_most = habit.is_numerical and habit.target_type == AT_MOST
    target = float(habit.target)
    rolling = 0.0
    previous = 1.0 if at_most else 0.0
    scores: dict[date, float] = {}
    for i, value in enumerate(values):
        old = values[i - denominator] if i - denominator >= 0 else None
        if habit.is_numerical:
            rolling += max(0, value)
            if old is not None:
                rolling -= max(0, old)
            if value != SKIP:
                total = rolling / 1000
                if not at_most:
                    completed = min(1.0, total / target) if target > 0 else 1.0
                elif target > 0:
                    completed = min(1.0, max(0.0, 1 - (total - target) / target))
                else:
                    completed = 0.0 if total > 0 else 1.0
                previous = previous * multiplier + completed * (1 - multiplier)
        else:
            if value == YES_MANUAL:
                rolling += 1.0
            if old == YES_MANUAL:
                rolling -= 1.0
            if value != SKIP:
                completed = min(1.0, rolling / numerator)
                previous = previous * multiplier + completed * (1 - multiplier)
        scores[first + timedelta(days=i)] = previous
    return scores


# ---------------------------------------------------------------------------------------------
# Formatting, as the JVM does it


def format_score(value: float) -> str:
    """Java's `String.format(Locale.US, "%.4f", value)`.

    Java's Formatter rounds HALF_UP on the shortest decimal digits that identify the double
    (`Double.toString`'s digits, which `repr` gives), not on the exact binary value: 0.00015 is
    stored as 0.000149999…, yet Java writes 0.0002 where Python's `%.4f` writes 0.0001.
    """
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return f"{rounded:.4f}"


def java_double_to_string(value: float) -> str:
    """Java's `Double.toString` for the values a habit target takes (e.g. 2.0, 0.5, 1.0E7)."""
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}[repr(value)]
    if value == 0:
        return "-0.0" if repr(value).startswith("-") else "0.0"
    if 1e-3 <= abs(value) < 1e7:
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    digits, _, exponent = f"{Decimal(repr(value)):E}".partition("E")
    mantissa = digits.rstrip("0").rstrip(".") if "." in digits else digits
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{int(exponent)}"


def csv_field(text: str) -> str:
    """One field as opencsv's CSVWriter writes it without quote-all: quoted only if needed."""
    if any(char in text for char in '",\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(fields: Sequence[str]) -> str:
    return ",".join(csv_field(text) for text in fields) + "\n"


def formatted_value(value: int) -> str:
    """Loop's `Entry.formattedValue`: a name for the five codes, else the number."""
    return _VALUE_NAMES.get(value, str(value))


def sanitize_filename(name: str) -> str:
    """Loop's folder-name rule: only letters, digits, space, `.`, `_`, `-`; at most 100."""
    return re.sub(r"[^ a-zA-Z0-9._-]+", "", name)[:100]


def habit_dir_name(position: int, name: str) -> str:
    """`NNN Name` for the habit at 1-based `position`, as Loop names its folders."""
    return f"{position:03d} {sanitize_filename(name)}".strip()


# ---------------------------------------------------------------------------------------------
# Writing


def _habits_csv(habits: Sequence[LoopHabit]) -> str:
    lines = [_csv_line(_HABITS_HEADER)]
    for position, habit in enumerate(habits, start=1):
        numerator, denominator = habit.frequency
        lines.append(
            _csv_line(
                (
                    f"{position:03d}",
                    habit.name,
                    habit.type,
                    habit.question,
                    habit.description,
                    str(numerator),
                    str(denominator),
                    habit.color,
                    habit.unit if habit.is_numerical else "",
                    habit.target_type if habit.is_numerical else "",
                    java_double_to_string(habit.target) if habit.is_numerical else "",
                    "true" if habit.archived else "false",
                )
            )
        )
    return "".join(lines)


def _days_back(newest: date, oldest: date) -> list[date]:
    return [newest - timedelta(days=i) for i in range((newest - oldest).days + 1)]


def _habit_checkmarks_csv(checkmarks: Mapping[date, Checkmark], modern: bool) -> str:
    lines = [_csv_line(("Date", "Value", "Notes"))] if modern else []
    for day in sorted(checkmarks, reverse=True):
        mark = checkmarks[day]
        if modern:
            lines.append(_csv_line((day.isoformat(), formatted_value(mark.value), mark.note)))
        else:
            lines.append(f"{day.isoformat()},{mark.value}\n")
    return "".join(lines)


def _habit_scores_csv(
    checkmarks: Mapping[date, Checkmark], scores: Mapping[date, float], today: date, modern: bool
) -> str:
    lines = [_csv_line(("Date", "Score"))] if modern else []
    oldest = min(checkmarks) if checkmarks else today
    for day in _days_back(today, oldest):
        lines.append(f"{day.isoformat()},{format_score(scores.get(day, 0.0))}\n")
    return "".join(lines)


def _combined_header(habits: Sequence[LoopHabit]) -> str:
    # Loop writes the names unquoted; quoting only names that need it keeps the columns straight
    # and changes nothing for names Loop itself writes correctly.
    return "Date," + "".join(csv_field(habit.name) + "," for habit in habits) + "\n"


def write_loop_csv(
    habits: Sequence[LoopHabit], out_dir: Path, today: date, layout: str = "v2.3.1"
) -> list[Path]:
    """Write Loop's CSV export of `habits` into `out_dir`; returns the files written.

    `Habits.csv`, then per habit `NNN Name/Checkmarks.csv` and `NNN Name/Scores.csv`, then the
    combined `Checkmarks.csv` and `Scores.csv` (newest day first, each line ending with a comma)
    from the oldest entry of any habit through `today`.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown Loop CSV layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    from ..files import make_private_folder, write_private

    modern = layout == "v2.3.1"
    make_private_folder(out_dir)
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        # Private (0600 in 0700 folders), each file whole or not at all.
        path = out_dir / relative
        make_private_folder(path.parent)
        write_private(path, text.encode("utf-8"), replace=True)
        written.append(path)

    write("Habits.csv", _habits_csv(habits))
    computed = [compute_checkmarks(habit) for habit in habits]
    scores = [
        compute_scores(habit, today, marks) for habit, marks in zip(habits, computed, strict=True)
    ]
    for position, habit in enumerate(habits, start=1):
        folder = habit_dir_name(position, habit.name)
        marks = computed[position - 1]
        write(f"{folder}/Scores.csv", _habit_scores_csv(marks, scores[position - 1], today, modern))
        write(f"{folder}/Checkmarks.csv", _habit_checkmarks_csv(marks, modern))

    known = [day for habit in habits for day, _, _ in _original(habit)]
    days = _days_back(today, min(known)) if known else []
    checks_lines = [_combined_header(habits)]
    scores_lines = [_combined_header(habits)]
    for day in days:
        checks = [day.isoformat()]
        values = [day.isoformat()]
        for marks, habit_scores in zip(computed, scores, strict=True):
            value = marks[day].value if day in marks else UNKNOWN
            checks.append(formatted_value(value) if modern else str(value))
            values.append(format_score(habit_scores.get(day, 0.0)))
        checks_lines.append(",".join(checks) + ",\n")
        scores_lines.append(",".join(values) + ",\n")
    write("Scores.csv", "".join(scores_lines))
    write("Checkmarks.csv", "".join(checks_lines))
    return written


# ---------------------------------------------------------------------------------------------
# Bounceback routines as Loop habits

PILLAR_COLORS: dict[str, str] = {
    "apply": PALETTE[11],  # blue
    "network": PALETTE[14],  # purple
    "learn": PALETTE[3],  # amber
    "self_care": PALETTE[7],  # green
}


def _reduced(numerator: int, denominator: int) -> tuple[int, int]:
    numerator = max(1, min(numerator, denominator))
    divisor = gcd(numerator, denominator)
    return numerator // divisor, denominator // divisor


def loop_frequency(routine: Routine, rest_days: frozenset[int] = frozenset()) -> tuple[int, int]:
    """A routine's schedule as Loop's "numerator times in denominator days".

    Every day is 1/1, every N days 1/N, chosen weekdays k/7 (the pillar's rest weekdays taken
    out, as the routine is never due on them); any other rule counts its due days in the 28
    days from the routine's start, over 28, reduced.
    """
    from ..domain.schedule import occurs_on, preset_of

    preset = preset_of(routine.rrule)
    if preset.name == "daily" or preset.name in ("weekdays", "chosen"):
        weekdays = frozenset(range(7)) if preset.name == "daily" else preset.weekdays
        count = len(weekdays - rest_days)
        if count:
            return _reduced(count, 7)
    elif preset.name == "every_n" and not rest_days:
        return 1, preset.interval
    window = [routine.start_date + timedelta(days=i) for i in range(28)]
    count = sum(
        1
        for day in window
        if day.weekday() not in rest_days and occurs_on(routine.rrule, routine.start_date, day)
    )
    return _reduced(count, 28)


def _unique_names(titles: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    names: list[str] = []
    for title in titles:
        base = " ".join(title.split()) or "Routine"
        name, number = base, 2
        while name.casefold() in seen:
            name = f"{base} ({number})"
            number += 1
        seen.add(name.casefold())
        names.append(name)
    return names


def habits_from_history(
    history: History,
    today: date,
    notes: Mapping[tuple[int, date], str] | None = None,
    numerical_counts: bool = True,
) -> list[LoopHabit]:
    """One Loop habit per routine (archived ones included and flagged), in pillar order.

    A check routine is a yes/no habit: a done day is YES_MANUAL; a due day before today that was
    not done is NO, or SKIP when a pause or a freeze excused it; other days are left UNKNOWN.
    A count routine is a numerical habit (amounts in thousandths, target = the amount due in one
    frequency window), or with `numerical_counts=False` a yes/no habit done at amount ≥ target.
    `notes` maps (routine id, day) to that day's note. Nothing after `today` is exported.
    """
    from ..domain.day import routine_is_due
    from ..domain.pillars import DISPLAY_NAMES, PILLARS
    from ..domain.schedule import describe

    notes = notes or {}
    settings = history.settings
    routines = sorted(
        history.routines,
        key=lambda r: (
            PILLARS.index(r.pillar) if r.pillar in PILLARS else len(PILLARS),
            r.position,
            r.id,
        ),
    )
    names = _unique_names([routine.title for routine in routines])
    amounts: dict[int, dict[date, int]] = {}
    for (ref, day), amount in history.amounts.items():
        if ref.kind == "routine" and day <= today:
            amounts.setdefault(ref.id, {})[day] = amount
    habits: list[LoopHabit] = []
    for routine, name in zip(routines, names, strict=True):
        pillar = settings.pillars.get(routine.pillar)
        rest_days = pillar.rest_days if pillar is not None else frozenset()
        numerator, denominator = loop_frequency(routine, rest_days)
        done_amounts = amounts.get(routine.id, {})
        numerical = routine.kind == "count" and numerical_counts
        entries: dict[date, int] = {}
        for day, amount in done_amounts.items():
            if numerical and amount > 0:
                entries[day] = amount * 1000
            elif not numerical and amount >= routine.target:
                entries[day] = YES_MANUAL
        day = routine.start_date
        while day < today:
            if (
                day not in entries
                and done_amounts.get(day, 0) < routine.target
                and routine_is_due(routine, day, settings)
            ):
                excused = any(p.covers(day) for p in history.pauses) or (
                    (routine.pillar, day) in history.freezes
                )
                entries[day] = SKIP if excused else NO
            day += timedelta(days=1)
        day_notes = {
            day: note
            for (routine_id, day), note in notes.items()
            if routine_id == routine.id and note and day <= today
        }
        habits.append(
            LoopHabit(
                name=name,
                question="",
                description=f"{DISPLAY_NAMES.get(routine.pillar, routine.pillar)}: "
                f"{describe(routine.rrule)}",
                numerator=numerator,
                denominator=denominator,
                color=PILLAR_COLORS.get(routine.pillar, PALETTE[8]),
                archived=routine.archived,
                type=NUMERICAL if numerical else YES_NO,
                unit=routine.unit if numerical else "",
                target=float(routine.target * numerator) if numerical else 0.0,
                entries=entries,
                notes=day_notes,
            )
        )
    return habits


def export_routines(db: Database, out_dir: Path, today: date, layout: str = "v2.3.1") -> list[Path]:
    """Write every routine in the data file as Loop Habit Tracker's CSV export into `out_dir`."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown Loop CSV layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    from ..store.history import load

    history = load(db)
    rows = db.query(
        "SELECT routine_id, day, note FROM entries WHERE routine_id IS NOT NULL AND note != ''"
    )
    notes = {(row["routine_id"], date.fromisoformat(row["day"])): row["note"] for row in rows}
    # Both of Loop's layouts carry Unit / Target Type / Target Value, so counts stay numerical.
    habits = habits_from_history(history, today, notes)
    return write_loop_csv(habits, out_dir, today, layout)
