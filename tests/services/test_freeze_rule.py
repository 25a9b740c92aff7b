"""One freeze rule: Today's `f`, the yesterday review and `bounceback freeze` decide alike."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from tui.app import BouncebackApp
from tui.screens.review import ReviewScreen
from tui.screens.today import TodayScreen
from tui.services import day as day_service
from tui.store import entries, excuses
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database

from ..helpers import TODAY, command_env, notification_messages, record_notifications

REST = date(2026, 11, 15)  # a Sunday: apply rests on weekends by default
MET = date(2026, 11, 18)
PAUSED = date(2026, 11, 17)
OPEN = date(2026, 11, 19)
CASES = {
    "rest day": (REST, "nothing to excuse"),
    "met day": (MET, "already met"),
    "paused day": (PAUSED, "nothing to excuse"),
    "open day": (OPEN, None),
}


def _prepare(db: Database) -> None:
    settings = settings_store.load(db)
    for item in load_day(db, MET, TODAY, settings)["apply"]:
        entries.put(db, item.ref, MET, item.target, "")
    excuses.add_pause(db, PAUSED, PAUSED, "a day off")


def _frozen(db: Database, day: date) -> bool:
    return ("apply", day) in excuses.freezes(db)


def _check(db: Database, day: date, refusal: str | None, said: str) -> None:
    if refusal is None:
        assert _frozen(db, day), said
        assert "excused" in said or "Froze" in said, said
    else:
        assert not _frozen(db, day), said
        assert refusal in said, said


@pytest.mark.parametrize("case", CASES)
def test_the_service(ready_db: Database, case: str) -> None:
    from tui.domain.errors import InvalidInput

    day, refusal = CASES[case]
    _prepare(ready_db)
    settings = settings_store.load(ready_db)
    try:
        change = day_service.freeze(ready_db, "apply", day, today=TODAY, settings=settings)
        said = change.message
    except InvalidInput as error:
        said = str(error)
    _check(ready_db, day, refusal, said)


@pytest.mark.parametrize("case", CASES)
def test_bounceback_freeze(ready_db: Database, case: str) -> None:
    day, refusal = CASES[case]
    _prepare(ready_db)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(ready_db.path), "freeze", "apply"]
        + ["--day", day.isoformat()],
        capture_output=True,
        text=True,
        env=command_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == (0 if refusal is None else 1), result.stderr
    _check(ready_db, day, refusal, result.stdout + result.stderr)


@pytest.mark.parametrize("case", CASES)
async def test_f_on_today(ready_db: Database, case: str, monkeypatch) -> None:
    day, refusal = CASES[case]
    _prepare(ready_db)
    record_notifications(monkeypatch)
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        screen.day = day
        screen.pillars.select("apply")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        _check(ready_db, day, refusal, " ".join(notification_messages(app)))


@pytest.mark.parametrize("case", CASES)
async def test_f_in_the_yesterday_review(ready_db: Database, case: str, monkeypatch) -> None:
    day, refusal = CASES[case]
    _prepare(ready_db)
    record_notifications(monkeypatch)
    # Any apply item will do: the review freezes the item's pillar on the day it reviews.
    item = load_day(ready_db, OPEN, TODAY, settings_store.load(ready_db))["apply"][0]
    app = BouncebackApp(ready_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ReviewScreen(day, [item]))
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        _check(ready_db, day, refusal, " ".join(notification_messages(app)))
