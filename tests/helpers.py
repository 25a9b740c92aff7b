"""Plain helpers and constants the tests share. Fixtures live in the conftest.py files; what a
test module imports lives here, so no test module imports another (or a conftest)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from textual.app import App
from textual.notifications import Notification

from tui.domain.day import DayItem
from tui.domain.streaks import Stats
from tui.store import settings as settings_store
from tui.store.day import load_day
from tui.store.db import Database

# -- the clock every test runs on (tests/conftest.py freezes it)

# A Saturday evening: apply and network rest today by default.
NOW = datetime(2026, 11, 21, 19, 30)
TODAY = date(2026, 11, 21)


# -- the store


def day_items(db: Database, day: date, today: date | None = None) -> dict[str, DayItem]:
    """The items of a day by title, read back from the store."""
    plan = load_day(db, day, today or day, settings_store.load(db))
    return {item.title: item for items in plan.values() for item in items}


def deny_writes(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """As a normal user meets a file they may not write (root could write anyway, so pretend):
    no write access to `path` or its folder."""
    real_access = os.access

    def no_write(target, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode & os.W_OK and str(target) in (str(path), str(path.parent)):
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", no_write)


def figures(stats: Stats) -> dict[str, object]:
    """Every figure a carry must reproduce (`days` and `weeks` start at its cutoff)."""
    out: dict[str, object] = {
        "overall": (
            stats.overall.today,
            stats.overall.daily_streak,
            stats.overall.best_daily_streak,
        )
    }
    for key, ps in stats.pillars.items():
        out[key] = (
            ps.today,
            ps.daily_streak,
            ps.best_daily_streak,
            ps.weekly_streak,
            ps.best_weekly_streak,
            ps.week,
            ps.days_left,
            round(ps.strength, 12),
            tuple(round(s, 12) for s in ps.strength_trend),
        )
    return out


# -- the app under Pilot

SIZE = (120, 40)

# Every notification each app raised, oldest first, while a test records them; None otherwise.
_raised: WeakKeyDictionary[App[Any], list[Notification]] | None = None


def record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the test ends, keep every notification an app raises for `notifications(app)`.

    Textual has no public list of what an app notified (App._notifications is private, and it
    drops a toast once its timeout has passed), so `App.notify` itself, the public way in that
    every screen and widget goes through, is wrapped to note each one before passing it on."""
    raised: WeakKeyDictionary[App[Any], list[Notification]] = WeakKeyDictionary()
    real_notify = App.notify

    def notify(
        self: App[Any],
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        shown_for = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        raised.setdefault(self, []).append(
            Notification(message, title, severity, shown_for, markup=markup)
        )
        real_notify(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", notify)
    monkeypatch.setattr(sys.modules[__name__], "_raised", raised)


def notifications(app: App[Any]) -> list[Notification]:
    """Every notification `app` raised so far, oldest first (message, title, severity)."""
    if _raised is None:
        # An empty list here would let `assert not any(...)` pass without looking.
        raise RuntimeError("notifications are not recorded: call record_notifications first")
    return list(_raised.get(app, []))


def notification_messages(app: App[Any]) -> list[str]:
    """The messages of every notification `app` raised so far, oldest first."""
    return [note.message for note in notifications(app)]


# -- the command line, run as a person runs it (tests/unit/test_cli*.py)

# The pillar keys in the order every command lists them, written out rather than read from
# tui.domain so that a change of order there shows up here.
PILLAR_ORDER = ("apply", "network", "learn", "self_care")


def command_env(**extra: str) -> dict[str, str]:
    """A command run's environment: this process's without BOUNCEBACK_*, on the frozen clock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    env.update(BOUNCEBACK_NOW=NOW.isoformat(), TZ="UTC", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


def bb(
    *args: str | Path, db: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `bounceback [--db DB] ARGS...` and capture what a terminal would show."""
    command = [sys.executable, "-m", "tui"]
    if db is not None:
        command += ["--db", str(db)]
    command += [str(arg) for arg in args]
    return subprocess.run(
        command, capture_output=True, text=True, env=env or command_env(), timeout=60, check=False
    )


def ok(*args: str | Path, db: Path | None = None, **kwargs: Any) -> str:
    """Run a command that must succeed; its stdout."""
    result = bb(*args, db=db, **kwargs)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def failed(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Assert a failed action: exit 1, one `bounceback:` line on stderr naming `words`."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bounceback: ")
    for word in words:
        assert word in lines[0]
    assert result.stdout == ""
    return lines[0]


def bad_usage(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Assert bad usage: exit 2, click's usage lines and one `Error:` line."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("Usage: bounceback")
    assert lines[-1].startswith("Error: ")
    assert len(lines) <= 3, result.stderr
    for word in words:
        assert word in lines[-1]


# -- the installed command in a real terminal (tests/e2e)

TERMINAL_WIDTH, TERMINAL_HEIGHT = 120, 40
# A tmux server of the tests' own: nobody else's sessions are touched, nor can touch these;
# `-f /dev/null`, so a person's ~/.tmux.conf cannot change what the tests see.
TMUX = ("tmux", "-L", f"bounceback-tests-{os.getpid()}", "-f", "/dev/null")
# A Friday morning, so every pillar has something due.
TERMINAL_NOW = "2026-11-20T09:00:00"


def bounceback_command() -> str:
    found = Path(sys.executable).with_name("bounceback")
    return str(found) if found.exists() else (shutil.which("bounceback") or "bounceback")


def cli_env(db: Path) -> dict[str, str]:
    """The environment of the installed command on `db`, on the terminal tests' clock."""
    # COLUMNS and LINES would override the pane's real size inside the app.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(
        {
            "BOUNCEBACK_DB": str(db),
            "BOUNCEBACK_NOW": TERMINAL_NOW,
            "TZ": "UTC",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
        }
    )
    return env


def run_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [bounceback_command(), *args], env=cli_env(db), capture_output=True, text=True, timeout=60
    )


class Terminal:
    """One tmux session running one command."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.name = f"bb-{uuid.uuid4().hex[:8]}"

    def start(self, *args: str) -> None:
        env = cli_env(self.db)
        exports = " ".join(
            f"{k}={_quote(env[k])}"
            for k in ("BOUNCEBACK_DB", "BOUNCEBACK_NOW", "TZ", "TERM", "COLORTERM")
        )
        command = " ".join([bounceback_command(), *args])
        subprocess.run(
            [
                *TMUX,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(TERMINAL_WIDTH),
                "-y",
                str(TERMINAL_HEIGHT),
                # `env -u`: a tmux server started elsewhere may hand its shells
                # COLUMNS/LINES, which would override the pane's real size.
                f"env -u COLUMNS -u LINES {exports} {command}; "
                "echo BOUNCEBACK-EXITED $?; sleep 600",
            ],
            check=True,
            env=env,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(
        self, text: str, *more: str, gone: tuple[str, ...] = (), timeout: float = 20.0
    ) -> str:
        """Poll the pane until `text` (and every one of `more`) shows and none of `gone` does,
        or fail with what was on screen. A frame is written top to bottom, so asking for
        everything that a check looks at, rather than checking a screen caught half-drawn,
        keeps the tests honest and calm. Wait for text only the state you need can show: a
        label in the key bar or on the screen underneath is there before the key is handled."""
        wanted = (text, *more)
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            missing = [piece for piece in wanted if piece not in shown]
            still_there = [piece for piece in gone if piece in shown]
            if not missing and not still_there:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"never appeared: {missing!r}; never went: {still_there!r}; "
                    f"the screen was:\n{shown}"
                )
            time.sleep(0.1)

    def app_pid(self) -> int:
        """The pid of the running bounceback process in the pane."""
        shell = subprocess.run(
            [*TMUX, "display-message", "-p", "-t", self.name, "#{pane_pid}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True
        ).stdout.split()
        assert children, "bounceback is not running in the pane"
        return int(children[0])

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def fill_disk(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte; remove the file to free it."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass
    assert os.statvfs(folder).f_bavail == 0
    return filler
