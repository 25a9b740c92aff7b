"""Two windows on one file: what one saves shows up in the other; the daily backup runs."""

from __future__ import annotations

from tui.store import entries
from tui.store.db import open_db

from ..helpers import SIZE, TODAY, day_items


async def test_a_change_from_another_connection_shows_up(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        learn = app.screen.pillars.column("learn")
        assert learn.items[0].state == "pending"
        other = open_db(ready_db.path)  # another window, another process: another connection
        item = day_items(other, TODAY)["30 minutes on a skill"]
        entries.put(other, item.ref, TODAY, 1, "from the other window")
        app.check_other_windows()
        await pilot.pause()
        assert learn.items[0].state == "done"
        assert learn.items[0].note == "from the other window"
        # Our own writes do not make us read everything again.
        version = app._data_version
        await pilot.press("j", "space")
        await pilot.pause()
        app.check_other_windows()
        assert app._data_version == version
        other.close()


async def test_the_daily_backup_is_made_in_the_background(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
    folder = ready_db.path.parent / "backups"
    assert [p.name for p in folder.iterdir()] == [f"bounceback-daily-{TODAY.isoformat()}.db"]
