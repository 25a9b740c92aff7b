"""Today: every key, and that what the screen shows is what the store holds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tui import clock
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen
from tui.screens.today import TodayScreen
from tui.store import tasks
from tui.store.db import StoreError
from tui.widgets.pillar_board import PillarBoard, PillarColumn

from ..helpers import SIZE, TODAY, day_items, notifications

FRIDAY = date(2026, 11, 20)


def column(app, pillar: str) -> PillarColumn:
    return app.screen.query_one(PillarBoard).column(pillar)


def focused(app) -> PillarColumn | None:
    """The pillar the keys go to, if the board has the focus."""
    board = app.screen.query_one(PillarBoard)
    return board.current if app.focused is board else None


async def test_opens_on_today_with_focus_on_first_open_item(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.day == TODAY
        # Saturday: apply and network rest, so learn is the first pillar with work.
        assert focused(app) is column(app, "learn")
        assert focused(app).current.title == "30 minutes on a skill"
        date_line, hello, prompt = str(app.screen.query_one("#top").render()).splitlines()
        assert "Saturday 21 November 2026" in date_line and "day 20 of your search" in date_line
        assert hello == "Good evening, Sam."
        assert prompt.strip()


async def test_a_name_with_brackets_is_shown_as_typed(ready_db, make_app):
    from tui.store import settings

    # Markup-like text in a name must neither vanish nor stop the app from opening.
    settings.save(ready_db, {"name": "[Bob [i]x[/] [$warning]"})
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = str(app.screen.query_one("#top").render()).splitlines()
        assert lines[1] == "Good evening, [Bob [i]x[/] [$warning]."


async def test_focus_skips_items_already_done(ready_db, make_app):
    from tui.store import entries

    learn = day_items(ready_db, TODAY)["30 minutes on a skill"]
    entries.put(ready_db, learn.ref, TODAY, 1, "")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused(app).current.title == "Practise one interview answer aloud"


async def test_space_checks_and_unchecks_and_saves(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].state == "done"
        assert column(app, "learn").items[0].state == "done"
        assert column(app, "learn").summary == "1 of 2 done"
        await pilot.press("space")
        await pilot.pause()
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].state == "pending"


async def test_moving_with_arrows_and_hjkl(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        assert focused(app).current.title == "Practise one interview answer aloud"
        await pilot.press("k")
        assert focused(app).current.title == "30 minutes on a skill"
        await pilot.press("down", "up")
        assert focused(app).current.title == "30 minutes on a skill"
        await pilot.press("l")
        assert focused(app) is column(app, "self_care")
        await pilot.press("right")
        assert focused(app) is column(app, "apply")  # wraps around
        await pilot.press("h", "left")
        assert focused(app) is column(app, "learn")
        await pilot.press("j", "space")
        await pilot.pause()
        items = day_items(ready_db, TODAY)
        assert items["Practise one interview answer aloud"].state == "done"
        assert items["30 minutes on a skill"].state == "pending"


async def test_plus_and_minus_count(ready_db, make_app):
    clock.freeze(datetime(2026, 11, 20, 9, 0))  # a Friday: apply is due
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert focused(app) is column(app, "apply")
        await pilot.press("plus")
        await pilot.pause()
        item = day_items(ready_db, FRIDAY)["Send tailored applications"]
        assert (item.amount, item.state) == (1, "partial")
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert day_items(ready_db, FRIDAY)["Send tailored applications"].amount == 3
        await pilot.press("minus")
        await pilot.pause()
        item = day_items(ready_db, FRIDAY)["Send tailored applications"]
        assert (item.amount, item.state) == (2, "done")
        assert column(app, "apply").items[0].amount == 2
        await pilot.press("minus", "minus", "minus")
        await pilot.pause()
        assert day_items(ready_db, FRIDAY)["Send tailored applications"].amount == 0


async def test_note_is_saved_and_shown(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"SQL window functions", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].note == "SQL window functions"
        assert any("✎ SQL window functions" in line for line in column(app, "learn").lines())
        # Escape leaves the note as it was.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].note == "SQL window functions"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_note_dialog_s_label_wraps_rather_than_losing_its_end(ready_db, make_app, size):
    from textual.widgets import Label

    tasks.add(ready_db, "learn", "Read the whole chapter on window functions again", TODAY)
    app = make_app(ready_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        board = app.screen.query_one(PillarBoard)
        board.column("learn").select_ref(
            next(i.ref for i in column(app, "learn").items if "chapter" in i.title)
        )
        board.select("learn")
        await pilot.press("n")
        await pilot.pause()
        label = app.screen.query_one(".field-label", Label)
        box = app.screen.query_one("#dialog")
        # All of it inside the dialog's box (a wider label is cut off at the box's edge).
        assert box.content_region.contains_region(label.region)
        shown = " ".join(label.render_line(y).text.strip() for y in range(label.size.height))
        assert shown.endswith("(empty to remove)")
        assert "window functions again" in shown


async def test_add_task_to_the_focused_pillar(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "a")  # self-care
        await pilot.pause()
        await pilot.press(*"Call Mum", "enter")
        await pilot.pause()
        found = tasks.on_day(ready_db, TODAY)
        assert [(t.pillar, t.title, t.target) for t in found] == [("self_care", "Call Mum", 1)]
        assert focused(app) is column(app, "self_care")
        assert focused(app).current.title == "Call Mum"


async def test_add_task_refuses_an_empty_title(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        assert "needs a title" in str(app.screen.query_one("#dialog-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert tasks.on_day(ready_db, TODAY) == []


async def test_undo_goes_back_several_steps(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "j", "space", "a")
        await pilot.pause()
        await pilot.press(*"Stretch", "enter")
        await pilot.pause()
        assert "Stretch" in day_items(ready_db, TODAY)
        await pilot.press("u")
        await pilot.pause()
        assert "Stretch" not in day_items(ready_db, TODAY)
        await pilot.press("u")
        await pilot.pause()
        assert day_items(ready_db, TODAY)["Practise one interview answer aloud"].state == "pending"
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].state == "done"
        await pilot.press("u")
        await pilot.pause()
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].state == "pending"
        await pilot.press("u")  # nothing left: says so, changes nothing
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_previous_day_backfill_and_back_to_today(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day == FRIDAY
        assert "yesterday" in str(app.screen.query_one("#top").render())
        # Friday: apply is due, and the day is past, so the item is "not yet".
        assert column(app, "apply").items[0].state == "missed"
        column(app, "apply").focus()
        await pilot.press("space")
        await pilot.pause()
        assert day_items(ready_db, FRIDAY, TODAY)["Send tailored applications"].state == "done"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.screen.day == date(2026, 11, 22)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.day == TODAY
        # Undo of a back-filled check-off goes back to that day to show it.
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.day == FRIDAY
        assert day_items(ready_db, FRIDAY, TODAY)["Send tailored applications"].state == "missed"


async def test_a_future_day_cannot_be_checked(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        column(app, "learn").focus()
        await pilot.press("space")
        await pilot.pause()
        assert day_items(ready_db, date(2026, 11, 22), TODAY)["30 minutes on a skill"].amount == 0
        assert any("has not come yet" in n.message for n in notifications(app))


async def test_the_screen_moves_on_when_the_logical_day_changes(ready_db, make_app):
    clock.freeze(datetime(2026, 11, 22, 3, 59))  # still Saturday's logical day
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.day == TODAY
        clock.freeze(datetime(2026, 11, 22, 4, 1))
        app.check_logical_day()
        await pilot.pause()
        # Saturday was left open, so the new day begins with a look back at it.
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.day == TODAY
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.day == date(2026, 11, 22)
        assert "Sunday 22 November 2026" in str(app.screen.query_one("#top").render())


async def test_a_day_being_backfilled_stays_put_when_the_day_changes(ready_db, make_app):
    clock.freeze(datetime(2026, 11, 22, 3, 59))
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket")
        clock.freeze(datetime(2026, 11, 22, 4, 1))
        app.check_logical_day()
        await pilot.pause()
        await pilot.press("enter")  # past the review of Saturday
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.day == FRIDAY
        assert app.today == date(2026, 11, 22)


async def test_a_failed_save_says_so_and_keeps_running(ready_db, make_app, monkeypatch):
    from tui.store import entries

    def refuse(*args, **kwargs):
        raise StoreError("/x/bounceback.db is read-only: nothing can be saved")

    monkeypatch.setattr(entries, "put", refuse)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert any("read-only" in n.message for n in notifications(app))
        assert column(app, "learn").items[0].state == "pending"
        assert len(app.undo) == 0


async def test_help_opens_and_closes(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_the_command_palette_holds_every_action(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for expected in (
            "Help",
            "Today",
            "Routines",
            "Check or uncheck",
            "Count up",
            "Count down",
            "Note",
            "Add a task",
            "Undo",
            "Previous day",
            "Next day",
            "Theme",
            "Quit",
        ):
            assert any(expected.lower() in title.lower() for title in titles), expected
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"check or uncheck")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert day_items(ready_db, TODAY)["30 minutes on a skill"].state == "done"


async def test_q_quits(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_today_is_the_first_screen_and_the_today_command_returns_to_it(ready_db, make_app):
    from tui.screens.routines import RoutinesScreen
    from tui.screens.streaks import StreaksScreen

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.screen_stack) == 1 and isinstance(app.screen, TodayScreen)
        today_screen = app.screen
        await pilot.press("left_square_bracket")  # look at yesterday, then wander off
        await pilot.pause()
        assert today_screen.day != app.today
        await pilot.press("s")
        await pilot.pause()
        app.action_routines()
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        assert any(isinstance(s, StreaksScreen) for s in app.screen_stack)
        app.action_today()
        await pilot.pause()
        assert app.screen is today_screen and today_screen.day == app.today


async def test_garbage_collection_resumes_once_today_is_painted(ready_db, make_app):
    import gc

    gc.disable()  # as `bounceback` starts the app (tui.entry)
    try:
        app = make_app(ready_db)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 10_000  # start-up's objects, kept out of collections
    finally:
        gc.unfreeze()
        gc.enable()


async def test_day_navigation_stops_at_the_start_and_a_year_ahead(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        start = date(2026, 11, 2)
        for _ in range((TODAY - start).days):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day == start
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.screen.day == start
        assert any("search started" in n.message for n in notifications(app))
        last = date(2027, 11, 22)  # 366 days after today
        app.screen.day = last - timedelta(days=1)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.day == last
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.day == last
        assert any("as far ahead" in n.message for n in notifications(app))
