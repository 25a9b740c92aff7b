"""The JSON export and the merging import: lossless round trips, merge rules, a fuzzed parser."""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tui import clock, demo
from tui.domain.models import ItemRef, RoutineDraft
from tui.export.json_format import (
    FORMAT,
    FORMAT_VERSION,
    ImportFailed,
    dump,
    export_data,
    import_data,
    load,
)
from tui.images.ingest import Ingested, ingest_file
from tui.store import board, entries, excuses, routines, tasks
from tui.store import settings as settings_store
from tui.store.db import Database, StoreError, open_db
from tui.store.migrations import SCHEMA_VERSION

STAMP = "2026-11-21T19:30:00+00:00"
TABLES = ("settings", "routines", "tasks", "entries", "pauses", "freezes", "images", "image_data")


def _export_text(db: Database, stamp: str = STAMP) -> str:
    return dump(export_data(db, stamp))


_CONTENTS = {
    "settings": "SELECT * FROM settings",
    "routines": "SELECT pillar, title, kind, target, unit, rrule, start_date, end_date, "
    "archived_on, position, created_at FROM routines",
    "tasks": "SELECT pillar, title, kind, target, unit, day, position, created_at FROM tasks",
    "entries": "SELECT r.pillar, r.title, r.start_date, r.position, t.pillar, t.title, t.day, "
    "t.position, e.day, e.amount, e.note, e.updated_at FROM entries e "
    "LEFT JOIN routines r ON r.id = e.routine_id LEFT JOIN tasks t ON t.id = e.task_id",
    "pauses": "SELECT start_date, end_date, reason, created_at FROM pauses",
    "freezes": "SELECT pillar, day, created_at FROM freezes",
    "images": "SELECT sha256, caption, pillar, position, width, height, size, format, name, "
    "original_is_copy, added_at, thumb, display, original FROM images "
    "JOIN image_data ON image_id = id",
}


def _contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row without its id, straight from SQLite (not through the export being tested)."""
    return {
        table: sorted((tuple(row) for row in db.query(sql)), key=repr)
        for table, sql in _CONTENTS.items()
    }


def _counts(db: Database) -> dict[str, int]:
    return {table: db.query(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "other" / "bounceback.db")
    yield database
    database.close()


def _pictures(folder: Path) -> list[Ingested]:
    folder.mkdir(exist_ok=True)
    made = []
    for number, (colour, suffix) in enumerate((((200, 30, 30), "png"), ((30, 90, 200), "jpg"))):
        path = folder / f"extra{number}.{suffix}"
        Image.new("RGB", (64 + number, 48), colour).save(path)
        made.append(ingest_file(path))
    return made


def _rich(db: Database, folder: Path) -> None:
    """Months of demo history plus everything the demo leaves out."""
    demo.generate(db)
    first, second = _pictures(folder)
    board.add(db, first, "A red square", "learn")
    board.add(db, second, "Blue, no pillar")
    # A picture whose stored original is a downscaled copy: its sha256 is of the file as added.
    board.add(
        db,
        Ingested(
            sha256=hashlib.sha256(b"the 40 MB file it came from").hexdigest(),
            original=first.display,
            original_is_copy=True,
            display=first.display,
            thumb=first.thumb,
            width=64,
            height=48,
            format="JPEG",
            name="huge photo.jpg",
        ),
        "Downscaled",
    )
    listed = routines.list_routines(db)
    routines.set_archived(db, listed[0].id, date(2026, 10, 1))
    routines.add(db, RoutineDraft("learn", "Read 10 pages", 10, "pages"), date(2026, 9, 1))
    excuses.add_pause(db, date(2026, 9, 10), date(2026, 9, 14), "a cold")
    excuses.add_pause(db, date(2026, 9, 10), date(2026, 9, 14), "the same range again")
    excuses.add_freeze(db, "apply", date(2026, 10, 7), 2)
    excuses.add_freeze(db, "self_care", date(2026, 10, 8), 2)
    task = tasks.add(db, "network", "Ünïcode “quotes” ☕", date(2026, 11, 20), 3, "calls")
    entries.put(db, task.ref, task.day, 2, "note with\nnewline and emoji 🎉")
    settings_store.save(db, {"day_start_hour": 5, "network.rest_days": [6], "future.key": {"a": 1}})


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_of_a_rich_history_is_identical(db: Database, other: Database, tmp_path: Path):
    _rich(db, tmp_path / "pictures")
    # Ids in the target run differently (AUTOINCREMENT remembers a deleted picture).
    board.delete(db=other, image_id=board.add(other, _pictures(tmp_path / "p2")[0])[0].id)
    first = _export_text(db)
    summary = import_data(other, load(first))
    assert summary.images.added == 12 and summary.entries.added > 800
    assert _export_text(other) == first
    assert _contents(other) == _contents(db)


def test_only_exported_at_differs(db: Database, other: Database, tmp_path: Path):
    _rich(db, tmp_path / "pictures")
    import_data(other, load(_export_text(db, "2026-01-01T00:00:00+00:00")))
    before = export_data(db, STAMP)
    after = export_data(other, "2027-05-05T12:00:00+02:00")
    assert after.pop("exported_at") != before.pop("exported_at")
    assert after == before


def test_export_layout(db: Database, tmp_path: Path):
    _rich(db, tmp_path / "pictures")
    text = _export_text(db)
    assert text.endswith("}\n") and "🎉" in text  # ensure_ascii off
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["format"] == FORMAT and data["format_version"] == FORMAT_VERSION
    assert data["schema_version"] == SCHEMA_VERSION == 5 and data["exported_at"] == STAMP
    assert "id" not in data["routines"][0] and "routine_id" not in str(data["routines"][0])
    assert any(r["archived_on"] == "2026-10-01" for r in data["routines"])
    copy_image = next(i for i in data["images"] if i["original_is_copy"])
    assert copy_image["sha256"] != copy_image["original"]["sha256"]
    plain = next(i for i in data["images"] if not i["original_is_copy"])
    assert plain["sha256"] == plain["original"]["sha256"]
    assert data["settings"]["future.key"] == {"a": 1}
    assert dump(data) == text  # stable


def test_importing_twice_changes_nothing(db: Database, other: Database, tmp_path: Path):
    _rich(db, tmp_path / "pictures")
    data = load(_export_text(db))
    import_data(other, data)
    once, counts = _export_text(other), _counts(other)
    again = import_data(other, data)
    assert not again.changed
    assert again.entries.added == again.entries.updated == again.entries.kept == 0
    assert _export_text(other) == once and _counts(other) == counts
    # Importing a file's own export into it changes nothing either.
    assert not import_data(db, data).changed
    assert _export_text(db) == once


# --- merge rules ------------------------------------------------------------------------------


def _at(moment: datetime) -> None:
    clock.freeze(moment)


def test_the_newer_entry_wins_on_both_sides(db: Database, other: Database):
    start = date(2026, 11, 2)
    for database in (db, other):
        routines.add(database, RoutineDraft("apply", "Apply", 3, "apps"), start)
    day_one, day_two = date(2026, 11, 10), date(2026, 11, 11)
    ref = ItemRef("routine", 1)
    _at(datetime(2026, 11, 10, 9, 0))
    entries.put(db, ref, day_one, 1, "older in db")
    entries.put(other, ref, day_two, 2, "older in other")
    _at(datetime(2026, 11, 12, 9, 0))
    entries.put(other, ref, day_one, 3, "newer in other")
    entries.put(db, ref, day_two, 1, "newer in db")

    from_db = load(_export_text(db))
    from_other = load(_export_text(other))
    into_other = import_data(other, from_db)
    into_db = import_data(db, from_other)
    for summary in (into_other, into_db):
        assert (summary.entries.updated, summary.entries.kept) == (1, 1)
        assert summary.routines.unchanged == 1
    for database in (db, other):
        assert entries.get(database, ref, day_one).note == "newer in other"  # type: ignore[union-attr]
        assert entries.get(database, ref, day_two).note == "newer in db"  # type: ignore[union-attr]
    assert _export_text(db) == _export_text(other)


def test_a_tie_keeps_the_data_files_entry(db: Database, other: Database):
    for database, amount in ((db, 1), (other, 2)):
        routine = routines.add(database, RoutineDraft("learn", "Read"), date(2026, 11, 2))
        entries.put(database, routine.ref, date(2026, 11, 3), amount, "")
    summary = import_data(other, load(_export_text(db)))
    assert summary.entries.kept == 1 and not summary.changed
    assert entries.get(other, ItemRef("routine", 1), date(2026, 11, 3)).amount == 2  # type: ignore[union-attr]


def test_merge_into_a_file_with_its_own_history(db: Database, other: Database):
    start = date(2026, 11, 2)
    routines.add(db, RoutineDraft("apply", "Shared"), start)
    routines.add(db, RoutineDraft("apply", "Twin"), start)
    routines.add(db, RoutineDraft("apply", "Twin"), start)
    routines.add(db, RoutineDraft("apply", "Shared", 4, "apps"), date(2026, 11, 5))
    settings_store.save(db, {"name": "From the file", "week_start": 6})
    routines.add(other, RoutineDraft("network", "Only here"), start)
    routines.add(other, RoutineDraft("apply", "Twin"), start)
    routines.add(other, RoutineDraft("apply", "Shared", 2, ""), start)  # same key, other target
    settings_store.save(other, {"name": "Kept"})

    summary = import_data(other, load(_export_text(db)))
    assert (summary.routines.added, summary.routines.unchanged, summary.routines.kept) == (2, 1, 1)
    assert (summary.settings.added, summary.settings.kept) == (1, 1)
    loaded = settings_store.load(other)
    assert loaded.name == "Kept" and loaded.week_start == 6
    apply = [r for r in routines.list_routines(other) if r.pillar == "apply"]
    # What was there keeps its place and fields; what came in goes after it, in the file's order.
    assert [(r.title, r.target, r.start_date.day) for r in apply] == [
        ("Twin", 1, 2),
        ("Shared", 2, 2),
        ("Twin", 1, 2),
        ("Shared", 4, 5),
    ]
    assert len({r.position for r in apply}) == 4
    assert not import_data(other, load(_export_text(db))).changed


def test_a_failed_write_leaves_the_file_as_it_was(db: Database, other: Database, tmp_path: Path):
    _rich(db, tmp_path / "pictures")
    routines.add(other, RoutineDraft("apply", "Mine"), date(2026, 11, 2))
    before, counts = _export_text(other), _counts(other)
    pages = other.query("PRAGMA page_count")[0][0]
    other.conn.execute(f"PRAGMA max_page_count = {pages + 20}")  # the disk fills up mid-import
    with pytest.raises(StoreError, match="full"):
        import_data(other, load(_export_text(db)))
    other.conn.execute("PRAGMA max_page_count = 1073741823")
    assert _export_text(other) == before and _counts(other) == counts
    assert other.query("PRAGMA integrity_check")[0][0] == "ok"


def test_rows_written_through_sqlite_utils_roll_back_with_the_import(
    db: Database, other: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from tui.export import json_format

    _rich(db, tmp_path / "pictures")
    before, counts = _export_text(other), _counts(other)

    def last_step_fails(merge: Any, records: Any) -> None:
        # Routines, tasks, entries, pauses and freezes are written by now.
        assert merge.conn.execute("SELECT count(*) FROM routines").fetchone()[0] > 0
        raise StoreError("the last step failed")

    monkeypatch.setattr(json_format, "_merge_images", last_step_fails)
    with pytest.raises(StoreError, match="last step"):
        import_data(other, load(_export_text(db)))
    assert _export_text(other) == before and _counts(other) == counts


# --- random histories -------------------------------------------------------------------------

_days = st.dates(min_value=date(2024, 2, 25), max_value=date(2024, 3, 5))  # Feb 29 included
_stamps = st.builds(
    lambda day, seconds, hours: (
        datetime.combine(day, datetime.min.time())
        .replace(tzinfo=timezone(timedelta(hours=hours)))
        .__add__(timedelta(seconds=seconds))
        .isoformat()
    ),
    _days,
    st.integers(0, 86_399),
    st.integers(-11, 13),
)
_titles = st.sampled_from(["Apply", "Walk", "Read", "Ünï ☕"])
_notes = st.text(max_size=12)
_entry_map = st.dictionaries(_days, st.tuples(st.integers(0, 100_000), _notes, _stamps), max_size=5)
_pillars = st.sampled_from(["apply", "network", "learn", "self_care"])
_rrules = st.sampled_from(["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY;INTERVAL=3"])
_routine = st.fixed_dictionaries(
    {
        "pillar": _pillars,
        "title": _titles,
        "target": st.integers(1, 10_000),
        "unit": st.sampled_from(["", "pages"]),
        "rrule": _rrules,
        "start_date": _days,
        "end_date": st.none() | _days,
        "archived_on": st.none() | _days,
        "position": st.integers(0, 3),
        "created_at": _stamps,
        "entries": _entry_map,
    }
)
_task = st.fixed_dictionaries(
    {
        "pillar": _pillars,
        "title": _titles,
        "target": st.integers(1, 2**31 - 1),
        "unit": st.sampled_from(["", "calls"]),
        "day": _days,
        "position": st.integers(0, 2),
        "created_at": _stamps,
        "entries": _entry_map,
    }
)
_pause = st.tuples(_days, st.integers(0, 4), st.text(max_size=8), _stamps)
_history = st.fixed_dictionaries(
    {
        "routines": st.lists(_routine, max_size=6),
        "tasks": st.lists(_task, max_size=5),
        "pauses": st.lists(_pause, max_size=3),
        "freezes": st.dictionaries(st.tuples(_pillars, _days), _stamps, max_size=4),
        "images": st.lists(
            st.tuples(
                st.binary(min_size=1, max_size=64),
                st.text(max_size=10),
                st.none() | _pillars,
                st.integers(0, 5),
                st.booleans(),
                _stamps,
            ),
            max_size=3,
            unique_by=lambda image: (image[0], image[4]),
        ),
        "settings": st.dictionaries(
            st.sampled_from(["name", "day_start_hour", "apply.weekly_target"]),
            st.integers(1, 7),
            max_size=3,
        ),
    }
)


def _insert_history(db: Database, history: dict[str, Any]) -> None:
    with db.write() as conn:
        for key, value in history["settings"].items():
            stored = str(value) if key == "name" else value
            conn.execute("INSERT INTO settings VALUES (?, ?)", (key, json.dumps(stored)))
        for kind, table in (("routine", "routines"), ("task", "tasks")):
            for item in history[f"{kind}s"]:
                columns = [c for c in item if c != "entries"]
                values = [
                    item[c].isoformat() if isinstance(item[c], date) else item[c] for c in columns
                ]
                columns.append("kind")
                values.append("count" if item["target"] > 1 or item["unit"] else "check")
                cursor = conn.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    values,
                )
                for day, (amount, note, stamp) in item["entries"].items():
                    conn.execute(
                        f"INSERT INTO entries ({kind}_id, day, amount, note, updated_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (cursor.lastrowid, day.isoformat(), amount, note, stamp),
                    )
        for start, length, reason, stamp in history["pauses"]:
            conn.execute(
                "INSERT INTO pauses (start_date, end_date, reason, created_at) VALUES (?,?,?,?)",
                (start.isoformat(), (start + timedelta(days=length)).isoformat(), reason, stamp),
            )
        for original, caption, pillar, position, is_copy, stamp in history["images"]:
            sha256 = hashlib.sha256((b"file:" if is_copy else b"") + original).hexdigest()
            cursor = conn.execute(
                "INSERT INTO images (sha256, caption, pillar, position, width, height, size, "
                "format, name, original_is_copy, added_at, thumb) "
                "VALUES (?, ?, ?, ?, 4, 3, ?, 'PNG', ?, ?, ?, ?)",
                (
                    sha256,
                    caption,
                    pillar,
                    position,
                    len(original),
                    caption,
                    is_copy,
                    stamp,
                    original[:3],
                ),
            )
            conn.execute(
                "INSERT INTO image_data (image_id, display, original) VALUES (?, ?, ?)",
                (cursor.lastrowid, original[::-1], original),
            )
        for (pillar, day), stamp in history["freezes"].items():
            conn.execute(
                "INSERT INTO freezes (pillar, day, created_at) VALUES (?, ?, ?)",
                (pillar, day.isoformat(), stamp),
            )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=_history)
def test_random_histories_round_trip_losslessly(history: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = open_db(Path(folder) / "source.db")
        target = open_db(Path(folder) / "target.db")
        try:
            _insert_history(source, history)
            first = _export_text(source)
            data = load(first)
            entry_count = sum(len(r["entries"]) for r in history["routines"] + history["tasks"])
            summary = import_data(target, data)
            assert summary.entries.added == entry_count
            assert summary.routines.added == len(history["routines"])
            assert summary.images.added == len(history["images"])
            assert _export_text(target) == first
            assert _contents(target) == _contents(source)
            assert not import_data(target, data).changed
            assert not import_data(source, data).changed
            assert _export_text(target) == _export_text(source) == first
        finally:
            source.close()
            target.close()


# --- malformed input --------------------------------------------------------------------------


@pytest.fixture
def small_export(db: Database, tmp_path: Path) -> dict[str, Any]:
    """A small file with one of everything (quick to mutate thousands of times)."""
    routine = routines.add(db, RoutineDraft("apply", "Apply", 2, "apps"), date(2026, 11, 2))
    entries.put(db, routine.ref, date(2026, 11, 3), 2, "a note")
    entries.put(db, routine.ref, date(2026, 11, 4), 1, "")
    task = tasks.add(db, "learn", "Course", date(2026, 11, 5))
    entries.put(db, task.ref, task.day, 1, "")
    excuses.add_pause(db, date(2026, 11, 6), date(2026, 11, 8), "flu")
    excuses.add_freeze(db, "network", date(2026, 11, 9), 2)
    settings_store.save(db, {"name": "Sam", "start_date": "2026-11-02", "apply.rest_days": [5, 6]})
    path = tmp_path / "tiny.png"
    Image.new("RGB", (3, 2), (10, 20, 30)).save(path)
    board.add(db, ingest_file(path), "tiny", "apply")
    return export_data(db, STAMP)


@pytest.fixture
def target(other: Database) -> Database:
    """The file imports are tried against: it has history of its own that must survive."""
    routine = routines.add(other, RoutineDraft("apply", "Apply", 2, "apps"), date(2026, 11, 2))
    entries.put(other, routine.ref, date(2026, 11, 3), 1, "mine")
    settings_store.save(other, {"name": "Robin"})
    return other


def _paths(value: Any, path: str = "") -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every location in a JSON value: (its path as ImportFailed writes it, the keys to it)."""
    yield from _walk(value, path, ())


def _walk(value: Any, path: str, keys: tuple[Any, ...]) -> Iterator[tuple[str, tuple[Any, ...]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            named = f"{path}.{key}" if path else key
            if not key.isidentifier():
                named = f"{path}[{json.dumps(key)}]"
            yield named, (*keys, key)
            yield from _walk(item, named, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            named = f"{path}[{index}]"
            yield named, (*keys, index)
            yield from _walk(item, named, (*keys, index))


def _replaced(data: Any, keys: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    holder = changed
    for key in keys[:-1]:
        holder = holder[key]
    if value is _DELETE:
        del holder[keys[-1]]
    else:
        holder[keys[-1]] = value
    return changed


_DELETE = object()
_WRONG = (
    None,
    True,
    "text",
    "",
    1.5,
    -1,
    0,
    10**40,
    2**63,
    [],
    {},
    {"x": 1},
    "2026-02-30",
    "2026-11-03",
    "not base64!",
    "0" * 64,
    "\ud800",
    _DELETE,
)


def _parent(path: str) -> str:
    """`routines[0]` for `routines[0].title`; `settings` for `settings["apply.rest_days"]`."""
    cut = path.rfind("[") if path.endswith("]") else path.rfind(".")
    return path[:cut] if cut > 0 else path


def _expect_refused(text: str | bytes, data: Any, target: Database) -> ImportFailed:
    with pytest.raises(ImportFailed) as caught:
        load(text)
    error = caught.value
    assert "\n" not in str(error) and str(error).startswith(error.where + ": ")
    if data is not None:  # import_data checks again: a dict that skipped `load` is refused too
        with pytest.raises(ImportFailed):
            import_data(target, data)
    return error


def test_every_wrong_value_everywhere_is_refused_with_its_location(
    small_export: dict[str, Any], target: Database
):
    before, counts = _export_text(target), _counts(target)
    refused = accepted = 0
    for path, keys in list(_paths(small_export)):
        for wrong in _WRONG:
            mutated = _replaced(small_export, keys, wrong)
            text = json.dumps(mutated, ensure_ascii=False)
            try:
                load(text)
            except ImportFailed as error:
                refused += 1
                message = str(error)
                assert "\n" not in message and len(message) < 300, message
                # The location named is the value changed, something inside it, or a sibling
                # it must agree with (a pause's end before its start, a size and its bytes).
                anchor = path if path.count(".") + path.count("[") == 0 else _parent(path)
                assert error.where.startswith(anchor), (path, wrong, message)
                with pytest.raises(ImportFailed):
                    import_data(target, json.loads(text))
            else:
                accepted += 1  # e.g. another note or title: still a valid file
    assert refused > 1000 and accepted > 0
    assert _export_text(target) == before and _counts(target) == counts


_BASE_CASES: list[tuple[str, str]] = [
    ("routines.0.target", "10" * 30),
    ("routines.0.target", "1e400"),
    ("routines.0.target", "NaN"),
    ("routines.0.target", "-Infinity"),
    ("routines.0.target", "0"),
    ("routines.0.target", "10001"),
    ("routines.0.entries.0.amount", "100001"),
    ("routines.0.entries.0.day", '"2026-02-30"'),
    ("routines.0.entries.0.day", '"2026-W45-1"'),
    ("routines.0.entries.0.day", '"20261103"'),
    ("routines.0.entries.1.day", '"2026-11-03"'),
    ("routines.0.entries.0.updated_at", '"yesterday"'),
    ("routines.0.entries.0.note", '"\\udc00 lone"'),
    ("routines.0.rrule", '"FREQ=HOURLY"'),
    ("routines.0.pillar", '"Apply"'),
    ("tasks.0.kind", '"checkbox"'),
    ("pauses.0.end_date", '"2026-11-01"'),
    ("images.0.original.base64", '"@@@@"'),
    ("images.0.thumb.base64", '""'),
    ("images.0.original.sha256", '"' + "a" * 64 + '"'),
    ("images.0.sha256", '"' + "b" * 64 + '"'),
    ("images.0.size", "1"),
    ("images.0.pillar", '"career"'),
    ("images.0.caption", json.dumps("x" * 201)),
    ("settings.day_start_hour", "13"),
    ("settings.apply\\.rest_days", "[5, 5]"),
    ("settings.start_date", '"2026-13-01"'),
    (
        "settings.future",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ),
    (
        "freezes",
        '[{"pillar": "apply", "day": "2026-11-09", "created_at": "2026-11-21T19:30:00"},'
        ' {"pillar": "apply", "day": "2026-11-09", "created_at": "2026-11-21T19:30:00"}]',
    ),
    ("routines", "{}"),
    ("settings", "[]"),
]


def _set_raw(data: dict[str, Any], dotted: str, raw: str) -> str:
    """The export as text with the value at `dotted` replaced by raw JSON text."""
    marker = "\u2063MARKER\u2063"
    keys: list[Any] = [int(k) if k.isdigit() else k for k in dotted.replace("\\.", "\0").split(".")]
    keys = [k.replace("\0", ".") if isinstance(k, str) else k for k in keys]
    return json.dumps(_replaced(data, tuple(keys), marker), ensure_ascii=False).replace(
        json.dumps(marker, ensure_ascii=False), raw
    )


def _where(dotted: str) -> str:
    out = ""
    for key in dotted.replace("\\.", "\0").split("."):
        key = key.replace("\0", ".")
        if key.isdigit():
            out += f"[{key}]"
        elif key.isidentifier():
            out += f".{key}" if out else key
        else:
            out += f"[{json.dumps(key)}]"
    return out


@pytest.mark.parametrize(("dotted", "raw"), _BASE_CASES)
def test_malformed_values_name_where(
    small_export: dict[str, Any], target: Database, dotted: str, raw: str
):
    before = _export_text(target)
    error = _expect_refused(_set_raw(small_export, dotted, raw), None, target)
    # The named place is the value or its record (duplicates and pairs point at the record).
    assert error.where.startswith(_parent(_where(dotted))), (error.where, str(error))
    assert _export_text(target) == before


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "the file"),
        ("   \n", "the file"),
        ("{", "line 1 column 2"),
        ('{"format": "bounceback-export",}', "line 1 column 32"),
        ("[]", "the file"),
        ("null", "the file"),
        ('"bounceback-export"', "the file"),
        ("[" * 100_000 + "]" * 100_000, "the file"),
        ("{}", "format"),
        ('{"format": "loop-csv", "format_version": 1}', "format"),
        ('{"format": "bounceback-export"}', "format_version"),
        ('{"format": "bounceback-export", "format_version": "1"}', "format_version"),
        ('{"format": "bounceback-export", "format_version": 0}', "format_version"),
        ('{"format": "bounceback-export", "format_version": 1, "format": "x"}', "format"),
        ('{"format": "bounceback-export", "format_version": 1}', "schema_version"),
    ],
)
def test_broken_files_are_refused(text: str, where: str, target: Database):
    before = _export_text(target)
    error = _expect_refused(text, None, target)
    assert error.where == where, str(error)
    assert _export_text(target) == before


def test_a_newer_format_is_refused_before_anything_else(
    small_export: dict[str, Any], target: Database
):
    before = _export_text(target)
    newer = {"format": FORMAT, "format_version": FORMAT_VERSION + 1, "routines": "changed"}
    error = _expect_refused(json.dumps(newer), newer, target)
    assert error.where == "format_version" and "newer Bounceback" in str(error)
    huge = json.dumps(small_export).replace('"format_version": 1', '"format_version": ' + "9" * 40)
    assert "too large" in str(_expect_refused(huge, None, target))
    assert _export_text(target) == before


def test_bytes_that_are_not_utf8_are_refused(target: Database):
    error = _expect_refused(b'{"format": "\xff"}', None, target)
    assert error.where == "byte 12"


def test_a_bom_and_bytes_are_accepted(small_export: dict[str, Any], other: Database):
    text = "\ufeff" + dump(small_export)
    assert import_data(other, load(text.encode("utf-8"))).routines.added == 1


def test_unknown_keys_are_ignored(small_export: dict[str, Any], other: Database):
    data = copy.deepcopy(small_export)
    data["added_in_a_later_version"] = [1, 2, 3]
    data["routines"][0]["colour"] = "teal"
    data["routines"][0]["entries"][0]["mood"] = 3
    data["images"][0]["original"]["mime"] = "image/png"
    summary = import_data(other, load(dump(data)))
    assert summary.routines.added == 1 and summary.images.added == 1
    exported = export_data(other, STAMP)
    assert exported == small_export


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_text_never_escapes_as_another_error(data: st.DataObject) -> None:
    text = _FUZZ_BASE
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 8))
        insert = data.draw(
            st.sampled_from(['"', "{", "}", "[", "]", ",", ":", "-", "9" * 30, "null", "\\u0000"])
            | st.text(max_size=3)
        )
        text = text[:at] + insert + text[at + cut :]
    try:
        load(text)
    except ImportFailed as error:
        assert "\n" not in str(error)


def _fuzz_base() -> str:
    image = {"sha256": hashlib.sha256(b"x").hexdigest(), "base64": "eA=="}
    return dump(
        {
            "format": FORMAT,
            "format_version": 1,
            "schema_version": SCHEMA_VERSION,  # what this Bounceback writes back
            "exported_at": STAMP,
            "settings": {"name": "Sam", "apply.rest_days": [5, 6]},
            "routines": [
                {
                    "pillar": "apply",
                    "title": "Apply",
                    "kind": "count",
                    "target": 2,
                    "unit": "apps",
                    "rrule": "FREQ=DAILY",
                    "start_date": "2026-11-02",
                    "end_date": None,
                    "archived_on": None,
                    "position": 0,
                    "created_at": STAMP,
                    "entries": [
                        {"day": "2026-11-03", "amount": 1, "note": "", "updated_at": STAMP}
                    ],
                }
            ],
            "tasks": [],
            "pauses": [
                {
                    "start_date": "2026-11-06",
                    "end_date": "2026-11-08",
                    "reason": "",
                    "created_at": STAMP,
                }
            ],
            "freezes": [{"pillar": "learn", "day": "2026-11-09", "created_at": STAMP}],
            "images": [
                {
                    "sha256": image["sha256"],
                    "caption": "",
                    "pillar": None,
                    "position": 0,
                    "width": 1,
                    "height": 1,
                    "size": 1,
                    "format": "PNG",
                    "name": "x.png",
                    "original_is_copy": False,
                    "added_at": STAMP,
                    "original": image,
                    "display": image,
                    "thumb": image,
                }
            ],
        }
    )


_FUZZ_BASE = _fuzz_base()


def test_the_fuzz_base_itself_loads():
    assert load(_FUZZ_BASE)["routines"][0]["title"] == "Apply"


def test_a_hand_made_file_imports(other: Database):
    summary = import_data(other, load(_FUZZ_BASE))
    assert (summary.routines.added, summary.entries.added, summary.images.added) == (1, 1, 1)
    assert _export_text(other) == _FUZZ_BASE


def test_unicode_digits_are_not_dates(small_export: dict[str, Any], target: Database):
    error = _expect_refused(
        _set_raw(small_export, "routines.0.entries.0.day", '"٢٠٢٦-١١-٠٣"'), None, target
    )
    assert error.where == "routines[0].entries[0].day"
    error = _expect_refused(
        _set_raw(small_export, "pauses.0.created_at", '"٢٠٢٦-١١-٠٣T10:00:00"'), None, target
    )
    assert error.where == "pauses[0].created_at"


def test_the_export_modules_import_neither_textual_nor_pillow():
    code = (
        "import sys, tui.export.json_format as f; f.load; "
        "print(sorted(m for m in ('textual', 'PIL') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
