"""Every limit on what Bounceback takes in, in one place.

The app's forms, the command line and the importer all check against these, so what one accepts
the others accept too. The importer is the lenient one: it takes at least what the forms take
(an export of anything the app accepted always imports again), and also what older versions
let in, so older files keep importing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .errors import InvalidInput

SQLITE_INTEGER_MAX = 2**63 - 1  # SQLite's INTEGER is 64-bit: larger numbers cannot be stored
INT32_MAX = 2**31 - 1


# --- text ------------------------------------------------------------------------------------


def read_int(text: str) -> int | str:
    """A whole number typed as text; ValueError when it is none. One with more digits than any
    limit here could allow (more than Python reads at once, too) comes back as its text: every
    check below refuses it, naming it shortened."""
    cleaned = text.strip()
    digits = cleaned.removeprefix("-").removeprefix("+")
    if digits.isascii() and digits.isdigit() and len(digits) > 30:
        return cleaned
    return int(cleaned)


def shown_number(value: int | str) -> str:
    """A number for a message, shortened when it runs to many digits."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text.lstrip('-'))} digits)"


def _is_control(char: str) -> bool:
    """C0 (tab and newline included), DEL and C1: what a one-line text refuses."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


@dataclass(frozen=True)
class TextLimit:
    """How long one kind of text may be, and whether it must be one line."""

    what: str
    """How a message names it: `a title`."""
    most: int
    """Characters the forms and the command line take (counted after spaces are collapsed)."""
    most_imported: int
    """Characters an import takes: never fewer than `most` (a test holds every limit to that)."""
    one_line: bool
    """One line: runs of spaces become one space, and control characters are refused."""

    def clean(self, text: str) -> str:
        """The text as stored (trimmed; one line collapsed), or InvalidInput saying why not."""
        if self.one_line:
            if any(_is_control(char) for char in text):
                raise InvalidInput(f"{self.what} cannot hold control characters")
            cleaned = " ".join(text.split())
        else:
            cleaned = text.strip()
        if len(cleaned) > self.most:
            raise InvalidInput(
                f"{self.what} is at most {self.most} characters (this one has {len(cleaned)})"
            )
        return cleaned


TITLE = TextLimit("a title", most=200, most_imported=100_000, one_line=True)
UNIT = TextLimit("a unit", most=40, most_imported=1_000, one_line=True)
NAME = TextLimit("a name", most=60, most_imported=100_000, one_line=True)
CAPTION = TextLimit("a caption", most=200, most_imported=200, one_line=True)
PAUSE_REASON = TextLimit("a reason", most=80, most_imported=100_000, one_line=True)
NOTE = TextLimit("a note", most=500, most_imported=100_000, one_line=False)
RRULE = TextLimit("a schedule", most=1_000, most_imported=1_000, one_line=False)
# Taken from the file system, never typed, so never refused for what it holds; imported only.
FILE_NAME = TextLimit("a file name", most=1_000, most_imported=1_000, one_line=False)

TEXTS = (TITLE, UNIT, NAME, CAPTION, PAUSE_REASON, NOTE, RRULE, FILE_NAME)

# What an import takes in the fields nobody types.
IMPORTED_TEXT_MOST = 100_000  # any other text, also under keys an import ignores
IMAGE_FORMAT_MOST = 32  # `JPEG`, `PNG` ...
TIMESTAMP_MOST = 64
KEY_MOST = 100  # a setting's name, or any key under one an import ignores
NESTING_MOST = 32  # levels of lists and objects under a key an import ignores
DIGITS_MOST = 19  # a JSON integer with more digits is never parsed into an int
IMPORT_BYTES_MOST = 1024**3  # an export file (see docs/DATA-FORMAT.md for why 1 GiB)


# --- numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """Whole numbers from `low` to `high`, both included."""

    what: str
    """How a message names it: `the daily target`."""
    low: int
    high: int
    high_imported: int | None = None
    """What an import takes at most, when older versions let in more (None: `high`)."""
    too_many: bool = False
    """Say "more than anyone can do" rather than just the range (targets and amounts)."""

    @property
    def imported(self) -> Range:
        """The range an import takes."""
        high = self.high if self.high_imported is None else self.high_imported
        return Range(self.what, self.low, high)

    def check(self, value: int | str) -> int:
        """`value`, or InvalidInput in one line (text from `read_int` is always refused)."""
        if isinstance(value, int) and self.low <= value <= self.high:
            return value
        shown = shown_number(value)
        if value.startswith("-") if isinstance(value, str) else value < self.low:
            raise InvalidInput(f"{self.what} must be {self.low} or more, not {shown}")
        if self.too_many:
            raise InvalidInput(
                f"{self.what} of {shown} is more than anyone can do (at most {self.high})"
            )
        raise InvalidInput(f"{self.what} must be at most {self.high}, not {shown}")


ROUTINE_TARGET = Range("the daily target", 1, 10_000, too_many=True)
# The task form and the shell once set no cap; an import still takes what that let in.
TASK_TARGET = Range("the target", 1, 10_000, high_imported=INT32_MAX, too_many=True)
AMOUNT = Range("an amount", 0, 100_000, too_many=True)
POSITION = Range("a position", 0, INT32_MAX)
ID = Range("an id", 1, SQLITE_INTEGER_MAX)
IMAGE_SIDE = Range("a side", 1, INT32_MAX)  # pixels of an imported picture
IMAGE_BYTES = Range("a size", 0, INT32_MAX)
DAY_START_HOUR = Range("day_start_hour", 0, 12)
WEEKDAY = Range("a weekday", 0, 6)  # week_start and rest days, Monday = 0
FREEZES_PER_MONTH = Range("freezes_per_month", 0, 31)
WEEKLY_TARGET = Range("weekly_target", 1, 7)

RANGES = (
    ROUTINE_TARGET,
    TASK_TARGET,
    AMOUNT,
    POSITION,
    ID,
    IMAGE_SIDE,
    IMAGE_BYTES,
    DAY_START_HOUR,
    WEEKDAY,
    FREEZES_PER_MONTH,
    WEEKLY_TARGET,
)


def check_id(value: int | str, kind: str) -> int:
    """An id that SQLite can hold; any other names nothing: `no routine with id N`."""
    if isinstance(value, str) or not ID.low <= value <= ID.high:
        raise InvalidInput(f"no {kind} with id {shown_number(value)}")
    return value


# --- days ------------------------------------------------------------------------------------

DAYS_AHEAD_MOST = 366
"""How far after today a day may be: a year (Feb 29 included)."""
START_YEARS_BACK_MOST = 10
"""How long ago a search may have started: ten years (to the day)."""


def earliest_start(today: date) -> date:
    """The earliest day a search may have started: ten years before today (Feb 29: the 28th)."""
    year = today.year - START_YEARS_BACK_MOST
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def day_bounds(start: date | None, today: date) -> tuple[date, date]:
    """The first and last day Bounceback looks at: the search's start (ten years back when
    there is none yet) to a year after today."""
    earliest = start if start is not None else earliest_start(today)
    return earliest, today + timedelta(days=DAYS_AHEAD_MOST)


def check_day(day: date, *, start: date | None, today: date) -> date:
    """`day`, or InvalidInput when it is before the search started or over a year away."""
    earliest, latest = day_bounds(start, today)
    if day < earliest:
        if start is not None:
            raise InvalidInput(
                f"{day.isoformat()} is before your search started ({start.isoformat()})"
            )
        raise InvalidInput(f"{day.isoformat()} is more than ten years ago")
    if day > latest:
        raise InvalidInput(
            f"{day.isoformat()} is more than a year away: Bounceback looks at most "
            f"{DAYS_AHEAD_MOST} days ahead (to {latest.isoformat()})"
        )
    return day


def check_start(start: date, today: date) -> date:
    """The day a search started: today or earlier, at most ten years ago."""
    if start > today:
        raise InvalidInput(
            f"the search start date {start.isoformat()} is in the future: use today or earlier"
        )
    earliest = earliest_start(today)
    if start < earliest:
        raise InvalidInput(
            f"the search start date {start.isoformat()} is more than ten years ago: "
            f"use {earliest.isoformat()} or later"
        )
    return start
