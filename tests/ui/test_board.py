"""The vision board: every key, adding by dialog and by paste, undo, the full view, Today's
focus image."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from PIL import Image
from textual.widgets import Input, Select

from tui.images.ingest import ingest_file
from tui.screens.add_images import AddImagesDialog, paths_from_text
from tui.screens.board import BoardScreen, CaptionDialog, PillarDialog
from tui.screens.full_view import FullViewScreen
from tui.screens.today import TodayScreen
from tui.services.change import changed_elsewhere
from tui.store import board
from tui.widgets.board_grid import PICTURE_ROWS, TILE_HEIGHT, BoardGrid, column_spans
from tui.widgets.key_bar import KeyBar
from tui.widgets.pixels import PixelView

from ..helpers import SIZE, notification_messages

COLOURS = {
    "red": (220, 40, 40),
    "green": (40, 200, 60),
    "blue": (40, 60, 220),
    "gold": (230, 190, 40),
    "white": (250, 250, 250),
}


def make_image(folder: Path, name: str, colour: tuple[int, int, int], size=(64, 48)) -> Path:
    path = folder / f"{name}.png"
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    folder = tmp_path / "pictures"
    folder.mkdir()
    for name, colour in COLOURS.items():
        make_image(folder, name, colour)
    (folder / "notes.txt").write_text("not an image")
    return folder


@pytest.fixture
def board_db(ready_db, pictures):
    for name in ("red", "green", "blue"):
        board.add(ready_db, ingest_file(pictures / f"{name}.png"), caption=f"{name} dream")
    return ready_db


def close(found, wanted, tolerance: int = 8) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True))


def captions(db) -> list[str]:
    return [image.caption for image in board.list_images(db)]


def selected(app) -> str:
    """The caption of the tile the board's cursor is on."""
    return app.screen.current().caption


def tile_centre(grid: BoardGrid, index: int) -> tuple[int, int]:
    """Content offset (x, y) of the middle of tile `index`'s picture, in the scrolled window."""
    left, width = column_spans(grid.scrollable_size.width, grid.columns)[index % grid.columns]
    top = index // grid.columns * TILE_HEIGHT + 1 - int(grid.scroll_y)
    return left + width // 2, top + PICTURE_ROWS // 2


def picture_colour(grid: BoardGrid, index: int):  # type: ignore[no-untyped-def]
    """The top and bottom pixel colour drawn at the middle of tile `index`'s picture."""
    x, y = tile_centre(grid, index)
    (cell,) = list(grid.render_line(y).crop(x, x + 1))
    assert cell.text == "▀"
    return cell.style.color.triplet, cell.style.bgcolor.triplet


async def open_board(pilot, wait: bool = True) -> BoardScreen:
    await pilot.pause()
    await pilot.press("b")
    await pilot.pause()
    if wait:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(pilot.app.screen, BoardScreen)
    return pilot.app.screen


async def until_idle(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    """Until `condition()` holds and no worker is running (the board's idle drawing included)."""
    deadline = time.monotonic() + 10
    while not condition() or any(worker.is_running for worker in pilot.app.workers):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
    await pilot.pause()


async def test_tiles_draw_their_pictures_and_reflow(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        grid = screen.grid
        assert [t.caption for t in grid.tiles] == ["red dream", "green dream", "blue dream"]
        assert screen.columns == grid.columns == (SIZE[0] - 2) // 30
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert grid.tiles_in_view() == [0, 1, 2]
        assert all(grid.is_drawn(index) for index in range(3))
        # The middle of each picture is drawn in its colour, top and bottom half (thumbnails
        # are JPEG, so colours come back within a few steps).
        for index, name in enumerate(("red", "green", "blue")):
            top, bottom = picture_colour(grid, index)
            assert close(top, COLOURS[name]) and close(bottom, COLOURS[name])
        caption_line = grid.render_line(TILE_HEIGHT - 2 - int(grid.scroll_y)).text
        assert all(word in caption_line for word in ("red dream", "green dream", "blue dream"))
        await pilot.resize_terminal(64, 40)
        await pilot.pause()
        assert screen.columns == grid.columns == 2
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Blue wraps to the second row, drawn again at the new tile size.
        assert grid.tiles_in_view() == [0, 1, 2]
        assert all(grid.is_drawn(index) for index in range(3))
        top, bottom = picture_colour(grid, 2)
        assert close(top, COLOURS["blue"]) and close(bottom, COLOURS["blue"])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_caption_ends_in_an_ellipsis_not_mid_word(ready_db, pictures, make_app, size):
    caption = "A team that ships things I am proud of, with people who care about each other"
    board.add(ready_db, ingest_file(pictures / "red.png"), caption=caption)
    board.add(ready_db, ingest_file(pictures / "blue.png"), caption="Supercalifragilistic" * 3)
    app = make_app(ready_db)
    async with app.run_test(size=size) as pilot:
        grid = (await open_board(pilot)).grid
        line = grid.render_line(TILE_HEIGHT - 2).text
        tiles = [part.strip() for part in line.split("│") if part.strip()]
        assert tiles[0].endswith("…") and caption.startswith(tiles[0][:-1].rstrip())
        assert tiles[0][:-1].rstrip().split()[-1] in caption.split()  # cut between words
        assert tiles[1].endswith("…")


async def test_arrows_move_between_tiles(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=(64, 40)) as pilot:
        screen = await open_board(pilot)
        assert screen.columns == 2
        assert selected(app) == "red dream"
        await pilot.press("right")
        assert selected(app) == "green dream"
        await pilot.press("down")  # green has nothing below it
        assert selected(app) == "green dream"
        await pilot.press("h", "j")
        assert selected(app) == "blue dream"
        await pilot.press("k", "l")
        assert selected(app) == "green dream"


async def test_caption_pillar_reorder_delete_and_undo(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CaptionDialog)
        app.screen.query_one("#caption", Input).value = "The studio by the sea"
        await pilot.press("enter")
        await pilot.pause()
        assert captions(board_db)[0] == "The studio by the sea"
        # Back from the dialog, the footer shows the board's keys again.
        await pilot.pause()
        bar = str(app.screen.query_one(KeyBar).render())
        for key in ("a Add", "c Caption", "p Pillar", "d Delete", "s Slideshow"):
            assert key in bar
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PillarDialog)
        app.screen.query_one("#pillar", Select).value = "learn"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert board.list_images(board_db)[0].pillar == "learn"
        await pilot.press("shift+right")
        await pilot.pause()
        assert captions(board_db) == ["green dream", "The studio by the sea", "blue dream"]
        assert selected(app) == "The studio by the sea"
        await pilot.press("d")
        await pilot.pause()
        assert captions(board_db) == ["green dream", "blue dream"]
        await pilot.press("u")
        await pilot.pause()
        assert captions(board_db) == ["green dream", "The studio by the sea", "blue dream"]
        await pilot.press("u")  # the move
        await pilot.pause()
        assert captions(board_db) == ["The studio by the sea", "green dream", "blue dream"]


async def test_add_through_the_dialog_reports_each_bad_file(ready_db, pictures, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_board(pilot)
        assert screen.query_one("#empty").display
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddImagesDialog)
        app.screen.query_one("#path", Input).value = str(pictures)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(i.name for i in board.list_images(ready_db)) == sorted(
            f"{name}.png" for name in COLOURS
        )
        assert not screen.query_one("#empty").display
        assert len(screen.grid.tiles) == len(COLOURS)
        # The same folder again: each picture is there already, and it says so.
        screen.add_paths([str(pictures / "red.png"), str(pictures / "missing.png")])
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = notification_messages(app)
        assert any("already" in m for m in messages)
        assert any("missing.png" in m for m in messages)
        assert len(board.list_images(ready_db)) == len(COLOURS)


async def test_a_folder_added_is_one_toast_and_its_problems_are_a_key_away(
    ready_db, tmp_path, make_app
):
    folder = tmp_path / "holiday"
    folder.mkdir()
    for n, colour in enumerate(COLOURS.values()):
        if n < 4:
            make_image(folder, f"good-{n}", colour)
    (folder / "a.png").write_text("just some words")
    (folder / "b.png").write_bytes(b"")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert "board.problems" not in bar_ids(screen)  # nothing to show yet
        before = len(notification_messages(app))
        screen.add_paths([str(folder)])
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = notification_messages(app)[before:]
        assert len(told) == 1, told
        (summary,) = told
        assert summary.startswith(
            "Added 4 images. 2 could not be added: a.png is a text file, not an image; "
            "b.png is empty."
        )
        assert "press !" in summary.lower()
        assert len(summary) < 200
        assert "board.problems" in bar_ids(screen)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        shown = " ".join(str(line.render()) for line in app.screen.query(".problem"))
        assert f"{folder}/a.png is a text file, not an image" in shown
        assert f"{folder}/b.png is empty" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # An add with nothing wrong leaves nothing to show.
        screen.add_paths([str(make_image(tmp_path, "fine", (1, 2, 3)))])
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notification_messages(app)[-1] == "Added 1 image to the board."
        assert "board.problems" not in bar_ids(screen)


def bar_ids(screen) -> set[str]:  # type: ignore[no-untyped-def]
    """The ids of the bindings the key bar can show just now."""
    return {b.id for _, b, enabled, _ in screen.active_bindings.values() if b.id and enabled}


async def test_a_pasted_path_adds_the_image(ready_db, pictures, make_app):
    from textual import events

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        screen.post_message(events.Paste(f"'{pictures / 'gold.png'}'\n"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [i.name for i in board.list_images(ready_db)] == ["gold.png"]


def test_paths_from_text_handles_quotes_escapes_and_uris(tmp_path):
    spaced = tmp_path / "my pictures" / "a b.png"
    spaced.parent.mkdir()
    spaced.write_bytes(b"x")
    assert paths_from_text(f"'{spaced}'") == [str(spaced)]
    assert paths_from_text(str(spaced).replace(" ", "\\ ")) == [str(spaced)]
    assert paths_from_text(f"file://{str(spaced).replace(' ', '%20')}") == [str(spaced)]
    assert paths_from_text(f"{tmp_path}/x.png\n{tmp_path}/y.png\n") == [
        f"{tmp_path}/x.png",
        f"{tmp_path}/y.png",
    ]


async def test_full_view_and_slideshow(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("right", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen
        assert isinstance(view, FullViewScreen)
        picture = view.query_one(PixelView)
        assert picture.content_size.width == SIZE[0]
        assert "green dream" in str(view.query_one("#caption").render())
        await pilot.press("right")
        await pilot.pause()
        assert "blue dream" in str(view.query_one("#caption").render())
        await pilot.press("s")
        assert view.slideshow
        view._advance()  # what the timer does
        await pilot.pause()
        assert "red dream" in str(view.query_one("#caption").render())
        await pilot.press("x")  # any key stops it
        assert not view.slideshow
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert selected(app) == "red dream"


async def test_today_shows_a_focus_image_and_another_on_request(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.has_class("-with-image")
        first = str(screen.query_one("#focus-caption").render())
        expected = board.focus_image(board_db, screen.day).caption
        assert first == expected
        await pilot.press("i")
        await pilot.pause()
        assert str(screen.query_one("#focus-caption").render()) != first


async def test_today_s_picture_takes_the_new_theme_s_letterbox_at_once(board_db, make_app):
    """The picture is letterboxed in the view's background: a theme change draws it again."""
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#focus-picture", PixelView)

        async def letterbox() -> tuple[int, int, int]:
            await until_idle(pilot, lambda: view.render_line(0).text.startswith("▀"))
            (corner,) = list(view.render_line(0).crop(0, 1))
            return corner.style.bgcolor.triplet

        assert await letterbox() == view.styles.background.rgb
        dark = view.styles.background.rgb
        app.theme = "solarized-light"
        await pilot.pause()
        await until_idle(pilot, lambda: view.styles.background.rgb != dark)
        assert await letterbox() == view.styles.background.rgb


async def test_today_without_images_uses_the_whole_width(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.has_class("-with-image")
        assert not app.screen.query_one("#focus").display


async def test_a_narrow_terminal_gives_the_pillars_the_picture_s_room(board_db, make_app):
    from tui.screens.today import PICTURE_MIN_WIDTH
    from tui.widgets.pillar_board import PillarBoard

    app = make_app(board_db)
    async with app.run_test(size=(PICTURE_MIN_WIDTH - 1, 30)) as pilot:
        await pilot.pause()
        pillars = app.screen.query_one(PillarBoard)
        assert not app.screen.query_one("#focus").display
        assert not pillars.two_by_two and pillars.size.width >= PICTURE_MIN_WIDTH - 3
        await pilot.resize_terminal(PICTURE_MIN_WIDTH, 30)
        await pilot.pause()
        assert app.screen.query_one("#focus").display and pillars.two_by_two
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.query_one("#focus").display and not pillars.two_by_two


async def test_a_click_selects_a_tile(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        grid = screen.grid
        x, y = tile_centre(grid, 2)
        await pilot.click(BoardGrid, offset=(grid.gutter.left + x, y))
        await pilot.pause()
        assert selected(app) == "blue dream"
        # Below the last row there is no tile: the selection stays.
        await pilot.click(BoardGrid, offset=(grid.gutter.left + x, TILE_HEIGHT + 2))
        await pilot.pause()
        assert selected(app) == "blue dream"
        # The selected tile is the highlighted one: its caption is bold, the others' are not.
        caption_line = grid.render_line(TILE_HEIGHT - 2)
        bold = {s.text.strip() for s in caption_line if s.style and s.style.bold and s.text.strip()}
        assert bold == {"blue dream"}


async def test_the_path_input_completes_and_the_browser_shows_only_images(
    ready_db, pictures, make_app
):
    from tui.screens.add_images import ImageTree, PathSuggester

    assert await PathSuggester().get_suggestion(str(pictures / "gr")) == str(pictures / "green.png")
    assert await PathSuggester().get_suggestion(str(pictures.parent / "pic")) == (
        str(pictures) + "/"
    )
    assert await PathSuggester().get_suggestion(str(pictures / "notes")) is None
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        app.screen.browse_from = pictures
        await pilot.press("a")
        await pilot.pause()
        tree = app.screen.query_one(ImageTree)
        shown = {path.name for path in tree.filter_paths(pictures.iterdir())}
        assert shown == {f"{name}.png" for name in COLOURS}  # notes.txt is hidden


async def test_a_large_board_draws_only_what_is_in_view_and_pages_without_animation(
    ready_db, tmp_path, make_app, monkeypatch
):
    from tui.screens import board as board_screen

    for n in range(30):
        path = make_image(tmp_path, f"scene-{n}", (8 * n, 100, 240 - 8 * n))
        board.add(ready_db, ingest_file(path), caption=f"scene {n}")
    loaded: list[int] = []
    reads: list[list[int]] = []
    thumbs = board.thumbs

    def counted(db, image_ids):  # type: ignore[no-untyped-def]
        loaded.extend(image_ids)
        reads.append(list(image_ids))
        return thumbs(db, image_ids)

    monkeypatch.setattr(board_screen.board, "thumbs", counted)
    ids = [image.id for image in board.list_images(ready_db)]
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        grid = screen.grid
        assert [t.caption for t in grid.tiles] == [f"scene {n}" for n in range(30)]
        # 37 lines of board show two rows of three and the top of the third row's pictures.
        in_view = grid.tiles_in_view()
        assert in_view == list(range(9))
        assert all(grid.is_drawn(index) for index in in_view)
        # The screenful is read from the file in one query; then, while the board is idle, the
        # pictures a page down brings into view (tiles 6-14, of which 9-14 are new), and no more.
        await until_idle(pilot, lambda: len(reads) == 2)
        assert reads == [ids[:9], ids[9:15]]
        assert grid.next_page() == list(range(6, 15))
        assert not grid.is_drawn(12)
        grid.cursor = 4  # on the second row: a page down would put row 3 at the top
        assert grid.next_page() == list(range(9, 18))
        grid.cursor = 0

        app.animation_level = "full"  # the page keys must not use the smooth scroll anyway
        await pilot.press("pagedown")
        assert selected(app) == "scene 6"
        assert grid.scroll_y == grid.scroll_target_y == 2 * TILE_HEIGHT
        await until_idle(pilot, lambda: all(grid.is_drawn(index) for index in range(6, 15)))
        assert grid.tiles_in_view() == list(range(6, 15))
        # That page was drawn before the key: nothing in it was read again.
        assert not {image_id for read in reads[2:] for image_id in read} & set(ids[6:15])
        await until_idle(pilot, lambda: set(ids[15:21]) <= set(loaded))  # the page after it
        assert set(loaded) <= set(ids[:21])
        top, _ = picture_colour(grid, 6)
        assert close(top, (48, 100, 192))

        # Down from the last row's neighbour scrolls just enough to show the tile whole.
        await pilot.press("down", "down")
        assert selected(app) == "scene 12"
        assert grid.scroll_y == 5 * TILE_HEIGHT - grid.scrollable_size.height
        await pilot.press("pageup")
        assert selected(app) == "scene 6"
        assert grid.scroll_y == 2 * TILE_HEIGHT

        # Another window moves a picture: a reload keeps the cursor on the same image.
        board.move(ready_db, ids[0], 1)
        screen.show_change(changed_elsewhere())
        await pilot.pause()
        assert selected(app) == "scene 6"
        assert [t.caption for t in grid.tiles][:2] == ["scene 1", "scene 0"]
        await pilot.press("end")  # bound to nothing on the board: nothing moves
        assert selected(app) == "scene 6"


async def test_a_data_file_busy_for_a_moment_delays_the_pictures_but_loses_none(
    board_db, make_app, monkeypatch
):
    from tui.screens import board as board_screen
    from tui.store.db import StoreError

    thumbs = board.thumbs
    calls: list[float] = []

    def busy_once(db, image_ids):  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise StoreError("the data file is busy")
        return thumbs(db, image_ids)

    monkeypatch.setattr(board_screen.board, "thumbs", busy_once)
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot, wait=False)
        grid = screen.grid
        await until_idle(pilot, lambda: all(grid.is_drawn(i) for i in grid.tiles_in_view()))
        assert len(calls) >= 2 and calls[1] - calls[0] >= 0.9  # asked again a moment later
        assert not grid._failed


async def test_a_damaged_thumbnail_leaves_its_tile_blank_and_is_not_read_again(
    board_db, make_app, monkeypatch
):
    from tui.screens import board as board_screen

    thumbs = board.thumbs
    damaged = board.list_images(board_db)[0].id
    asked: list[int] = []

    def one_damaged(db, image_ids):  # type: ignore[no-untyped-def]
        asked.extend(image_ids)
        found = thumbs(db, image_ids)
        return {**found, damaged: b"not a picture"} if damaged in found else found

    monkeypatch.setattr(board_screen.board, "thumbs", one_damaged)
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot, wait=False)
        grid = screen.grid
        await until_idle(pilot, lambda: all(grid.is_drawn(i) for i in range(1, 3)))
        assert not grid.is_drawn(0)
        assert [key[0] for key in grid._failed] == [damaged]
        before = asked.count(damaged)
        grid._want_in_view()  # what the next paint does
        await until_idle(pilot, lambda: True)
        assert asked.count(damaged) == before


async def test_the_browser_follows_a_typed_folder_and_opens_where_the_last_add_was(
    ready_db, pictures, make_app
):
    from tui.screens.add_images import ImageTree

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddImagesDialog)
        dialog.query_one("#path", Input).value = str(pictures)
        await pilot.pause()
        assert Path(dialog.query_one(ImageTree).path) == pictures
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape", "b", "a")  # another visit to the board
        await pilot.pause()
        assert isinstance(app.screen, AddImagesDialog)
        assert Path(app.screen.query_one(ImageTree).path) == pictures


async def test_todays_picture_grows_with_a_wide_window(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        focus = screen.query_one("#focus")
        assert focus.region.width == 68  # 38, and half of the 60 columns past 140
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert focus.region.width == 38
        assert focus.region.x + focus.region.width <= 120
