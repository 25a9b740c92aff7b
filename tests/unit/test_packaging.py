"""The wheel carries what the app reads at run time, and `python -m tui` works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for this module with the test venv's hatchling."""
    # hatchling is a pinned test extra, so this only skips in a venv made without it; building
    # itself needs no network (the build runs in-process, not in an isolated environment).
    pytest.importorskip("hatchling", reason="hatchling is not installed: cannot build the wheel")
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("bounceback-*.whl")
    return found


def test_the_wheel_ships_assets_styles_and_help(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "tui/assets/prompts.txt",
        "tui/assets.py",
        "tui/screens/help.md",
        "tui/screens/today.tcss",
        "tui/cli.py",
        "tui/__main__.py",
    ):
        assert needed in names, needed
    # Everything in the top-level assets/ folder ships, under tui/assets/.
    shipped = {p.relative_to(ROOT / "assets").as_posix() for p in (ROOT / "assets").rglob("*")}
    for name in shipped:
        if (ROOT / "assets" / name).is_file():
            assert f"tui/assets/{name}" in names, name
    # An __init__.py would turn the data folder into a package that hides the tui.assets module.
    assert "tui/assets/__init__.py" not in names
    assert not any(name.startswith("assets/") for name in names)  # only as tui/assets
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "bounceback = tui.entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


_READ_FROM_THE_WHEEL = textwrap.dedent(
    """
    import json, sys
    import tui.assets
    print(json.dumps({
        "module": tui.assets.__file__,
        "folder": str(tui.assets.folder()),
        "prompts": tui.assets.prompts(),
        "help": tui.assets.read_help(),
        "path": sys.path,
    }))
    """
)


def test_an_installed_wheel_reads_its_own_assets(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel into a fresh venv and run outside the repository, the app reads
    the prompts shipped in the wheel, through the tui.assets module of the wheel."""
    venv = tmp_path / "venv"
    # From the base interpreter (what `python -m venv` does anyway): no pip needed inside it,
    # the test venv's pip installs into it.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60
    )
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # The runtime dependencies are already in the test venv. `--system-site-packages` would
    # give the base interpreter's site-packages, not the test venv's, so a .pth line adds the
    # test venv's instead. A path named in a .pth is not itself scanned for .pth files, so the
    # editable install's own .pth (which puts src/ on sys.path) stays out.
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    (purelib / "_test_venv_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(python), "-c", _READ_FROM_THE_WHEEL],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    module = Path(report["module"])
    assert module == purelib / "tui" / "assets.py", module
    assert Path(report["folder"]) == purelib / "tui" / "assets"
    assert not any(Path(entry) == ROOT / "src" for entry in report["path"])
    from tui.assets import prompts

    assert report["prompts"] == prompts()  # the same lines as the source tree's assets/
    assert "keys" in report["help"].lower()  # help.md ships beside its screen
    version = subprocess.run(
        [str(venv / "bin" / "bounceback"), "--version"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("bounceback, version")


def test_prompts_and_help_are_read_from_the_package() -> None:
    from tui.assets import prompts, read_help

    assert len(prompts()) >= 10
    assert all(not line.startswith("#") for line in prompts())
    assert "Keys" in read_help() or "keys" in read_help()


def test_an_editable_install_reads_the_source_trees_assets() -> None:
    """The test venv is an editable install: the repository's assets/ is read, not the copy
    hatchling's editable install puts in site-packages (stale once a file is edited)."""
    import tui.assets

    assert Path(tui.assets.__file__) == ROOT / "src" / "tui" / "assets.py"
    assert tui.assets.folder() == ROOT / "assets"


def test_python_dash_m_tui_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.startswith("bounceback, version")
