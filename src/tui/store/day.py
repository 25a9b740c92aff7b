"""Reading one day's plan: the store's rows handed to the domain's rules."""

from __future__ import annotations

from datetime import date

from ..domain.day import DayItem, build_day
from ..domain.models import Settings
from ..domain.pillars import PILLARS
from . import entries, excuses, routines, tasks
from .db import Database


def excused_pillars(db: Database, day: date) -> frozenset[str]:
    """Pillars excused on `day`: all of them inside a pause, else the frozen ones."""
    if excuses.paused_on(db, day):
        return frozenset(PILLARS)
    return excuses.frozen_on(db, day)


def load_day(db: Database, day: date, today: date, settings: Settings) -> dict[str, list[DayItem]]:
    """Items per pillar for `day`, as the Today screen and `bounceback today` show them."""
    return build_day(
        day,
        today,
        routines.active_on(db, day),
        tasks.on_day(db, day),
        entries.on_day(db, day),
        settings,
        excused_pillars(db, day),
    )
