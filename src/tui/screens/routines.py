"""Routines: add, edit, reorder and archive the recurring items."""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from ..domain.models import Routine, RoutineDraft
from ..domain.pillars import DISPLAY_NAMES
from ..domain.schedule import describe
from ..domain.text import shown
from ..services import Change, Topic
from ..services import routines as routine_service
from ..store import routines
from ..widgets.key_bar import KeyBar
from .base import BouncebackScreen
from .routine_form import RoutineDialog, RoutineRequest

COLUMNS = ("Pillar", "Title", "Target", "Schedule", "Since", "Status")
TITLE = COLUMNS.index("Title")
TITLE_NARROWEST = 12
"""The least the title column is squeezed to; the others keep their longest word whole."""


def fit_widths(natural: list[int], room: int, least: list[int], flexible: int) -> list[int]:
    """Column widths that fit `room` cells: each its `natural` width while they fit; else the
    `flexible` column, then the widest of the others, give way (none below its `least`)."""
    widths = list(natural)
    while sum(widths) > room:
        if widths[flexible] > least[flexible]:
            index = flexible
        else:
            shrinkable = [i for i, w in enumerate(widths) if w > least[i]]
            if not shrinkable:
                break  # narrower than every column's least: the table scrolls
            index = max(shrinkable, key=lambda i: widths[i] - least[i])
        widths[index] -= 1
    return widths


class RoutinesScreen(BouncebackScreen[None]):
    """Every routine in one table."""

    DEFAULT_CSS = """
    RoutinesScreen { layout: vertical; }
    RoutinesScreen #heading { padding: 1 2 0 2; text-style: bold; }
    RoutinesScreen #explain { padding: 0 2 1 2; color: $text-muted; }
    RoutinesScreen DataTable { height: 1fr; margin: 0 1; }
    RoutinesScreen #empty { padding: 1 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="routines.back"),
        Binding("a", "add", "Add", id="routines.add"),
        Binding("e,enter", "edit", "Edit", id="routines.edit"),
        Binding("shift+up,K", "move(-1)", "Move", key_display="⇧↑↓", id="routines.up"),
        Binding("shift+down,J", "move(1)", "Move down", show=False, id="routines.down"),
        Binding("x", "archive", "Archive", id="routines.archive"),
        Binding(
            "A",
            "toggle_archived",
            "Archived",
            id="routines.show_archived",
            tooltip="Show or hide archived routines",
        ),
        Binding("u", "undo", "Undo", id="routines.undo"),
        Binding(
            "S",
            "settings",
            "Settings",
            id="routines.settings",
            tooltip="Pillars, rest days, weekly targets, freezes and pauses",
        ),
    ]

    show_archived: reactive[bool] = reactive(False)
    """Whether archived routines are listed too."""

    PALETTE = (
        ("Add a routine", "A new recurring item in a pillar", "add"),
        ("Edit the routine", "Change the highlighted routine", "edit"),
        ("Archive or restore", "Archive the highlighted routine (its history stays)", "archive"),
        ("Show archived routines", "Show or hide archived routines", "toggle_archived"),
        ("Move the routine up", "Earlier within its pillar", "move(-1)"),
        ("Move the routine down", "Later within its pillar", "move(1)"),
        ("Undo", "Take back the last change", "undo"),
    )

    def compose(self) -> ComposeResult:
        yield Static("Routines", id="heading")
        yield Static(
            "The recurring part of your search. Archived routines keep their history.", id="explain"
        )
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True, id="table")
        table.add_columns(*COLUMNS)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(DataTable))

    def _routines(self) -> list[Routine]:
        found = routines.list_routines(self.bounceback.db, include_archived=self.show_archived)
        order = {pillar: i for i, pillar in enumerate(DISPLAY_NAMES)}
        return sorted(found, key=lambda r: (order[r.pillar], r.position, r.id))

    def reload(self, select: int | None = None) -> None:
        """Read the routines and redraw the table, keeping the cursor on `select` if given."""
        table = self.query_one(DataTable)
        if select is None:
            select = self._current_id()
        rows: list[tuple[str, list[str]]] = []
        for routine in self._routines():
            unit = shown(routine.unit)
            target = f"{routine.target} {unit}".strip() if routine.kind == "count" else "✓"
            status = f"archived {routine.archived_on}" if routine.archived_on else "active"
            cells = [
                DISPLAY_NAMES[routine.pillar],
                shown(routine.title),
                target,
                describe(routine.rrule),
                routine.start_date.isoformat(),
                status,
            ]
            rows.append((str(routine.id), cells))
        # The columns share the table's width: what does not fit on one line wraps in its
        # column (the row grows), rather than running off the right edge.
        natural = [
            max([cell_len(name)] + [cell_len(cells[i]) for _, cells in rows])
            for i, name in enumerate(COLUMNS)
        ]
        least = [
            TITLE_NARROWEST
            if i == TITLE
            else max(
                [cell_len(name)] + [cell_len(w) for _, cells in rows for w in cells[i].split()]
            )
            for i, name in enumerate(COLUMNS)
        ]
        widths = fit_widths(natural, self._table_room(table), least, TITLE)
        table.clear(columns=True)
        for name, width in zip(COLUMNS, widths, strict=True):
            table.add_column(name, width=width)
        wraps = widths != natural
        for key, cells in rows:
            # Stored text goes in as Text: a plain string cell would be read as markup.
            table.add_row(*(Text(cell) for cell in cells), key=key, height=None if wraps else 1)
        if select is not None:
            # The row may be hidden now (an archived routine with archived ones not shown).
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(str(select)))

    def _table_room(self, table: DataTable[str]) -> int:
        """Cells the columns' words may take: the table's width (the terminal's less its
        margins: on a resize the table has not been laid out anew yet) less the padding around
        each column and room for a scroll bar."""
        width = self.app.size.width - table.styles.margin.width
        padding = 2 * table.cell_padding * len(COLUMNS)
        return max(0, width - padding - table.styles.scrollbar_size_vertical)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.reload()

    def _current_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    WATCHES = frozenset({Topic.ROUTINES})

    def show_change(self, change: Change) -> None:
        self.reload(select=change.focus if isinstance(change.focus, int) else None)

    def action_back(self) -> None:
        """Back to Today."""
        self.app.pop_screen()

    def action_add(self) -> None:
        """Add a routine."""
        app = self.bounceback

        def added(request: RoutineRequest | None) -> None:
            if request is not None:
                self.perform(routine_service.add, request.draft, request.start)

        self.app.push_screen(
            RoutineDialog(None, app.today, app.today, search_start=app.settings.start_date), added
        )

    def action_edit(self) -> None:
        """Edit the highlighted routine."""
        routine_id = self._current_id()
        if routine_id is None:
            return
        app = self.bounceback
        current = routines.get(app.db, routine_id)
        draft = RoutineDraft(
            current.pillar, current.title, current.target, current.unit, current.rrule
        )

        def edited(request: RoutineRequest | None) -> None:
            if request is not None:
                self.perform(routine_service.edit, routine_id, request.draft, request.start)

        self.app.push_screen(
            RoutineDialog(
                draft,
                current.start_date,
                app.today,
                heading="Edit the routine",
                search_start=app.settings.start_date,
            ),
            edited,
        )

    def action_move(self, offset: int) -> None:
        """Move the highlighted routine up or down within its pillar."""
        routine_id = self._current_id()
        if routine_id is None:
            return
        self.perform(routine_service.move, routine_id, offset)

    def action_archive(self) -> None:
        """Archive the highlighted routine, or restore it if archived."""
        routine_id = self._current_id()
        if routine_id is None:
            return
        app = self.bounceback
        archived = not routines.get(app.db, routine_id).archived
        change = self.perform(routine_service.set_archived, routine_id, archived, today=app.today)
        if change is not None:
            title = change.result.title
            if archived:
                self.notify(f"Archived “{title}”. Press u to undo, A to show archived routines.")
            else:
                self.notify(f"Restored “{title}”.")

    def action_toggle_archived(self) -> None:
        """Show or hide archived routines."""
        self.show_archived = not self.show_archived

    def watch_show_archived(self) -> None:
        if self.is_mounted:
            self.reload()

    def action_settings(self) -> None:
        """Open Settings."""
        self.bounceback.action_settings()

    def action_undo(self) -> None:
        """Take back the last change."""
        self.undo()
