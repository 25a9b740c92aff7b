"""The shared shape of Bounceback's small dialogs: a box, a title, fields, an error line."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

ResultT = TypeVar("ResultT")


def box_css(selector: str, width: int) -> str:
    """The box every small dialog is drawn in (the form dialogs and the restore list)."""
    return (
        f"{selector} {{ width: {width}; max-width: 95%; height: auto; max-height: 90%; "
        "border: round $accent; background: $surface; padding: 1 2; }\n"
    )


class Dialog(ModalScreen[ResultT]):
    """A modal form: `enter` saves, `escape` cancels, a problem shows on its error line."""

    DEFAULT_CSS = (
        "Dialog { align: center middle; }\n"
        + box_css("Dialog > #dialog", 64)
        + """
    Dialog #dialog-title { text-style: bold; margin-bottom: 1; }
    /* The box's width, so a long label (a long item title in it) wraps, never cut off. */
    Dialog .field-label { color: $text-muted; margin-top: 1; width: 100%; }
    Dialog Input, Dialog Select { margin: 0; }
    Dialog .row { height: auto; }
    Dialog .row > * { width: 1fr; }
    Dialog .row > .narrow { width: 12; margin-right: 2; }
    Dialog #dialog-error { color: $error; margin-top: 1; height: auto; }
    Dialog #dialog-hint { color: $text-muted; margin-top: 1; }
    Dialog .hidden { display: none; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    AUTO_FOCUS = "Input"
    TITLE_TEXT = ""
    ENTER_SAVES = True
    """Whether enter in the dialog saves (a text field submits; a dropdown opens instead)."""
    SAVE_WORD = "save"
    """What saving does here, as the hint says it."""
    EXTRA_HINTS: tuple[str, ...] = ()
    """Hints for keys the dialog's own widgets handle (→ to complete a path, say)."""

    def compose(self) -> ComposeResult:
        box = VerticalScroll(id="dialog")
        box.can_focus = False
        with box:
            yield Label(self.TITLE_TEXT, id="dialog-title")
            yield from self.compose_fields()
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-hint", markup=False)

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#dialog-hint", Static).update(self.hint())

    def hint(self) -> str:
        """The keys that work here, made from the dialog's own bindings (never written out)."""
        parts = []
        for binding in sorted(_bindings_of(type(self)), key=lambda b: b.action != "save"):
            keys = self.app.get_key_display(binding)
            words = binding.description.lower()
            if binding.action == "save":
                keys = f"enter or {keys}" if self.ENTER_SAVES else keys
                words = self.SAVE_WORD
            parts.append(f"{keys} {words}")
        parts.extend(self.EXTRA_HINTS)
        fields = [widget for widget in self.query("#dialog *") if widget.focusable]
        if len(fields) > 1:
            parts.append("tab next field")
        return " · ".join(dict.fromkeys(parts))

    def show_error(self, message: str) -> None:
        """Say what is wrong, on the dialog's error line."""
        self.query_one("#dialog-error", Static).update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    def action_save(self) -> None:
        """Check the fields and close with the result."""
        raise NotImplementedError


def _bindings_of(cls: type) -> list[Binding]:
    """The bindings a class declares and inherits, nearest first, one per key."""
    found: dict[str, Binding] = {}
    for klass in cls.__mro__:
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", ())):
            found.setdefault(binding.key, binding)
    return [binding for binding in found.values() if binding.show]


def field_label(text: str) -> Label:
    return Label(text, classes="field-label", markup=False)
