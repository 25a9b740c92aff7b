"""The vision board: image tiles that reflow with the terminal, kept in the data file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, ProgressBar, Select, Static

from ..domain import limits
from ..domain.errors import InvalidInput
from ..domain.pillars import DISPLAY_NAMES, PILLARS
from ..domain.text import shown
from ..domain.words import plural
from ..services import Change, Topic
from ..services import board as board_service
from ..store import board
from ..store.db import StoreError
from ..widgets.board_grid import BoardGrid, Tile
from ..widgets.key_bar import KeyBar
from .add_images import AddImagesDialog, AddProblemsDialog, paths_from_text
from .base import BouncebackScreen
from .dialog import Dialog, field_label

TILE_WIDTH = 30


class CaptionDialog(Dialog[str]):
    """Edit an image's caption."""

    TITLE_TEXT = "Caption"

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.caption = caption

    def compose_fields(self) -> ComposeResult:
        yield field_label("What this picture is for you")
        yield Input(
            shown(self.caption),
            id="caption",
            compact=True,
            max_length=limits.CAPTION.most,
            placeholder="e.g. the team I want to join",
        )

    def action_save(self) -> None:
        typed = self.query_one("#caption", Input).value
        if typed == self.caption:
            self.dismiss(typed)
            return
        try:
            self.dismiss(limits.CAPTION.clean(typed))
        except InvalidInput as error:
            self.show_error(str(error))


class PillarDialog(Dialog[str]):
    """Link an image to a pillar (or to none)."""

    TITLE_TEXT = "Link to a pillar"
    AUTO_FOCUS = "Select"
    ENTER_SAVES = False  # enter opens the list of pillars

    def __init__(self, pillar: str | None) -> None:
        super().__init__()
        self.pillar = pillar

    def compose_fields(self) -> ComposeResult:
        options = [("No pillar", "")] + [(DISPLAY_NAMES[p], p) for p in PILLARS]
        yield Select(options, value=self.pillar or "", allow_blank=False, id="pillar", compact=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()

    def action_save(self) -> None:
        self.dismiss(str(self.query_one("#pillar", Select).value))


class BoardScreen(BouncebackScreen[None]):
    """A grid of images with captions; what you are working towards."""

    DEFAULT_CSS = """
    BoardScreen { layout: vertical; }
    BoardScreen #board-heading { padding: 1 2 0 2; height: auto; }
    BoardScreen #progress { margin: 0 2; display: none; }
    BoardScreen #progress.busy { display: block; }
    BoardScreen #empty { padding: 2 4; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="board.back"),
        Binding("a", "add", "Add", id="board.add"),
        Binding("enter", "open", "View", id="board.view"),
        Binding("c", "caption", "Caption", id="board.caption"),
        Binding("p", "pillar", "Pillar", id="board.pillar"),
        Binding("d,delete", "delete", "Delete", id="board.delete"),
        Binding("u", "undo", "Undo", id="board.undo"),
        Binding("s", "slideshow", "Slideshow", id="board.slideshow"),
        Binding(
            "exclamation_mark",
            "problems",
            "Problems",
            key_display="!",
            id="board.problems",
            tooltip="What the last add could not add",
        ),
        Binding("left,h", "move_focus(-1, 0)", "Left", show=False),
        Binding("right,l", "move_focus(1, 0)", "Right", show=False),
        Binding("up,k", "move_focus(0, -1)", "Up", show=False),
        Binding("down,j", "move_focus(0, 1)", "Down", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("shift+left,H", "reorder(-1, 0)", "Move", key_display="⇧←→", id="board.move"),
        Binding("shift+right,L", "reorder(1, 0)", "Move right", show=False),
        Binding("shift+up,K", "reorder(0, -1)", "Move up", show=False),
        Binding("shift+down,J", "reorder(0, 1)", "Move down", show=False),
    ]

    PALETTE = (
        ("Add images", "From a path or the file browser", "add"),
        ("View the image", "The highlighted image, full screen", "open"),
        ("Slideshow", "Every image in turn until a key is pressed", "slideshow"),
        ("Caption", "Write the highlighted image's caption", "caption"),
        ("Link to a pillar", "Tie the highlighted image to a pillar", "pillar"),
        ("Delete the image", "Take it off the board (u brings it back)", "delete"),
        ("Undo", "Take back the last change", "undo"),
    )

    def __init__(self, browse_from: Path | None = None) -> None:
        super().__init__()
        self.browse_from = browse_from
        self.images: list[board.BoardImage] = []
        self._focus_next: int | None = None
        """Where the cursor goes once a change without a focus of its own is shown."""
        self.add_problems: list[str] = []
        """The files the last add could not add, one line each (`!` shows them)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="board-heading")
        yield ProgressBar(id="progress", show_eta=False)
        db = self.bounceback.db

        def load_thumbs(image_ids: list[int]) -> dict[int, bytes] | None:
            # Called in the grid's worker thread: that thread's own connection reads. None
            # (locked or unreadable just now) makes the grid ask again a moment later.
            try:
                return board.thumbs(db.for_thread(), image_ids)
            except StoreError:
                return None

        yield BoardGrid(load_thumbs, id="grid")
        yield Static(
            "Your board is empty. Press a to add pictures of what you are working towards: the "
            "kind of place you want to work, people who inspire you, the life a good job makes "
            "possible. You can also paste or drop image paths here.",
            id="empty",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    _NEEDS_AN_IMAGE = frozenset({"open", "caption", "pillar", "delete", "slideshow", "reorder"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on an image are not offered while the board is empty; the problems
        key shows once an add has something to show."""
        if action == "problems":
            return bool(self.add_problems)
        return bool(self.images) or action not in self._NEEDS_AN_IMAGE

    @property
    def grid(self) -> BoardGrid:
        return self.query_one(BoardGrid)

    # -- layout

    def on_resize(self, event: events.Resize) -> None:
        self._reflow()

    def _reflow(self) -> None:
        # The terminal's width, not the event's: a screen being pushed may report a stale size.
        width = self.app.size.width
        self.grid.set_columns(max(1, (width - 2) // TILE_WIDTH))

    @property
    def columns(self) -> int:
        """Tiles in a row, as the grid lays them out."""
        return self.grid.columns

    def current(self) -> board.BoardImage | None:
        """The image keys act on: the one under the grid's cursor."""
        return self.images[self.grid.cursor] if self.images else None

    def reload(self, focus_id: int | None = None) -> None:
        """Read the board and show it again, keeping the cursor on `focus_id` if given."""
        current = self.current()
        if focus_id is None and current is not None:
            focus_id = current.id
        images = self.images = board.list_images(self.bounceback.db)
        ids = [image.id for image in images]
        tiles = [
            Tile(
                image.id,
                shown(image.caption or image.name),
                DISPLAY_NAMES.get(image.pillar or "", ""),
            )
            for image in images
        ]
        self._reflow()
        self.grid.set_tiles(tiles, cursor=ids.index(focus_id) if focus_id in ids else 0)
        self.query_one("#empty").display = not images
        # The grid gives its room to the empty board's words, which then sit under the heading.
        self.grid.display = bool(images)
        self.refresh_bindings()  # the keys for an image show only when there is one
        count = len(images)
        self.query_one("#board-heading", Static).update(
            f"[b]Vision board[/b] · {plural(count, 'image')}"
            + (" · enter to view, s for a slideshow" if images else "")
        )

    # -- moving

    def action_move_focus(self, dx: int, dy: int) -> None:
        """Move between tiles."""
        index = self.grid.cursor + dx + dy * self.columns
        if 0 <= index < len(self.images):
            self.grid.move_cursor(index)

    def action_page(self, pages: int) -> None:
        """A screenful of tiles down or up, without the scroll animation."""
        if not self.images:
            return
        grid = self.grid
        grid.move_cursor(grid.cursor + pages * grid.page_rows * grid.columns, top=True)

    def action_reorder(self, dx: int, dy: int) -> None:
        """Move the focused image along the board."""
        current = self.current()
        if current is None:
            return
        self.perform(board_service.move, current.id, dx + dy * self.columns)

    # -- changing

    def action_add(self) -> None:
        """Add images from a path or the file browser."""

        def chosen(paths: list[str] | None) -> None:
            if paths:
                # The browser opens next time where these came from, not at $HOME again.
                first = Path(paths[0])
                self.bounceback.image_folder = first if first.is_dir() else first.parent
                self.add_paths(paths)

        start = self.browse_from or self.bounceback.image_folder
        self.app.push_screen(AddImagesDialog(start), chosen)

    def on_paste(self, event: events.Paste) -> None:
        paths = paths_from_text(event.text)
        if paths:
            self.add_paths(paths)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def add_paths(self, texts: list[str]) -> None:
        """Decode, check and store images off the main thread, showing progress."""
        from ..images.ingest import expand_paths

        app = self.bounceback
        expanded = expand_paths(texts)
        app.call_from_thread(self._progress, 0, len(expanded))
        added: list[int] = []
        outcomes: list[board_service.FileAdded] = []
        for done, outcome in enumerate(board_service.add_files(app.db, expanded), start=1):
            outcomes.append(outcome)
            if outcome.image is not None and outcome.is_new:
                added.append(outcome.image.id)
            app.call_from_thread(self._progress, done, len(expanded))
        app.call_from_thread(self._added, added, outcomes)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.set_class(done < total, "busy")
        bar.update(total=max(total, 1), progress=done)

    def _added(self, added: list[int], outcomes: list[board_service.FileAdded]) -> None:
        # One toast for the whole batch (a folder is many files): what was added and, short,
        # what was not; the whole list is a key away.
        self.add_problems = board_service.add_problems(outcomes)
        self.refresh_bindings()
        summary = board_service.added_summary(len(added), outcomes)
        if added:
            self.bounceback.record(replace(board_service.images_added(added), message=""))
        if not self.add_problems:
            self.notify(summary, timeout=6)
            return
        failed = any(outcome.image is None for outcome in outcomes)
        self.notify(
            f"{summary} Press ! to see {'it' if len(self.add_problems) == 1 else 'them'}.",
            severity="error" if failed else "warning",
            timeout=10,
        )

    def action_problems(self) -> None:
        """Show what the last add could not add."""
        if self.add_problems:
            self.app.push_screen(AddProblemsDialog(self.add_problems))

    def action_caption(self) -> None:
        """Edit the focused image's caption."""
        current = self.current()
        if current is None:
            return
        image_id, before = current.id, current.caption

        def saved(caption: str | None) -> None:
            if caption is not None and caption != before:
                self.perform(board_service.set_caption, image_id, caption)

        self.app.push_screen(CaptionDialog(before), saved)

    def action_pillar(self) -> None:
        """Link the focused image to a pillar."""
        current = self.current()
        if current is None:
            return
        image_id, before = current.id, current.pillar

        def saved(pillar: str | None) -> None:
            if pillar is not None and (pillar or None) != before:
                self.perform(board_service.set_pillar, image_id, pillar or None)

        self.app.push_screen(PillarDialog(before), saved)

    def action_delete(self) -> None:
        """Delete the focused image (u brings it back)."""
        current = self.current()
        if current is None:
            return
        images = self.images
        index = self.grid.cursor
        neighbour = (
            images[index + 1] if index + 1 < len(images) else (images[index - 1] if index else None)
        )
        self._focus_next = neighbour.id if neighbour else None
        if self.perform(board_service.delete, current.id) is None:
            self._focus_next = None

    def action_undo(self) -> None:
        """Take back the last change; a restored image gets the focus back."""
        self.undo()

    # -- viewing

    def action_open(self) -> None:
        """View the focused image full screen."""
        self._view(slideshow=False)

    def action_slideshow(self) -> None:
        """Show every image in turn until a key is pressed."""
        self._view(slideshow=True)

    def _view(self, slideshow: bool) -> None:
        from .full_view import FullViewScreen

        if not self.images:
            self.notify("Add an image first: press a.")
            return
        ids = [image.id for image in self.images]

        def closed(image_id: int | None) -> None:
            ids_now = [image.id for image in self.images]
            if image_id in ids_now:
                self.grid.move_cursor(ids_now.index(image_id))

        self.app.push_screen(FullViewScreen(ids, self.grid.cursor, slideshow), closed)

    WATCHES = frozenset({Topic.BOARD})

    def show_change(self, change: Change) -> None:
        focus = change.focus if isinstance(change.focus, int) else self._focus_next
        self._focus_next = None
        self.reload(focus_id=focus)

    def action_back(self) -> None:
        """Back to Today."""
        self.app.pop_screen()
