"""Settings and pauses, and setting up a fresh data file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ..domain import limits
from ..domain.dates import check_start
from ..domain.errors import InvalidInput
from ..domain.models import Pause, RoutineDraft, Settings
from ..store import excuses, routines
from ..store import settings as settings_store
from ..store.db import Database
from .change import Change, Topic

_SETTINGS = frozenset({Topic.SETTINGS, Topic.DAY})  # targets and rest days change the day too


def parse(
    texts: Mapping[str, str], *, today: date, current: Settings | None = None
) -> dict[str, object]:
    """Typed values (as the Settings screen and `config set` take them), checked; raises
    InvalidInput naming the first bad one.

    A name or start date left as it is in `current` passes as it is: an import may have
    brought in more than a form takes, and saving the week start must not stumble over it.
    """
    values: dict[str, object] = {}
    for key, text in texts.items():
        if current is not None and key.strip() == "name" and text == current.name:
            values["name"] = text
            continue
        canonical, value = settings_store.parse_value(key, text)
        values[canonical] = value
    if "start_date" in values:
        start = date.fromisoformat(str(values["start_date"]))
        if current is None or start != current.start_date:
            check_start(start, today)
    return values


def save(db: Database, texts: Mapping[str, str], *, today: date) -> Change:
    """Check typed values and save them together (one transaction)."""
    values = parse(texts, today=today, current=settings_store.load(db))
    with db.write():
        settings_store.save(db, values)
    return Change("saved the settings", _SETTINGS, result=values)


def set_up(
    db: Database,
    *,
    name: str | None,
    start: date,
    today: date,
    starter: Iterable[RoutineDraft] = (),
) -> Change:
    """First-run setup (the welcome and `bounceback init`): the name, the day the search
    started, and the starter routines, which begin on that day so it can be back-filled. One
    transaction: a failure leaves the file as it was, so trying again adds nothing twice."""
    current = settings_store.load(db)
    if start != current.start_date:
        check_start(start, today)
    drafts = list(starter)
    values: dict[str, object] = {"start_date": start.isoformat()}
    if name is not None:
        values["name"] = name if name == current.name else limits.NAME.clean(name)
    with db.write():
        if drafts:
            if routines.list_routines(db, include_archived=True):
                raise InvalidInput(
                    "there are routines already; the starter is only for a fresh start"
                )
            routines.add_many(db, drafts, start)
        settings_store.save(db, values)
    return Change("set up Bounceback", frozenset(Topic), result=len(drafts))


def remember(db: Database, key: str, value: str) -> None:
    """Bookkeeping the app keeps between runs (the theme, the last day it opened): no undo,
    nothing for a screen to redraw."""
    with db.write():
        settings_store.save(db, {key: value})


def add_pause(db: Database, start: date, end: date, reason: str = "") -> Change:
    """Excuse every pillar from `start` to `end`, both included."""
    with db.write():
        pause = excuses.add_pause(db, start, end, reason)
    return Change(
        "added a pause",
        _SETTINGS,
        undo=lambda db: _remove_pause(db, pause.id),
        message=f"Paused {pause.start} to {pause.end}: every pillar is excused.",
        result=pause,
    )


def remove_pause(db: Database, pause_id: int) -> Change:
    """Take a pause away; undo puts it back."""
    with db.write():
        removed = excuses.remove_pause(db, pause_id)
    return Change(
        "removed a pause",
        _SETTINGS,
        undo=lambda db: _put_pause_back(db, removed),
        message=f"Removed the pause {removed.start} to {removed.end}.",
        result=removed,
    )


def _remove_pause(db: Database, pause_id: int) -> Change:
    with db.write():
        excuses.remove_pause(db, pause_id)
    return Change("removed a pause", _SETTINGS)


def _put_pause_back(db: Database, removed: Pause) -> Change:
    with db.write():
        excuses.add_pause(db, removed.start, removed.end, removed.reason, as_stored=True)
    return Change("put a pause back", _SETTINGS)
