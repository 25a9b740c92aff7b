"""A demo data file: a few months of varied, believable history, the same every time."""

from __future__ import annotations

import json
import random
from datetime import timedelta

from . import clock
from .domain.day import routine_is_due
from .domain.models import RoutineDraft
from .domain.schedule import DAILY, WEEKDAYS, on_weekdays
from .domain.starter import STARTER
from .store import routines
from .store import settings as settings_store
from .store.db import Database

DEMO_DAYS = 120
EXTRA_ROUTINES = (
    RoutineDraft("learn", "Read about the industry", 20, "pages", on_weekdays({0, 2, 4})),
    RoutineDraft("self_care", "Lights out by 23:30", 1, "", DAILY),
    RoutineDraft("network", "Comment on a post in your field", 1, "", WEEKDAYS),
)
TASKS = (
    ("apply", "Tailor the CV for the platform role", 1, ""),
    ("network", "Coffee chat with a former colleague", 1, ""),
    ("apply", "Answer the recruiter's email", 1, ""),
    ("learn", "Mock interview with a friend", 1, ""),
    ("network", "Thank-you notes after interviews", 3, "notes"),
    ("self_care", "Call a friend just to talk", 1, ""),
    ("learn", "Finish the SQL course module", 1, ""),
)
NOTES = (
    "rejection from Northwind, asked for feedback",
    "good call, they'll refer me",
    "tired, did the short version",
    "felt stuck, kept going anyway",
    "interview went better than expected",
)


def generate(db: Database, days: int = DEMO_DAYS, seed: int = 7) -> None:
    """Fill an empty data file with `days` days of history ending today."""
    rng = random.Random(seed)
    settings = settings_store.load(db)
    today = clock.today(settings.day_start_hour)
    start = today - timedelta(days=days)
    settings_store.save(db, {"name": "Alex", "start_date": start.isoformat()})
    routines.add_many(db, [*STARTER, *EXTRA_ROUTINES], start)
    settings = settings_store.load(db)
    all_routines = routines.list_routines(db)
    stamp = clock.timestamp()
    with db.atomic() as conn:
        day = start
        while day <= today:
            progress = (day - start).days / max(1, days)
            # Motivation dips in the middle of a long search, then recovers.
            base = 0.93 - 0.2 * (1 - abs(progress - 0.5) * 2) ** 2
            slump = rng.random() < 0.04
            for routine in all_routines:
                if not routine_is_due(routine, day, settings):
                    continue
                if day == today and rng.random() < 0.6:
                    continue
                chance = 0.15 if slump else base + (0.1 if routine.pillar == "self_care" else 0)
                if rng.random() < chance:
                    amount = routine.target
                    if routine.kind == "count" and rng.random() < 0.12:
                        amount = rng.randint(1, routine.target + 1)
                elif routine.kind == "count" and rng.random() < 0.3:
                    amount = rng.randint(1, max(1, routine.target - 1))
                else:
                    continue
                note = rng.choice(NOTES) if rng.random() < 0.05 else ""
                conn.execute(
                    "INSERT INTO entries (routine_id, day, amount, note, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (routine.id, day.isoformat(), amount, note, stamp),
                )
            if rng.random() < 0.25 or day == today:
                pillar, title, target, unit = rng.choice(TASKS)
                kind = "count" if target > 1 or unit else "check"
                cursor = conn.execute(
                    "INSERT INTO tasks (pillar, title, kind, target, unit, day, position, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                    (pillar, title, kind, target, unit, day.isoformat(), stamp),
                )
                if day < today and rng.random() < 0.75:
                    conn.execute(
                        "INSERT INTO entries (task_id, day, amount, note, updated_at) "
                        "VALUES (?, ?, ?, '', ?)",
                        (cursor.lastrowid, day.isoformat(), target, stamp),
                    )
            day += timedelta(days=1)
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('demo', ?)", (json.dumps(True),)
        )
