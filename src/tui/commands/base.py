"""What every subcommand shares: the data file opened on first use, and one-line failures."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..domain import limits
from ..domain.errors import InvalidInput
from ..entry import run_app as run_app  # shared with the plain launch

if TYPE_CHECKING:
    from ..domain.models import Settings
    from ..store.db import Database

EXIT_FAILED = 1
NOT_SET_UP = "not set up yet: run `bounceback` for the welcome, or `bounceback init`"


class Failed(click.ClickException):
    """An action that could not be done: one line on stderr, exit 1."""

    exit_code = EXIT_FAILED

    def show(self, file: Any = None) -> None:
        say(f"bounceback: {self.message}", err=True)


def say(text: str = "", err: bool = False) -> None:
    """Print lines for a person. Every line passes the one sanitiser, so stored text in it
    (a title, a note, a caption) can never act on the terminal."""
    from ..domain.text import shown

    click.echo("\n".join(shown(line) for line in text.split("\n")), err=err)


def say_json(payload: object) -> None:
    """Print JSON for programs: the exact values, with nothing a terminal would act on."""
    from ..domain.text import json_text

    click.echo(json_text(payload))


class WholeNumber(click.ParamType):
    """A whole number held to one of the limits (tui.domain.limits): text that is not a number
    is bad usage (exit 2); a number out of range is one line and exit 1, like any bad input,
    before anything is opened."""

    name = "integer"

    def __init__(self, limit: limits.Range | None = None, *, id_of: str | None = None) -> None:
        self.limit = limit
        self.id_of = id_of
        """For an id: what it names (`routine`); out of range it names nothing."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number: int | str
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            try:
                number = limits.read_int(text)
            except ValueError:
                shown = text if len(text) <= 24 else text[:20] + "…"
                self.fail(f"{shown!r} is not a whole number", param, ctx)
        try:
            if self.id_of is not None:
                return limits.check_id(number, self.id_of)
            if self.limit is None:
                return limits.ID.check(number)  # at least what SQLite can hold
            return self.limit.check(number)
        except InvalidInput as error:
            raise Failed(str(error)) from None


class Context:
    """Where the data file is, opened on first use."""

    def __init__(self, db_option: str | None) -> None:
        self.db_option = db_option
        self._db: Database | None = None
        self._settings: Settings | None = None

    @property
    def path(self) -> Path:
        from ..paths import resolve_db_path

        return resolve_db_path(self.db_option)

    @property
    def db(self) -> Database:
        if self._db is None:
            from ..store.db import open_db

            # A file we may not write still opens for reading: writes then fail in one line.
            self._db = open_db(self.path, read_only_ok=True)
        return self._db

    def tell_notices(self) -> None:
        """What opening the data file did that the person should hear about (a folder made
        private, a full disk), once, on stderr: after a command that succeeded, so a failure
        stays one line."""
        if self._db is not None:
            for notice in self._db.notices:
                click.echo(f"bounceback: note: {notice}", err=True)
            self._db.notices.clear()

    def close(self) -> None:
        """Close the data file: its -wal is folded into it and removed."""
        if self._db is not None:
            self._db.close()

    def settings(self) -> Settings:
        """Read once per command (its checks, today and every date it parses share them)."""
        if self._settings is None:
            from ..store import settings

            self._settings = settings.load(self.db)
        return self._settings

    def forget_settings(self) -> None:
        """After a write to them: the next question reads them afresh."""
        self._settings = None

    def today(self) -> date:
        from .. import clock

        return clock.today(self.settings().day_start_hour)

    def day(self, text: str | None, *, bounded: bool = True) -> date:
        """The day `text` names; `bounded`: refused when far from the search (before its start
        or over a year ahead), before any work is done for it."""
        from ..domain.dates import parse_day

        today = self.today()
        day = today if text is None else parse_day(text, today)
        if bounded:
            limits.check_day(day, start=self.settings().start_date, today=today)
        return day

    def existing_db(self) -> Database | None:
        """The data file for reading; None when there is none yet (and none is created: a
        question from a login shell leaves no trace)."""
        if self._db is None and could_be_created(self.path):
            return None
        return self.db

    def require_setup(self) -> Settings:
        if self.existing_db() is None:
            raise Failed(NOT_SET_UP)
        current = self.settings()
        if not current.initialized:
            raise Failed(NOT_SET_UP)
        return current


def could_be_created(path: Path) -> bool:
    """Whether `path` is missing and nothing in the way would stop it from being created."""
    try:
        if path.exists() or path.is_symlink():
            return False
        ancestor = path.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        return ancestor.is_dir()
    except OSError:  # e.g. a folder we may not look into: let opening say what is wrong
        return False


pass_context = click.make_pass_decorator(Context)
