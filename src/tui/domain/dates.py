"""Parsing the dates people type."""

from __future__ import annotations

from datetime import date, timedelta

from .errors import InvalidInput


def parse_day(text: str, today: date) -> date:
    """An ISO date, or `today` / `yesterday` / `tomorrow`, relative to the logical `today`."""
    cleaned = text.strip().lower()
    relative = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if cleaned in relative:
        return today + timedelta(days=relative[cleaned])
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(f"not a date: {text!r} (use YYYY-MM-DD, today or yesterday)") from None


def format_long(day: date) -> str:
    """`Saturday 21 November 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def check_start(start: date, today: date) -> None:
    """The day a search started is today or earlier, at most ten years ago (else InvalidInput)."""
    from .limits import check_start as within_limits

    within_limits(start, today)
