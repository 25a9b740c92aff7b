"""The vision board: every key, adding by dialog and by paste, undo, the full view, Today's
focus image."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from textual.widgets import Input, Select

from tui.images.ingest import ingest_file
from tui.screens.add_images import AddImagesDialog, paths_from_text
from tui.screens.board import BoardScreen, CaptionDialog, PillarDialog
from tui.screens.full_view import FullViewScreen
from tui.screens.today import TodayScreen
from tui.store import board
from tui.widgets.pixels import PixelView

from .conftest import SIZE

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


async def open_board(pilot, wait: bool = True) -> BoardScreen:
    await pilot.pause()
    await pilot.press("b")
    await pilot.pause()
    if wait:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(pilot.app.screen, BoardScreen)
    return pilot.app.screen


async def test_tiles_draw_their_pictures_and_reflow(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        tiles = screen.tiles()
        assert [t.caption for t in tiles] == ["red dream", "green dream", "blue dream"]
        assert screen.columns == (SIZE[0] - 2) // 30
        view = tiles[0].query_one(PixelView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The middle of the red picture is drawn in red, top and bottom half.
        strip = view.render_line(view.content_size.height // 2)
        centre = view.content_size.width // 2
        (middle,) = list(strip.crop(centre, centre + 1))
        # Thumbnails are JPEG, so colours come back within a few steps.
        assert close(middle.style.color.triplet, COLOURS["red"])
        assert close(middle.style.bgcolor.triplet, COLOURS["red"])
        await pilot.resize_terminal(64, 40)
        await pilot.pause()
        assert screen.columns == 2


async def test_arrows_move_between_tiles(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=(64, 40)) as pilot:
        screen = await open_board(pilot)
        assert screen.columns == 2
        assert app.focused.caption == "red dream"
        await pilot.press("right")
        assert app.focused.caption == "green dream"
        await pilot.press("down")  # green has nothing below it
        assert app.focused.caption == "green dream"
        await pilot.press("h", "j")
        assert app.focused.caption == "blue dream"
        await pilot.press("k", "l")
        assert app.focused.caption == "green dream"


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
        assert app.focused.caption == "The studio by the sea"
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
        assert len(screen.tiles()) == len(COLOURS)
        # The same folder again: each picture is there already, and it says so.
        screen.add_paths([str(pictures / "red.png"), str(pictures / "missing.png")])
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("already" in m for m in messages)
        assert any("missing.png" in m for m in messages)
        assert len(board.list_images(ready_db)) == len(COLOURS)


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
        assert app.focused.caption == "red dream"


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


async def test_today_without_images_uses_the_whole_width(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.has_class("-with-image")
        assert not app.screen.query_one("#focus").display


async def test_a_click_focuses_a_tile(board_db, make_app):
    app = make_app(board_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        third = screen.tiles()[2]
        await pilot.click(third)
        await pilot.pause()
        assert app.focused is third


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


async def test_a_large_board_mounts_in_chunks_and_ends_complete_and_in_order(
    ready_db, tmp_path, make_app, monkeypatch
):
    import tui.screens.board as board_screen

    monkeypatch.setattr(board_screen, "FIRST_TILES", 4)
    monkeypatch.setattr(board_screen, "MORE_TILES", 2)
    chunks: list[int] = []
    mount_more = board_screen.BoardScreen._mount_more

    def counted(self, tiles, generation):  # type: ignore[no-untyped-def]
        chunks.append(len(tiles))
        return mount_more(self, tiles, generation)

    monkeypatch.setattr(board_screen.BoardScreen, "_mount_more", counted)
    for n in range(9):
        path = make_image(tmp_path, f"scene-{n}", (20 * n, 100, 200 - 20 * n))
        board.add(ready_db, ingest_file(path), caption=f"scene {n}")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot, wait=False)
        screen.reload()  # a reload while chunks are still arriving replaces them
        for _ in range(10):
            await pilot.pause()
        assert [t.caption for t in screen.tiles()] == [f"scene {n}" for n in range(9)]
        # 4 at once, then the remaining 5 arrived in chunks of 2 after paints.
        assert chunks[:3] == [5, 3, 1]
