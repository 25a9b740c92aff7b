"""The lossless JSON export (`bounceback export`) and the merging import (`bounceback import`).

The layout, the versioning rule and the merge rules are in docs/DATA-FORMAT.md. Items refer to
each other by nesting (a routine holds its entries) and are matched by natural keys, never by
database ids, so export → import into an empty file → export gives the same JSON.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ..store.db import Database, StoreError
from ..store.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils

from .json_records import (
    FORMAT,
    FORMAT_VERSION,
    EntryRecord,
    ExportRecords,
    ImportFailed,
    parse,
    stamp_instant,
    validate,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ImportFailed",
    "ImportSummary",
    "KindCounts",
    "dump",
    "export_data",
    "import_data",
    "load",
]


# --- export -----------------------------------------------------------------------------------


def export_data(db: Database, exported_at: str) -> dict[str, Any]:
    """Everything in the data file as plain JSON values, read in one consistent snapshot."""
    with db.lock:
        conn = db.conn
        try:
            conn.execute("BEGIN")  # one read transaction: another window's write can't split it
            try:
                return _read_all(conn, exported_at)
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"{db.path} could not be read for the export: {error}") from None


def _read_all(conn: sqlite3.Connection, exported_at: str) -> dict[str, Any]:
    routine_entries = _entries_by(conn, "routine_id")
    task_entries = _entries_by(conn, "task_id")
    routines = [
        {
            "pillar": row["pillar"],
            "title": row["title"],
            "kind": row["kind"],
            "target": row["target"],
            "unit": row["unit"],
            "rrule": row["rrule"],
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "archived_on": row["archived_on"],
            "position": row["position"],
            "created_at": row["created_at"],
            "entries": routine_entries.get(row["id"], []),
        }
        for row in conn.execute("SELECT * FROM routines ORDER BY pillar, position, id")
    ]
    tasks = [
        {
            "pillar": row["pillar"],
            "title": row["title"],
            "kind": row["kind"],
            "target": row["target"],
            "unit": row["unit"],
            "day": row["day"],
            "position": row["position"],
            "created_at": row["created_at"],
            "entries": task_entries.get(row["id"], []),
        }
        for row in conn.execute("SELECT * FROM tasks ORDER BY day, pillar, position, id")
    ]
    pauses = [
        {
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "reason": row["reason"],
            "created_at": row["created_at"],
        }
        for row in conn.execute("SELECT * FROM pauses ORDER BY start_date, end_date, id")
    ]
    freezes = [
        {"pillar": row["pillar"], "day": row["day"], "created_at": row["created_at"]}
        for row in conn.execute("SELECT * FROM freezes ORDER BY day, pillar")
    ]
    images = [
        {
            "sha256": row["sha256"],
            "caption": row["caption"],
            "pillar": row["pillar"],
            "position": row["position"],
            "width": row["width"],
            "height": row["height"],
            "size": row["size"],
            "format": row["format"],
            "name": row["name"],
            "original_is_copy": bool(row["original_is_copy"]),
            "added_at": row["added_at"],
            "original": _blob(row["original"]),
            "display": _blob(row["display"]),
            "thumb": _blob(row["thumb"]),
        }
        for row in conn.execute(
            "SELECT images.*, image_data.display, image_data.original FROM images "
            "JOIN image_data ON image_data.image_id = images.id ORDER BY position, id"
        )
    ]
    settings = {
        row["key"]: json.loads(row["value"])
        for row in conn.execute("SELECT key, value FROM settings ORDER BY key")
    }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "exported_at": exported_at,
        "settings": settings,
        "routines": routines,
        "tasks": tasks,
        "pauses": pauses,
        "freezes": freezes,
        "images": images,
    }


def _entries_by(conn: sqlite3.Connection, column: str) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(
        f"SELECT {column} AS item, day, amount, note, updated_at FROM entries "
        f"WHERE {column} IS NOT NULL ORDER BY {column}, day"
    )
    for row in rows:
        grouped[row["item"]].append(
            {
                "day": row["day"],
                "amount": row["amount"],
                "note": row["note"],
                "updated_at": row["updated_at"],
            }
        )
    return grouped


def _blob(data: bytes) -> dict[str, str]:
    data = bytes(data)
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "base64": base64.b64encode(data).decode("ascii"),
    }


def dump(data: dict[str, Any]) -> str:
    """The export as text: sorted keys, two-space indent, UTF-8 as is (but for the characters
    a terminal would act on, which are `\\u` escapes: the values are the same), a final newline."""
    from ..domain.text import json_escaped

    return json_escaped(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"


# --- import -----------------------------------------------------------------------------------


def load(text: str | bytes) -> dict[str, Any]:
    """Parse and check a whole export before anything is written, or raise ImportFailed."""
    data = parse(text)
    validate(data)
    return data


@dataclass(frozen=True)
class KindCounts:
    """What an import did to one kind of record.

    `kept`: both sides had it and they differ, and the data file's version was kept.
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.kept


@dataclass(frozen=True)
class ImportSummary:
    """Counts per kind of record, for the person who ran the import."""

    settings: KindCounts
    routines: KindCounts
    tasks: KindCounts
    entries: KindCounts
    pauses: KindCounts
    freezes: KindCounts
    images: KindCounts

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything at all."""
        return any(
            counts.added or counts.updated
            for counts in (getattr(self, f.name) for f in fields(self))
        )

    def lines(self) -> list[str]:
        """One line per kind, e.g. `entries: 12 added, 3 updated, 840 unchanged`."""
        result = []
        for field in fields(self):
            counts: KindCounts = getattr(self, field.name)
            parts = [f"{counts.added} added", f"{counts.updated} updated"]
            parts.append(f"{counts.unchanged} unchanged")
            if counts.kept:
                parts.append(f"{counts.kept} differed (the data file's kept)")
            result.append(f"{field.name}: {', '.join(parts)}")
        return result


class _Tally:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def summary(self) -> ImportSummary:
        return ImportSummary(
            **{
                field.name: KindCounts(**dict(self.counts[field.name]))
                for field in fields(ImportSummary)
            }
        )


def import_data(db: Database, data: dict[str, Any]) -> ImportSummary:
    """Merge an export into the data file in one transaction: all of it or none of it.

    `data` is checked again here (ImportFailed before any write), so a dict that did not come
    through `load` is just as safe. Which rows match is decided here; sqlite-utils writes the
    new and changed ones (inside the transaction: it nests as savepoints).
    """
    records = validate(data)
    tally = _Tally()
    with db.write() as conn:
        merge = _Merge(conn, db.utils(), tally)
        _merge_settings(merge, records)
        _merge_routines(merge, records)
        _merge_tasks(merge, records)
        _merge_pauses(merge, records)
        _merge_freezes(merge, records)
        _merge_images(merge, records)
    return tally.summary()


@dataclass
class _Merge:
    """What every step of one import shares: reads through `conn`, writes through `rows`."""

    conn: sqlite3.Connection
    rows: sqlite_utils.Database
    tally: _Tally


def _merge_settings(merge: _Merge, records: ExportRecords) -> None:
    existing = {
        row["key"]: row["value"] for row in merge.conn.execute("SELECT key, value FROM settings")
    }
    added = []
    for key, value in records.settings.items():
        if key not in existing:
            added.append({"key": key, "value": json.dumps(value)})
            merge.tally.add("settings", "added")
        elif _same_json(existing[key], value):
            merge.tally.add("settings", "unchanged")
        else:
            merge.tally.add("settings", "kept")
    merge.rows.table("settings").insert_all(added)


def _same_json(stored: str, value: Any) -> bool:
    try:
        return bool(json.loads(stored) == value)
    except ValueError:
        return False


class _Matcher:
    """Pairs the n-th record with a natural key in the file with the n-th such row in the file
    being imported into (both in export order), so duplicates match one to one, repeatably."""

    def __init__(self, rows: Iterable[sqlite3.Row], key_columns: Sequence[str]) -> None:
        self.rows: dict[tuple[Any, ...], list[sqlite3.Row]] = defaultdict(list)
        for row in rows:
            self.rows[tuple(row[column] for column in key_columns)].append(row)
        self.used: dict[tuple[Any, ...], int] = defaultdict(int)

    def match(self, key: tuple[Any, ...]) -> sqlite3.Row | None:
        index = self.used[key]
        self.used[key] += 1
        candidates = self.rows.get(key, [])
        return candidates[index] if index < len(candidates) else None


def _next_positions(conn: sqlite3.Connection, sql: str) -> dict[Any, int]:
    """Where added items start per group: after what is there, or as in the file if none."""
    return {tuple(row)[:-1]: row[-1] + 1 for row in conn.execute(sql)}


def _added_id(merge: _Merge, table: str, row: dict[str, Any]) -> int:
    """Insert one row; its new id."""
    added = merge.rows.table(table).insert(row).last_pk
    assert added is not None  # every table here has an integer id
    return int(added)


def _merge_routines(merge: _Merge, records: ExportRecords) -> None:
    matcher = _Matcher(
        merge.conn.execute("SELECT * FROM routines ORDER BY pillar, position, id"),
        ("pillar", "title", "start_date"),
    )
    offsets = _next_positions(
        merge.conn, "SELECT pillar, max(position) FROM routines GROUP BY pillar"
    )
    compared = ("kind", "target", "unit", "rrule", "end_date", "archived_on")
    for routine in records.routines:
        row = matcher.match(routine.key)
        if row is None:
            routine_id = _added_id(
                merge,
                "routines",
                {
                    "pillar": routine.pillar,
                    "title": routine.title,
                    "kind": routine.kind,
                    "target": routine.target,
                    "unit": routine.unit,
                    "rrule": routine.rrule,
                    "start_date": routine.start_date,
                    "end_date": routine.end_date,
                    "archived_on": routine.archived_on,
                    "position": routine.position + offsets.get((routine.pillar,), 0),
                    "created_at": routine.created_at,
                },
            )
            merge.tally.add("routines", "added")
            _add_entries(merge, "routine_id", routine_id, routine.entries)
        else:
            same = all(row[name] == getattr(routine, name) for name in compared)
            merge.tally.add("routines", "unchanged" if same else "kept")
            _merge_entries(merge, "routine_id", row["id"], routine.entries)


def _merge_tasks(merge: _Merge, records: ExportRecords) -> None:
    matcher = _Matcher(
        merge.conn.execute("SELECT * FROM tasks ORDER BY day, pillar, position, id"),
        ("pillar", "title", "day"),
    )
    offsets = _next_positions(
        merge.conn, "SELECT day, pillar, max(position) FROM tasks GROUP BY day, pillar"
    )
    compared = ("kind", "target", "unit")
    for task in records.tasks:
        row = matcher.match(task.key)
        if row is None:
            task_id = _added_id(
                merge,
                "tasks",
                {
                    "pillar": task.pillar,
                    "title": task.title,
                    "kind": task.kind,
                    "target": task.target,
                    "unit": task.unit,
                    "day": task.day,
                    "position": task.position + offsets.get((task.day, task.pillar), 0),
                    "created_at": task.created_at,
                },
            )
            merge.tally.add("tasks", "added")
            _add_entries(merge, "task_id", task_id, task.entries)
        else:
            same = all(row[name] == getattr(task, name) for name in compared)
            merge.tally.add("tasks", "unchanged" if same else "kept")
            _merge_entries(merge, "task_id", row["id"], task.entries)


def _add_entries(merge: _Merge, column: str, item_id: int, entries: Sequence[EntryRecord]) -> None:
    merge.rows.table("entries").insert_all(
        {
            column: item_id,
            "day": e.day,
            "amount": e.amount,
            "note": e.note,
            "updated_at": e.updated_at,
        }
        for e in entries
    )
    for _ in entries:
        merge.tally.add("entries", "added")


def _merge_entries(
    merge: _Merge, column: str, item_id: int, entries: Sequence[EntryRecord]
) -> None:
    existing = {
        row["day"]: row
        for row in merge.conn.execute(
            f"SELECT id, day, amount, note, updated_at FROM entries WHERE {column} = ?",
            (item_id,),
        )
    }
    added = []
    for entry in entries:
        row = existing.get(entry.day)
        if row is None:
            added.append(entry)
        elif (row["amount"], row["note"], row["updated_at"]) == (
            entry.amount,
            entry.note,
            entry.updated_at,
        ):
            merge.tally.add("entries", "unchanged")
        elif _newer(entry.updated_at, row["updated_at"]):
            merge.rows.table("entries").update(
                row["id"],
                {"amount": entry.amount, "note": entry.note, "updated_at": entry.updated_at},
            )
            merge.tally.add("entries", "updated")
        else:
            merge.tally.add("entries", "kept")
    _add_entries(merge, column, item_id, added)


def _newer(imported: str, stored: str) -> bool:
    """Whether the imported entry was saved later (a tie keeps the data file's)."""
    try:
        stored_instant = stamp_instant(stored)
    except (TypeError, ValueError):
        return True  # an unreadable stamp in the data file loses to a valid one
    return stamp_instant(imported) > stored_instant


def _merge_pauses(merge: _Merge, records: ExportRecords) -> None:
    matcher = _Matcher(
        merge.conn.execute("SELECT * FROM pauses ORDER BY start_date, end_date, id"),
        ("start_date", "end_date"),
    )
    added = []
    for pause in records.pauses:
        row = matcher.match(pause.key)
        if row is None:
            added.append(
                {
                    "start_date": pause.start_date,
                    "end_date": pause.end_date,
                    "reason": pause.reason,
                    "created_at": pause.created_at,
                }
            )
            merge.tally.add("pauses", "added")
        else:
            merge.tally.add("pauses", "unchanged" if row["reason"] == pause.reason else "kept")
    merge.rows.table("pauses").insert_all(added)


def _merge_freezes(merge: _Merge, records: ExportRecords) -> None:
    existing = {(row["pillar"], row["day"]) for row in merge.conn.execute("SELECT * FROM freezes")}
    added = []
    for freeze in records.freezes:
        if freeze.key in existing:
            merge.tally.add("freezes", "unchanged")
            continue
        # History comes in as it was, even past a month's freeze budget: it was spent already.
        added.append({"pillar": freeze.pillar, "day": freeze.day, "created_at": freeze.created_at})
        merge.tally.add("freezes", "added")
    merge.rows.table("freezes").insert_all(added)


def _merge_images(merge: _Merge, records: ExportRecords) -> None:
    conn = merge.conn
    existing = {
        row["sha256"]: row for row in conn.execute("SELECT sha256, caption, pillar FROM images")
    }
    offset = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM images").fetchone()[0]
    for image in records.images:
        row = existing.get(image.sha256)
        if row is not None:
            same = (row["caption"], row["pillar"]) == (image.caption, image.pillar)
            merge.tally.add("images", "unchanged" if same else "kept")
            continue
        image_id = _added_id(
            merge,
            "images",
            {
                "sha256": image.sha256,
                "caption": image.caption,
                "pillar": image.pillar,
                "position": image.position + offset,
                "width": image.width,
                "height": image.height,
                "size": image.size,
                "format": image.format,
                "name": image.name,
                "original_is_copy": int(image.original_is_copy),
                "added_at": image.added_at,
                "thumb": image.thumb,
            },
        )
        merge.rows.table("image_data").insert(
            {"image_id": image_id, "display": image.display, "original": image.original}
        )
        merge.tally.add("images", "added")
