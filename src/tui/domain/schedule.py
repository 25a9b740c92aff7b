"""Routine schedules as RFC 5545 RRULEs, evaluated with python-dateutil.

The presets people pick most (every day, every N days, chosen weekdays) are answered by
arithmetic; anything else goes through dateutil's rrule, cached per (rule, start).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .errors import InvalidInput
from .limits import RRULE
from .pillars import WEEKDAY_FULL_NAMES, WEEKDAY_NAMES

if TYPE_CHECKING:
    from dateutil.rrule import rrule as RRule
    from dateutil.rrule import rruleset as RRuleSet

_BYDAY = tuple(name[:2].upper() for name in WEEKDAY_FULL_NAMES)  # MO, TU, … as RRULEs spell them
_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}

DAILY = "FREQ=DAILY"
WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def every_n_days(interval: int) -> str:
    """The RRULE for every N days (N ≥ 1)."""
    if interval < 1:
        raise InvalidInput("every N days needs N of 1 or more")
    return DAILY if interval == 1 else f"FREQ=DAILY;INTERVAL={interval}"


def on_weekdays(days: frozenset[int] | set[int]) -> str:
    """The RRULE for chosen weekdays (0 = Monday)."""
    if not days:
        raise InvalidInput("choose at least one weekday")
    return "FREQ=WEEKLY;BYDAY=" + ",".join(_BYDAY[d] for d in sorted(days))


def _parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk:
            continue
        if "=" not in chunk:
            raise InvalidInput(f"malformed RRULE part {chunk!r} (expected NAME=VALUE)")
        name, value = chunk.split("=", 1)
        parts[name.strip().upper()] = value.strip().upper()
    return parts


def normalize_rrule(text: str) -> str:
    """Check an RRULE a person typed and return it in canonical form, or raise InvalidInput."""
    if len(text) > RRULE.most:
        raise InvalidInput(f"{RRULE.what} is at most {RRULE.most} characters")
    cleaned = text.strip()
    if cleaned.upper().startswith("RRULE:"):
        cleaned = cleaned[6:]
    cleaned = cleaned.replace(" ", "")
    if not cleaned:
        raise InvalidInput("the schedule is empty (try FREQ=DAILY)")
    parts = _parts(cleaned)
    freq = parts.get("FREQ")
    if freq is None:
        raise InvalidInput("an RRULE needs FREQ (e.g. FREQ=DAILY or FREQ=WEEKLY;BYDAY=MO,WE)")
    if freq not in _ALLOWED_FREQ:
        raise InvalidInput(
            f"FREQ={freq} is not a day schedule: use DAILY, WEEKLY, MONTHLY or YEARLY"
        )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        raise InvalidInput(f"INTERVAL must be a whole number of 1 or more, not {interval!r}")
    if "DTSTART" in parts:
        raise InvalidInput("leave DTSTART out of the RRULE: the routine's start date sets it")
    _check_ranges(parts)
    if parts.get("UNTIL", "").endswith("Z"):
        # Calendars write UNTIL in UTC; schedules here are floating dates, as dateutil requires.
        parts["UNTIL"] = parts["UNTIL"][:-1]
    canonical = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        from dateutil.rrule import rrulestr

        rule = rrulestr(canonical, dtstart=datetime(2000, 1, 1))
        first = rule.after(datetime(2000, 1, 1), inc=True)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise InvalidInput(f"not a valid RRULE: {text.strip()!r} ({error})") from None
    if first is None:
        raise InvalidInput(f"the schedule {text.strip()!r} never happens on any day")
    return canonical


# dateutil accepts out-of-range numbers and then searches up to year 9999 (seconds) for a day.
_RANGES = (
    ("BYMONTH", 12, False),
    ("BYMONTHDAY", 31, True),
    ("BYYEARDAY", 366, True),
    ("BYWEEKNO", 53, True),
)


def _check_ranges(parts: dict[str, str]) -> None:
    for name, high, signed in _RANGES:
        for value in parts[name].split(",") if name in parts else ():
            try:
                number = int(value)
            except ValueError:
                raise InvalidInput(f"{name} takes whole numbers, not {value!r}") from None
            if not 1 <= abs(number) <= high or (number < 0 and not signed):
                raise InvalidInput(f"{name}={value} is out of range (1 to {high})")


class _Fast(NamedTuple):
    """A schedule answered without dateutil."""

    interval: int  # for daily rules
    weekdays: frozenset[int] | None  # for weekly rules with interval 1


@lru_cache(maxsize=512)
def _fast_path(rrule: str) -> _Fast | None:
    parts = _parts(rrule)
    freq = parts.pop("FREQ", None)
    if freq == "DAILY" and set(parts) <= {"INTERVAL"}:
        return _Fast(int(parts.get("INTERVAL", "1")), None)
    if (
        freq == "WEEKLY"
        and set(parts) <= {"BYDAY", "INTERVAL"}
        and parts.get("INTERVAL", "1") == "1"
    ):
        byday = parts.get("BYDAY")
        if byday and all(code in _BYDAY for code in byday.split(",")):
            return _Fast(1, frozenset(_BYDAY.index(code) for code in byday.split(",")))
    return None


@lru_cache(maxsize=512)
def _rule(rrule: str, start: date) -> RRule | RRuleSet:
    from dateutil.rrule import rrulestr

    return rrulestr(rrule, dtstart=datetime(start.year, start.month, start.day), cache=True)


def occurs_on(rrule: str, start: date, day: date) -> bool:
    """Whether the schedule that began on `start` includes `day`."""
    if day < start:
        return False
    fast = _fast_path(rrule)
    if fast is not None:
        if fast.weekdays is not None:
            return day.weekday() in fast.weekdays
        return (day - start).days % fast.interval == 0
    moment = datetime(day.year, day.month, day.day)
    found = _rule(rrule, start).after(moment, inc=True)
    return found is not None and found.date() == day


def occurrences(rrule: str, start: date, first: date, last: date) -> list[date]:
    """Every scheduled day from `first` to `last`, both included."""
    first = max(first, start)
    if last < first:
        return []
    fast = _fast_path(rrule)
    if fast is not None:
        if fast.weekdays is not None:
            span = (last - first).days + 1
            candidates = (first + timedelta(days=n) for n in range(span))
            return [day for day in candidates if day.weekday() in fast.weekdays]
        # Every N days from the start: step straight from the first matching day.
        offset = (-(first - start).days) % fast.interval
        count = ((last - first).days - offset) // fast.interval + 1
        return [first + timedelta(days=offset + n * fast.interval) for n in range(max(0, count))]
    rule = _rule(rrule, start)
    return [
        moment.date()
        for moment in rule.between(
            datetime(first.year, first.month, first.day),
            datetime(last.year, last.month, last.day, 23, 59, 59),
            inc=True,
        )
    ]


def describe(rrule: str) -> str:
    """The schedule in plain words: `every day`, `weekdays`, `Mon, Wed`, `every 3 days`."""
    fast = _fast_path(rrule)
    if fast is None:
        return rrule
    if fast.weekdays is None:
        return "every day" if fast.interval == 1 else f"every {fast.interval} days"
    if fast.weekdays == frozenset(range(5)):
        return "weekdays"
    if fast.weekdays == frozenset(range(7)):
        return "every day"
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(fast.weekdays))


class Preset(NamedTuple):
    """How a schedule maps onto the form's presets."""

    name: str  # "daily", "weekdays", "chosen", "every_n", "custom"
    weekdays: frozenset[int] = frozenset()
    interval: int = 1


def preset_of(rrule: str) -> Preset:
    """Which preset a stored RRULE corresponds to, for editing it."""
    fast = _fast_path(rrule)
    if fast is None:
        return Preset("custom")
    if fast.weekdays is None:
        return Preset("daily") if fast.interval == 1 else Preset("every_n", interval=fast.interval)
    if fast.weekdays == frozenset(range(5)):
        return Preset("weekdays", fast.weekdays)
    return Preset("chosen", fast.weekdays)
