"""The wheel carries what the app reads at run time, and `python -m tui` works."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_ships_assets_styles_and_help(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("bounceback-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "tui/assets/prompts.txt",
        "tui/screens/help.md",
        "tui/screens/today.tcss",
        "tui/cli.py",
        "tui/__main__.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "bounceback = tui.entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_prompts_and_help_are_read_from_the_package() -> None:
    from tui.assets import prompts, read_help

    assert len(prompts()) >= 10
    assert all(not line.startswith("#") for line in prompts())
    assert "Keys" in read_help() or "keys" in read_help()


def test_python_dash_m_tui_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("bounceback, version")
