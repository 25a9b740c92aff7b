"""Today: the morning routine across the four pillars."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from .. import clock
from ..assets import prompts
from ..domain.actions import stepped, toggled
from ..domain.dates import format_long
from ..domain.day import DayItem, day_number, greeting, prompt_for
from ..domain.errors import InvalidInput
from ..domain.pillars import DISPLAY_NAMES, PILLARS
from ..store import entries, tasks
from ..store.day import load_day
from ..store.db import StoreError
from ..undo import UndoStep
from ..widgets.pillar_column import PillarColumn

if TYPE_CHECKING:
    from ..app import BouncebackApp


class TodayScreen(Screen[None]):
    """The day's routines and tasks; check them off, count them up, note them."""

    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("left,h", "focus_pillar(-1)", "Prev pillar", show=False),
        Binding("right,l", "focus_pillar(1)", "Next pillar", show=False),
        Binding("space", "toggle", "Check", id="today.check", tooltip="Check or uncheck"),
        Binding("plus,equals_sign", "step(1)", "Count", key_display="+/-", id="today.more"),
        Binding("minus", "step(-1)", "Count down", show=False, id="today.less"),
        Binding("n", "note", "Note", id="today.note"),
        Binding("a", "add_task", "Task", id="today.task", tooltip="Add a one-off task"),
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
        Binding("t", "go_today", "Today", id="today.today"),
        Binding("r", "routines", "Routines", id="today.routines"),
    ]

    day: reactive[date] = reactive(date.min, init=False)
    """The logical day on screen."""

    @property
    def bounceback(self) -> BouncebackApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield Static(id="date-line")
            yield Static(id="greeting")
            yield Static(id="prompt")
        with Horizontal(id="pillars"):
            for pillar in PILLARS:
                box = VerticalScroll(classes="pillar-box", id=f"box-{pillar}")
                box.can_focus = False
                box.border_title = DISPLAY_NAMES[pillar]
                with box:
                    yield PillarColumn(pillar, id=f"col-{pillar}")
        yield Footer()

    def on_mount(self) -> None:
        self.set_reactive(TodayScreen.day, self.bounceback.today)
        self.reload()
        self._focus_first_open()

    # -- data

    def columns(self) -> list[PillarColumn]:
        return [self.query_one(f"#col-{pillar}", PillarColumn) for pillar in PILLARS]

    def focused_column(self) -> PillarColumn:
        focused = self.focused
        if isinstance(focused, PillarColumn):
            return focused
        return self.columns()[0]

    def reload(self) -> None:
        """Read the day from the store and show it."""
        app = self.bounceback
        settings = app.settings
        plan = load_day(app.db, self.day, app.today, settings)
        for column in self.columns():
            keep = column.current.ref if column.current else None
            items = tuple(plan[column.pillar])
            column.items = items
            column.summary = _summary(
                items, self.day.weekday() in settings.pillars[column.pillar].rest_days
            )
            if keep is not None:
                column.select_ref(keep)
        self._draw_header()

    def _draw_header(self) -> None:
        app = self.bounceback
        settings = app.settings
        line = format_long(self.day)
        if settings.start_date is not None:
            number = day_number(self.day, settings.start_date)
            if number >= 1:
                line += f" · day {number} of your search"
        offset = (self.day - app.today).days
        if offset:
            when = (
                "yesterday"
                if offset == -1
                else "tomorrow"
                if offset == 1
                else (f"{-offset} days ago" if offset < 0 else f"in {offset} days")
            )
            line += f"  [$warning]({when} · press t for today)[/]"
        self.query_one("#date-line", Static).update(line)
        self.query_one("#greeting", Static).update(greeting(clock.now().hour, settings.name))
        self.query_one("#prompt", Static).update(prompt_for(self.day, prompts()))

    def _focus_first_open(self) -> None:
        columns = self.columns()
        for column in columns:
            for index, item in enumerate(column.items):
                if not item.done:
                    column.cursor = index
                    self.set_focus(column)
                    return
        self.set_focus(next((c for c in columns if c.items), columns[0]))

    def watch_day(self) -> None:
        self.reload()

    def logical_day_changed(self, old: date, new: date) -> None:
        """Called by the app when the clock passes the day-start hour."""
        if self.day == old:
            self.day = new
            self._focus_first_open()
        else:
            self._draw_header()

    # -- writing

    def _save(self, item: DayItem, amount: int, note: str, description: str) -> bool:
        if self.day > self.bounceback.today:
            self.notify(
                "That day has not come yet: check-offs are for today or earlier.",
                severity="warning",
            )
            return False
        db, day = self.bounceback.db, self.day
        try:
            previous = entries.put(db, item.ref, day, amount, note)
        except (StoreError, InvalidInput) as error:
            self.notify(str(error), severity="error", timeout=8)
            return False
        self.bounceback.undo.push(
            UndoStep(description, lambda: entries.restore(db, item.ref, day, previous), day)
        )
        self.reload()
        return True

    def action_toggle(self) -> None:
        """Check or uncheck the highlighted item."""
        item = self.focused_column().current
        if item is None:
            return
        amount = toggled(item.amount, item.target)
        verb = "checked" if amount >= item.target else "unchecked"
        self._save(item, amount, item.note, f"{verb} {item.title}")

    def action_step(self, step: int) -> None:
        """Count the highlighted item up or down by one."""
        item = self.focused_column().current
        if item is None:
            return
        amount = stepped(item.amount, step)
        if amount != item.amount:
            self._save(item, amount, item.note, f"counted {item.title}")

    def action_note(self) -> None:
        """Write a note on the highlighted item."""
        from .small_forms import NoteDialog

        item = self.focused_column().current
        if item is None:
            self.notify("Nothing here to write a note on.")
            return

        def saved(note: str | None) -> None:
            if note is not None and note != item.note:
                self._save(item, item.amount, note, f"note on {item.title}")

        self.app.push_screen(NoteDialog(item.title, item.note), saved)

    def action_add_task(self) -> None:
        """Add a one-off task to the focused pillar on the day shown."""
        from .small_forms import TaskDialog, TaskRequest

        day = self.day
        column = self.focused_column()

        def added(request: TaskRequest | None) -> None:
            if request is None:
                return
            db = self.bounceback.db
            try:
                task = tasks.add(
                    db, request.pillar, request.title, day, request.target, request.unit
                )
            except (StoreError, InvalidInput) as error:
                self.notify(str(error), severity="error", timeout=8)
                return
            self.bounceback.undo.push(
                UndoStep(f"added {task.title}", lambda: tasks.delete(db, task.id), day)
            )
            self.reload()
            target = self.query_one(f"#col-{task.pillar}", PillarColumn)
            target.select_ref(task.ref)
            self.set_focus(target)

        self.app.push_screen(
            TaskDialog(column.pillar, _day_words(day, self.bounceback.today)), added
        )

    def action_undo(self) -> None:
        """Take back the last change."""
        step = self.bounceback.undo_last()
        if step is None:
            return
        if step.day is not None and step.day != self.day:
            self.day = step.day
        else:
            self.reload()

    # -- moving

    def action_focus_pillar(self, offset: int) -> None:
        """Move to the pillar on the left or right."""
        columns = self.columns()
        index = (
            columns.index(self.focused_column()) if isinstance(self.focused, PillarColumn) else 0
        )
        # set_focus now, not focus() later: a key typed right after must reach the new pillar.
        self.set_focus(columns[(index + offset) % len(columns)])

    def action_shift_day(self, offset: int) -> None:
        """Show the previous or next day."""
        self.day = self.day + timedelta(days=offset)

    def action_go_today(self) -> None:
        """Back to today."""
        if self.day != self.bounceback.today:
            self.day = self.bounceback.today
            self._focus_first_open()

    def action_routines(self) -> None:
        """Open Routines."""
        self.app.action_routines()  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        # Routines or settings may have changed while another screen was on top.
        if self.is_mounted:
            self.reload()


def _summary(items: tuple[DayItem, ...], resting: bool) -> str:
    due = [item for item in items if item.due]
    if not due:
        extras = len(items)
        if extras:
            return f"{extras} extra done" if extras == 1 else f"{extras} extras done"
        return "rest day" if resting else "nothing due"
    done = sum(1 for item in due if item.done)
    if done == len(due):
        return "all done ✓"
    return f"{done} of {len(due)} done"


def _day_words(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day.isoformat()
