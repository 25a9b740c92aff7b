"""Settings: your name and dates, the day and week boundaries, pillars, freezes and pauses."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static

from ..domain import limits
from ..domain.dates import parse_day
from ..domain.errors import InvalidInput
from ..domain.pillars import DISPLAY_NAMES, PILLARS, format_weekdays
from ..domain.text import shown
from ..services import Change, Topic
from ..services import settings as settings_service
from ..store import excuses
from ..store import settings as settings_store
from ..store.db import StoreError
from ..widgets.key_bar import KeyBar
from .base import BouncebackScreen
from .dialog import Dialog, field_label

WEEK_START_OPTIONS = [(name.capitalize(), i) for i, name in enumerate(settings_store.WEEK_STARTS)]


class PauseDialog(Dialog[tuple[date, date, str]]):
    """Add a pause: a date range that excuses every pillar."""

    TITLE_TEXT = "Add a pause"

    def __init__(self, today: date, search_start: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.search_start = search_start

    def compose_fields(self) -> ComposeResult:
        yield field_label("From (YYYY-MM-DD, today, tomorrow)")
        yield Input(self.today.isoformat(), id="from", compact=True, max_length=10)
        yield field_label("To, included")
        yield Input(self.today.isoformat(), id="to", compact=True, max_length=10)
        yield field_label("Reason (optional)")
        yield Input(
            placeholder="e.g. flu, travel",
            id="reason",
            compact=True,
            max_length=limits.PAUSE_REASON.most,
        )

    def action_save(self) -> None:
        try:
            start = parse_day(self.query_one("#from", Input).value, self.today)
            end = parse_day(self.query_one("#to", Input).value, self.today)
            for day in (start, end):
                limits.check_day(day, start=self.search_start, today=self.today)
            if end < start:
                raise InvalidInput("the pause must end on or after the day it starts")
            reason = limits.PAUSE_REASON.clean(self.query_one("#reason", Input).value)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.dismiss((start, end, reason))


class UnsavedDialog(Dialog[str]):
    """Leaving Settings with edits not saved: save them, drop them, or go on editing."""

    TITLE_TEXT = "Your changes are not saved yet"
    AUTO_FOCUS = ""
    ENTER_SAVES = False
    BINDINGS = [
        Binding("escape", "cancel", "Keep editing"),
        Binding("d", "discard", "Discard them"),
    ]

    def compose_fields(self) -> ComposeResult:
        yield Static("Save them before you go, or leave them behind?")

    def action_save(self) -> None:
        self.dismiss("save")

    def action_discard(self) -> None:
        """Leave without saving."""
        self.dismiss("discard")


class PausesTable(DataTable[str]):
    """The pauses; its keys work while it has the focus (the fields above take letters)."""

    BINDINGS = [
        Binding("a", "screen.add_pause", "Add pause", id="settings.add_pause"),
        Binding("x", "screen.remove_pause", "Remove pause", id="settings.remove_pause"),
    ]

    @classmethod
    def hint(cls, app: App[object]) -> str:
        """The table's keys, as its bindings say them."""
        keys = " · ".join(
            f"{app.get_key_display(b)} {b.description.lower()}"
            for b in Binding.make_bindings(cls.BINDINGS)
        )
        return f"In the pauses list (tab to it): {keys}."


class SettingsScreen(BouncebackScreen[None]):
    """Everything a person can configure, saved together with ctrl+s."""

    DEFAULT_CSS = """
    SettingsScreen { layout: vertical; }
    SettingsScreen #body { height: 1fr; padding: 1 2; }
    SettingsScreen .heading { text-style: bold; margin-top: 1; }
    SettingsScreen .muted { color: $text-muted; }
    SettingsScreen .row { height: auto; margin-top: 1; }
    SettingsScreen .row > Label { width: 26; color: $text-muted; }
    SettingsScreen .row > Input, SettingsScreen .row > Select { width: 30; }
    SettingsScreen .pillar-row > Label { width: 12; color: $text; }
    SettingsScreen .pillar-row > Input { width: 16; margin-right: 2; }
    SettingsScreen #error { color: $error; height: auto; margin-top: 1; }
    SettingsScreen #pauses { height: auto; max-height: 10; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="settings.back"),
        Binding("ctrl+s", "save", "Save", id="settings.save"),
    ]

    PALETTE = (
        ("Save the settings", "Check every field and save them together", "save"),
        ("Add a pause", "A stretch of days that excuses every pillar", "add_pause"),
        ("Remove the pause", "Remove the highlighted pause", "remove_pause"),
    )

    def compose(self) -> ComposeResult:
        settings = self.bounceback.settings
        with VerticalScroll(id="body"):
            yield Static("Settings", classes="heading")
            keys = {
                b.action: self.app.get_key_display(b)
                for b in Binding.make_bindings(SettingsScreen.BINDINGS)
            }
            yield Static(
                f"{keys['save']} saves these fields together; {keys['back']} goes back, and "
                "asks first if a change is not saved. Pauses are saved as you add or remove them.",
                classes="muted",
                markup=False,
            )
            yield from self._row(
                "Your name",
                Input(shown(settings.name), id="name", compact=True, max_length=limits.NAME.most),
            )
            start = settings.start_date.isoformat() if settings.start_date else ""
            yield from self._row("Search started", Input(start, id="start_date", compact=True))
            yield from self._row(
                "A day starts at (hour)",
                Input(
                    str(settings.day_start_hour), type="integer", id="day_start_hour", compact=True
                ),
            )
            yield from self._row(
                "Weeks start on",
                Select(
                    WEEK_START_OPTIONS,
                    value=settings.week_start,
                    allow_blank=False,
                    id="week_start",
                    compact=True,
                ),
            )
            yield from self._row(
                "Freezes per month",
                Input(
                    str(settings.freezes_per_month),
                    type="integer",
                    id="freezes_per_month",
                    compact=True,
                ),
            )
            yield Static("Pillars — weekly target (days) and rest weekdays", classes="heading")
            for pillar in PILLARS:
                current = settings.pillars[pillar]
                with Horizontal(classes="row pillar-row"):
                    yield Label(DISPLAY_NAMES[pillar])
                    yield Input(
                        str(current.weekly_target),
                        type="integer",
                        id=f"{pillar}-weekly_target",
                        compact=True,
                    )
                    yield Input(
                        format_weekdays(current.rest_days),
                        placeholder="e.g. sat,sun or none",
                        id=f"{pillar}-rest_days",
                        compact=True,
                    )
            yield Static("", id="error", markup=False)
            yield Static("Pauses — every pillar excused (illness, travel)", classes="heading")
            yield Static("", id="freezes-left", classes="muted")
            table = PausesTable(cursor_type="row", id="pauses")
            table.add_columns("From", "To", "Reason")
            yield table
            yield Static("", id="no-pauses", classes="muted")
            yield Static(PausesTable.hint(self.app), id="pauses-hint", classes="muted")
        yield KeyBar()

    @staticmethod
    def _row(label: str, field: Input | Select) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label)
            yield field

    WATCHES = frozenset({Topic.SETTINGS, Topic.DAY})

    def show_change(self, change: Change) -> None:
        # The fields keep what is being typed; the pauses and freezes are read again.
        self._show_pauses()

    _saved: dict[str, str]
    """The fields as they were last saved (or opened): leaving with others asks first."""

    def on_mount(self) -> None:
        self._show_pauses()
        self._saved = self._values()
        self.set_focus(self.query_one("#name", Input))

    def _show_pauses(self) -> None:
        app = self.bounceback
        table = self.query_one("#pauses", DataTable)
        table.clear()
        pauses = excuses.pauses(app.db)
        self.query_one("#no-pauses", Static).update(
            ""
            if pauses
            else "No pauses yet. A pause excuses every pillar for a stretch of days: illness, "
            "travel, a week off."
        )
        for pause in pauses:
            # The reason goes in as Text: a plain string cell would be read as markup.
            table.add_row(
                pause.start.isoformat(),
                pause.end.isoformat(),
                Text(shown(pause.reason)),
                key=str(pause.id),
            )
        per_month = app.settings.freezes_per_month
        left = excuses.freezes_left(app.db, app.today, per_month)
        self.query_one("#freezes-left", Static).update(
            f"Freezes left this month: {left} of {per_month} (press f on Today to use one)."
        )

    def _week_start(self) -> int:
        # The select has no blank entry, so it always holds one of the weekday numbers.
        value = self.query_one("#week_start", Select).value
        return value if isinstance(value, int) else 0

    def _values(self) -> dict[str, str]:
        """Every field as typed (the service checks them)."""
        raw: dict[str, str] = {
            "name": self.query_one("#name", Input).value,
            "start_date": self.query_one("#start_date", Input).value,
            "day_start_hour": self.query_one("#day_start_hour", Input).value,
            "week_start": settings_store.WEEK_STARTS[self._week_start()],
            "freezes_per_month": self.query_one("#freezes_per_month", Input).value,
        }
        for pillar in PILLARS:
            for field in settings_store.PILLAR_KEYS:
                raw[f"{pillar}.{field}"] = self.query_one(f"#{pillar}-{field}", Input).value
        return raw

    def action_save(self) -> None:
        """Check every field and save them together."""
        app = self.bounceback
        # Not `perform`: a bad field is shown beside the form, not as a passing line.
        try:
            change = settings_service.save(app.db, self._values(), today=app.today)
        except (InvalidInput, StoreError) as error:
            self.query_one("#error", Static).update(str(error))
            return
        self.query_one("#error", Static).update("")
        self._saved = self._values()
        app.reload_settings()
        app.record(change)
        self.notify("Settings saved.")

    def action_back(self) -> None:
        """Back to where you were; edits not saved yet are asked about first."""
        if self._values() == self._saved:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
                if self._values() == self._saved:
                    self.app.pop_screen()
            elif choice == "discard":
                self.app.pop_screen()

        self.app.push_screen(UnsavedDialog(), chosen)

    def action_add_pause(self) -> None:
        """Add a pause."""
        app = self.bounceback

        def added(result: tuple[date, date, str] | None) -> None:
            if result is None:
                return
            self.perform(settings_service.add_pause, *result)

        self.app.push_screen(PauseDialog(app.today, app.settings.start_date), added)

    def action_remove_pause(self) -> None:
        """Remove the highlighted pause."""
        table = self.query_one("#pauses", DataTable)
        if table.row_count == 0:
            self.notify("There are no pauses.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.perform(settings_service.remove_pause, int(key))
