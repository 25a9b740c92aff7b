"""The one seam for time: every part of Bounceback asks this module what time and day it is.

Tests freeze time with `freeze()`; end-to-end tests and demos can set `BOUNCEBACK_NOW` to an
ISO timestamp (local wall-clock time) to start the clock there.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

_frozen: datetime | None = None
_offset: timedelta | None = None


def _env_offset() -> timedelta:
    """Offset from the real clock to `BOUNCEBACK_NOW`, read once, so time still moves."""
    global _offset
    if _offset is None:
        raw = os.environ.get("BOUNCEBACK_NOW", "").strip()
        _offset = timedelta(0)
        if raw:
            try:
                target = datetime.fromisoformat(raw)
            except ValueError:
                target = None
            if target is not None:
                if target.tzinfo is None:
                    target = target.astimezone()
                _offset = target - datetime.now().astimezone()
    return _offset


def now() -> datetime:
    """The current time as an aware datetime in the local timezone."""
    if _frozen is not None:
        return _frozen
    # astimezone() again: the offset may cross a DST change, and the wall time must follow it.
    return (datetime.now().astimezone() + _env_offset()).astimezone()


def freeze(moment: datetime | None) -> None:
    """Stop the clock at `moment` (naive means local time); `None` lets it run again."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        moment = moment.astimezone()
    _frozen = moment


def logical_day(moment: datetime, day_start_hour: int) -> date:
    """The logical day a moment belongs to: days begin at `day_start_hour`, local wall time.

    Wall-clock arithmetic, so a DST change never moves a check-off to another day.
    """
    local = moment.astimezone() if moment.tzinfo is not None else moment
    wall = local.replace(tzinfo=None)
    return (wall - timedelta(hours=day_start_hour)).date()


def today(day_start_hour: int) -> date:
    """The current logical day."""
    return logical_day(now(), day_start_hour)


def timestamp() -> str:
    """Now, as an ISO string with offset, for `updated_at` columns."""
    return now().isoformat(timespec="seconds")
