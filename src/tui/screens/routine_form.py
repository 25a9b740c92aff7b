"""The dialog that adds or edits a routine: pillar, title, target, schedule, start date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from ..domain import limits
from ..domain.dates import parse_day
from ..domain.errors import InvalidInput
from ..domain.models import RoutineDraft
from ..domain.pillars import DISPLAY_NAMES, PILLARS, format_weekdays, parse_weekdays
from ..domain.schedule import (
    DAILY,
    WEEKDAYS,
    every_n_days,
    normalize_rrule,
    on_weekdays,
    preset_of,
)
from ..domain.text import shown
from .dialog import Dialog, field_label
from .small_forms import parse_target

PRESETS = [
    ("Every day", "daily"),
    ("Weekdays (Mon–Fri)", "weekdays"),
    ("Chosen weekdays", "chosen"),
    ("Every N days", "every_n"),
    ("Custom RRULE", "custom"),
]


@dataclass(frozen=True)
class RoutineRequest:
    """What the form produced: a checked draft and its start date."""

    draft: RoutineDraft
    start: date


class RoutineDialog(Dialog[RoutineRequest]):
    """Add or edit a routine."""

    def __init__(
        self,
        draft: RoutineDraft | None,
        start: date,
        today: date,
        heading: str = "Add a routine",
        ask_start: bool = True,
        search_start: date | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft or RoutineDraft("apply", "")
        self.start = start
        self.today = today
        self.search_start = search_start
        """The day the search started: a new start date may not be before it."""
        self.TITLE_TEXT = heading
        self.ask_start = ask_start

    def compose_fields(self) -> ComposeResult:
        preset = preset_of(self.draft.rrule)
        yield field_label("Pillar")
        yield Select(
            [(DISPLAY_NAMES[p], p) for p in PILLARS],
            value=self.draft.pillar,
            allow_blank=False,
            id="pillar",
            compact=True,
        )
        yield field_label("Title")
        yield Input(
            shown(self.draft.title),
            placeholder="e.g. send 2 tailored applications",
            id="title",
            compact=True,
            max_length=limits.TITLE.most,
        )
        yield field_label("Daily target (1 for a simple check) and unit")
        with Horizontal(classes="row"):
            yield Input(
                str(self.draft.target), type="integer", id="target", compact=True, classes="narrow"
            )
            yield Input(
                shown(self.draft.unit),
                placeholder="unit, e.g. applications",
                id="unit",
                compact=True,
                max_length=limits.UNIT.most,
            )
        yield field_label("Schedule")
        yield Select(PRESETS, value=preset.name, allow_blank=False, id="preset", compact=True)
        yield Input(
            format_weekdays(preset.weekdays) if preset.weekdays else "mon,wed,fri",
            placeholder="mon,wed,fri",
            id="weekdays",
            compact=True,
        )
        yield Input(
            str(preset.interval if preset.name == "every_n" else 2),
            type="integer",
            placeholder="N",
            id="interval",
            compact=True,
        )
        yield Input(
            self.draft.rrule, placeholder="FREQ=WEEKLY;BYDAY=MO,TH", id="rrule", compact=True
        )
        if self.ask_start:
            yield field_label("Start date")
            yield Input(
                self.start.isoformat(),
                placeholder="YYYY-MM-DD",
                id="start",
                compact=True,
                max_length=10,
            )

    def on_mount(self) -> None:
        self._show_preset_fields(str(self.query_one("#preset", Select).value))
        self.set_focus(self.query_one("#title", Input))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "preset":
            self._show_preset_fields(str(event.value))

    def _show_preset_fields(self, preset: str) -> None:
        self.query_one("#weekdays").set_class(preset != "chosen", "hidden")
        self.query_one("#interval").set_class(preset != "every_n", "hidden")
        self.query_one("#rrule").set_class(preset != "custom", "hidden")

    def _rrule(self) -> str:
        preset = str(self.query_one("#preset", Select).value)
        if preset == "daily":
            return DAILY
        if preset == "weekdays":
            return WEEKDAYS
        if preset == "chosen":
            return on_weekdays(parse_weekdays(self.query_one("#weekdays", Input).value))
        if preset == "every_n":
            text = self.query_one("#interval", Input).value.strip()
            if not text.isdigit():
                raise InvalidInput(f"every N days needs a whole number, not {text!r}")
            return every_n_days(int(text))
        return normalize_rrule(self.query_one("#rrule", Input).value)

    def action_save(self) -> None:
        from ..store.routines import validate

        try:
            draft = validate(
                RoutineDraft(
                    pillar=str(self.query_one("#pillar", Select).value),
                    title=self.query_one("#title", Input).value,
                    target=parse_target(
                        self.query_one("#target", Input).value, limits.ROUTINE_TARGET
                    ),
                    unit=self.query_one("#unit", Input).value,
                    rrule=self._rrule(),
                ),
                unchanged=self.draft,
            )
            start = self.start
            if self.ask_start:
                start = parse_day(self.query_one("#start", Input).value, self.today)
                if start != self.start:  # a start kept as it was stays, however far back
                    limits.check_day(start, start=self.search_start, today=self.today)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        self.dismiss(RoutineRequest(draft, start))
