"""Settings: one key-value table, read as a `Settings` value."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.models import PillarSettings, Settings
from ..domain.pillars import (
    PILLARS,
    WEEKDAY_FULL_NAMES,
    format_weekdays,
    parse_pillar,
    parse_weekdays,
    weekday_number,
)
from .db import Database

WEEK_STARTS = WEEKDAY_FULL_NAMES  # week_start is stored as the weekday's number
GLOBAL_KEYS = ("name", "start_date", "day_start_hour", "week_start", "freezes_per_month")
PILLAR_KEYS = ("weekly_target", "rest_days")


def load(db: Database) -> Settings:
    """The settings, with defaults for anything never set."""
    raw = {
        row["key"]: json.loads(row["value"]) for row in db.query("SELECT key, value FROM settings")
    }
    base = Settings()
    pillars = dict(base.pillars)
    for pillar in PILLARS:
        current = pillars[pillar]
        target = raw.get(f"{pillar}.weekly_target", current.weekly_target)
        rest = raw.get(f"{pillar}.rest_days")
        pillars[pillar] = PillarSettings(
            weekly_target=int(target),
            rest_days=frozenset(rest) if rest is not None else current.rest_days,
        )
    start = raw.get("start_date")
    return Settings(
        name=str(raw.get("name", base.name)),
        start_date=date.fromisoformat(start) if start else None,
        day_start_hour=int(raw.get("day_start_hour", base.day_start_hour)),
        week_start=int(raw.get("week_start", base.week_start)),
        freezes_per_month=int(raw.get("freezes_per_month", base.freezes_per_month)),
        pillars=pillars,
    )


def parse_value(key: str, text: str) -> tuple[str, object]:
    """Validate `config set KEY VALUE` input; return the canonical key and the stored value."""
    key = key.strip()
    if "." in key:
        pillar_text, field = key.split(".", 1)
        pillar = parse_pillar(pillar_text)
        if field == "weekly_target":
            return f"{pillar}.{field}", _int_in(text, limits.WEEKLY_TARGET)
        if field == "rest_days":
            return f"{pillar}.{field}", sorted(parse_weekdays(text))
        raise InvalidInput(f"unknown setting {key!r}: a pillar has weekly_target and rest_days")
    if key == "name":
        return key, limits.NAME.clean(text)
    if key == "start_date":
        try:
            return key, date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            raise InvalidInput(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    if key == "day_start_hour":
        return key, _int_in(text, limits.DAY_START_HOUR)
    if key == "week_start":
        day = weekday_number(text)
        if day is None:
            raise InvalidInput(
                f"week_start must be a weekday such as monday or sunday, not {text!r}"
            )
        return key, day
    if key == "freezes_per_month":
        return key, _int_in(text, limits.FREEZES_PER_MONTH)
    raise InvalidInput(
        f"unknown setting {key!r}: use one of {', '.join(GLOBAL_KEYS)}, PILLAR.weekly_target, "
        "PILLAR.rest_days"
    )


def _int_in(text: str, limit: limits.Range) -> int:
    name = limit.what
    try:
        value = limits.read_int(str(text))
    except ValueError:
        shown = str(text) if len(str(text)) <= 24 else f"{str(text)[:20]}…"
        raise InvalidInput(f"{name} must be a whole number, not {shown!r}") from None
    if isinstance(value, str) or not limit.low <= value <= limit.high:
        raise InvalidInput(
            f"{name} must be between {limit.low} and {limit.high}, not {limits.shown_number(value)}"
        )
    return value


def save(db: Database, values: dict[str, object]) -> None:
    """Store already-validated values, all in one transaction."""
    with db.write() as conn:
        for key, value in values.items():
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )


def display(settings: Settings) -> dict[str, str]:
    """Every setting as text, keyed like `config get`."""
    values = {
        "name": settings.name,
        "start_date": settings.start_date.isoformat() if settings.start_date else "",
        "day_start_hour": str(settings.day_start_hour),
        "week_start": WEEK_STARTS[settings.week_start],
        "freezes_per_month": str(settings.freezes_per_month),
    }
    for pillar in PILLARS:
        values[f"{pillar}.weekly_target"] = str(settings.pillars[pillar].weekly_target)
        values[f"{pillar}.rest_days"] = format_weekdays(settings.pillars[pillar].rest_days)
    return values


__all__ = ["load", "save", "parse_value", "display", "replace"]
