"""Restore a backup: the copies beside the data file, newest first, and a confirmation."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.text import shown as printable
from ..store.backup import BackupFile, list_backups
from .dialog import box_css


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class RestoreDialog(ModalScreen[Path | None]):
    """Pick a backup, then confirm: everything in the data file is replaced by it."""

    DEFAULT_CSS = (
        "RestoreDialog { align: center middle; }\n"
        + box_css("RestoreDialog > #restore", 76)
        + """
    RestoreDialog #restore-title { text-style: bold; margin-bottom: 1; }
    RestoreDialog OptionList { height: auto; max-height: 14; }
    RestoreDialog #restore-confirm { margin-top: 1; }
    RestoreDialog #restore-hint { color: $text-muted; margin-top: 1; }
    RestoreDialog .hidden { display: none; }
    """
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("y", "confirm", "Restore", show=False),
    ]
    LIST_HINT = "enter choose · escape cancel"
    CONFIRM_HINT = "y restore · escape back to the list"

    def __init__(self, data_file: Path) -> None:
        super().__init__()
        self.data_file = data_file
        self.backups: list[BackupFile] = list_backups(data_file)
        self.chosen: BackupFile | None = None
        """The backup picked, waiting for the confirmation (None: still choosing)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="restore"):
            yield Label("Restore a backup", id="restore-title")
            if not self.backups:
                folder = printable(str(self.data_file.parent / "backups"))
                yield Static(
                    f"No backups yet in {folder}. Bounceback keeps one a day there.",
                    id="restore-none",
                    markup=False,
                )
            else:
                yield OptionList(
                    *(
                        Option(
                            # Text, not a string: a file name is never read as markup.
                            Text(
                                f"{printable(backup.path.name)}  ·  "
                                f"{backup.modified:%Y-%m-%d %H:%M}  ·  {_size(backup.size)}"
                            ),
                            id=str(index),
                        )
                        for index, backup in enumerate(self.backups)
                    ),
                    id="restore-list",
                )
            yield Static("", id="restore-confirm", classes="hidden", markup=False)
            yield Static(self.LIST_HINT if self.backups else "escape close", id="restore-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.chosen = self.backups[event.option_index]
        confirm = self.query_one("#restore-confirm", Static)
        confirm.update(
            f"Put back {printable(self.chosen.path.name)} "
            f"(saved {self.chosen.modified:%Y-%m-%d %H:%M})?\n"
            "Everything in the data file is replaced by it. The file as it is now is kept "
            f"beside it as {printable(self.data_file.name)}.before-restore-….bak."
        )
        confirm.remove_class("hidden")
        self.query_one("#restore-list").add_class("hidden")
        self.query_one("#restore-hint", Static).update(self.CONFIRM_HINT)
        self.set_focus(None)

    def action_confirm(self) -> None:
        """Restore the backup chosen."""
        if self.chosen is not None:
            self.dismiss(self.chosen.path)

    def action_back(self) -> None:
        """Back to the list, or close without restoring."""
        if self.chosen is None:
            self.dismiss(None)
            return
        self.chosen = None
        self.query_one("#restore-confirm").add_class("hidden")
        options = self.query_one("#restore-list", OptionList)
        options.remove_class("hidden")
        options.focus()
        self.query_one("#restore-hint", Static).update(self.LIST_HINT)
