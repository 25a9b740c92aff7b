"""A demo data file: a few months of varied, believable history and a vision board of pictures
drawn on the spot, the same every time."""

from __future__ import annotations

import json
import math
import random
from datetime import timedelta
from typing import Any

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


def generate(db: Database, days: int = DEMO_DAYS, seed: int = 7, images: bool = True) -> None:
    """Fill an empty data file with `days` days of history ending today (and the board)."""
    rng = random.Random(seed)
    settings = settings_store.load(db)
    today = clock.today(settings.day_start_hour)
    start = today - timedelta(days=days)
    settings_store.save(db, {"name": "Alex", "start_date": start.isoformat()})
    routines.add_many(db, [*STARTER, *EXTRA_ROUTINES], start)
    settings = settings_store.load(db)
    all_routines = routines.list_routines(db)
    stamp = clock.timestamp()
    with db.write() as conn:
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
    if images:
        add_board(db, seed)


# ---------------------------------------------------------------- the vision board

BOARD_SIZE = (480, 320)
# (picture, caption, pillar): drawn at demo time, so no image files ship with the package.
BOARD = (
    ("skyline", "A team that ships things I'm proud of", "apply"),
    ("hills", "Mornings that start with a walk in the sun", "self_care"),
    ("desk", "Learn one new thing every week", "learn"),
    ("cafe", "Coffee with people who inspire me", "network"),
    ("waves", "A week by the sea when I sign the offer", None),
    ("summit", "One step at a time, all the way up", None),
    ("night", "Sleep well, worry less", "self_care"),
    ("road", "The road ahead is open", None),
    ("confetti", "Celebrate every small win", None),
)

Colour = tuple[int, int, int]


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _sky(draw: Any, size: tuple[int, int], stops: list[Colour], bottom: int | None = None) -> None:
    """A vertical gradient through `stops`, from the top to `bottom` (default the whole height)."""
    width, height = size
    end = bottom or height
    for y in range(end):
        at = y / max(1, end - 1) * (len(stops) - 1)
        index = min(int(at), len(stops) - 2)
        draw.line([(0, y), (width, y)], fill=_mix(stops[index], stops[index + 1], at - index))


def _hills(draw: Any, size: tuple[int, int], base: int, colour: Colour, phase: float) -> None:
    width, height = size
    points = [(0, height)]
    for x in range(0, width + 1, 8):
        y = base - 26 * math.sin(x / 90 + phase) - 12 * math.sin(x / 37 + 2 * phase)
        points.append((x, round(y)))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _draw_skyline(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(40, 30, 90), (150, 70, 130), (250, 150, 100), (255, 200, 130)])
    draw.ellipse((330, 150, 410, 230), fill=(255, 225, 160))
    for layer, colour, lit in ((0, (70, 50, 100), 0.0), (1, (30, 25, 50), 0.35)):
        x = -10
        while x < width:
            w = rng.randint(30, 62)
            top = rng.randint(90, 200) + (40 if layer == 0 else 0)
            draw.rectangle((x, top, x + w, height), fill=colour)
            if lit:
                for wy in range(top + 8, height - 10, 14):
                    for wx in range(x + 6, x + w - 8, 11):
                        if rng.random() < lit:
                            draw.rectangle((wx, wy, wx + 5, wy + 7), fill=(255, 214, 120))
            x += w + rng.randint(2, 10)


def _draw_hills(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    _sky(draw, size, [(120, 180, 235), (190, 220, 240), (255, 225, 170)])
    draw.ellipse((300, 70, 390, 160), fill=(255, 236, 150))
    for x, y in ((70, 60), (160, 95), (240, 50)):
        draw.ellipse((x, y, x + 70, y + 22), fill=(250, 250, 250))
        draw.ellipse((x + 20, y - 12, x + 60, y + 16), fill=(250, 250, 250))
    phase = rng.random() * 3
    _hills(draw, size, 215, (120, 170, 110), phase)
    _hills(draw, size, 250, (80, 140, 80), phase + 1.7)
    _hills(draw, size, 290, (50, 110, 60), phase + 3.1)


def _draw_desk(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(235, 225, 210), (215, 200, 180)], bottom=220)
    draw.rectangle((300, 30, 440, 150), fill=(170, 210, 235), outline=(250, 250, 245), width=6)
    draw.line([(370, 30), (370, 150)], fill=(250, 250, 245), width=4)
    draw.rectangle((0, 220, width, height), fill=(150, 105, 70))
    draw.line([(0, 220), (width, 220)], fill=(120, 80, 50), width=3)
    # The laptop: a screen with a few lines of code, and its base.
    draw.rectangle((120, 90, 300, 205), fill=(60, 60, 70))
    draw.rectangle((128, 98, 292, 198), fill=(30, 40, 60))
    palette = [(120, 200, 255), (255, 180, 120), (170, 230, 150), (230, 230, 230)]
    for row in range(9):
        indent = rng.choice((0, 0, 12, 24))
        length = rng.randint(40, 130)
        y = 106 + row * 10
        draw.line(
            [(136 + indent, y), (136 + indent + length, y)], fill=rng.choice(palette), width=3
        )
    draw.polygon([(100, 215), (320, 215), (300, 205), (120, 205)], fill=(180, 180, 190))
    # A mug with steam and a plant.
    draw.rectangle((350, 170, 385, 212), fill=(220, 90, 70))
    draw.arc((375, 180, 398, 202), -90, 90, fill=(220, 90, 70), width=5)
    for offset in (0, 12):
        draw.arc((352 + offset, 135, 368 + offset, 165), 200, 340, fill=(250, 250, 250), width=2)
    draw.polygon([(40, 212), (80, 212), (74, 175), (46, 175)], fill=(200, 120, 80))
    for angle in range(-60, 61, 30):
        tip = (60 + 45 * math.sin(math.radians(angle)), 175 - 55 * math.cos(math.radians(angle)))
        draw.line([(60, 178), tip], fill=(60, 140, 70), width=7)


def _draw_cafe(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(250, 225, 190), (240, 200, 160)], bottom=200)
    for _ in range(14):
        x, y, r = rng.randint(0, width), rng.randint(0, 190), rng.randint(8, 26)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_mix((255, 240, 200), (250, 210, 170), 0.5))
    draw.rectangle((0, 200, width, height), fill=(110, 75, 55))
    for x, colour in ((120, (70, 130, 170)), (300, (200, 110, 90))):
        draw.ellipse((x - 55, 225, x + 55, 255), fill=(245, 245, 240))
        draw.rectangle((x - 32, 180, x + 32, 240), fill=colour)
        draw.ellipse((x - 32, 230, x + 32, 250), fill=colour)
        draw.ellipse((x - 32, 170, x + 32, 190), fill=(90, 55, 35))
        draw.arc((x + 22, 192, x + 52, 225), -90, 90, fill=colour, width=7)
        for offset in (-12, 6):
            draw.arc(
                (x + offset - 8, 120, x + offset + 8, 165), 200, 340, fill=(255, 255, 255), width=2
            )


def _draw_waves(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(110, 190, 240), (200, 230, 250)], bottom=200)
    draw.ellipse((60, 40, 120, 100), fill=(255, 240, 170))
    for band in range(9):
        top = 160 + band * 18
        colour = _mix((40, 120, 180), (20, 70, 130), band / 8)
        phase = rng.random() * 6
        points = [(0, height)]
        for x in range(0, width + 1, 6):
            points.append((x, round(top + 5 * math.sin(x / (22 + band * 3) + phase))))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    draw.polygon([(330, 150), (390, 150), (380, 162), (340, 162)], fill=(250, 250, 250))
    draw.polygon([(360, 90), (360, 148), (395, 148)], fill=(250, 120, 90))
    draw.line([(360, 88), (360, 150)], fill=(80, 60, 50), width=2)


def _draw_summit(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(255, 190, 150), (200, 200, 240), (150, 190, 240)])
    draw.polygon([(-40, height), (120, 120), (260, height)], fill=(130, 130, 160))
    draw.polygon([(140, height), (300, 60), (500, height)], fill=(95, 100, 135))
    draw.polygon(
        [(300, 60), (272, 112), (290, 104), (305, 118), (322, 102), (335, 112)],
        fill=(250, 250, 255),
    )
    draw.line([(300, 60), (300, 30)], fill=(60, 50, 50), width=3)
    draw.polygon([(300, 30), (330, 38), (300, 46)], fill=(240, 80, 80))
    path = [(200, height), (240, 260), (215, 210), (262, 170), (250, 130), (290, 90)]
    draw.line(path, fill=(240, 220, 180), width=4, joint="curve")
    _hills(draw, size, 300, (70, 120, 80), rng.random() * 3)


def _draw_night(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(10, 15, 45), (35, 40, 95), (80, 70, 130)])
    for _ in range(90):
        x, y = rng.randint(0, width), rng.randint(0, 230)
        shade = rng.randint(170, 255)
        r = 1 if rng.random() < 0.85 else 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(shade, shade, min(255, shade + 20)))
    draw.ellipse((340, 40, 400, 100), fill=(250, 245, 210))
    draw.ellipse((358, 32, 418, 92), fill=_mix((10, 15, 45), (35, 40, 95), 62 / 319 * 2))
    _hills(draw, size, 270, (20, 25, 50), rng.random() * 3)
    draw.polygon([(150, 280), (185, 228), (220, 280)], fill=(240, 170, 80))
    draw.polygon([(178, 280), (185, 258), (192, 280)], fill=(255, 230, 150))


def _draw_road(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    horizon = 170
    _sky(draw, size, [(250, 160, 110), (255, 210, 150), (255, 235, 190)], bottom=horizon)
    draw.ellipse((200, 110, 280, 190), fill=(255, 245, 200))
    draw.rectangle((0, horizon, width, height), fill=(120, 160, 90))
    draw.polygon([(225, horizon), (255, horizon), (420, height), (60, height)], fill=(70, 70, 80))
    for step in range(8):
        t0, t1 = step / 8, (step + 0.5) / 8
        y0, y1 = horizon + (height - horizon) * t0**1.6, horizon + (height - horizon) * t1**1.6
        draw.polygon(
            [(239, y0), (241, y0), (241 + 6 * t1, y1), (239 - 6 * t1, y1)], fill=(250, 230, 140)
        )
    trees = sorted((rng.randint(horizon + 10, height - 20), rng.choice((-1, 1))) for _ in range(10))
    for base, side in trees:  # far ones first; each stands clear of the road
        tall = 12 + (base - horizon) * 0.5
        half_road = 15 + 165 * (base - horizon) / (height - horizon)
        x = 240 + side * (half_road + tall / 3 + rng.randint(6, 70))
        draw.polygon(
            [(x, base - tall), (x - tall / 3, base), (x + tall / 3, base)], fill=(50, 110, 60)
        )


def _draw_confetti(draw: Any, size: tuple[int, int], rng: random.Random) -> None:
    width, height = size
    _sky(draw, size, [(255, 120, 140), (255, 180, 110), (255, 225, 140)])
    palette = [(255, 255, 255), (80, 170, 230), (120, 210, 140), (250, 240, 120), (190, 110, 220)]
    for _ in range(24):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(10, 40)
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=_mix(rng.choice(palette), (255, 200, 150), 0.55)
        )
    for _ in range(140):
        x, y = rng.randint(0, width), rng.randint(0, height)
        w, h = rng.randint(3, 9), rng.randint(3, 12)
        draw.rectangle((x, y, x + w, y + h), fill=rng.choice(palette))


_PAINTERS = {
    "skyline": _draw_skyline,
    "hills": _draw_hills,
    "desk": _draw_desk,
    "cafe": _draw_cafe,
    "waves": _draw_waves,
    "summit": _draw_summit,
    "night": _draw_night,
    "road": _draw_road,
    "confetti": _draw_confetti,
}


def picture(name: str, seed: int = 7) -> Any:
    """One demo picture as a Pillow RGB image; the same pixels every time for the same seed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", BOARD_SIZE)
    rng = random.Random(f"{seed}:{name}")
    _PAINTERS[name](ImageDraw.Draw(image), BOARD_SIZE, rng)
    return image


def add_board(db: Database, seed: int = 7) -> int:
    """Draw the demo pictures and add them through the same ingest as `board add`."""
    import tempfile
    from pathlib import Path

    from .images.ingest import ingest_file
    from .store import board

    added = 0
    with tempfile.TemporaryDirectory(prefix="bounceback-demo-") as folder:
        for index, (name, caption, pillar) in enumerate(BOARD):
            # Photos are usually JPEG, screenshots and drawings PNG: the demo has both.
            kind = "png" if index % 3 == 2 else "jpg"
            path = Path(folder) / f"{name}.{kind}"
            picture(name, seed).save(path, quality=90)
            _, new = board.add(db, ingest_file(path), caption, pillar)
            added += new
    return added
