"""The pillar board on its own: boxes, keys, the mouse and scrolling within a box."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult

from tui.domain.day import DONE, PENDING, DayItem
from tui.domain.models import ItemRef
from tui.widgets.pillar_board import PillarBoard


def item(n: int, pillar: str = "apply", title: str | None = None, state: str = PENDING) -> DayItem:
    return DayItem(
        ItemRef("routine", n),
        pillar,
        title or f"Item {n}",
        "check",
        1,
        "",
        1 if state == DONE else 0,
        "",
        state,
        True,
    )


class BoardApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PillarBoard(id="pillars")

    @property
    def board(self) -> PillarBoard:
        return self.query_one(PillarBoard)


def screen_text(app: BoardApp) -> list[str]:
    board = app.board
    return [board.render_line(y).text for y in range(board.size.height)]


async def test_four_boxes_side_by_side_with_titles_and_items():
    app = BoardApp()
    async with app.run_test(size=(80, 12)) as pilot:
        app.board.column("apply").items = (item(1, title="Send two applications"),)
        app.board.column("learn").summary = "0 of 1 done"
        await pilot.pause()
        lines = screen_text(app)
        assert lines[0].startswith("╭─ Apply ")
        assert "╭─ Network " in lines[0] and "╭─ Learn " in lines[0] and "╭─ Self-care " in lines[0]
        assert all(len(line) == 80 for line in lines)
        assert "○ Send two" in lines[3] and "applications" in lines[4]  # wrapped, indented
        assert "0 of 1 done" in lines[1]
        assert lines[-1].startswith("╰") and lines[-1].endswith("╯")


async def test_two_by_two_puts_learn_and_self_care_underneath():
    app = BoardApp()
    async with app.run_test(size=(60, 20)) as pilot:
        app.board.two_by_two = True
        await pilot.pause()
        lines = screen_text(app)
        assert "Apply" in lines[0] and "Network" in lines[0]
        assert "Learn" in lines[10] and "Self-care" in lines[10]


async def test_keys_move_the_cursor_and_change_pillar_round_the_end():
    app = BoardApp()
    async with app.run_test(size=(80, 12)) as pilot:
        board = app.board
        board.column("apply").items = (item(1), item(2), item(3))
        board.focus()
        await pilot.press("down", "j")
        assert board.current.cursor == 2
        await pilot.press("down")  # stays on the last
        assert board.current.cursor == 2
        await pilot.press("k", "home")
        assert board.current.cursor == 0
        await pilot.press("G")
        assert board.current.cursor == 2
        await pilot.press("left")  # round the end
        assert board.current.pillar == "self_care"
        await pilot.press("l", "l")
        assert board.current.pillar == "network"


async def test_a_click_picks_the_pillar_and_the_item_under_it():
    app = BoardApp()
    async with app.run_test(size=(80, 12)) as pilot:
        board = app.board
        board.column("learn").items = (item(1, "learn"), item(2, "learn"))
        await pilot.pause()
        # Learn's box starts at x=40; its items start on the fifth line (after summary,
        # no chips, and a blank line): border 0, summary 1, blank 2, items 3 and 4.
        await pilot.click(PillarBoard, offset=(45, 4))
        assert board.current.pillar == "learn"
        assert board.current.cursor == 1
        await pilot.click(PillarBoard, offset=(45, 0))  # the border: pillar only
        assert board.current.cursor == 1


async def test_a_long_list_scrolls_to_follow_the_cursor_and_says_how_much_is_hidden():
    app = BoardApp()
    async with app.run_test(size=(80, 10)) as pilot:
        board = app.board
        apply = board.column("apply")
        apply.items = tuple(item(n) for n in range(12))
        board.focus()
        await pilot.pause()
        lines = screen_text(app)
        # 8 lines inside the box: summary, blank and six items; six more below.
        assert "↓ 6 more" in lines[-1]
        await pilot.press("G")
        await pilot.pause()
        lines = screen_text(app)
        assert "Item 11" in lines[-2]  # the last item sits on the box's last line
        assert "↑ " in lines[0] and "↓" not in lines[-1]
        await pilot.press("home")
        await pilot.pause()
        assert "Item 0" in screen_text(app)[3]


async def test_the_wheel_scrolls_the_box_under_the_mouse_only():
    app = BoardApp()
    async with app.run_test(size=(80, 10)) as pilot:
        board = app.board
        board.column("network").items = tuple(item(n, "network") for n in range(12))
        board.column("apply").items = tuple(item(n) for n in range(12))
        await pilot.pause()
        board.post_message(wheel(events.MouseScrollDown, board, 25, 4))
        await pilot.pause()
        assert board.column("network").top == 3
        assert board.column("apply").top == 0
        assert board.column("network").cursor == 0  # the wheel does not move the cursor
        assert "Item 1" in screen_text(app)[1]
        for _ in range(2):
            board.post_message(wheel(events.MouseScrollUp, board, 25, 4))
        await pilot.pause()
        assert board.column("network").top == 0


def wheel(kind, widget, x: int, y: int):  # type: ignore[no-untyped-def]
    return kind(widget, x, y, 0, 0, 0, False, False, False)


async def test_tiny_sizes_draw_without_error():
    app = BoardApp()
    async with app.run_test(size=(80, 12)) as pilot:
        app.board.column("apply").items = (item(1, title="A title long enough to wrap " * 3),)
        for width, height in ((10, 3), (3, 1), (17, 2), (80, 12)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            lines = screen_text(app)
            assert all(len(line) == width for line in lines), (width, height)


async def test_the_highlighted_pillar_stands_out_only_while_the_board_has_the_keys():
    app = BoardApp()
    async with app.run_test(size=(80, 12)) as pilot:
        board = app.board
        board.focus()
        await pilot.pause()
        assert board.part_style("border-current") != board.part_style("border")
        assert board.part_style("cursor-current") != board.part_style("cursor")
        board.blur()
        await pilot.pause()
        assert board.part_style("border-current") == board.part_style("border")
        assert board.part_style("cursor-current") == board.part_style("cursor")


async def test_lines_arriving_above_keep_the_highlighted_item_in_view():
    app = BoardApp()
    async with app.run_test(size=(80, 10)) as pilot:
        board = app.board
        apply = board.column("apply")
        apply.items = tuple(item(n) for n in range(8))
        apply.cursor = 7
        await pilot.pause()
        assert "○ Item 7" in screen_text(app)[-2]
        # The streak figures arrive after the first paint: three lines above the items.
        apply.chips = ("week 1/5", "streak 2 days", "strength 40%")
        await pilot.pause()
        assert "○ Item 7" in screen_text(app)[-2]


async def test_a_box_scrolled_with_the_wheel_stays_put_when_the_day_is_read_again():
    app = BoardApp()
    async with app.run_test(size=(80, 10)) as pilot:
        board = app.board
        learn = board.column("learn")
        learn.items = tuple(item(n, "learn") for n in range(12))
        await pilot.pause()
        board.post_message(wheel(events.MouseScrollDown, board, 45, 4))
        await pilot.pause()
        assert learn.top == 3
        # What Today does after a check-off elsewhere: every pillar keeps its cursor.
        learn.cursor = learn.cursor
        learn.select_ref(learn.items[0].ref)
        board.column("apply").items = (item(99),)
        await pilot.pause()
        assert learn.top == 3


async def test_a_box_too_small_for_its_cursor_shows_it_once_it_grows():
    app = BoardApp()
    async with app.run_test(size=(80, 2)) as pilot:
        apply = app.board.column("apply")
        apply.items = tuple(item(n) for n in range(12))
        apply.cursor = 11
        await pilot.pause()
        await pilot.resize_terminal(80, 12)
        await pilot.pause()
        assert any("○ Item 11" in line for line in screen_text(app))


async def test_narrow_boxes_keep_at_risk_whole_and_cut_long_lines_with_an_ellipsis():
    app = BoardApp()
    async with app.run_test(size=(64, 14)) as pilot:
        apply = app.board.column("apply")
        apply.summary = "1 of 4 done"
        apply.at_risk = True
        apply.chips = ("week 3/5 · 2 days left", "streak 12 days · 3 weeks")
        await pilot.pause()
        lines = apply.lines()
        assert lines[0] == "1 of 4 done"
        assert lines[1] == "at risk"
        # A box 16 wide has 12 for text: the chips take their short words first.
        assert lines[2:4] == ["3/5 · 2d", "12d · 3w"]


async def test_words_too_long_even_when_short_are_cut_with_an_ellipsis():
    app = BoardApp()
    async with app.run_test(size=(64, 14)) as pilot:
        apply = app.board.column("apply")
        apply.chips = ("best 123 days in a row so far",)
        await pilot.pause()
        line = apply.lines()[1]
        assert line.endswith("…") and len(line) == 12


async def test_the_more_markers_count_items_not_lines():
    app = BoardApp()
    async with app.run_test(size=(64, 10)) as pilot:
        network = app.board.column("network")
        network.items = tuple(
            item(n, "network", title=f"Follow up on application number {n} today") for n in range(4)
        )
        await pilot.pause()
        # Each item wraps over five lines of this narrow box: the first is in view whole,
        # the second only begins, and two more are below; 17 lines are hidden, 3 items.
        assert "↓ 3 more" in screen_text(app)[-1]


async def test_a_narrow_board_goes_two_by_two_by_itself():
    from tui.widgets.pillar_board import FOUR_ACROSS_MIN_WIDTH

    app = BoardApp()
    async with app.run_test(size=(FOUR_ACROSS_MIN_WIDTH, 20)) as pilot:
        await pilot.pause()
        assert "Learn" in screen_text(app)[0]  # four across
        await pilot.resize_terminal(FOUR_ACROSS_MIN_WIDTH - 1, 20)
        await pilot.pause()
        lines = screen_text(app)
        assert "Learn" not in lines[0] and "Learn" in lines[10]
