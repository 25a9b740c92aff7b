"""domain/, store/ and services/ never import Textual; the CLI starts without Textual, Pillow
or sqlite-utils."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

_IMPORT_ALL = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import tui.domain, tui.services, tui.store
    names = ["tui.clock", "tui.paths", "tui.undo"]
    for package in (tui.domain, tui.store, tui.services):
        found = pkgutil.iter_modules(package.__path__, package.__name__ + ".")
        names += [info.name for info in found]
    for name in names:
        importlib.import_module(name)
    print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
    """
)


def _run(code: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_domain_store_and_services_do_not_import_textual() -> None:
    report = _run(_IMPORT_ALL)
    imported = set(report["imported"])
    # Discovery found the modules that exist today (new ones are picked up automatically).
    assert {
        "tui.domain.schedule",
        "tui.domain.day",
        "tui.store.db",
        "tui.store.entries",
        "tui.services.day",
        "tui.services.board",
    } <= imported
    modules = set(report["modules"])
    assert imported <= modules
    assert "textual" not in modules
    assert not any(name.startswith("textual.") for name in modules)


def test_cli_imports_no_textual_pillow_or_sqlite_utils() -> None:
    report = _run("import json, sys, tui.cli; print(json.dumps({'modules': sorted(sys.modules)}))")
    modules = set(report["modules"])
    assert "tui.cli" in modules
    for heavy in ("textual", "PIL", "sqlite_utils"):
        assert heavy not in modules, f"`import tui.cli` imported {heavy}"


def test_help_loads_no_subcommand_module() -> None:
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        import tui.cli
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                tui.cli.cli.main(["--help"], prog_name="bounceback")
            except SystemExit:
                pass
        assert "stats" in out.getvalue()
        modules = sorted(sys.modules)  # before json is imported to print them
        import json
        print(json.dumps({"modules": modules}))
        """
    )
    modules = set(_run(code)["modules"])
    loaded = sorted(name for name in modules if name.startswith("tui.") and name != "tui.cli")
    assert loaded == [], f"--help imported {loaded}"
    for heavy in ("sqlite3", "json.decoder", "dataclasses", "pathlib"):
        assert heavy not in modules, f"--help imported {heavy}"


def test_textual_repaints_at_240_fps_unless_told_otherwise() -> None:
    code = "import json, tui, textual.constants as c; print(json.dumps({'fps': c.MAX_FPS}))"
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    for extra, fps in (({}, 240), ({"TEXTUAL_FPS": "30"}, 30)):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, **extra},
            check=True,
        )
        assert json.loads(result.stdout)["fps"] == fps


_OPEN_TODAY = textwrap.dedent(
    """
    import asyncio, json, sys, tempfile
    from datetime import date, datetime
    from pathlib import Path
    from tui import clock
    clock.freeze(datetime(2026, 11, 20, 9, 0))
    from tui.app import BouncebackApp
    from tui.domain.starter import STARTER
    from tui.services.settings import set_up
    from tui.store.db import open_db

    db = open_db(Path(tempfile.mkdtemp()) / "bounceback.db")
    set_up(db, name="Sam", start=date(2026, 11, 2), today=date(2026, 11, 20), starter=STARTER)

    async def main():
        app = BouncebackApp(db)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("space", "plus", "n")
            await pilot.pause()
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = type(app.screen).__name__

        print(json.dumps({"screen": shown, "modules": sorted(sys.modules)}))

    asyncio.run(main())
    """
)


def test_opening_today_and_checking_off_never_imports_sqlite_utils() -> None:
    report = _run(_OPEN_TODAY)
    assert report["screen"] == "TodayScreen"
    modules = set(report["modules"])
    assert "tui.screens.today" in modules and "tui.services.day" in modules
    assert "sqlite_utils" not in modules
