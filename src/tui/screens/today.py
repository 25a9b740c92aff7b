"""Today: the morning routine across the four pillars."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from .. import clock
from ..assets import prompts
from ..domain import limits
from ..domain.day import EXCUSED, day_heading, day_summary, greeting, prompt_for
from ..domain.models import ItemRef
from ..domain.text import shown
from ..domain.words import day_words, relative_day
from ..services import Change, Topic
from ..services import day as day_service
from ..store import board
from ..store.day import load_day
from ..widgets.key_bar import KeyBar
from ..widgets.pillar_board import PillarBoard, PillarColumn
from ..widgets.pixels import PixelView
from .base import BouncebackScreen

if TYPE_CHECKING:
    from ..domain.streaks import Stats


GLANCE_MIN_HEIGHT = 34
"""Rows the terminal needs before each pillar shows its last seven days."""
PICTURE_MIN_WIDTH = 100
"""Columns the terminal needs before Today shows a picture from the board beside the pillars."""
PICTURE_WIDTH = 38
"""Columns Today's picture takes up to 140 columns; wider, it grows by half of what is more."""


def picture_width(terminal_width: int) -> int:
    """The picture's share of a wide terminal: the pillars keep the larger part."""
    return PICTURE_WIDTH + max(0, terminal_width - 140) // 2


class TodayScreen(BouncebackScreen[None]):
    """The day's routines and tasks; check them off, count them up, note them."""

    # Its stylesheet, screens/today.tcss, is loaded by the app (BouncebackApp.CSS_PATH says why).
    BINDINGS = [
        Binding("space", "check", "Check", id="today.check", tooltip="Check or uncheck"),
        Binding("plus,equals_sign", "step(1)", "Count", key_display="+/-", id="today.more"),
        Binding("minus", "step(-1)", "Count down", show=False, id="today.less"),
        Binding("n", "note", "Note", id="today.note"),
        Binding("a", "add_task", "Task", id="today.task", tooltip="Add a one-off task"),
        Binding(
            "f",
            "freeze",
            "Freeze",
            id="today.freeze",
            tooltip="Excuse this pillar for the day (uses one of the month's freezes)",
        ),
        Binding("u", "undo", "Undo", id="today.undo"),
        Binding(
            "left_square_bracket",
            "shift_day(-1)",
            "Day",
            key_display="[ ]",
            id="today.prev",
            tooltip="The day before (] for the day after)",
        ),
        Binding("right_square_bracket", "shift_day(1)", "Next day", show=False, id="today.next"),
        Binding("t", "go_today", "Today", show=False, id="today.today"),
        Binding("r", "routines", "Routines", id="today.routines"),
        Binding("s", "streaks", "Streaks", id="today.streaks"),
        Binding("b", "board", "Board", id="today.board", tooltip="The vision board"),
        Binding("i", "next_image", "Another image", show=False, id="today.image"),
    ]

    PALETTE = (
        ("Check or uncheck", "Check off the highlighted item", "check"),
        ("Count up", "Add one to the highlighted count", "step(1)"),
        ("Count down", "Take one from the highlighted count", "step(-1)"),
        ("Note", "Write a note on the highlighted item", "note"),
        ("Add a task", "A one-off task in the highlighted pillar", "add_task"),
        ("Freeze the pillar", "Excuse the highlighted pillar for the day", "freeze"),
        ("Undo", "Take back the last change", "undo"),
        ("Previous day", "Look at (and back-fill) the day before", "shift_day(-1)"),
        ("Next day", "The day after", "shift_day(1)"),
        ("Another image", "Show another picture from your board", "next_image"),
    )

    day: reactive[date] = reactive(date.min, init=False)
    """The logical day on screen."""

    def compose(self) -> ComposeResult:
        # Decided before the children mount: the class re-styles the whole screen.
        app = self.bounceback
        self._has_image = board.focus_image(app.db, app.today, self._image_skip) is not None
        shown = self._picture_fits()
        self.set_class(shown, "-with-image")
        if self.bounceback.db.read_only:
            yield Static(
                f"Read-only: {self.bounceback.db.path} cannot be written, so you can look but "
                "nothing will be saved.",
                id="read-only-banner",
                markup=False,
            )
        yield Static(id="top")
        yield KeyBar()
        pillars = PillarBoard(id="pillars")
        pillars.two_by_two = shown
        yield pillars
        with Vertical(id="focus") as focus:
            focus.border_title = "On your board"
            yield PixelView(id="focus-picture")
            yield Static("", id="focus-caption", markup=False)

    STATS_DELAY = 0.25
    """Seconds of quiet after a change before streaks are recomputed (tests set 0)."""
    _stats: Stats | None = None
    _stats_timer: Timer | None = None
    _header: tuple[str, str, str, str] = ("", "", "", "")
    _image_skip = 0
    _has_image = False

    def __init__(self) -> None:
        super().__init__()
        self._celebrated: set[str] = set()

    def on_mount(self) -> None:
        self.set_reactive(TodayScreen.day, self.bounceback.today)
        self.reload()
        self._focus_first_open()
        # The picture (and the imaging library it needs) can wait for the routine to show.
        self.call_after_refresh(self._draw_focus_image)

    # -- data

    @property
    def pillars(self) -> PillarBoard:
        return self.query_one("#pillars", PillarBoard)

    def columns(self) -> list[PillarColumn]:
        return self.pillars.columns

    def focused_column(self) -> PillarColumn:
        """The pillar the keys go to."""
        return self.pillars.current

    def reload(self, celebrate: bool = False) -> None:
        """Read the day from the store and show it; streaks follow from a worker."""
        app = self.bounceback
        settings = app.settings
        plan = load_day(app.db, self.day, app.today, settings)
        for column in self.columns():
            keep = column.current.ref if column.current else None
            items = tuple(plan[column.pillar])
            column.items = items
            column.summary = day_summary(
                items, self.day.weekday() in settings.pillars[column.pillar].rest_days
            )
            if keep is not None:
                column.select_ref(keep)
        self._draw_header()
        self._schedule_stats(celebrate)

    def _schedule_stats(self, celebrate: bool) -> None:
        """Recompute streaks once the keys go quiet: a burst of check-offs shares one
        computation, and none of them waits for it."""
        if self._stats_timer is not None:
            self._stats_timer.stop()
            self._stats_timer = None
        if self.STATS_DELAY <= 0:
            self.call_after_refresh(self.refresh_stats, celebrate)
        else:
            self._stats_timer = self.set_timer(
                self.STATS_DELAY, lambda: self.refresh_stats(celebrate)
            )

    def _draw_focus_image(self) -> None:
        """One image of the day from the board, beside the pillars; none when it is empty."""
        image = board.focus_image(self.bounceback.db, self.day, self._image_skip)
        self._has_image = image is not None
        self._place_picture()
        if image is None:
            return
        self.query_one("#focus-picture", PixelView).image_key = image.id
        caption = image.caption or image.name
        self.query_one("#focus-caption", Static).update(shown(caption))

    def _picture_fits(self) -> bool:
        """The board's picture shows beside the pillars when there is one and the terminal is
        wide enough to spare it the room; narrower, the pillars have the whole width."""
        return self._has_image and self.app.size.width >= PICTURE_MIN_WIDTH

    def _place_picture(self) -> None:
        shown = self._picture_fits()
        self.set_class(shown, "-with-image")
        self.pillars.two_by_two = shown
        if shown:
            self.query_one("#focus").styles.width = picture_width(self.app.size.width)

    def on_resize(self) -> None:
        self._place_picture()
        self._show_glance()

    def _show_glance(self) -> None:
        """Each pillar's last seven days as marks, where the terminal is tall enough that
        they take room from nothing (a short one keeps it for the items)."""
        from ..domain.explain import week_glance

        stats = self._stats
        tall = self.app.size.height >= GLANCE_MIN_HEIGHT
        for column in self.columns():
            column.glance = week_glance(stats, column.pillar, self.day) if stats and tall else ()

    @on(PixelView.CellsWanted)
    def _cells_wanted(self, event: PixelView.CellsWanted) -> None:
        event.stop()
        self.bounceback.draw_cells(event.view)

    def action_next_image(self) -> None:
        """Show another image from the board."""
        if not self._has_image:
            self.notify(
                "Your board is empty: press b, then a, to add pictures of what you are "
                "working towards."
            )
            return
        self._image_skip += 1
        self._draw_focus_image()
        if not self._picture_fits():
            self.notify("The picture shows beside the pillars from 100 columns on.")

    def action_board(self) -> None:
        """Open the vision board."""
        self.bounceback.action_board()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def refresh_stats(self, celebrate: bool) -> None:
        """Recompute streaks off the main thread; the chips update when it is done."""
        app = self.bounceback
        stats = app.compute_summary()
        # A newer check-off started a newer computation: only the last one is shown.
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show_stats, stats, celebrate)

    def _show_stats(self, stats: Stats, celebrate: bool) -> None:
        from ..domain.explain import celebrations, pillar_chips  # loaded once figures arrive

        previous, self._stats = self._stats, stats
        for column in self.columns():
            pillar = stats.pillars[column.pillar]
            column.chips = pillar_chips(pillar)
            column.at_risk = pillar.at_risk and self.day == stats.as_of
        self._show_glance()
        if celebrate and previous is not None:
            for message in celebrations(previous, stats):
                # Unchecking and checking again should not earn the same cheer twice.
                if message not in self._celebrated:
                    self._celebrated.add(message)
                    self.notify(message, title="Well done", timeout=6)

    def _draw_header(self) -> None:
        app = self.bounceback
        settings = app.settings
        line = day_heading(self.day, settings.start_date)
        when = relative_day(self.day, app.today)
        if when:
            when = f"  ({when} · press t for today)"
        hello = greeting(clock.now().hour, shown(settings.name))
        header = (line, when, hello, prompt_for(self.day, prompts()))
        if header == self._header:
            return  # unchanged: updating would only cost a layout
        self._header = header
        # The words go in as template values, never read as markup: a name or prompt with a
        # bracket in it is shown as typed.
        line, when, hello, prompt = header
        self.query_one("#top", Static).update(
            Content.from_markup(
                "[b]$line[$warning]$when[/][/b]\n$hello\n[i $text-muted]$prompt[/]",
                line=line,
                when=when,
                hello=hello,
                prompt=prompt,
            )
        )

    def _focus_first_open(self) -> None:
        board = self.pillars
        self.set_focus(board)
        for column in board.columns:
            for index, item in enumerate(column.items):
                if not item.done and item.state != EXCUSED:
                    column.cursor = index
                    board.select(column.pillar)
                    return
        board.select(next((c for c in board.columns if c.items), board.columns[0]).pillar)

    def watch_day(self) -> None:
        self.reload()
        self._draw_focus_image()

    def logical_day_changed(self, old: date, new: date) -> None:
        """Called by the app when the clock passes the day-start hour."""
        if self.day == old:
            self.day = new
            self._focus_first_open()
        else:
            self._draw_header()

    # -- writing

    WATCHES = frozenset(Topic)

    def show_change(self, change: Change) -> None:
        """Read the day again and put the cursor on what changed."""
        # Cheers are for what was just done on this day, not for undos or other windows.
        self.reload(celebrate=change.undo is not None and change.day == self.day)
        if Topic.BOARD in change.topics:
            self._draw_focus_image()
        if isinstance(change.focus, ItemRef):
            self._select(change.focus)

    def _select(self, ref: ItemRef) -> None:
        for column in self.columns():
            if any(item.ref == ref for item in column.items):
                column.select_ref(ref)
                self.pillars.select(column.pillar)
                return

    def action_check(self) -> None:
        """Check or uncheck the highlighted item."""
        item = self.focused_column().current
        if item is not None:
            self.perform(day_service.toggle, item, self.day, today=self.bounceback.today)

    def action_step(self, step: int) -> None:
        """Count the highlighted item up or down by one."""
        item = self.focused_column().current
        if item is not None:
            self.perform(day_service.step, item, self.day, step, today=self.bounceback.today)

    def action_note(self) -> None:
        """Write a note on the highlighted item."""
        from .small_forms import NoteDialog

        item = self.focused_column().current
        if item is None:
            self.notify("Nothing here to write a note on.")
            return
        day = self.day

        def saved(note: str | None) -> None:
            if note is not None and note != item.note:
                self.perform(day_service.write_note, item, day, note, today=self.bounceback.today)

        self.app.push_screen(NoteDialog(item.title, item.note), saved)

    def action_add_task(self) -> None:
        """Add a one-off task to the focused pillar on the day shown."""
        from .small_forms import TaskDialog, TaskRequest

        day = self.day
        column = self.focused_column()

        def added(request: TaskRequest | None) -> None:
            if request is not None:
                self.perform(
                    day_service.add_task,
                    request.pillar,
                    request.title,
                    day,
                    request.target,
                    request.unit,
                )

        self.app.push_screen(
            TaskDialog(column.pillar, day_words(day, self.bounceback.today)), added
        )

    def action_freeze(self) -> None:
        """Excuse the focused pillar for the day shown, spending one of the month's freezes."""
        app = self.bounceback
        self.perform(
            day_service.freeze,
            self.focused_column().pillar,
            self.day,
            today=app.today,
            settings=app.settings,
        )

    def action_streaks(self) -> None:
        """Open Streaks."""
        self.bounceback.action_streaks()

    def action_undo(self) -> None:
        """Take back the last change (on another day, Today goes to that day)."""
        undone = self.undo()
        if undone is not None and undone.day is not None and undone.day != self.day:
            self.day = undone.day

    # -- moving

    def action_shift_day(self, offset: int) -> None:
        """Show the previous or next day, stopping at the day the search started and a year
        ahead."""
        app = self.bounceback
        earliest, latest = limits.day_bounds(app.settings.start_date, app.today)
        day = self.day + timedelta(days=offset)
        if offset < 0 and day < earliest:
            self.notify("This is the day your search started: there is nothing before it.")
            return
        if offset > 0 and day > latest:
            self.notify("That is as far ahead as Bounceback looks: a year from today.")
            return
        self.day = day

    def action_go_today(self) -> None:
        """Back to today."""
        if self.day != self.bounceback.today:
            self.day = self.bounceback.today
            self._focus_first_open()

    def action_routines(self) -> None:
        """Open Routines."""
        self.bounceback.action_routines()
