"""Dialogs for a note and for a one-off task."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.pillars import DISPLAY_NAMES, PILLARS
from ..domain.text import shown
from .dialog import Dialog, field_label


class NoteDialog(Dialog[str]):
    """Edit the note on one item for one day; an empty note removes it."""

    TITLE_TEXT = "Note"

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.item_title = title
        self.note = note

    def compose_fields(self) -> ComposeResult:
        yield field_label(f"A note on “{shown(self.item_title)}” (empty to remove)")
        yield Input(
            shown(self.note),
            placeholder="how it went, who you spoke to…",
            id="note",
            compact=True,
            max_length=limits.NOTE.most,
        )

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if note != self.note.strip():
            try:
                note = limits.NOTE.clean(note)
            except InvalidInput as error:
                self.show_error(str(error))
                return
        self.dismiss(note)


@dataclass(frozen=True)
class TaskRequest:
    """A one-off task the person asked for."""

    pillar: str
    title: str
    target: int
    unit: str


class TaskDialog(Dialog[TaskRequest]):
    """Add a one-off task to the day being shown."""

    TITLE_TEXT = "Add a task"

    def __init__(self, pillar: str, day_text: str) -> None:
        super().__init__()
        self.pillar = pillar
        self.day_text = day_text

    def compose_fields(self) -> ComposeResult:
        yield field_label(f"For {self.day_text}, in pillar")
        yield Select(
            [(DISPLAY_NAMES[p], p) for p in PILLARS],
            value=self.pillar,
            allow_blank=False,
            id="pillar",
            compact=True,
        )
        yield field_label("Title")
        yield Input(
            placeholder="e.g. send the portfolio to Ana",
            id="title",
            compact=True,
            max_length=limits.TITLE.most,
        )
        yield field_label("How many make it done (1 for a simple check), and a unit")
        with Horizontal(classes="row"):
            yield Input("1", type="integer", id="target", compact=True, classes="narrow")
            yield Input(
                placeholder="unit, e.g. calls",
                id="unit",
                compact=True,
                max_length=limits.UNIT.most,
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#title", Input))

    def action_save(self) -> None:
        try:
            title = limits.TITLE.clean(self.query_one("#title", Input).value)
            if not title:
                raise InvalidInput("a task needs a title")
            target = parse_target(self.query_one("#target", Input).value, limits.TASK_TARGET)
            unit = limits.UNIT.clean(self.query_one("#unit", Input).value)
        except InvalidInput as error:
            self.show_error(str(error))
            return
        pillar = self.query_one("#pillar", Select).value
        self.dismiss(TaskRequest(str(pillar), title, target, unit))


def parse_target(text: str, limit: limits.Range) -> int:
    """A target typed in a form: a whole number within `limit`."""
    cleaned = text.strip() or "1"
    try:
        value = limits.read_int(cleaned)
    except ValueError:
        shown = cleaned if len(cleaned) <= 24 else cleaned[:20] + "…"
        raise InvalidInput(f"the target must be a whole number, not {shown!r}") from None
    return limit.check(value)
