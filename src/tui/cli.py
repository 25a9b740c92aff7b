"""The `bounceback` command.

Subcommands live in `tui.commands` and are imported only when one runs: `--help` lists them
from the table below, so it and `--version` load click and nothing else.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click

from . import __version__

EXIT_FAILED = 1

# name → (module in tui.commands, function, the first sentence of its help). A test checks each
# against the command's own help, so the two cannot drift apart.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "backup": (
        "data",
        "backup",
        "A consistent copy of the data file (safe while the app is open).",
    ),
    "board": ("board", "board", "The vision board: add, list, remove and export pictures."),
    "check": ("daily", "check", "Check off (or add to) a routine or task by its title."),
    "config": ("config", "config", "Settings: list, get, set."),
    "demo": (
        "demo",
        "demo",
        "Open the app on a generated demo file (months of history, a vision board).",
    ),
    "export": (
        "data",
        "export",
        "Everything in the data file, as JSON (docs/DATA-FORMAT.md) or Loop's CSV layout.",
    ),
    "freeze": (
        "daily",
        "freeze",
        "Excuse one pillar for one day, spending one of that month's freezes.",
    ),
    "import": (
        "data",
        "import_",
        "Merge a JSON export into the data file: nothing is duplicated, nothing half-written.",
    ),
    "init": ("daily", "init", "First-run setup without the app."),
    "pause": ("pause", "pause", "Pauses: date ranges that excuse every pillar."),
    "restore": (
        "data",
        "restore",
        "Put a backup back in place of the data file (the file as it was is kept beside it).",
    ),
    "routine": ("routines", "routine", "Recurring routines: add, list, archive."),
    "stats": ("stats", "stats", "Streaks, weekly progress and strength per pillar and overall."),
    "task": ("daily", "task", "One-off tasks for a single day."),
    "today": ("daily", "today", "The day's plan, printed (for a login shell or MOTD)."),
}


def load_command(name: str) -> click.Command | None:
    entry = COMMANDS.get(name)
    if entry is None:
        return None
    from importlib import import_module

    module = import_module(f"tui.commands.{entry[0]}")
    command: click.Command = getattr(module, entry[1])
    return command


def help_width() -> int:
    """The width click's help formatter works out for itself, found without importing shutil
    (which brings bz2 and lzma along: ~4 ms of a `--help` that is mostly Python starting)."""
    from click import formatting

    if formatting.FORCED_WIDTH is not None:  # click's test runner pins it
        return formatting.FORCED_WIDTH
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 80) - 2, 50)


class _Group(click.Group):
    """Loads subcommands on demand, and turns the errors meant for people into one line and
    exit 1, never a traceback."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # Worked out per run, not at import; the subcommands' contexts inherit it.
        extra.setdefault("terminal_width", help_width())
        return super().make_context(info_name, args, parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return load_command(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # What click's own listing does, from the table instead of the loaded commands: a
        # stand-in Command shortens each help line exactly as the real one would.
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, click.Command(name, help=COMMANDS[name][2]).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            from .commands.base import Context

            if isinstance(ctx.obj, Context):
                ctx.obj.tell_notices()
            return result
        except click.ClickException:
            raise
        except Exception as error:
            from .commands.base import Context, Failed
            from .entry import said_to_people

            where = ctx.obj.path if isinstance(ctx.obj, Context) else "the data file"
            message = said_to_people(error, where)
            if message is None:
                raise
            raise Failed(message) from None


@click.group(
    cls=_Group,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", "db_option", metavar="PATH", help="Use this data file (also BOUNCEBACK_DB).")
@click.version_option(__version__, "-V", "--version", prog_name="bounceback")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None) -> None:
    """Bounceback: a daily routine, forgiving streaks and a vision board for a long job search.

    Run it with no command to open the app on Today.
    """
    from .commands.base import Context, run_app

    ctx.obj = Context(db_option)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj.db)


def _output_failed(error: BaseException) -> bool:
    """Whether `error` is standard output failing to be written (a full disk, /dev/full). Every
    file Bounceback opens itself says so with its name; the data file fails as sqlite3.Error; a
    broken pipe click answers itself; what is left is the output."""
    import errno

    return (
        isinstance(error, OSError)
        and error.filename is None
        and error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO)
    )


def _say_output_failed(error: OSError) -> NoReturn:
    reason = error.strerror or error.__class__.__name__
    click.echo(f"bounceback: the output could not be written ({reason})", err=True)
    # What stays buffered would fail again as Python exits, with a traceback of its own.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_FAILED)


def main() -> NoReturn:
    """Entry point: no traceback ever reaches the person at the keyboard."""
    try:
        # Without standalone mode click hands back the code of an `Exit` instead of exiting.
        code = cli.main(prog_name="bounceback", standalone_mode=False)
        sys.stdout.flush()  # what is still buffered must be written before "done"
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("bounceback: stopped", err=True)
        sys.exit(130)
    except click.exceptions.Exit as error:
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence
        if isinstance(error, OSError) and _output_failed(error):
            _say_output_failed(error)
        if os.environ.get("BOUNCEBACK_DEBUG"):
            raise
        from .commands.base import say
        from .entry import unexpected

        say(f"bounceback: {unexpected(error)}", err=True)
        sys.exit(EXIT_FAILED)
    sys.exit(0)
