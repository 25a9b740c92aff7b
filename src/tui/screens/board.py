"""The vision board: image tiles that reflow with the terminal, kept in the data file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Footer, Input, ProgressBar, Select, Static

from ..domain.errors import InvalidInput
from ..domain.pillars import DISPLAY_NAMES, PILLARS
from ..store import board
from ..store.db import StoreError
from ..undo import UndoStep
from ..widgets.image_tile import ImageTile
from ..widgets.pixels import PixelView
from .add_images import AddImagesDialog, paths_from_text
from .base import BouncebackScreen
from .dialog import Dialog, field_label

if TYPE_CHECKING:
    from ..app import BouncebackApp

TILE_WIDTH = 30
FIRST_TILES = 36  # mounted at once: more than a screenful on any usual terminal
MORE_TILES = 24  # mounted after each paint until the board is complete
TILE_HEIGHT = 16  # the grid-rows of #grid in the CSS below


class CaptionDialog(Dialog[str]):
    """Edit an image's caption."""

    TITLE_TEXT = "Caption"

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.caption = caption

    def compose_fields(self) -> ComposeResult:
        yield field_label("What this picture is for you")
        yield Input(
            self.caption,
            id="caption",
            compact=True,
            max_length=200,
            placeholder="e.g. the team I want to join",
        )

    def action_save(self) -> None:
        self.dismiss(" ".join(self.query_one("#caption", Input).value.split()))


class PillarDialog(Dialog[str]):
    """Link an image to a pillar (or to none)."""

    TITLE_TEXT = "Link to a pillar"
    AUTO_FOCUS = "Select"

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
    BoardScreen #scroll { height: 1fr; padding: 0 1; }
    BoardScreen #grid { grid-size: 4; grid-gutter: 0 1; grid-rows: 16; height: auto; }
    BoardScreen #empty { padding: 2 4; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="board.back"),
        Binding("a", "add", "Add", id="board.add"),
        Binding("enter", "open", "View", id="board.view"),
        Binding("c", "caption", "Caption", id="board.caption"),
        Binding("p", "pillar", "Pillar", id="board.pillar"),
        Binding("d,delete", "delete", "Delete", id="board.delete"),
        Binding("u", "undo", "Undo", id="board.undo"),
        Binding("s", "slideshow", "Slideshow", id="board.slideshow"),
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

    def __init__(self, browse_from: Path | None = None) -> None:
        super().__init__()
        self.browse_from = browse_from
        self.columns = 4
        self._undo_focus: dict[int, int] = {}
        self._index: dict[int, int] = {}
        self._generation = 0
        self._pending_focus: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="board-heading")
        yield ProgressBar(id="progress", show_eta=False)
        with VerticalScroll(id="scroll") as scroll:
            scroll.can_focus = False
            yield Grid(id="grid")
        yield Static(
            "Your board is empty. Press a to add pictures of what you are working towards: the "
            "kind of place you want to work, people who inspire you, the life a good job makes "
            "possible. You can also paste or drop image paths here.",
            id="empty",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        scroll = self.query_one("#scroll")
        self.watch(
            scroll, "scroll_y", lambda: self.call_after_refresh(self._draw_in_view), init=False
        )

    # -- layout

    def on_resize(self, event: events.Resize) -> None:
        self._reflow()

    def _reflow(self) -> None:
        # The terminal's width, not the event's: a screen being pushed may report a stale size.
        width = self.app.size.width
        self.columns = max(1, (width - 2) // TILE_WIDTH)
        self.query_one("#grid", Grid).styles.grid_size_columns = self.columns

    def tiles(self) -> list[ImageTile]:
        return list(self.query(ImageTile))

    def current(self) -> ImageTile | None:
        """The tile keys act on: the focused one, or the one a reload is about to focus (its
        tiles mount after the handler returns, and a key typed meanwhile must not miss it)."""
        if self._pending_focus is not None:
            for tile in self.tiles():
                if tile.image_id == self._pending_focus:
                    return tile
        focused = self.focused
        return focused if isinstance(focused, ImageTile) else None

    def _focus_after_mount(self, tile: ImageTile) -> None:
        if self._pending_focus != tile.image_id:
            return  # the person moved on (a key or a click) before the tiles arrived
        self._pending_focus = None
        self.set_focus(tile)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ImageTile) and event.widget.image_id != self._pending_focus:
            self._pending_focus = None

    def reload(self, focus_id: int | None = None) -> None:
        """Read the board and rebuild the grid, keeping focus on `focus_id` if given."""
        if focus_id is None and self.current() is not None:
            focus_id = self.current().image_id  # type: ignore[union-attr]
        images = board.list_images(self.bounceback.db)
        grid = self.query_one("#grid", Grid)
        grid.remove_children()
        tiles = [ImageTile(i.id, i.caption, i.pillar, i.name) for i in images]
        self._index = {image.id: index for index, image in enumerate(images)}
        self._generation += 1
        # The first screenfuls now; the rest in chunks after each paint, so a large board
        # shows at once and stays responsive while the remaining tiles arrive.
        grid.mount_all(tiles[:FIRST_TILES])
        if len(tiles) > FIRST_TILES:
            self.call_after_refresh(self._mount_more, tiles[FIRST_TILES:], self._generation)
        self.query_one("#empty").display = not images
        count = len(images)
        self.query_one("#board-heading", Static).update(
            f"[b]Vision board[/b] · {count} image{'s' if count != 1 else ''}"
            " · enter to view, s for a slideshow"
        )
        self._reflow()
        if tiles:
            target = next((t for t in tiles if t.image_id == focus_id), tiles[0])
            self._pending_focus = target.image_id
            self.call_after_refresh(self._focus_after_mount, target)
        self.call_after_refresh(self._draw_in_view)

    def _mount_more(self, tiles: list[ImageTile], generation: int) -> None:
        if generation != self._generation:
            return  # a newer reload replaced these tiles
        self.query_one("#grid", Grid).mount_all(tiles[:MORE_TILES])
        if len(tiles) > MORE_TILES:
            self.call_after_refresh(self._mount_more, tiles[MORE_TILES:], generation)

    # -- pictures

    @on(PixelView.CellsWanted)
    def _cells_wanted(self, event: PixelView.CellsWanted) -> None:
        event.stop()
        # Only tiles in view are drawn; the others wait until a scroll brings them in.
        if self._in_view(event.view):
            self.bounceback.draw_cells(event.view, "thumb")

    def _in_view(self, view: PixelView) -> bool:
        """Whether the tile holding `view` is in the scrolled window (worked out from its row,
        which is known before the compositor has placed it)."""
        tile = view.parent
        if not isinstance(tile, ImageTile) or tile.image_id not in self._index:
            return False
        scroll = self.query_one("#scroll")
        row = self._index[tile.image_id] // self.columns
        top, bottom = row * TILE_HEIGHT, (row + 1) * TILE_HEIGHT
        return bottom > scroll.scroll_y and top < scroll.scroll_y + max(scroll.size.height, 1)

    def _draw_in_view(self) -> None:
        for view in self.query(PixelView):
            if view.wants_cells and self._in_view(view):
                self.bounceback.draw_cells(view, "thumb")

    # -- moving

    def action_move_focus(self, dx: int, dy: int) -> None:
        """Move between tiles."""
        tiles = self.tiles()
        current = self.current()
        if not tiles:
            return
        if current is None:
            self.set_focus(tiles[0])
            return
        index = tiles.index(current) + dx + dy * self.columns
        if 0 <= index < len(tiles):
            self._pending_focus = None
            self.set_focus(tiles[index])
            tiles[index].scroll_visible(animate=False)

    def action_page(self, pages: int) -> None:
        """A screenful of tiles down or up, without the scroll animation."""
        rows = max(1, self.query_one("#scroll").size.height // TILE_HEIGHT)
        tiles = self.tiles()
        current = self.current()
        if not tiles or current is None:
            return
        index = tiles.index(current) + pages * rows * self.columns
        target = tiles[max(0, min(len(tiles) - 1, index))]
        self._pending_focus = None
        self.set_focus(target, scroll_visible=False)
        target.scroll_visible(animate=False, top=True)

    def action_reorder(self, dx: int, dy: int) -> None:
        """Move the focused image along the board."""
        current = self.current()
        if current is None:
            return
        app = self.bounceback
        steps = dx + dy * self.columns
        direction = 1 if steps > 0 else -1
        moved = 0
        try:
            for _ in range(abs(steps)):
                if not board.move(app.db, current.image_id, direction):
                    break
                moved += direction
        except (StoreError, InvalidInput) as error:
            self.notify(str(error), severity="error")
            return
        if moved:
            image_id = current.image_id
            app.undo.push(UndoStep("moved an image", lambda: _move_by(app, image_id, -moved)))
            self.reload(focus_id=image_id)

    # -- changing

    def action_add(self) -> None:
        """Add images from a path or the file browser."""

        def chosen(paths: list[str] | None) -> None:
            if paths:
                self.add_paths(paths)

        self.app.push_screen(AddImagesDialog(self.browse_from), chosen)

    def on_paste(self, event: events.Paste) -> None:
        paths = paths_from_text(event.text)
        if paths:
            self.add_paths(paths)

    @work(thread=True, exclusive=True, group="ingest")
    def add_paths(self, texts: list[str]) -> None:
        """Decode, check and store images off the main thread, showing progress."""
        from ..images.ingest import ImageError, expand_paths, ingest_file

        app = self.bounceback
        expanded = expand_paths(Path(t) for t in texts)
        app.call_from_thread(self._progress, 0, len(expanded))
        added: list[int] = []
        already = 0
        failed: list[str] = []
        for done, item in enumerate(expanded, start=1):
            if isinstance(item, ImageError):
                failed.append(str(item))
            else:
                try:
                    image, is_new = board.add(app.db, ingest_file(item))
                except (ImageError, StoreError, InvalidInput) as error:
                    failed.append(str(error))
                else:
                    if is_new:
                        added.append(image.id)
                    else:
                        already += 1
                        failed.append(f"{item.name} is on the board already")
            app.call_from_thread(self._progress, done, len(expanded))
        app.call_from_thread(self._added, added, already, failed)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.set_class(done < total, "busy")
        bar.update(total=max(total, 1), progress=done)

    def _added(self, added: list[int], already: int, failed: list[str]) -> None:
        app = self.bounceback
        for message in failed:
            self.notify(message, severity="warning" if "already" in message else "error", timeout=8)
        if added:
            ids = list(added)
            app.undo.push(
                UndoStep(
                    f"added {len(ids)} image{'s' if len(ids) != 1 else ''}",
                    lambda: [board.delete(app.db, i) for i in ids] and None,
                )
            )
            self.notify(f"Added {len(ids)} image{'s' if len(ids) != 1 else ''} to the board.")
            self.reload(focus_id=ids[-1])

    def action_caption(self) -> None:
        """Edit the focused image's caption."""
        current = self.current()
        if current is None:
            return
        app = self.bounceback
        image_id, before = current.image_id, current.caption

        def saved(caption: str | None) -> None:
            if caption is None or caption == before:
                return
            try:
                board.set_caption(app.db, image_id, caption)
            except (StoreError, InvalidInput) as error:
                self.notify(str(error), severity="error")
                return
            app.undo.push(
                UndoStep("changed a caption", lambda: board.set_caption(app.db, image_id, before))
            )
            self.reload(focus_id=image_id)

        self.app.push_screen(CaptionDialog(before), saved)

    def action_pillar(self) -> None:
        """Link the focused image to a pillar."""
        current = self.current()
        if current is None:
            return
        app = self.bounceback
        image_id, before = current.image_id, current.pillar

        def saved(pillar: str | None) -> None:
            if pillar is None or (pillar or None) == before:
                return
            try:
                board.set_pillar(app.db, image_id, pillar or None)
            except (StoreError, InvalidInput) as error:
                self.notify(str(error), severity="error")
                return
            app.undo.push(
                UndoStep("linked an image", lambda: board.set_pillar(app.db, image_id, before))
            )
            self.reload(focus_id=image_id)

        self.app.push_screen(PillarDialog(before), saved)

    def action_delete(self) -> None:
        """Delete the focused image (u brings it back)."""
        current = self.current()
        if current is None:
            return
        app = self.bounceback
        tiles = self.tiles()
        index = tiles.index(current)
        neighbour = (
            tiles[index + 1] if index + 1 < len(tiles) else (tiles[index - 1] if index else None)
        )
        try:
            deleted = board.delete(app.db, current.image_id)
        except (StoreError, InvalidInput) as error:
            self.notify(str(error), severity="error")
            return
        step = UndoStep("deleted an image", lambda: board.restore(app.db, deleted) and None)
        self._undo_focus[id(step)] = deleted.image.id
        app.undo.push(step)
        self.notify("Deleted the image. Press u to bring it back.")
        self.reload(focus_id=neighbour.image_id if neighbour else None)

    def action_undo(self) -> None:
        """Take back the last change; a restored image gets the focus back."""
        step = self.bounceback.undo_last()
        if step is not None:
            self.reload(focus_id=self._undo_focus.pop(id(step), None))

    # -- viewing

    def action_open(self) -> None:
        """View the focused image full screen."""
        self._view(slideshow=False)

    def action_slideshow(self) -> None:
        """Show every image in turn until a key is pressed."""
        self._view(slideshow=True)

    def _view(self, slideshow: bool) -> None:
        from .full_view import FullViewScreen

        tiles = self.tiles()
        if not tiles:
            self.notify("Add an image first: press a.")
            return
        current = self.current() or tiles[0]
        ids = [t.image_id for t in tiles]

        def closed(image_id: int | None) -> None:
            if image_id is not None:
                target = next((t for t in self.tiles() if t.image_id == image_id), None)
                if target is not None:
                    self.set_focus(target)

        self.app.push_screen(FullViewScreen(ids, ids.index(current.image_id), slideshow), closed)

    def external_change(self) -> None:
        """Another window saved something: read the board again."""
        self.reload()

    def action_back(self) -> None:
        """Back to Today."""
        self.app.pop_screen()


def _move_by(app: BouncebackApp, image_id: int, steps: int) -> None:
    direction = 1 if steps > 0 else -1
    for _ in range(abs(steps)):
        board.move(app.db, image_id, direction)
