"""Restoring a backup from inside the app, and a clean quit that leaves one whole file."""

from __future__ import annotations

import os
import shutil
import sqlite3

from textual.widgets import OptionList

from tui.screens.restore import RestoreDialog
from tui.screens.streaks import StreaksScreen
from tui.store import entries
from tui.store import settings as settings_store
from tui.store.backup import backup
from tui.store.db import open_db

from ..helpers import SIZE, TODAY, day_items, notifications


def sidecars(path) -> list[str]:
    return sorted(name for name in os.listdir(path.parent) if name.startswith(path.name + "-"))


async def test_a_clean_quit_leaves_no_wal(ready_db, tmp_path) -> None:
    from tui.app import BouncebackApp

    app = BouncebackApp(ready_db, close_on_quit=True)  # as `bounceback` runs it
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")  # a check-off, saved
        await pilot.press("s")  # Streaks: computed by a worker through its own reader
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StreaksScreen)
        assert ready_db._readers, "a worker read through a connection of its own"
        assert sidecars(ready_db.path) == ["bounceback.db-shm", "bounceback.db-wal"]
        await pilot.press("q")
    assert sidecars(ready_db.path) == []
    # The main file alone, copied by hand, has everything.
    copy = tmp_path / "by-hand.db"
    shutil.copyfile(ready_db.path, copy)
    saved = sqlite3.connect(copy).execute("SELECT count(*) FROM entries").fetchone()[0]
    assert saved == 1


def _keep_a_backup(db):
    """A backup in backups/ ("Sam", nothing checked), older than the app's daily copy."""
    saved = backup(db)
    os.utime(saved, (1_700_000_000, 1_700_000_000))
    walk = day_items(db, TODAY)["A 20-minute walk"]
    entries.put(db, walk.ref, TODAY, 1, "after the backup")
    settings_store.save(db, {"name": "Robin"})
    return saved


async def _choose(pilot, app, saved) -> RestoreDialog:
    await app.workers.wait_for_complete()  # the daily backup, the newest copy
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Restore a backup")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, RestoreDialog)
    names = [b.path.name for b in dialog.backups]
    assert names == [f"bounceback-daily-{TODAY.isoformat()}.db", saved.name]  # newest first
    options = dialog.query_one(OptionList)
    assert options.option_count == 2
    await pilot.press("down", "enter")
    await pilot.pause()
    assert dialog.chosen is not None and dialog.chosen.path == saved
    return dialog


async def test_restore_a_backup_from_the_palette(ready_db, make_app) -> None:
    saved = _keep_a_backup(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        walk = app.screen.pillars.column("self_care").items[0]
        assert walk.title == "A 20-minute walk" and walk.state == "done"
        await pilot.press("space")  # something to undo, from before the restore
        await pilot.pause()
        assert len(app.undo) == 1
        dialog = await _choose(pilot, app, saved)
        shown = str(dialog.query_one("#restore-confirm").render())
        assert saved.name in shown and "replaced" in shown
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Every screen reads again, the settings too: it is the backup's data now.
        assert app.settings.name == "Sam"
        walk = app.screen.pillars.column("self_care").items[0]
        assert walk.state == "pending" and walk.note == ""
        assert len(app.undo) == 0  # no undo of changes to the file as it was
        (aside,) = ready_db.path.parent.glob("bounceback.db.before-restore-*.bak")
        assert any("Restored" in n.message and aside.name in n.message for n in notifications(app))
        # It goes on working: a check-off is saved into the restored file.
        assert ready_db.query("SELECT count(*) FROM entries")[0][0] == 0
        await pilot.press("space")
        await pilot.pause()
        assert len(app.undo) == 1
    check = open_db(ready_db.path)
    assert settings_store.load(check).name == "Sam"
    assert check.query("SELECT count(*) FROM entries")[0][0] == 1
    assert settings_store.load(open_db(aside)).name == "Robin"
    check.close()


async def test_restore_in_the_app_is_refused_while_another_window_has_the_file(
    ready_db, make_app
) -> None:
    saved = _keep_a_backup(ready_db)
    other = open_db(ready_db.path)  # another window: its connection stays open
    settings_store.load(other)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await _choose(pilot, app, saved)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("open in another Bounceback" in n.message for n in notifications(app))
        assert app.settings.name == "Robin"
        assert not list(ready_db.path.parent.glob("*.before-restore-*"))
        # The app's connection is as it was: it saves.
        await pilot.press("space")
        await pilot.pause()
    assert settings_store.load(other).name == "Robin"
    other.close()


async def test_the_dialog_says_when_there_is_no_backup(ready_db, make_app, monkeypatch) -> None:
    monkeypatch.setattr(type(make_app(ready_db)), "daily_backup", lambda self: None)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_restore()
        await pilot.pause()
        assert "No backups yet" in str(app.screen.query_one("#restore-none").render())
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RestoreDialog)
