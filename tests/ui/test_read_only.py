"""A data file that cannot be written opens for reading, says so, and loses nothing."""

from __future__ import annotations

import pytest

from tui.store import entries
from tui.store.db import StoreError, open_db

from ..helpers import SIZE, TODAY, day_items, deny_writes, notifications


@pytest.fixture
def read_only_db(ready_db, monkeypatch):
    """As a normal user meets it: no write access (root could write anyway, so pretend)."""
    path = ready_db.path
    item = day_items(ready_db, TODAY)["A 20-minute walk"]
    entries.put(ready_db, item.ref, TODAY, 1, "kept")
    ready_db.close()
    deny_writes(monkeypatch, path)
    before = path.read_bytes()
    database = open_db(path, read_only_ok=True)
    yield database
    database.close()
    assert path.read_bytes() == before


def test_reads_work_and_writes_say_read_only(read_only_db):
    assert read_only_db.read_only
    item = day_items(read_only_db, TODAY)["A 20-minute walk"]
    assert item.note == "kept"
    with pytest.raises(StoreError, match="read-only"):
        entries.put(read_only_db, item.ref, TODAY, 0, "")
    assert day_items(read_only_db, TODAY)["A 20-minute walk"].note == "kept"


async def test_the_app_shows_a_banner_and_a_failed_check_changes_nothing(read_only_db, make_app):
    app = make_app(read_only_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#read-only-banner").render())
        assert "Read-only" in banner and "nothing will be saved" in banner
        await pilot.press("space")
        await pilot.pause()
        assert any("read-only" in n.message for n in notifications(app))
        assert app.screen.pillars.column("learn").items[0].state == "pending"
