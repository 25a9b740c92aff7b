"""The four fixed pillars and their defaults."""

from __future__ import annotations

from .errors import InvalidInput

PILLARS: tuple[str, ...] = ("apply", "network", "learn", "self_care")

DISPLAY_NAMES: dict[str, str] = {
    "apply": "Apply",
    "network": "Network",
    "learn": "Learn",
    "self_care": "Self-care",
}

DEFAULT_WEEKLY_TARGET: dict[str, int] = {"apply": 5, "network": 3, "learn": 4, "self_care": 5}

# Weekday numbers as in date.weekday(): Monday is 0.
DEFAULT_REST_DAYS: dict[str, frozenset[int]] = {
    "apply": frozenset({5, 6}),
    "network": frozenset({5, 6}),
    "learn": frozenset(),
    "self_care": frozenset(),
}

WEEKDAY_FULL_NAMES: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
"""The one list of weekday names, Monday = 0 as `date.weekday()` counts; the others derive."""
WEEKDAY_KEYS: tuple[str, ...] = tuple(
    name[:3] for name in WEEKDAY_FULL_NAMES
)  # mon, as typed and stored
WEEKDAY_NAMES: tuple[str, ...] = tuple(
    name[:3].capitalize() for name in WEEKDAY_FULL_NAMES
)  # Mon, shown


def parse_pillar(text: str) -> str:
    """A pillar key from what a person typed: `self-care`, `Self care` and `self_care` all work."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key == "selfcare":
        key = "self_care"
    if key not in PILLARS:
        raise InvalidInput(f"unknown pillar {text!r}: use one of apply, network, learn, self_care")
    return key


def parse_weekdays(text: str) -> frozenset[int]:
    """Weekdays from `sat,sun` (or `none` / empty for no days)."""
    cleaned = text.strip().lower()
    if cleaned in ("", "none", "-"):
        return frozenset()
    days: set[int] = set()
    for part in cleaned.replace(" ", ",").split(","):
        if not part:
            continue
        day = weekday_number(part)
        if day is None:
            raise InvalidInput(f"unknown weekday {part!r}: use mon, tue, wed, thu, fri, sat, sun")
        days.add(day)
    return frozenset(days)


def weekday_number(text: str) -> int | None:
    """0 for `mon`, `Monday` or `mo` (two letters at least, one weekday only); else None."""
    part = text.strip().lower()
    matches = [
        i for i, full in enumerate(WEEKDAY_FULL_NAMES) if len(part) >= 2 and full.startswith(part)
    ]
    return matches[0] if len(matches) == 1 else None


def format_weekdays(days: frozenset[int]) -> str:
    """`sat,sun` style text for a set of weekdays."""
    return ",".join(WEEKDAY_KEYS[d] for d in sorted(days)) or "none"
