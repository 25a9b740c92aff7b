"""Stored text with escape sequences and control characters never reaches a terminal raw:
not from any command's output, nor from any screen of the app."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from textual.geometry import Region

from tui.app import BouncebackApp
from tui.domain.models import RoutineDraft
from tui.images.ingest import ingest_file
from tui.screens.board import BoardScreen
from tui.screens.review import ReviewScreen
from tui.screens.routines import RoutinesScreen
from tui.screens.settings import SettingsScreen
from tui.screens.today import TodayScreen
from tui.services import board as board_service
from tui.services import day as day_service
from tui.services import routines as routine_service
from tui.services import settings as settings_service
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database

from ..helpers import TODAY, command_env, notification_messages, record_notifications

TITLE = "walk \x1b]0;retitled\x07 daily"
UNIT = "km\x1b[2J"
NAME = "Sam\x1b]52;c;cHduZWQ=\x07"
CAPTION = "team \x9b2J\x7f"
NOTE = "felt \x1b[31mred\x1b[0m [b]bold[/b]"
REASON = "flu \x1b]0;x\x07 [/]"
TASK = "coffee \x1b[H\x1b[J"


def _unsafe(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cs")]


@pytest.fixture
def hostile(db: Database, tmp_path: Path) -> Database:
    """A data file holding hostile text everywhere (as an older file or an import could)."""
    settings_service.set_up(db, name="Sam", start=date(2026, 11, 2), today=TODAY)
    routine = routine_service.add(
        db, RoutineDraft("self_care", "walk", 3, "km", "FREQ=DAILY"), date(2026, 11, 2)
    ).result
    task = day_service.add_task(db, "network", "coffee", TODAY).result
    picture = tmp_path / "p.png"
    Image.new("RGB", (40, 30), (10, 120, 200)).save(picture)
    image = board_service.add_image(db, ingest_file(picture)).result[0]
    settings_service.add_pause(db, date(2026, 11, 10), date(2026, 11, 11), "flu")
    item = load_day(db, date(2026, 11, 20), TODAY, settings_store.load(db))["self_care"][0]
    day_service.set_entry(
        db, item.ref, date(2026, 11, 20), 1, "felt", today=TODAY, description="note"
    )
    with db.write() as conn:
        conn.execute(
            "UPDATE routines SET title = ?, unit = ? WHERE id = ?", (TITLE, UNIT, routine.id)
        )
        conn.execute("UPDATE tasks SET title = ? WHERE id = ?", (TASK, task.id))
        conn.execute("UPDATE settings SET value = ? WHERE key = 'name'", (json.dumps(NAME),))
        conn.execute("UPDATE images SET caption = ? WHERE id = ?", (CAPTION, image.id))
        conn.execute("UPDATE entries SET note = ?", (NOTE,))
        conn.execute("UPDATE pauses SET reason = ?", (REASON,))
    return db


def _run(db: Database, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db.path), *args],
        capture_output=True,
        env=command_env(),
        timeout=60,
        check=False,
    )


COMMANDS = [
    ("today",),
    ("today", "--day", "2026-11-20"),
    ("routine", "list", "--all"),
    ("config", "list"),
    ("config", "get", "name"),
    ("board", "list"),
    ("pause", "list"),
    ("stats",),
    ("check", "walk", "--day", "2026-11-19"),
    ("routine", "archive", "1"),
    ("check", "no such \x1b]0;t\x07 thing"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:30])
def test_no_command_prints_stored_text_raw(hostile: Database, args: tuple[str, ...]) -> None:
    result = _run(hostile, *args)
    out = (result.stdout + result.stderr).decode("utf-8")
    assert "Traceback" not in out
    assert _unsafe(out) == [], out


@pytest.mark.parametrize(
    "args",
    [
        ("today", "--json"),
        ("routine", "list", "--json"),
        ("config", "list", "--json"),
        ("board", "list", "--json"),
        ("pause", "list", "--json"),
    ],
    ids=lambda args: " ".join(args),
)
def test_json_output_is_exact_and_safe(hostile: Database, args: tuple[str, ...]) -> None:
    result = _run(hostile, *args)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert _unsafe(text.replace("\n", "")) == []
    strings = _strings(json.loads(text))
    assert strings & {TITLE, NAME, CAPTION, REASON, TASK}, strings  # exactly as stored


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value), set())
    return set()


def test_the_terminal_shows_escapes_as_visible_marks(hostile: Database) -> None:
    out = _run(hostile, "today").stdout.decode("utf-8")
    assert "walk ␛]0;retitled␇ daily" in out


def _drawn_text(app: BouncebackApp) -> str:
    """Every line every visible widget of the screen draws, as the terminal would get it."""
    lines = []
    for widget in app.screen.walk_children(with_self=True):
        if not widget.display or widget.size.area == 0:
            continue
        for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
            lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)


async def test_no_screen_draws_stored_text_raw(hostile: Database, monkeypatch) -> None:
    record_notifications(monkeypatch)
    app = BouncebackApp(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        drawn = _drawn_text(app)
        assert "Sam␛]52;c;cHduZWQ=␇" in drawn and "coffee ␛[H␛[J" in drawn
        assert _unsafe(drawn) == []
        seen = [drawn]
        for key, screen in (("r", RoutinesScreen), ("S", SettingsScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            seen.append(_drawn_text(app))
        await pilot.press("escape", "escape")
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        seen.append(_drawn_text(app))
        await pilot.press("escape")
        items = load_day(hostile, date(2026, 11, 19), TODAY, settings_store.load(hostile))
        await app.push_screen(ReviewScreen(date(2026, 11, 19), items["self_care"]))
        await pilot.pause()
        seen.append(_drawn_text(app))
        await pilot.press("d")  # a toast naming the hostile title
        await pilot.pause()
        seen.append(" ".join(notification_messages(app)))
        for text in seen:
            assert _unsafe(text) == [], text
        assert "[b]bold[/b]" in seen[0] or "retitled" in seen[1]
