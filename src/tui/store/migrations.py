"""Numbered schema migrations, keyed on `PRAGMA user_version`.

Each step runs with its version bump in one transaction. Append new steps; never edit old ones.
A step is an SQL script, or (from now on, the usual way) a function given a sqlite-utils
`Database` on the open transaction: `create`, `add_column` and `create_index` write the schema
changes, and sqlite-utils is imported only when a file is upgraded, never on a plain start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

Step = str | Callable[["sqlite_utils.Database"], None]

MIGRATIONS: list[Step] = [
    # 1: settings, routines, tasks, entries
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE routines (
        id INTEGER PRIMARY KEY,
        pillar TEXT NOT NULL CHECK (pillar IN ('apply', 'network', 'learn', 'self_care')),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('check', 'count')),
        target INTEGER NOT NULL DEFAULT 1 CHECK (target >= 1),
        unit TEXT NOT NULL DEFAULT '',
        rrule TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        archived_on TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        pillar TEXT NOT NULL CHECK (pillar IN ('apply', 'network', 'learn', 'self_care')),
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('check', 'count')),
        target INTEGER NOT NULL DEFAULT 1 CHECK (target >= 1),
        unit TEXT NOT NULL DEFAULT '',
        day TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE INDEX tasks_day ON tasks (day);
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        routine_id INTEGER REFERENCES routines (id) ON DELETE CASCADE,
        task_id INTEGER REFERENCES tasks (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        CHECK ((routine_id IS NULL) <> (task_id IS NULL))
    );
    CREATE UNIQUE INDEX entries_routine_day ON entries (routine_id, day)
        WHERE routine_id IS NOT NULL;
    CREATE UNIQUE INDEX entries_task_day ON entries (task_id, day) WHERE task_id IS NOT NULL;
    CREATE INDEX entries_day ON entries (day);
    """,
    # 2: pauses (every pillar excused over a date range) and freezes (one pillar-day)
    """
    CREATE TABLE pauses (
        id INTEGER PRIMARY KEY,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (end_date >= start_date)
    );
    CREATE TABLE freezes (
        id INTEGER PRIMARY KEY,
        pillar TEXT NOT NULL CHECK (pillar IN ('apply', 'network', 'learn', 'self_care')),
        day TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (pillar, day)
    );
    """,
    # 3: the vision board. Metadata and the small thumbnail in `images` (the thumbnail last, so
    # reading the other columns never walks a BLOB); the large bytes in a side table, the display
    # copy before the original so reading it does not walk the original's overflow pages.
    # AUTOINCREMENT: a deleted image's id is never reused, so undo can put it back as it was.
    """
    CREATE TABLE images (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sha256 TEXT NOT NULL UNIQUE,
        caption TEXT NOT NULL DEFAULT '',
        pillar TEXT NULL
            CHECK (pillar IS NULL OR pillar IN ('apply', 'network', 'learn', 'self_care')),
        position INTEGER NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        size INTEGER NOT NULL CHECK (size >= 0),
        format TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        original_is_copy INTEGER NOT NULL DEFAULT 0 CHECK (original_is_copy IN (0, 1)),
        added_at TEXT NOT NULL,
        thumb BLOB NOT NULL
    );
    CREATE INDEX images_position ON images (position);
    CREATE TABLE image_data (
        image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
        display BLOB NOT NULL,
        original BLOB NOT NULL
    );
    """,
    # 4: what the settled past adds up to (domain.streaks.Carry), so `stats` judges only the
    # last two weeks. Triggers drop it whenever an entry or task before its cutoff changes;
    # settings, routines, pauses and freezes are checked against `inputs` when it is read.
    """
    CREATE TABLE streak_carry (
        cutoff TEXT PRIMARY KEY,
        inputs TEXT NOT NULL,
        state TEXT NOT NULL
    );
    CREATE TRIGGER entries_insert_carry AFTER INSERT ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > NEW.day;
    END;
    CREATE TRIGGER entries_update_carry AFTER UPDATE OF day, amount, routine_id, task_id
        ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day OR cutoff > NEW.day;
    END;
    CREATE TRIGGER entries_delete_carry AFTER DELETE ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day;
    END;
    CREATE TRIGGER tasks_insert_carry AFTER INSERT ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > NEW.day;
    END;
    CREATE TRIGGER tasks_update_carry AFTER UPDATE OF day, pillar, target ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day OR cutoff > NEW.day;
    END;
    CREATE TRIGGER tasks_delete_carry AFTER DELETE ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day;
    END;
    """,
    # 5: a counter every entry and task change moves, so a carry computed while such a change
    # landed is never kept (the triggers of step 4 can only drop a carry already stored).
    """
    CREATE TABLE streak_generation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
    );
    INSERT INTO streak_generation (id, value) VALUES (1, 0);
    DROP TRIGGER entries_insert_carry;
    CREATE TRIGGER entries_insert_carry AFTER INSERT ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > NEW.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    DROP TRIGGER entries_update_carry;
    CREATE TRIGGER entries_update_carry AFTER UPDATE OF day, amount, routine_id, task_id
        ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day OR cutoff > NEW.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    DROP TRIGGER entries_delete_carry;
    CREATE TRIGGER entries_delete_carry AFTER DELETE ON entries BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    DROP TRIGGER tasks_insert_carry;
    CREATE TRIGGER tasks_insert_carry AFTER INSERT ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > NEW.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    DROP TRIGGER tasks_update_carry;
    CREATE TRIGGER tasks_update_carry AFTER UPDATE OF day, pillar, target ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day OR cutoff > NEW.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    DROP TRIGGER tasks_delete_carry;
    CREATE TRIGGER tasks_delete_carry AFTER DELETE ON tasks BEGIN
        DELETE FROM streak_carry WHERE cutoff > OLD.day;
        UPDATE streak_generation SET value = value + 1;
    END;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
