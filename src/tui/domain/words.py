"""Wording shared by the screens and the shell: plurals and words for days."""

from __future__ import annotations

import re
from datetime import date, timedelta

_CHIP_NAME = re.compile(r"^(week|streak) ")
_DAYS = re.compile(r"(\d+) days?( left)?\b")
_WEEKS = re.compile(r"(\d+) weeks?\b")


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 freeze`, `2 freezes`, `0 days`: the count and the word that fits it."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many if many is not None else word + 's'}"


def day_words(day: date, today: date) -> str:
    """`today`, `yesterday`, else the date: how a message names the day it acted on."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day.isoformat()


def relative_day(day: date, today: date) -> str:
    """`yesterday`, `tomorrow`, `3 days ago`, `in 2 days`; empty for today itself."""
    offset = (day - today).days
    if offset == 0:
        return ""
    if offset == -1:
        return "yesterday"
    if offset == 1:
        return "tomorrow"
    return f"{-offset} days ago" if offset < 0 else f"in {offset} days"


def compact(text: str) -> str:
    """Shorter words for a narrow box: `week 1/5 · 5 days left` → `1/5 · 5d`,
    `streak 4 days · 2 weeks` → `4d · 2w`."""
    text = _CHIP_NAME.sub("", text)
    text = _DAYS.sub(r"\1d", text)
    text = _WEEKS.sub(r"\1w", text)
    return text.replace("a fresh start today", "fresh start")
