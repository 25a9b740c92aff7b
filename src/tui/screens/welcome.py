"""First run: a name, the day the search started, and the starter routine."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from ..domain import limits
from ..domain.dates import check_start, parse_day
from ..domain.errors import InvalidInput
from ..domain.models import RoutineDraft
from ..domain.pillars import DISPLAY_NAMES
from ..domain.schedule import describe
from ..domain.starter import STARTER
from ..domain.text import shown
from ..widgets.key_bar import KeyBar
from .routine_form import RoutineDialog, RoutineRequest


@dataclass(frozen=True)
class Welcome:
    """What the person chose on the welcome screen."""

    name: str
    start: date
    routines: list[RoutineDraft]


KEPT, DROPPED = "✓", "·"


class StarterList(SelectionList[int]):
    """The starter routine: ✓ beside an item kept and · beside one dropped, so the two differ
    in shape as well as in colour (SelectionList's own X only changes colour)."""

    DEFAULT_CSS = """
    StarterList > .starter-list--kept { color: $text-success; text-style: bold; }
    StarterList > .starter-list--dropped { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"starter-list--kept", "starter-list--dropped"}

    def render_line(self, y: int) -> Strip:
        # The option's own line (OptionList's), with this list's mark where the X would be:
        # the same width, so the layout is SelectionList's.
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        kept = selection.value in self.selected
        under = next(iter(line)).style or self.rich_style
        mark = self.get_component_rich_style(
            "starter-list--kept" if kept else "starter-list--dropped"
        )
        if index != self.highlighted:  # the highlight keeps its own colours, for contrast
            under += Style(color=mark.color, bold=mark.bold)
        style = under + Style(meta={"option": index})
        return Strip([Segment(f" {KEPT if kept else DROPPED}  ", style), *line])


class WelcomeScreen(Screen[Welcome]):
    """The first screen a new person sees."""

    DEFAULT_CSS = """
    WelcomeScreen { align: center top; }
    WelcomeScreen #welcome { width: 84; max-width: 100%; height: auto; padding: 1 2; }
    WelcomeScreen #title { text-style: bold; color: $accent; }
    WelcomeScreen .muted { color: $text-muted; }
    WelcomeScreen .field-label { margin-top: 1; }
    WelcomeScreen SelectionList { height: auto; max-height: 12; }
    WelcomeScreen #error { color: $error; height: auto; }
    WelcomeScreen #start-button { margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "finish", "Start", id="welcome.start"),
        Binding("e", "edit", "Edit routine", id="welcome.edit"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self.drafts = list(STARTER)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static("Welcome to Bounceback", id="title")
            yield Static(
                "A long search is a marathon. Bounceback keeps a steady daily routine across "
                "four pillars — apply, network, learn and self-care — and counts every good week. "
                "A missed day is a “not yet”, never a failure.",
                classes="muted",
            )
            yield Label("What should Bounceback call you?", classes="field-label")
            yield Input(placeholder="your first name", id="name", max_length=limits.NAME.most)
            yield Label("When did your search start? (YYYY-MM-DD, or today)", classes="field-label")
            yield Input(self.today.isoformat(), id="start")
            yield Label(
                "A starter routine — space to keep or drop an item, e to edit it:",
                classes="field-label",
            )
            yield StarterList(*self._selections(), id="starter")
            yield Static("You can change all of this later in Routines (r).", classes="muted")
            yield Static("", id="error", markup=False)
            with Vertical():
                yield Button("Start my routine", variant="primary", id="start-button")
        yield KeyBar()

    def _selections(self) -> list[Selection[int]]:
        return [Selection(self._label(d), i, True) for i, d in enumerate(self.drafts)]

    @staticmethod
    def _label(draft: RoutineDraft) -> Text:
        count = f" · {draft.target} {draft.unit}".rstrip() if draft.kind == "count" else ""
        label = f"{DISPLAY_NAMES[draft.pillar]:<9}  {draft.title}{count} · {describe(draft.rrule)}"
        return Text(shown(label))  # Text: a title with brackets is never read as markup

    _error_field: str | None = None
    """The field the error line is about: editing it clears the line."""

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))

    def show_error(self, field: str, message: str) -> None:
        """Say what is wrong with `field` (an input's id), and go to it."""
        self._error_field = field
        self.query_one("#error", Static).update(message)
        self.set_focus(self.query_one(f"#{field}", Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._error_field is not None and event.input.id == self._error_field:
            self._error_field = None
            self.query_one("#error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_finish()

    def action_edit(self) -> None:
        """Edit the highlighted starter routine."""
        selection = self.query_one("#starter", SelectionList)
        index = selection.highlighted
        if index is None:
            return
        draft = self.drafts[index]

        def edited(request: RoutineRequest | None) -> None:
            if request is None:
                return
            self.drafts[index] = replace(request.draft)
            chosen = set(selection.selected)
            selection.clear_options()
            selection.add_options(
                Selection(self._label(d), i, i in chosen) for i, d in enumerate(self.drafts)
            )
            selection.highlighted = index

        self.app.push_screen(
            RoutineDialog(
                draft, self.today, self.today, heading="Edit the starter routine", ask_start=False
            ),
            edited,
        )

    def action_finish(self) -> None:
        """Save and open Today."""
        try:
            name = limits.NAME.clean(self.query_one("#name", Input).value)
        except InvalidInput as error:
            self.query_one("#error", Static).update(str(error))
            self.set_focus(self.query_one("#name", Input))
            return
        try:
            start = parse_day(self.query_one("#start", Input).value, self.today)
            check_start(start, self.today)
        except InvalidInput as error:
            self.show_error("start", str(error))
            return
        chosen = sorted(self.query_one("#starter", SelectionList).selected)
        self.dismiss(Welcome(name, start, [self.drafts[i] for i in chosen]))
