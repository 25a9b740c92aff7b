"""Yesterday review: the first time a new day opens, settle what yesterday left open."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static

from ..domain.dates import format_long
from ..domain.day import MISSED, PARTIAL, DayItem
from ..domain.pillars import DISPLAY_NAMES
from ..domain.text import shown
from ..services import day as day_service
from ..widgets.key_bar import KeyBar
from .base import BouncebackScreen

DONE, FROZEN, NOT_YET = "done", "frozen", "not yet"


class ReviewScreen(BouncebackScreen[None]):
    """A short keyboard review of yesterday's open items, before Today."""

    DEFAULT_CSS = """
    ReviewScreen { align: center top; }
    ReviewScreen #review { width: 90; max-width: 100%; height: auto; padding: 1 2; }
    ReviewScreen #title { text-style: bold; color: $accent; }
    ReviewScreen #intro { color: $text-muted; margin-bottom: 1; }
    ReviewScreen OptionList { height: auto; max-height: 20; }
    ReviewScreen #outro { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("d,space", "decide('done')", "Done", id="review.done"),
        Binding("f", "decide('frozen')", "Freeze pillar", id="review.freeze"),
        Binding("n", "decide('not yet')", "Not yet", id="review.not_yet"),
        Binding("enter,escape", "finish", "On to today", key_display="enter", id="review.finish"),
    ]

    def __init__(self, day: date, items: list[DayItem]) -> None:
        super().__init__()
        self.day = day
        self.items = items
        self.decisions: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(f"Yesterday, {format_long(self.day)}", id="title")
            yield Static(
                "A few things were left open. For each one: d done after all, "
                "f freeze its pillar (uses a freeze), n not yet — that is fine too.",
                id="intro",
            )
            yield OptionList(*(self._prompt(i) for i in range(len(self.items))), id="items")
            yield Static("enter — on to today", id="outro")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(OptionList))

    def _prompt(self, index: int) -> Text:
        item = self.items[index]
        decision = self.decisions.get(index)
        mark = {DONE: "✓", FROZEN: "~", NOT_YET: "·"}.get(decision or "", "○")
        text = Text(f"{mark} {DISPLAY_NAMES[item.pillar]:<10} {shown(item.title)}")
        if item.kind == "count":
            text.append(f"  {item.amount}/{item.target}")
        if decision:
            text.append(f"  — {decision}", style="italic")
            text.stylize("dim", 0, len(text))
        return text

    def action_decide(self, decision: str) -> None:
        """Settle the highlighted item, then move to the next open one."""
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index in self.decisions:
            return
        item = self.items[index]
        app = self.bounceback
        if decision == DONE:
            change = self.perform(day_service.check, item, self.day, today=app.today)
        elif decision == FROZEN:
            change = self.perform(
                day_service.freeze, item.pillar, self.day, today=app.today, settings=app.settings
            )
        else:
            change = None
        if decision != NOT_YET and change is None:
            return
        targets = [index]
        if decision == FROZEN:
            targets = [
                i
                for i, other in enumerate(self.items)
                if other.pillar == item.pillar and i not in self.decisions
            ]
        for target in targets:
            self.decisions[target] = decision
            options.replace_option_prompt_at_index(target, self._prompt(target))
        open_rows = [i for i in range(len(self.items)) if i not in self.decisions]
        if not open_rows:
            self.action_finish()
            return
        later = [i for i in open_rows if i > index]
        options.highlighted = later[0] if later else open_rows[0]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # The list takes enter for itself; here enter means "on to today", as the screen says.
        event.stop()
        self.action_finish()

    def action_finish(self) -> None:
        """On to today."""
        self.dismiss(None)


def undecided(items: list[DayItem]) -> list[DayItem]:
    """Yesterday's due items that are neither done nor excused."""
    return [item for item in items if item.due and item.state in (MISSED, PARTIAL)]
