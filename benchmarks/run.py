"""The benchmark suite: `scripts/bench [--quick] [--no-write] [--only CASE,...]`.

Cases: cold, checkoff, streaks, board, memory, ingest, ingest_memory, help, size.

Every case alternates what is measured (A) with its reference (B) in the same run and reports
medians and the ratio A/B; the budgets come from issue 5. Results go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import generate
from .generate import CACHE, MARKER, NOW, ROOT

PYTHON = sys.executable
BOUNCEBACK = str(Path(sys.executable).with_name("bounceback"))
WIDTH, HEIGHT = 120, 40
TMUX_SOCKET = "bounceback-bench"
DOC = ROOT / "docs" / "PERFORMANCE.md"


@dataclass
class Config:
    quick: bool
    runs: int
    presses: int
    years: float
    images: int

    @property
    def label(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def command_runs(self) -> int:
        """Whole processes take a tenth of a second and this machine's speed drifts between
        seconds: three times the runs keep the median of a start-up honest."""
        return self.runs * 3


@dataclass
class Row:
    case: str
    measure: str
    a: float | None  # median of what is measured (ms, MB, bytes ...)
    b: float | None  # median of the reference
    unit: str
    budget: str
    ok: bool | None  # None: recorded only
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.a / self.b if self.a is not None and self.b else None


# ---------------------------------------------------------------- helpers


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def env() -> dict[str, str]:
    # COLUMNS and LINES would override the pane's real size inside the app.
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    clean.update(
        {"BOUNCEBACK_NOW": NOW, "TZ": "UTC", "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    )
    clean.pop("BOUNCEBACK_DB", None)
    return clean


def alternate(runs: int, a: Callable[[], float], b: Callable[[], float]) -> tuple[list, list]:
    """B then A, `runs` times (plus one untimed warm-up of each, for the file cache)."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(runs):
        times_b.append(b())
        times_a.append(a())
    return times_a, times_b


def paired_row(
    case: str, measure: str, a: list[float], b: list[float], budget: str, limit: float, note: str
) -> Row:
    """A whole-process case judged on both the ratio of medians and the median of paired
    ratios (each run against the reference run just before it). This machine's speed jumps
    between two levels from one second to the next; when about half the runs fall on each,
    the two medians can land on different levels (a ratio of 0.8x or 1.3x for the same
    code), which the paired ratio shrugs off. Both must meet the budget."""
    ratio = median(a) / median(b)
    paired = median([x / y for x, y in zip(a, b, strict=True)])
    return Row(case, measure, median(a), median(b), "ms", budget, max(ratio, paired) <= limit,
               f"{note}; runs {len(a)}; median of paired ratios {paired:.2f}×")  # fmt: skip


def timed_command(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=env(), capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def pilot(case: str, db: Path, runs: int) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "benchmarks.pilot", case, str(db), str(runs)],
        env=env(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pilot {case} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ms(values: list[float]) -> list[float]:
    return [v * 1000 for v in values]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tmux


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", TMUX_SOCKET, "-f", "/dev/null", *args],
        check=check,
        capture_output=True,
        text=True,
    )


# Every 10 ms: polling every 2 ms spawned ~250 tmux clients a second, which on a 2-core
# machine took CPU from the very launch being timed (docs/PERFORMANCE.md, "Cold start").
POLL_SECONDS = float(os.environ.get("BENCH_POLL", "0.01"))


def launch_until(command: str, marker: str, timeout: float = 30.0) -> float:
    """Seconds from starting `command` in a fresh 120×40 pane until `marker` is on screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    exports = " ".join(
        f"{k}='{v}'" for k, v in env().items() if k in ("BOUNCEBACK_NOW", "TZ", "TERM", "COLORTERM")
    )
    started = time.perf_counter()
    tmux(
        "new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
        f"env {exports} {command}; sleep 600",
    )  # fmt: skip
    try:
        while True:
            shown = tmux("capture-pane", "-p", "-t", name, check=False).stdout
            if marker in shown:
                return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{marker!r} never appeared for {command}; screen:\n{shown}")
            time.sleep(POLL_SECONDS)
    finally:
        tmux("kill-session", "-t", name, check=False)


# ---------------------------------------------------------------- cases


def case_cold_start(cfg: Config, heavy: Path) -> list[Row]:
    say("cold start (tmux)…")
    tmux("new-session", "-d", "-s", "bench-keeper", "sleep 3600")  # keep the server up
    try:
        bare = f"{PYTHON} {ROOT / 'benchmarks' / 'bare_app.py'}"
        app = f"{BOUNCEBACK} --db {heavy}"
        from .bare_app import TEXT

        # The first launch of a day also takes the daily backup: the warm-up absorbs it.
        a, b = alternate(
            cfg.command_runs,
            lambda: launch_until(app, MARKER),
            lambda: launch_until(bare, TEXT),
        )
    finally:
        tmux("kill-server", check=False)
    a, b = ms(a), ms(b)
    return [
        paired_row("cold start", "launch → Today's items on screen", a, b, "≤ 1.25× bare app",
                   1.25, "ref: bare Textual app"),
    ]  # fmt: skip


def case_checkoff(cfg: Config, heavy: Path) -> list[Row]:
    say("check-off (Pilot)…")
    result = pilot("checkoff", heavy, cfg.presses)
    a, b = ms(result["a"]), ms(result["b"])
    return [
        Row("check-off", "space → column shows it + committed (median)", median(a), median(b),
            "ms", "median ≤ 8 ms", median(a) <= 8,
            f"ref: an unbound key; {len(a)} presses"),
        Row("check-off", "… p95", p95(a), p95(b), "ms", "p95 ≤ 20 ms", p95(a) <= 20),
    ]  # fmt: skip


def case_streaks(cfg: Config, heavy: Path, ten_years: Path) -> list[Row]:
    say("streaks screen (Pilot)…")
    result = pilot("streaks", heavy, cfg.runs)
    a, b = ms(result["a"]), ms(result["b"])
    detail = ms(result["detail"])
    rows = [
        Row("streaks", f"open Streaks on {cfg.years:g} y until the table is filled", median(a),
            median(b), "ms", "≤ 100 ms", median(a) <= 100,
            "ref: push a plain screen; figures from Today's summary"),
        Row("streaks", "… until the heat map and reasons are drawn too", median(detail),
            median(b), "ms", "recorded", None, "every day judged in a worker"),
    ]  # fmt: skip
    say("stats --json on ten years…")
    sa, sb = alternate(
        cfg.command_runs,
        lambda: timed_command([BOUNCEBACK, "--db", str(ten_years), "stats", "--json"]),
        lambda: timed_command([BOUNCEBACK, "--version"]),
    )
    sa, sb = ms(sa), ms(sb)
    rows.append(
        paired_row("streaks", "`stats --json` on 10 years", sa, sb, "≤ 2× `--version`", 2,
                   "ref: bounceback --version; the past's carry kept in the file")
    )  # fmt: skip

    # The first run of a week, or after the past was edited: the carry is rebuilt from every day.
    def without_carry() -> float:
        with sqlite3.connect(ten_years) as conn:
            conn.execute("DELETE FROM streak_carry")
        return timed_command([BOUNCEBACK, "--db", str(ten_years), "stats", "--json"])

    ca, cb = alternate(
        cfg.command_runs, without_carry, lambda: timed_command([BOUNCEBACK, "--version"])
    )
    ca, cb = ms(ca), ms(cb)
    rows.append(
        Row("streaks", "… with the carry dropped (a new week, or the past edited)", median(ca),
            median(cb), "ms", "recorded", None, "every day of ten years judged, carry rewritten")
    )  # fmt: skip
    return rows


def case_board(cfg: Config, heavy: Path) -> list[Row]:
    say("board (Pilot)…")
    result = pilot("board", heavy, cfg.runs)
    a, b = ms(result["a"]), ms(result["b"])
    page, page_ref = ms(result["page"]), ms(result["page_ref"])
    flat = ms(result["page_flat"])
    tiles = max(result["tiles"])
    return [
        Row("board", f"open with {cfg.images} images until the {tiles} visible tiles are drawn",
            median(a), median(b), "ms", "≤ 150 ms", median(a) <= 150,
            "ref: push a plain screen; picture cache empty (a new grid)"),
        Row("board", "page down until the next page is drawn", median(page),
            median(page_ref), "ms", "≤ 60 ms", median(page) <= 60,
            "ref: an unbound key; default animation level (the page keys do not animate)"),
        Row("board", "page down, animations off (TEXTUAL_ANIMATIONS=none)",
            median(flat), median(page_ref), "ms", "≤ 60 ms", median(flat) <= 60,
            "what the app costs without the smooth scroll"),
    ]  # fmt: skip


def case_memory(cfg: Config, heavy: Path, work: Path) -> list[Row]:
    say("memory (Pilot, every screen)…")
    a: list[float] = []
    b: list[float] = []
    runs = max(3, cfg.runs // 2) if not cfg.quick else 2
    for _ in range(runs):
        b.append(pilot("memory_bare", heavy, 1)["peak_mb"])
        copy = generate.working_copy(heavy, work / "memory")
        a.append(pilot("memory", copy, 1)["peak_mb"])
    return [
        Row("memory", "peak RSS after visiting every screen", median(a), median(b), "MB",
            "≤ 150 MB", median(a) <= 150, f"ref: bare app under Pilot; runs {runs}"),
    ]  # fmt: skip


def case_ingest(cfg: Config, work: Path) -> list[Row]:
    say("ingest…")
    from PIL import Image

    from tui.images.ingest import ingest_file
    from tui.store import board
    from tui.store.db import open_db

    generate.freeze_clock()
    photo = generate.twelve_mp_jpeg()
    folder = work / "ingest"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_db(folder / "bounceback.db")

    def add_one() -> float:
        started = time.perf_counter()
        image, _ = board.add(db, ingest_file(photo))
        elapsed = time.perf_counter() - started
        board.delete(db, image.id)
        return elapsed

    def decode_only() -> float:
        started = time.perf_counter()
        with Image.open(photo) as image:
            image.load()
        return time.perf_counter() - started

    a, b = alternate(cfg.runs, add_one, decode_only)
    a, b = ms(a), ms(b)
    db.close()
    size_mb = photo.stat().st_size / 1e6
    rows = [
        Row("ingest", f"add one 12 MP JPEG ({size_mb:.1f} MB): ingest_file + board.add",
            median(a), median(b), "ms", "≤ 250 ms", median(a) <= 250,
            "ref: Pillow full decode of the same file"),
    ]  # fmt: skip
    # The whole board, once: what `board add FOLDER` or the board's add worker does per file.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = open_db(folder / "bounceback.db")
    started = time.perf_counter()
    per_image = generate.add_board(db, cfg.images)
    total = time.perf_counter() - started
    db.close()
    per = ms(per_image)
    mb = sum(p.stat().st_size for p in generate.image_files(cfg.images)) / 1e6
    rows += [
        Row("ingest", f"add {cfg.images} images ({mb:.0f} MB of files): total", total * 1000,
            None, "ms", "recorded", None, "one pass"),
        Row("ingest", "… per image, median (longest gap between progress updates = max)",
            median(per), None, "ms", "progress throughout", None,
            f"p95 {p95(per):.0f} ms, max {max(per):.0f} ms"),
    ]  # fmt: skip
    return rows


_PEAK_CHILD = """
import sys
from pathlib import Path
if sys.argv[1] != "-":
    from tui.images.ingest import ImageError, ingest_file
    try:
        ingest_file(Path(sys.argv[1]))
        print("added")
    except ImageError:
        print("refused")
else:
    import tui.images.ingest
    print("imported")
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(int(peak) / 1024)
"""


def ingest_peak(path: Path | None) -> tuple[float, str]:
    """Peak RSS (MB) of a fresh process ingesting `path` (None: only importing ingest)."""
    done = subprocess.run(
        [PYTHON, "-c", _PEAK_CHILD, str(path) if path else "-"],
        capture_output=True, text=True, check=True, env=env(),
    )  # fmt: skip
    outcome, peak = done.stdout.split()
    return float(peak), outcome


def case_ingest_memory(cfg: Config, work: Path) -> list[Row]:
    say("ingest memory…")
    files = generate.ingest_memory_files(CACHE / "ingest-memory")
    runs = 1 if cfg.quick else 3
    base = median([ingest_peak(None)[0] for _ in range(runs)])
    rows = []
    peaks = {}
    for label, path in files.items():
        measured = [ingest_peak(path) for _ in range(runs)]
        peaks[label] = median([peak for peak, _ in measured])
        rows.append(
            Row("ingest memory", f"peak RSS adding {label}: {measured[0][1]}", peaks[label],
                base, "MB", "recorded", None, "ref: a process that only imports ingest")
        )  # fmt: skip
    worst = max(peaks, key=lambda label: peaks[label])
    rows.append(
        Row("ingest memory", f"peak RSS, worst of these ({worst})", peaks[worst], base, "MB",
            "≤ 200 MB", peaks[worst] <= 200, f"VmHWM of a child per file; runs {runs}")
    )  # fmt: skip
    return rows


def case_help(cfg: Config) -> list[Row]:
    say("help…")
    a, b = alternate(
        cfg.command_runs,
        lambda: timed_command([BOUNCEBACK, "--help"]),
        lambda: timed_command([PYTHON, "-c", "import click"]),
    )
    a, b = ms(a), ms(b)
    return [
        paired_row("help", "`bounceback --help`", a, b, "≤ 1.5× `python -c 'import click'`",
                   1.5, "ref: python -c 'import click'"),
    ]  # fmt: skip


def table_sizes(path: Path) -> dict[str, int]:
    from tui.store.db import sqlite_uri

    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        conn.close()
    return dict(rows)


def row_counts(path: Path) -> dict[str, int]:
    from tui.store.db import sqlite_uri

    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("entries", "tasks", "freezes", "pauses", "routines")
        }
    finally:
        conn.close()


def case_file_size(cfg: Config) -> tuple[list[Row], str]:
    say("file size…")
    rows = []
    details = []
    for years in (1, 3, 10):
        path = generate.data_file(years, 0)
        size = path.stat().st_size
        counts = row_counts(path)
        rows.append(
            Row("file size", f"{years} year{'s' if years > 1 else ''} of history, no images",
                size / years, None, "bytes/year", "recorded", None,
                f"{size / 1e6:.2f} MB; {counts['entries']} entries, {counts['tasks']} tasks")
        )  # fmt: skip
        if years == 10:
            sizes = table_sizes(path)
            if sizes:
                top = sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
                details.append(
                    "Ten years by table/index (dbstat): "
                    + ", ".join(f"`{name}` {value / 1e3:.0f} kB" for name, value in top)
                    + f"; {counts['entries']} entries ≈ "
                    f"{sizes.get('entries', 0) / max(1, counts['entries']):.0f} B/row in the "
                    "table itself."
                )
    return rows, " ".join(details)


# ---------------------------------------------------------------- report


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bytes/year":
        return f"{value / 1e3:,.0f} kB"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def render_table(rows: list[Row]) -> str:
    lines = [
        "| case | measure | median | reference | ratio | budget | result | notes |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        result = "—" if r.ok is None else ("PASS" if r.ok else "**FAIL**")
        lines.append(
            f"| {r.case} | {r.measure} | {fmt(r.a, r.unit)} | {fmt(r.b, r.unit)} | {ratio} "
            f"| {r.budget} | {result} | {r.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average at the start "
        f"{load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f} (a shared machine: absolute times are noisy, "
        "the ratios hold better)"
    )


def write_doc(cfg: Config, command: str, section: str) -> None:
    begin, end = f"<!-- bench:{cfg.label}:begin -->", f"<!-- bench:{cfg.label}:end -->"
    text = DOC.read_text() if DOC.exists() else ""
    block = f"{begin}\n{section}\n{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        if not text:
            text = "# Performance\n\n"
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small version of every case")
    parser.add_argument("--no-write", action="store_true", help="do not touch PERFORMANCE.md")
    parser.add_argument("--only", default="", help="comma-separated cases, e.g. board,memory")
    args = parser.parse_args(argv)
    os.environ["TZ"] = "UTC"
    time.tzset()
    # Measure what an installed Bounceback runs: with bytecode (a wheel install compiles it; an
    # editable install under PYTHONDONTWRITEBYTECODE would compile every module on every start).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    if args.quick:
        cfg = Config(quick=True, runs=3, presses=30, years=1, images=24)
    else:
        cfg = Config(quick=False, runs=7, presses=150, years=3, images=200)
    command = "scripts/bench" + (" --quick" if cfg.quick else "")
    only = {c.strip() for c in args.only.split(",") if c.strip()}
    wanted = lambda name: not only or name in only  # noqa: E731
    started = time.perf_counter()
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    the_machine = machine()

    say(f"data files (cached in {CACHE.relative_to(ROOT)}/)…")
    heavy_source = generate.data_file(cfg.years, cfg.images)
    ten_source = generate.data_file(10, 0)
    work = CACHE / f"work-{cfg.label}"
    heavy = generate.working_copy(heavy_source, work / "heavy")
    ten = generate.working_copy(ten_source, work / "ten")

    rows: list[Row] = []
    notes = ""
    if wanted("cold"):
        rows += case_cold_start(cfg, heavy)
    if wanted("checkoff"):
        rows += case_checkoff(cfg, generate.working_copy(heavy_source, work / "checkoff"))
    if wanted("streaks"):
        rows += case_streaks(cfg, heavy, ten)
    if wanted("board"):
        rows += case_board(cfg, heavy)
    if wanted("memory"):
        rows += case_memory(cfg, heavy_source, work)
    if wanted("ingest"):
        rows += case_ingest(cfg, work)
    if wanted("ingest_memory"):
        rows += case_ingest_memory(cfg, work)
    if wanted("help"):
        rows += case_help(cfg)
    if wanted("size"):
        size_rows, notes = case_file_size(cfg)
        rows += size_rows
    elapsed = time.perf_counter() - started

    table = render_table(rows)
    print(table)
    failed = [r for r in rows if r.ok is False]
    print(f"\n{len(failed)} of {sum(r.ok is not None for r in rows)} budgets failed; "
          f"{elapsed:.0f} s")  # fmt: skip
    if not args.no_write and not only:
        heavy_mb = heavy_source.stat().st_size / 1e6
        section = (
            f"## {'Quick' if cfg.quick else 'Full'} run — {stamp}\n\n"
            f"Command: `{command}` ({elapsed:.0f} s). Machine: {the_machine}.\n\n"
            f"Data: {cfg.years:g} years of history and {cfg.images} board images "
            f"(`{heavy_source.name}`, {heavy_mb:.0f} MB); ten years without images for "
            f"`stats --json`. Medians of {cfg.runs} alternated runs, {cfg.command_runs} for "
            f"whole commands (cold start, `stats`, `--help`), {cfg.presses} presses for "
            f"check-off.\n\n{table}\n" + (f"\n{notes}\n" if notes else "")
        )
        write_doc(cfg, command, section)
    return 1 if failed else 0
