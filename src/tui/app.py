"""The Bounceback app: screens, global keys, the command palette and the day clock."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker

from . import clock
from .domain.errors import InvalidInput
from .domain.models import Settings
from .domain.text import shown
from .services.change import Change, changed_elsewhere
from .store import settings as settings_store
from .store.db import Database, StoreError
from .undo import UndoStack
from .widgets.failures import failure_of
from .widgets.safe_text import ControlCharacters

if TYPE_CHECKING:
    from pathlib import Path

    from .domain.streaks import Stats
    from .images.render import CellCache
    from .widgets.pixels import PixelView

P = ParamSpec("P")
DAY_CHECK_SECONDS = 20
WATCH_SECONDS = 1.5


class BouncebackApp(App[None]):
    """A daily routine, forgiving streaks and a vision board for a long job search."""

    TITLE = "Bounceback"
    # Today's stylesheet (every rule under TodayScreen). The app loads it because Today is the
    # first screen: Textual reads a screen's own CSS_PATH when it is pushed, not for the
    # default screen.
    CSS_PATH = "screens/today.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]

    def __init__(self, db: Database, demo: bool = False, close_on_quit: bool = False) -> None:
        super().__init__()
        self.db = db
        self.demo = demo
        self.close_on_quit = close_on_quit
        """The app owns `db` (the `bounceback` command opened it for it): closed on quit."""
        self.settings: Settings = settings_store.load(db)
        self.today: date = clock.today(self.settings.day_start_hour)
        self.undo = UndoStack()
        self._safe_text = ControlCharacters()
        self.image_folder: Path | None = None
        """Where pictures were last added from: the board's file browser opens there."""
        self.data_changed: Signal[Change] = Signal(self, "data_changed")
        """Published with every change saved: by this app's actions, their undos, and (as
        `changed_elsewhere`) when another window or the shell wrote to the file."""
        self._cells: CellCache | None = None
        self._stats_cache: dict[str, tuple[tuple[int, int, date], Stats]] = {}
        saved_theme = self._saved_theme()
        if saved_theme:
            self.theme = saved_theme

    def _saved_theme(self) -> str | None:
        rows = self.db.query("SELECT value FROM settings WHERE key = 'theme'")
        if not rows:
            return None
        name = str(rows[0]["value"]).strip('"')
        return name if name in self.available_themes else None

    def get_default_screen(self) -> Screen:
        # Today is the first screen itself once set up: no blank screen drawn and replaced.
        if self.settings.initialized:
            from .screens.today import TodayScreen

            return TodayScreen()
        return super().get_default_screen()

    def on_mount(self) -> None:
        self.call_after_refresh(self.settle_memory)
        for notice in self.db.notices:
            self.notify(notice, timeout=10)
        self.db.notices.clear()
        if self.demo:
            self.sub_title = "demo data"
        self.set_interval(DAY_CHECK_SECONDS, self.check_logical_day)
        self._data_version = self.db.data_version()
        self.set_interval(WATCH_SECONDS, self.check_other_windows)
        if self.settings.initialized:
            # Yesterday's review and the daily backup can wait for Today to be on screen.
            self.call_after_refresh(self._after_today_opens)
        else:
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.today), self._welcomed)

    def settle_memory(self) -> None:
        """After the first paint: what start-up made lives as long as the app, so it is frozen
        out of garbage collection, and collection (off while starting) resumes; see tui.memory.
        """
        from .memory import resume_collection_after_first_paint

        resume_collection_after_first_paint()

    def _open_today(self) -> None:
        from .screens.today import TodayScreen

        self.push_screen(TodayScreen())
        self._after_today_opens()

    def _after_today_opens(self) -> None:
        if not self.db.read_only:
            self.review_yesterday()
            self.daily_backup()

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def daily_backup(self) -> None:
        """The first time the app opens on a new day, keep a copy of the data file."""
        from .store.backup import daily_backup

        try:
            daily_backup(self.db, self.today)
        except StoreError as error:
            self.call_from_thread(
                self.notify, f"The daily backup failed: {error}", severity="warning", timeout=8
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast. Its words often hold stored text (a title, a caption), so they pass the one
        sanitiser and are never read as markup."""
        super().notify(
            shown(message), title=shown(title), severity=severity, timeout=timeout, markup=markup
        )

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._safe_text]

    def on_unmount(self) -> None:
        if self.close_on_quit:
            # Every connection closed, the workers' readers first: the last one to close folds
            # the -wal into the data file and removes it, so a clean quit leaves one whole file.
            self.db.close()

    # -- restoring a backup

    def action_restore(self) -> None:
        """Choose a backup to put back in place of the data file."""
        from .screens.restore import RestoreDialog

        if self.db.read_only:
            self.notify(f"{self.db.path} is read-only: nothing can be restored", severity="error")
            return
        self.push_screen(RestoreDialog(self.db.path), self._restore_chosen)

    def _restore_chosen(self, backup: object) -> None:
        from pathlib import Path

        if isinstance(backup, Path):
            self.restore_backup(backup)

    @work(thread=True, exclusive=True, group="restore", exit_on_error=False)
    def restore_backup(self, backup: Path) -> None:
        """Put `backup` in place of the data file through the app's own connection (the app
        holds the file, so no other program could), off the main thread: checking and copying
        take a while on a large file. Screens reading meanwhile wait for the connection."""
        from .services.backups import restore_backup

        try:
            change = restore_backup(self.db, backup)
        except StoreError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self.call_from_thread(self._restored, change)

    def _restored(self, change: Change) -> None:
        """Everything in the file changed: forget what was read from it, read it again."""
        self.undo = UndoStack()  # its steps were about the file as it was
        self._stats_cache.clear()
        self._cells = None
        self.reload_settings()
        saved_theme = self._saved_theme()
        if saved_theme and saved_theme != self.theme:
            self.theme = saved_theme
        self._data_version = self.db.data_version()
        self.data_changed.publish(changed_elsewhere())
        self.notify(change.message, timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = failure_of(event)
        if error is not None:
            self.work_failed(error)

    def work_failed(self, error: BaseException) -> None:
        """The one handler for work that failed in a thread (the app's, a screen's or a
        widget's): one line on screen, and the app goes on."""
        import os

        from .entry import said_to_people, unexpected

        line = said_to_people(error, self.db.path)
        if line is None and os.environ.get("BOUNCEBACK_DEBUG"):
            raise error  # the whole traceback, as the commands give it
        line = line or unexpected(error)
        self.notify(line, severity="error", timeout=10)

    def check_other_windows(self) -> None:
        """Show what another Bounceback window (or the shell) saved meanwhile."""
        try:
            version = self.db.data_version()
        except StoreError:
            return
        if version == self._data_version:
            return
        self._data_version = version
        self.reload_settings()
        self.data_changed.publish(changed_elsewhere())

    def review_yesterday(self) -> None:
        """The first time a new logical day opens, settle what yesterday left open."""
        from datetime import timedelta

        from .screens.review import ReviewScreen, undecided
        from .store.day import load_day

        last_opened = self.db.query("SELECT value FROM settings WHERE key = 'last_opened_day'")
        seen = last_opened[0]["value"].strip('"') if last_opened else ""
        if seen >= self.today.isoformat():
            return
        from .services.settings import remember

        with contextlib.suppress(StoreError):
            remember(self.db, "last_opened_day", self.today.isoformat())
        yesterday = self.today - timedelta(days=1)
        start = self.settings.start_date
        if not seen or start is None or yesterday < start:
            return  # the very first day has no yesterday to look back on
        plan = load_day(self.db, yesterday, self.today, self.settings)
        items = undecided([item for group in plan.values() for item in group])
        if items:
            self.push_screen(ReviewScreen(yesterday, items))

    def _welcomed(self, welcome: object) -> None:
        from .screens.welcome import Welcome

        if not isinstance(welcome, Welcome):
            self.exit()
            return
        from .services.settings import set_up

        change = self.perform(
            set_up,
            name=welcome.name,
            start=welcome.start,
            today=self.today,
            starter=welcome.routines,
        )
        if change is None:
            return
        self.settings = settings_store.load(self.db)
        self._open_today()
        who = f", {welcome.name}" if welcome.name else ""
        self.notify(f"Welcome{who}. One small step at a time.", timeout=6)

    def watch_theme(self, theme: str) -> None:
        if self.is_running:
            # The theme is a nicety: never bother anyone when it cannot be saved.
            from .services.settings import remember

            with contextlib.suppress(StoreError):
                remember(self.db, "theme", theme)

    # -- the day clock

    def check_logical_day(self) -> None:
        """Move on when the clock passes the day-start hour while the app is open."""
        new_today = clock.today(self.settings.day_start_hour)
        if new_today == self.today:
            return
        old, self.today = self.today, new_today
        from .screens.today import TodayScreen

        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.logical_day_changed(old, new_today)
        self.review_yesterday()

    # -- streaks, computed once per state of the data file

    def data_state(self) -> tuple[int, int, date]:
        """What the data file holds, as this process sees it: another connection's commits
        move `data_version`, our own move `total_changes`."""
        db = self.db
        return (db.data_version(), db.conn.total_changes - db.uncounted_changes, self.today)

    def compute_stats(self) -> Stats:
        """Streaks for today with every day judged (the Streaks screen's heat map and reasons):
        from the last computation if nothing changed since, else anew. Called from workers."""
        from .store import history

        return self._computed("full", lambda: history.stats(self.db.for_thread(), self.today))

    def compute_summary(self) -> Stats:
        """Today's figures only (`days` start two weeks back), from the carry kept in the data
        file: milliseconds even on years of history. Called from workers."""
        from .store import history

        # The carry is written through our own connection, so it is not taken for a change
        # made by another window.
        return self._computed(
            "summary", lambda: history.summary(self.db.for_thread(), self.today, keep_in=self.db)
        )

    def _computed(self, kind: str, compute: Callable[[], Stats]) -> Stats:
        state = self.data_state()
        cached = self._stats_cache.get(kind)
        if cached is not None and cached[0] == state:
            return cached[1]
        stats = compute()
        # The state from before computing: a change meanwhile makes the next call compute again.
        self._stats_cache[kind] = (state, stats)
        return stats

    def cached_stats(self, kind: str = "full") -> Stats | None:
        """The last streaks of that kind if they still describe the data file (main thread)."""
        cached = self._stats_cache.get(kind)
        if cached is None or cached[0] != self.data_state():
            return None
        return cached[1]

    # -- pictures

    def draw_cells(self, view: PixelView) -> None:
        """Give `view` half-block strips for its image's display copy: from the cache, else
        from a worker."""
        if self._cells is None:
            from .images.render import CellCache

            self._cells = CellCache()
        key, size = view.image_key, view.content_size
        background = view.letterbox
        cache_key = (key, size.width, size.height, background)
        strips = self._cells.get(cache_key)
        if strips is not None:
            view.set_strips(key, size, strips, background)
        else:
            self._draw_cells(view, cache_key)

    @work(thread=True, group="pixels", exit_on_error=False)
    def _draw_cells(self, view: PixelView, cache_key: tuple[Any, ...]) -> None:
        from textual.strip import Strip

        from .images.ingest import ImageError
        from .images.render import render_canvas
        from .store import board
        from .widgets.pixels import canvas_to_segments

        image_id, width, height, background = cache_key
        try:
            data = board.display(self.db.for_thread(), image_id)
            # Decoding, fitting and building strips all happen here, off the main thread.
            pixels = render_canvas(data, width, height, background)
            strips = [Strip(line, width) for line in canvas_to_segments(pixels, width, height)]
        except (ImageError, InvalidInput, StoreError, OSError, ValueError):
            return  # deleted meanwhile, or damaged: the tile stays blank
        assert self._cells is not None
        self._cells.put(cache_key, strips)
        self.call_from_thread(view.set_strips, image_id, Size(width, height), strips, background)

    def action_board(self) -> None:
        """Open the vision board."""
        from .screens.board import BoardScreen

        if not isinstance(self.screen, BoardScreen) and self.settings.initialized:
            self.push_screen(BoardScreen())

    # -- shared actions

    def perform(
        self,
        service: Callable[Concatenate[Database, P], Change | None],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Change | None:
        """Run a service on the data file: a failure becomes one line on screen (and None);
        a change has its undo kept, its message shown, and is published on `data_changed`."""
        try:
            change = service(self.db, *args, **kwargs)
        except (StoreError, InvalidInput) as error:
            self.notify(
                str(error),
                severity="error" if isinstance(error, StoreError) else "warning",
                timeout=8,
            )
            return None
        except Exception as error:  # noqa: BLE001 - a bug is one line too, never a dead app
            self.work_failed(error)
            return None
        if change is not None:
            self.record(change)
        return change

    def record(self, change: Change) -> None:
        """A change already saved (by a worker, say): keep its undo, say its message, and
        tell every screen that shows that data."""
        self.undo.push(change)
        if change.message:
            self.notify(change.message, timeout=6)
        self.data_changed.publish(change)

    def undo_last(self) -> Change | None:
        """Take back the newest change, saying what was undone; returns what undoing did."""
        change = self.undo.pop()
        if change is None or change.undo is None:
            self.notify("Nothing to undo.")
            return None
        try:
            undone = change.undo(self.db)
        except (StoreError, InvalidInput) as error:
            self.notify(str(error), severity="error", timeout=8)
            return None
        except Exception as error:  # noqa: BLE001 - as in perform
            self.work_failed(error)
            return None
        self.notify(f"Undone: {change.description}.")
        self.data_changed.publish(undone)
        return undone

    def action_help(self) -> None:
        """Show the keys."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_routines(self) -> None:
        """Open Routines."""
        from .screens.routines import RoutinesScreen

        if not isinstance(self.screen, RoutinesScreen) and self.settings.initialized:
            self.push_screen(RoutinesScreen())

    def reload_settings(self) -> None:
        """Read the settings again after they changed; the logical day may move too."""
        self.settings = settings_store.load(self.db)
        self.today = clock.today(self.settings.day_start_hour)

    def action_settings(self) -> None:
        """Open Settings."""
        from .screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen) and self.settings.initialized:
            self.push_screen(SettingsScreen())

    def action_streaks(self) -> None:
        """Open Streaks."""
        from .screens.streaks import StreaksScreen

        if not isinstance(self.screen, StreaksScreen) and self.settings.initialized:
            self.push_screen(StreaksScreen())

    def action_today(self) -> None:
        """Back to Today, on today."""
        from .screens.today import TodayScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()
        if isinstance(self.screen, TodayScreen):
            self.screen.action_go_today()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Show every key", self.action_help)
        if not self.settings.initialized:
            return
        yield SystemCommand("Today", "Back to today's routine", self.action_today)
        yield SystemCommand(
            "Routines", "Add, edit, reorder and archive routines", self.action_routines
        )
        yield SystemCommand(
            "Streaks", "Weeks, streaks and strength per pillar", self.action_streaks
        )
        yield SystemCommand(
            "Vision board", "Your images: add, caption, reorder, slideshow", self.action_board
        )
        yield SystemCommand(
            "Settings",
            "Name, day start, week start, pillars, freezes and pauses",
            self.action_settings,
        )
        if not self.db.read_only:
            yield SystemCommand(
                "Restore a backup",
                "Put a copy from backups/ back in place of the data file",
                self.action_restore,
            )
        from .screens.base import BouncebackScreen

        if isinstance(screen, BouncebackScreen):
            yield from screen.palette_commands()
