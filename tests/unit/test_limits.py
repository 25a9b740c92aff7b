"""One set of limits (tui.domain.limits): the forms, the shell and the importer agree.

Whatever the services accept (what the app's forms and the CLI call) exports and imports again;
what goes past a limit is refused in one line; an import stays the lenient one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tui.domain import limits
from tui.domain.errors import InvalidInput
from tui.domain.models import RoutineDraft
from tui.export.json_format import ImportFailed, dump, export_data, import_data, load
from tui.images.ingest import ingest_file
from tui.services import board as board_service
from tui.services import day as day_service
from tui.services import routines as routine_service
from tui.services import settings as settings_service
from tui.store import board, entries, excuses, routines, tasks
from tui.store import settings as settings_store
from tui.store.db import Database, open_db

from ..helpers import TODAY

START = date(2026, 11, 2)
STAMP = "2026-11-21T19:30:00+00:00"
CONTROLS = ["\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\x9f"]


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "other" / "bounceback.db")
    yield database
    database.close()


def _picture(folder: Path, name: str = "p.png") -> Any:
    path = folder / name
    Image.new("RGB", (6, 4), (200, 30, 30)).save(path)
    return ingest_file(path)


# --- the module itself -----------------------------------------------------------------------


def test_an_import_takes_at_least_what_the_forms_take():
    for text in limits.TEXTS:
        assert text.most_imported >= text.most, text
    for number in limits.RANGES:
        assert number.imported.low <= number.low and number.imported.high >= number.high, number
        assert number.imported.high <= limits.SQLITE_INTEGER_MAX


def test_a_one_line_text_is_collapsed_and_held_to_its_length():
    assert limits.TITLE.clean("  Send   the  CV ") == "Send the CV"
    assert limits.TITLE.clean("x" * 200) == "x" * 200
    with pytest.raises(InvalidInput, match="a title is at most 200 characters"):
        limits.TITLE.clean("x" * 201)
    # Non-breaking and other Unicode spaces are not control characters: they collapse.
    assert limits.CAPTION.clean("a\u00a0\u2003b") == "a b"


@pytest.mark.parametrize("char", CONTROLS)
def test_a_one_line_text_refuses_control_characters(char: str):
    for limit in (limits.TITLE, limits.UNIT, limits.NAME, limits.CAPTION, limits.PAUSE_REASON):
        with pytest.raises(InvalidInput, match=f"^{limit.what} cannot hold control characters$"):
            limit.clean(f"before{char}after")
    assert limits.NOTE.clean(f" a note{char}that may hold it ") == f"a note{char}that may hold it"


def test_a_range_says_what_is_wrong_in_one_line():
    with pytest.raises(InvalidInput, match="the target must be 1 or more, not 0"):
        limits.TASK_TARGET.check(0)
    with pytest.raises(InvalidInput, match=r"more than anyone can do \(at most 10000\)"):
        limits.TASK_TARGET.check(2**31)
    with pytest.raises(InvalidInput, match="^no routine with id 18446744073709551616$"):
        limits.check_id(2**64, "routine")
    with pytest.raises(InvalidInput, match=r"^no image with id 1000000000…\(41 digits\)$"):
        limits.check_id(10**40, "image")


# --- the services (the app's forms and the CLI) ----------------------------------------------


def test_every_kind_of_text_refuses_control_characters_through_the_services(
    ready_db: Database, tmp_path: Path
):
    db = ready_db
    cases = [
        lambda bad: routine_service.add(db, RoutineDraft("learn", bad), START),
        lambda bad: routine_service.add(db, RoutineDraft("learn", "Read", 2, bad), START),
        lambda bad: day_service.add_task(db, "learn", bad, TODAY),
        lambda bad: day_service.add_task(db, "learn", "Call", TODAY, 2, bad),
        lambda bad: settings_service.save(db, {"name": bad}, today=TODAY),
        lambda bad: settings_service.add_pause(db, TODAY, TODAY, bad),
        lambda bad: board_service.add_image(db, _picture(tmp_path), bad),
    ]
    before = dump(export_data(db, STAMP))
    for case in cases:
        with pytest.raises(InvalidInput, match="cannot hold control characters"):
            case("Send\x1b[31m the CV")
    assert dump(export_data(db, STAMP)) == before


def test_the_old_holes_are_closed(ready_db: Database):
    """A task the shell took and the importer then refused, so the export never imported."""
    with pytest.raises(InvalidInput, match="a title is at most 200 characters"):
        day_service.add_task(ready_db, "apply", "x" * 100_001, TODAY)
    with pytest.raises(InvalidInput, match="more than anyone can do"):
        day_service.add_task(ready_db, "apply", "Call", TODAY, 2**31)
    with pytest.raises(InvalidInput, match="more than anyone can do"):
        day_service.add_task(ready_db, "apply", "Call", TODAY, 2**63)
    assert tasks.all_tasks(ready_db) == []


def _everything_at_its_maximum(db: Database, folder: Path) -> None:
    """One of each thing, every text and number as large as the services take."""
    title, unit = "T" * limits.TITLE.most, "u" * limits.UNIT.most
    settings_service.set_up(db, name="N" * limits.NAME.most, start=START, today=TODAY)
    routine = routine_service.add(
        db, RoutineDraft("apply", title, limits.ROUTINE_TARGET.high, unit), START
    ).result
    task = day_service.add_task(db, "learn", title, TODAY, limits.TASK_TARGET.high, unit).result
    for ref in (routine.ref, task.ref):
        day_service.set_entry(
            db,
            ref,
            TODAY,
            limits.AMOUNT.high,
            "n" * limits.NOTE.most,
            today=TODAY,
            description="",
        )
    settings_service.add_pause(db, START, TODAY, "r" * limits.PAUSE_REASON.most)
    board_service.add_image(db, _picture(folder), "c" * limits.CAPTION.most, "apply")


def test_an_export_of_everything_at_its_maximum_imports_again(
    db: Database, other: Database, tmp_path: Path
):
    _everything_at_its_maximum(db, tmp_path)
    exported = dump(export_data(db, STAMP))
    summary = import_data(other, load(exported))
    assert summary.routines.added == summary.tasks.added == summary.images.added == 1
    assert dump(export_data(other, STAMP)) == exported


def test_one_past_each_maximum_is_refused_and_nothing_is_written(
    ready_db: Database, tmp_path: Path
):
    db = ready_db
    routine = routines.list_routines(db)[0]
    picture = board.add(db, _picture(tmp_path))[0]
    over_title, over_unit = "T" * (limits.TITLE.most + 1), "u" * (limits.UNIT.most + 1)
    cases = [
        lambda: routine_service.add(db, RoutineDraft("apply", over_title), START),
        lambda: routine_service.add(db, RoutineDraft("apply", "Read", 2, over_unit), START),
        lambda: routine_service.add(
            db, RoutineDraft("apply", "Read", limits.ROUTINE_TARGET.high + 1), START
        ),
        lambda: day_service.add_task(db, "learn", over_title, TODAY),
        lambda: day_service.add_task(db, "learn", "Call", TODAY, 2, over_unit),
        lambda: day_service.add_task(db, "learn", "Call", TODAY, limits.TASK_TARGET.high + 1),
        lambda: day_service.set_entry(
            db, routine.ref, TODAY, limits.AMOUNT.high + 1, "", today=TODAY, description=""
        ),
        lambda: day_service.set_entry(
            db, routine.ref, TODAY, 1, "n" * (limits.NOTE.most + 1), today=TODAY, description=""
        ),
        lambda: settings_service.save(db, {"name": "N" * (limits.NAME.most + 1)}, today=TODAY),
        lambda: settings_service.add_pause(db, TODAY, TODAY, "r" * (limits.PAUSE_REASON.most + 1)),
        lambda: board_service.set_caption(db, picture.id, "c" * (limits.CAPTION.most + 1)),
        lambda: routine_service.set_archived(db, 2**63, True, today=TODAY),
        lambda: board_service.delete(db, 2**63),
    ]
    before = dump(export_data(db, STAMP))
    for case in cases:
        with pytest.raises(InvalidInput) as caught:
            case()
        assert "\n" not in str(caught.value) and len(str(caught.value)) < 200
    assert dump(export_data(db, STAMP)) == before


# --- the importer stays lenient ---------------------------------------------------------------


@pytest.fixture
def small_export(db: Database) -> dict[str, Any]:
    settings_store.save(db, {"name": "Sam", "start_date": "2026-11-02"})
    routine = routines.add(db, RoutineDraft("apply", "Apply", 2, "apps"), START)
    entries.put(db, routine.ref, date(2026, 11, 3), 2, "a note")
    tasks.add(db, "learn", "Course", date(2026, 11, 5))
    excuses.add_pause(db, date(2026, 11, 6), date(2026, 11, 8), "flu")
    return export_data(db, STAMP)


def test_an_import_keeps_taking_what_older_versions_let_in(
    small_export: dict[str, Any], other: Database
):
    data = copy.deepcopy(small_export)
    data["settings"]["name"] = "Sam\x1b[1m" + "m" * 1000
    data["routines"][0]["title"] = "Apply\tnow\x7f" + "x" * 90_000
    data["routines"][0]["unit"] = "u" * 1000
    data["routines"][0]["entries"][0]["note"] = "n" * 100_000
    data["tasks"][0]["target"] = 2**31 - 1
    data["pauses"][0]["reason"] = "flu\n" * 20_000
    import_data(other, load(json.dumps(data)))
    assert export_data(other, STAMP) == data


def test_what_an_import_let_in_does_not_block_editing_or_undo(
    small_export: dict[str, Any], other: Database, tmp_path: Path
):
    data = copy.deepcopy(small_export)
    long_title = "Apply\x1b[1m" + "x" * 300
    long_note = "n" * 2000
    data["routines"][0]["title"] = long_title
    data["routines"][0]["entries"][0]["note"] = long_note
    data["pauses"][0]["reason"] = "r" * 500
    import_data(other, load(json.dumps(data)))
    db = other
    routine = routines.list_routines(db)[0]
    # Editing the target keeps the title as it came in, and undo puts everything back.
    draft = RoutineDraft(routine.pillar, routine.title, 3, routine.unit, routine.rrule)
    change = routine_service.edit(db, routine.id, draft, routine.start_date)
    assert routines.get(db, routine.id).target == 3
    assert change.undo is not None
    change.undo(db)
    assert routines.get(db, routine.id).target == 2
    # A check-off keeps the long note.
    day = date(2026, 11, 3)
    day_service.set_entry(db, routine.ref, day, 1, long_note, today=TODAY, description="")
    assert entries.get(db, routine.ref, day).note == long_note  # type: ignore[union-attr]
    # A pause removed and put back keeps its long reason.
    pause = excuses.pauses(db)[0]
    removed = settings_service.remove_pause(db, pause.id)
    assert removed.undo is not None
    removed.undo(db)
    assert excuses.pauses(db)[0].reason == "r" * 500
    # Settings saved with the imported name unchanged.
    name = settings_store.load(db).name
    settings_service.save(db, {"name": name, "week_start": "sunday"}, today=TODAY)
    assert settings_store.load(db).week_start == 6
    # A caption with a control character, changed and changed back by undo.
    image = board.add(db, _picture(tmp_path))[0]
    board.set_caption(db, image.id, "odd\x1bcaption", as_stored=True)
    caption_change = board_service.set_caption(db, image.id, "plain")
    assert caption_change.undo is not None
    caption_change.undo(db)
    assert board.get(db, image.id).caption == "odd\x1bcaption"


# --- what an import ignores is still checked (docs/DATA-FORMAT.md) ---------------------------


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


_PLACES = [
    (),
    ("routines", 0),
    ("routines", 0, "entries", 0),
    ("tasks", 0),
    ("pauses", 0),
]


def _with_extra(data: dict[str, Any], place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for key in place:
        target = target[key]
    target["from_a_later_version"] = value
    return changed


@pytest.mark.parametrize("place", _PLACES, ids=lambda place: ".".join(map(str, place)) or "top")
@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("NaN", "NaN is not a number JSON allows"),
        ("Infinity", "Infinity is not a number JSON allows"),
        ("-Infinity", "-Infinity is not a number JSON allows"),
        (json.dumps("x" * 200_000), "too long"),
        (json.dumps({"k" * 200: 1}), "too long"),
        (json.dumps(_nested(33)), "nested more than 32 levels deep"),
        ("1" + "0" * 30, "far too large"),
    ],
    ids=["nan", "infinity", "-infinity", "long-text", "long-key", "deep", "huge"],
)
def test_values_under_ignored_keys_are_refused_as_documented(
    small_export: dict[str, Any], other: Database, place: tuple[Any, ...], raw: str, words: str
):
    marker = "\u2063MARKER\u2063"
    text = json.dumps(_with_extra(small_export, place, marker)).replace(json.dumps(marker), raw)
    with pytest.raises(ImportFailed) as caught:
        load(text)
    message = str(caught.value)
    assert words in message and "from_a_later_version" in message, message
    assert len(message) < 300
    assert export_data(other, STAMP)["routines"] == []


@pytest.mark.parametrize("place", _PLACES, ids=lambda place: ".".join(map(str, place)) or "top")
def test_plain_values_under_ignored_keys_still_import(
    small_export: dict[str, Any], other: Database, place: tuple[Any, ...]
):
    later = {
        "deep": _nested(31),
        "text": "x" * 100_000,
        "number": 2**63 - 1,
        "picture": {"sha256": "a" * 64, "base64": "QUJD" * 50_000},  # a blob runs long
    }
    import_data(other, load(json.dumps(_with_extra(small_export, place, later))))
    assert export_data(other, STAMP) == small_export


# --- days -------------------------------------------------------------------------------------


def test_day_bounds():
    assert limits.day_bounds(START, TODAY) == (START, TODAY + timedelta(days=366))
    assert limits.day_bounds(None, TODAY)[0] == date(2016, 11, 21)
    assert limits.earliest_start(date(2028, 2, 29)) == date(2018, 2, 28)
    assert limits.check_day(START, start=START, today=TODAY) == START
    assert limits.check_day(TODAY + timedelta(days=366), start=START, today=TODAY)
    with pytest.raises(InvalidInput, match="before your search started"):
        limits.check_day(START - timedelta(days=1), start=START, today=TODAY)
    with pytest.raises(InvalidInput, match="more than a year away"):
        limits.check_day(TODAY + timedelta(days=367), start=START, today=TODAY)
    with pytest.raises(InvalidInput, match="more than a year away"):
        limits.check_day(date.max, start=START, today=TODAY)
    with pytest.raises(InvalidInput, match="more than ten years ago"):
        limits.check_start(date(1, 1, 1), TODAY)
    with pytest.raises(InvalidInput, match="in the future"):
        limits.check_start(TODAY + timedelta(days=1), TODAY)


def test_a_freeze_far_away_is_refused_before_any_work(ready_db: Database):
    current = settings_store.load(ready_db)
    for day in (date(9999, 12, 31), date(2526, 12, 31), date(1, 1, 1)):
        with pytest.raises(InvalidInput) as caught:
            day_service.freeze(ready_db, "learn", day, today=TODAY, settings=current)
        assert day.isoformat() in str(caught.value)
