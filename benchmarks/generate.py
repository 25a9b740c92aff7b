"""Deterministic heavy data files for the benchmarks (fixed seeds; cached under `.bench/`).

History goes in through SQL inserts in one transaction, the way `tui.demo` does it; routines,
settings and board images go through `tui.store` and `tui.images.ingest`, like the app.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tui.demo import EXTRA_ROUTINES
from tui.demo import NOTES as DEMO_NOTES
from tui.demo import TASKS as DEMO_TASKS

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
GENERATOR_VERSION = 1
SEED = 20261120
# A Friday morning (every pillar has something due), as in the end-to-end tests.
NOW = "2026-11-20T09:00:00"
TODAY = date(2026, 11, 20)
MARKER = "A 20-minute walk"  # a routine title shown on Today, for the cold-start probe


def freeze_clock() -> None:
    from tui import clock

    clock.freeze(datetime.fromisoformat(NOW))


# ---------------------------------------------------------------- history


def _routines():  # type: ignore[no-untyped-def]
    from tui.domain.models import RoutineDraft
    from tui.domain.schedule import every_n_days
    from tui.domain.starter import STARTER

    return [
        *STARTER,  # 7 routines over the four pillars
        *EXTRA_ROUTINES,  # the demo's three more
        RoutineDraft("apply", "Research two companies", 2, "companies", every_n_days(2)),
    ]


# The demo's tasks and notes, and a few more for a longer history.
TASKS = (*DEMO_TASKS, ("apply", "Fill in the application portal for Contoso", 1, ""))
NOTES = (
    *DEMO_NOTES,
    "recruiter ghosted again; moving on",
    "long walk by the river, cleared my head",
)


@dataclass(frozen=True)
class HistoryCounts:
    days: int
    entries: int
    tasks: int
    pauses: int
    freezes: int


def fill_history(db, years: float, seed: int = SEED) -> HistoryCounts:  # type: ignore[no-untyped-def]
    """`years` of history ending on TODAY: gaps, partial counts, rest weekends, pauses, freezes,
    one-off tasks and notes. The data file must be new (migrated, empty)."""
    from tui import clock
    from tui.domain.day import routine_is_due
    from tui.store import routines
    from tui.store import settings as settings_store

    freeze_clock()
    rng = random.Random(seed)
    days = round(365 * years)
    start = TODAY - timedelta(days=days)
    settings_store.save(
        db,
        {
            "name": "Alex",
            "start_date": start.isoformat(),
            "last_opened_day": TODAY.isoformat(),  # no review of yesterday on start-up
        },
    )
    routines.add_many(db, _routines(), start)
    # One routine dropped after a while (archived; its history stays).
    all_routines = routines.list_routines(db)
    archived = next(r for r in all_routines if r.title == "Research two companies")
    routines.set_archived(db, archived.id, start + timedelta(days=days // 2))
    settings = settings_store.load(db)
    all_routines = routines.list_routines(db, include_archived=True)
    stamp = clock.timestamp()

    # Pauses: a holiday or two a year, the odd sick stretch.
    pauses: list[tuple[date, date, str]] = []
    day = start + timedelta(days=rng.randint(20, 60))
    while day < TODAY - timedelta(days=14):
        length = rng.choice((3, 5, 7, 10, 14))
        reason = rng.choice(("holiday", "sick", "family", "moving house"))
        pauses.append((day, day + timedelta(days=length - 1), reason))
        day += timedelta(days=rng.randint(90, 200))

    def paused(d: date) -> bool:
        return any(a <= d <= b for a, b, _ in pauses)

    n_entries = n_tasks = n_freezes = 0
    freezes_in_month: dict[tuple[int, int], int] = {}
    gap_left = 0
    with db.write() as conn:
        for a, b, reason in pauses:
            conn.execute(
                "INSERT INTO pauses (start_date, end_date, reason, created_at) VALUES (?, ?, ?, ?)",
                (a.isoformat(), b.isoformat(), reason, stamp),
            )
        day = start
        while day <= TODAY:
            progress = (day - start).days / max(1, days)
            # Motivation dips in the middle of a long search, then recovers.
            base = 0.9 - 0.22 * (1 - abs(progress - 0.5) * 2) ** 2
            if gap_left == 0 and rng.random() < 0.015:
                gap_left = rng.randint(2, 6)  # a few days with nothing logged at all
            in_gap = gap_left > 0
            gap_left = max(0, gap_left - 1)
            slump = rng.random() < 0.05
            iso = day.isoformat()
            missed_pillars: set[str] = set()
            for routine in all_routines:
                if not routine_is_due(routine, day, settings):
                    continue
                if day == TODAY:
                    continue  # today's items are still open
                if in_gap or paused(day):
                    continue
                chance = 0.2 if slump else base + (0.06 if routine.pillar == "self_care" else 0)
                if rng.random() < chance:
                    amount = routine.target
                    if routine.kind == "count" and rng.random() < 0.15:
                        amount = routine.target + rng.randint(1, 2)
                elif routine.kind == "count" and rng.random() < 0.35:
                    amount = rng.randint(1, max(1, routine.target - 1))  # partial
                else:
                    missed_pillars.add(routine.pillar)
                    continue
                note = rng.choice(NOTES) if rng.random() < 0.06 else ""
                conn.execute(
                    "INSERT INTO entries (routine_id, day, amount, note, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (routine.id, iso, amount, note, stamp),
                )
                n_entries += 1
            # Freezes: at most two a month, spent on some missed pillar-days.
            for pillar in sorted(missed_pillars):
                month = (day.year, day.month)
                if freezes_in_month.get(month, 0) < 2 and rng.random() < 0.12:
                    freezes_in_month[month] = freezes_in_month.get(month, 0) + 1
                    conn.execute(
                        "INSERT INTO freezes (pillar, day, created_at) VALUES (?, ?, ?)",
                        (pillar, iso, stamp),
                    )
                    n_freezes += 1
            if rng.random() < 0.3 or day == TODAY:
                for _ in range(1 if rng.random() < 0.8 else 2):
                    pillar, title, target, unit = rng.choice(TASKS)
                    kind = "count" if target > 1 or unit else "check"
                    cursor = conn.execute(
                        "INSERT INTO tasks (pillar, title, kind, target, unit, day, position, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                        (pillar, title, kind, target, unit, iso, stamp),
                    )
                    n_tasks += 1
                    if day < TODAY and not in_gap and rng.random() < 0.75:
                        note = rng.choice(NOTES) if rng.random() < 0.05 else ""
                        conn.execute(
                            "INSERT INTO entries (task_id, day, amount, note, updated_at) "
                            "VALUES (?, ?, ?, ?, ?)",
                            (cursor.lastrowid, iso, target, note, stamp),
                        )
                        n_entries += 1
            day += timedelta(days=1)
    return HistoryCounts(days + 1, n_entries, n_tasks, len(pauses), n_freezes)


# ---------------------------------------------------------------- board images


@dataclass(frozen=True)
class ImageSpec:
    index: int
    kind: str  # "jpeg12", "jpeg", "png_alpha", "png", "webp"
    width: int
    height: int
    sigma: float
    quality: int

    @property
    def suffix(self) -> str:
        return {"png_alpha": ".png", "png": ".png", "webp": ".webp"}.get(self.kind, ".jpg")


def image_specs(count: int = 200, seed: int = SEED) -> list[ImageSpec]:
    """What each of the board's images is: the first `count` of a fixed list of 200."""
    rng = random.Random(f"{seed}:images")
    # Every block of 20: five 12 MP photos, eight smaller JPEGs, four PNGs with alpha, two
    # opaque PNGs and one WebP, in a shuffled order.
    pattern = ["jpeg12"] * 5 + ["jpeg"] * 8 + ["png_alpha"] * 4 + ["png"] * 2 + ["webp"]
    kinds: list[str] = []
    while len(kinds) < 200:
        block = list(pattern)
        rng.shuffle(block)
        kinds += block
    specs = []
    for index, kind in enumerate(kinds):
        if kind == "jpeg12":  # 12 MP phone photos, ~1.5-4 MB
            spec = ImageSpec(index, kind, 4000, 3000, rng.uniform(8, 20), rng.choice((85, 90)))
        elif kind == "jpeg":  # smaller photos and downloads, ~0.3-2.5 MB
            w = rng.randint(1200, 3000)
            spec = ImageSpec(index, kind, w, w * 2 // 3, rng.uniform(15, 45), 90)
        elif kind == "png_alpha":  # screenshots and drawings with transparency
            w = rng.randint(600, 1300)
            spec = ImageSpec(index, kind, w, w * 3 // 4, rng.uniform(4, 20), 0)
        elif kind == "png":
            w = rng.randint(700, 1400)
            spec = ImageSpec(index, kind, w, w * 9 // 16, rng.uniform(4, 16), 0)
        else:
            w = rng.randint(1600, 2400)
            spec = ImageSpec(index, kind, w, w * 2 // 3, rng.uniform(20, 40), 92)
        specs.append(spec)
    # Portrait photos now and then (EXIF-free, just taller than wide).
    for spec in specs[3::9]:
        specs[spec.index] = ImageSpec(
            spec.index, spec.kind, spec.height, spec.width, spec.sigma, spec.quality
        )
    return specs[:count]


def draw_image(spec: ImageSpec, seed: int = SEED):  # type: ignore[no-untyped-def]
    """Gradients and noise: smooth enough to look like something, noisy enough to weigh what
    real photos weigh as JPEG."""
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(f"{seed}:{spec.index}")
    size = (spec.width, spec.height)
    linear = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
    radial = Image.radial_gradient("L").resize(size)
    noise = Image.effect_noise(size, spec.sigma)
    red = ImageChops.add(linear, noise, scale=1.0, offset=-128 + rng.randint(-40, 40))
    green = ImageChops.add(
        radial, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 1.0, -128 + rng.randint(-40, 40)
    )
    blue = ImageChops.blend(linear, radial, rng.random())
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 9)):
        x, y = rng.randrange(spec.width), rng.randrange(spec.height)
        r = rng.randint(spec.width // 20, spec.width // 5)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    if spec.kind == "png_alpha":
        image = image.convert("RGBA")
        image.putalpha(Image.radial_gradient("L").resize(size).point(lambda v: 255 - v))
    return image


def image_file(spec: ImageSpec) -> Path:
    """The image on disk (drawn once, cached under .bench/)."""
    folder = CACHE / f"images-v{GENERATOR_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"img{spec.index:03d}-{spec.kind}{spec.suffix}"
    if not path.exists():
        image = draw_image(spec)
        partial = path.with_name(path.name + ".part")
        if spec.kind in ("jpeg12", "jpeg"):
            image.save(partial, "JPEG", quality=spec.quality)
        elif spec.kind == "webp":
            image.save(partial, "WEBP", quality=spec.quality)
        else:
            image.save(partial, "PNG", compress_level=6)
        partial.rename(path)
    return path


def image_files(count: int) -> list[Path]:
    return [image_file(spec) for spec in image_specs(count)]


def twelve_mp_jpeg() -> Path:
    spec = next(s for s in image_specs(200) if s.kind == "jpeg12" and s.width > s.height)
    return image_file(spec)


def ingest_memory_files(folder: Path) -> dict[str, Path]:
    """Small files that decode to huge pictures (the three of the hardening issue), and the
    largest picture still accepted, by what they are. Made once per folder."""
    from PIL import Image

    makers = {
        # 190 KB of PNG: 7000×7000 RGBA zeros (960 MB while being added, before the bound).
        "7000×7000 RGBA PNG (190 KB)": (
            "rgba-7000.png",
            lambda p: Image.new("RGBA", (7000, 7000)).save(p, optimize=True),
        ),
        # 77 KB: one pixel wide, 40 million tall (827 MB).
        "1×40,000,000 PNG (77 KB)": (
            "column.png",
            lambda p: Image.new("1", (1, 40_000_000)).save(p, optimize=True),
        ),
        # ~300 KB of float TIFF, 7000×7000 (457 MB).
        "7000×7000 float TIFF (0.3 MB)": (
            "float-7000.tif",
            lambda p: Image.new("F", (7000, 7000)).save(p, compression="tiff_deflate"),
        ),
        # The worst accepted: 105 MB of uncompressed RGBA TIFF at the pixel bound.
        "5120×5120 RGBA TIFF, uncompressed (105 MB, accepted)": (
            "rgba-5120.tif",
            lambda p: Image.new("RGBA", (5120, 5120)).save(p),
        ),
    }
    folder.mkdir(parents=True, exist_ok=True)
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # only for making them
    try:
        found = {}
        for label, (name, make) in makers.items():
            path = folder / name
            if not path.exists():
                make(path)
            found[label] = path
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return found


def add_board(db, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Add `count` images through ingest + board.add; seconds per image."""
    from tui.domain.pillars import PILLARS
    from tui.images.ingest import ingest_file
    from tui.store import board

    rng = random.Random(f"{SEED}:captions")
    times = []
    for path in image_files(count):
        pillar = rng.choice((*PILLARS, None, None))
        caption = f"Picture {path.stem}" if rng.random() < 0.8 else ""
        started = time.perf_counter()
        board.add(db, ingest_file(path), caption, pillar)
        times.append(time.perf_counter() - started)
    return times


# ---------------------------------------------------------------- cached files


def data_file(years: float, images: int) -> Path:
    """A data file with `years` of history and `images` board images, cached by version."""
    from tui.store.db import open_db

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"heavy-v{GENERATOR_VERSION}-{years:g}y-{images}img.db"
    if path.exists():
        return path
    image_files(images)  # draw first, so a crash while drawing leaves no half file
    partial = path.with_name(path.name + ".part")
    for stale in partial.parent.glob(partial.name + "*"):
        stale.unlink()
    db = open_db(partial)
    try:
        fill_history(db, years)
        if images:
            add_board(db, images)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    partial.rename(path)
    return path


def working_copy(source: Path, folder: Path) -> Path:
    """A copy the app may write to (last opened day, backups), so the cache stays pristine."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "bounceback.db"
    for old in folder.glob("bounceback.db*"):
        old.unlink()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    shutil.copyfile(source, target)
    return target
