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
from typing import Any

from ..store.db import Database, StoreError
from ..store.migrations import SCHEMA_VERSION
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
    """The export as text: sorted keys, two-space indent, UTF-8 as is, a final newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


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
    through `load` is just as safe.
    """
    records = validate(data)
    tally = _Tally()
    with db.write() as conn:
        _merge_settings(conn, records, tally)
        _merge_routines(conn, records, tally)
        _merge_tasks(conn, records, tally)
        _merge_pauses(conn, records, tally)
        _merge_freezes(conn, records, tally)
        _merge_images(conn, records, tally)
    return tally.summary()


def _merge_settings(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    existing = {row["key"]: row["value"] for row in conn.execute("SELECT key, value FROM settings")}
    for key, value in records.settings.items():
        if key not in existing:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value))
            )
            tally.add("settings", "added")
        elif _same_json(existing[key], value):
            tally.add("settings", "unchanged")
        else:
            tally.add("settings", "kept")


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


def _merge_routines(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    matcher = _Matcher(
        conn.execute("SELECT * FROM routines ORDER BY pillar, position, id"),
        ("pillar", "title", "start_date"),
    )
    offsets = _next_positions(conn, "SELECT pillar, max(position) FROM routines GROUP BY pillar")
    compared = ("kind", "target", "unit", "rrule", "end_date", "archived_on")
    for routine in records.routines:
        row = matcher.match(routine.key)
        if row is None:
            cursor = conn.execute(
                "INSERT INTO routines (pillar, title, kind, target, unit, rrule, start_date, "
                "end_date, archived_on, position, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine.pillar,
                    routine.title,
                    routine.kind,
                    routine.target,
                    routine.unit,
                    routine.rrule,
                    routine.start_date,
                    routine.end_date,
                    routine.archived_on,
                    routine.position + offsets.get((routine.pillar,), 0),
                    routine.created_at,
                ),
            )
            tally.add("routines", "added")
            _add_entries(conn, "routine_id", int(cursor.lastrowid or 0), routine.entries, tally)
        else:
            same = all(row[name] == getattr(routine, name) for name in compared)
            tally.add("routines", "unchanged" if same else "kept")
            _merge_entries(conn, "routine_id", row["id"], routine.entries, tally)


def _merge_tasks(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    matcher = _Matcher(
        conn.execute("SELECT * FROM tasks ORDER BY day, pillar, position, id"),
        ("pillar", "title", "day"),
    )
    offsets = _next_positions(
        conn, "SELECT day, pillar, max(position) FROM tasks GROUP BY day, pillar"
    )
    compared = ("kind", "target", "unit")
    for task in records.tasks:
        row = matcher.match(task.key)
        if row is None:
            cursor = conn.execute(
                "INSERT INTO tasks (pillar, title, kind, target, unit, day, position, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    task.pillar,
                    task.title,
                    task.kind,
                    task.target,
                    task.unit,
                    task.day,
                    task.position + offsets.get((task.day, task.pillar), 0),
                    task.created_at,
                ),
            )
            tally.add("tasks", "added")
            _add_entries(conn, "task_id", int(cursor.lastrowid or 0), task.entries, tally)
        else:
            same = all(row[name] == getattr(task, name) for name in compared)
            tally.add("tasks", "unchanged" if same else "kept")
            _merge_entries(conn, "task_id", row["id"], task.entries, tally)


def _add_entries(
    conn: sqlite3.Connection,
    column: str,
    item_id: int,
    entries: Sequence[EntryRecord],
    tally: _Tally,
) -> None:
    conn.executemany(
        f"INSERT INTO entries ({column}, day, amount, note, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(item_id, e.day, e.amount, e.note, e.updated_at) for e in entries],
    )
    for _ in entries:
        tally.add("entries", "added")


def _merge_entries(
    conn: sqlite3.Connection,
    column: str,
    item_id: int,
    entries: Sequence[EntryRecord],
    tally: _Tally,
) -> None:
    existing = {
        row["day"]: row
        for row in conn.execute(
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
            tally.add("entries", "unchanged")
        elif _newer(entry.updated_at, row["updated_at"]):
            conn.execute(
                "UPDATE entries SET amount = ?, note = ?, updated_at = ? WHERE id = ?",
                (entry.amount, entry.note, entry.updated_at, row["id"]),
            )
            tally.add("entries", "updated")
        else:
            tally.add("entries", "kept")
    _add_entries(conn, column, item_id, added, tally)


def _newer(imported: str, stored: str) -> bool:
    """Whether the imported entry was saved later (a tie keeps the data file's)."""
    try:
        stored_instant = stamp_instant(stored)
    except (TypeError, ValueError):
        return True  # an unreadable stamp in the data file loses to a valid one
    return stamp_instant(imported) > stored_instant


def _merge_pauses(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    matcher = _Matcher(
        conn.execute("SELECT * FROM pauses ORDER BY start_date, end_date, id"),
        ("start_date", "end_date"),
    )
    for pause in records.pauses:
        row = matcher.match(pause.key)
        if row is None:
            conn.execute(
                "INSERT INTO pauses (start_date, end_date, reason, created_at) VALUES (?, ?, ?, ?)",
                (pause.start_date, pause.end_date, pause.reason, pause.created_at),
            )
            tally.add("pauses", "added")
        else:
            tally.add("pauses", "unchanged" if row["reason"] == pause.reason else "kept")


def _merge_freezes(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    existing = {(row["pillar"], row["day"]) for row in conn.execute("SELECT * FROM freezes")}
    for freeze in records.freezes:
        if freeze.key in existing:
            tally.add("freezes", "unchanged")
            continue
        # History comes in as it was, even past a month's freeze budget: it was spent already.
        conn.execute(
            "INSERT INTO freezes (pillar, day, created_at) VALUES (?, ?, ?)",
            (freeze.pillar, freeze.day, freeze.created_at),
        )
        tally.add("freezes", "added")


def _merge_images(conn: sqlite3.Connection, records: ExportRecords, tally: _Tally) -> None:
    existing = {
        row["sha256"]: row for row in conn.execute("SELECT sha256, caption, pillar FROM images")
    }
    offset = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM images").fetchone()[0]
    for image in records.images:
        row = existing.get(image.sha256)
        if row is not None:
            same = (row["caption"], row["pillar"]) == (image.caption, image.pillar)
            tally.add("images", "unchanged" if same else "kept")
            continue
        cursor = conn.execute(
            "INSERT INTO images (sha256, caption, pillar, position, width, height, size, format,"
            " name, original_is_copy, added_at, thumb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                image.sha256,
                image.caption,
                image.pillar,
                image.position + offset,
                image.width,
                image.height,
                image.size,
                image.format,
                image.name,
                int(image.original_is_copy),
                image.added_at,
                image.thumb,
            ),
        )
        conn.execute(
            "INSERT INTO image_data (image_id, display, original) VALUES (?, ?, ?)",
            (cursor.lastrowid, image.display, image.original),
        )
        tally.add("images", "added")
