"""Fixtures for Pilot tests: an app on a temporary data file, its notifications recorded."""

from __future__ import annotations

import pytest

from tui.app import BouncebackApp
from tui.store.db import Database

from ..helpers import record_notifications


@pytest.fixture(autouse=True)
def _record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Pilot test can ask `helpers.notifications(app)` what the app notified."""
    record_notifications(monkeypatch)


@pytest.fixture
def make_app():
    def make(db: Database) -> BouncebackApp:
        return BouncebackApp(db)

    return make
