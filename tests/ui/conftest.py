"""Helpers for Pilot tests: an app on a temporary data file."""

from __future__ import annotations

from datetime import date

import pytest

from tui.app import BouncebackApp
from tui.domain.day import DayItem
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database

SIZE = (120, 40)


def day_items(db: Database, day: date, today: date | None = None) -> dict[str, DayItem]:
    """The items of a day by title, read back from the store."""
    plan = load_day(db, day, today or day, settings_store.load(db))
    return {item.title: item for items in plan.values() for item in items}


@pytest.fixture
def make_app():
    def make(db: Database) -> BouncebackApp:
        return BouncebackApp(db)

    return make
