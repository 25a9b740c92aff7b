"""Routines: add, edit, reorder, archive, undo; and the form's checks."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select

from tui.screens.routine_form import RoutineDialog
from tui.screens.routines import RoutinesScreen
from tui.screens.today import TodayScreen
from tui.store import routines

from ..helpers import SIZE, TODAY


def titles(db, pillar: str, include_archived: bool = False) -> list[str]:
    return [r.title for r in routines.list_routines(db, include_archived) if r.pillar == pillar]


def table_titles(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_routines(pilot):
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RoutinesScreen)


async def test_lists_every_active_routine(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        shown = table_titles(app)
        assert sorted(shown) == sorted(r.title for r in routines.list_routines(ready_db))
        # Grouped in pillar order: apply, network, learn, self-care.
        assert shown[0] == "Send tailored applications"
        assert shown[-1] == "Write down one small win"


async def test_add_a_routine_with_chosen_weekdays(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RoutineDialog)
        dialog.query_one("#pillar", Select).value = "learn"
        dialog.query_one("#title", Input).value = "Read 20 pages"
        dialog.query_one("#target", Input).value = "20"
        dialog.query_one("#unit", Input).value = "pages"
        dialog.query_one("#preset", Select).value = "chosen"
        await pilot.pause()
        weekdays = dialog.query_one("#weekdays", Input)
        assert weekdays.display
        weekdays.value = "mon, wed, fri"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        added = [r for r in routines.list_routines(ready_db) if r.title == "Read 20 pages"]
        assert len(added) == 1
        assert (added[0].pillar, added[0].target, added[0].unit, added[0].kind) == (
            "learn",
            20,
            "pages",
            "count",
        )
        assert added[0].rrule == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
        assert "Read 20 pages" in table_titles(app)


async def test_the_form_refuses_bad_input_and_saves_nothing(ready_db, make_app):
    app = make_app(ready_db)
    before = routines.list_routines(ready_db, include_archived=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert "needs a title" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#title", Input).value = "Odd schedule"
        dialog.query_one("#preset", Select).value = "custom"
        await pilot.pause()
        dialog.query_one("#rrule", Input).value = "FREQ=HOURLY"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a day schedule" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#rrule", Input).value = "FREQ=DAILY"
        dialog.query_one("#target", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 or more" in str(dialog.query_one("#dialog-error").render())
        dialog.query_one("#target", Input).value = "1"
        dialog.query_one("#start", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a date" in str(dialog.query_one("#dialog-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
    assert routines.list_routines(ready_db, include_archived=True) == before


async def test_edit_changes_title_and_schedule(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#title", Input).value == "Send tailored applications"
        assert dialog.query_one("#preset", Select).value == "weekdays"
        dialog.query_one("#title", Input).value = "Send 3 tailored applications"
        dialog.query_one("#target", Input).value = "3"
        dialog.query_one("#preset", Select).value = "every_n"
        await pilot.pause()
        dialog.query_one("#interval", Input).value = "2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        routine = routines.list_routines(ready_db)[0]
        assert (routine.title, routine.target, routine.rrule) == (
            "Send 3 tailored applications",
            3,
            "FREQ=DAILY;INTERVAL=2",
        )
        assert table_titles(app)[0] == "Send 3 tailored applications"


async def test_reorder_within_a_pillar_and_undo(ready_db, make_app):
    app = make_app(ready_db)
    assert titles(ready_db, "network") == [
        "Reach out to one person",
        "Follow up on an application or ask for feedback",
    ]
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("down")  # the first network routine
        await pilot.press("shift+down")
        await pilot.pause()
        assert titles(ready_db, "network") == [
            "Follow up on an application or ask for feedback",
            "Reach out to one person",
        ]
        assert table_titles(app)[2] == "Reach out to one person"
        await pilot.press("shift+down")  # already last in its pillar: nothing moves
        await pilot.pause()
        assert titles(ready_db, "network")[1] == "Reach out to one person"
        await pilot.press("u")
        await pilot.pause()
        assert titles(ready_db, "network") == [
            "Reach out to one person",
            "Follow up on an application or ask for feedback",
        ]


async def test_archive_hides_keeps_history_and_undo_restores(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert "Send tailored applications" not in titles(ready_db, "apply")
        assert "Send tailored applications" in titles(ready_db, "apply", include_archived=True)
        assert "Send tailored applications" not in table_titles(app)
        await pilot.press("A")
        await pilot.pause()
        assert "Send tailored applications" in table_titles(app)
        await pilot.press("A", "u")
        await pilot.pause()
        assert "Send tailored applications" in titles(ready_db, "apply")
        assert "Send tailored applications" in table_titles(app)


async def test_escape_goes_back_to_today_which_shows_the_change(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "Stretch for ten minutes"
        app.screen.query_one("#pillar", Select).value = "self_care"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        column = app.screen.pillars.column("self_care")
        assert "Stretch for ten minutes" in [item.title for item in column.items]


def table_text(table: DataTable) -> str:
    """What the table shows in its window, line by line."""
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_column_fits_the_width_and_nothing_is_cut(ready_db, make_app, size):
    """A long title, a long unit and an archived routine: the columns share the width, and
    what does not fit on one line wraps (no column runs off the right edge)."""
    from tui.domain.models import RoutineDraft
    from tui.domain.schedule import on_weekdays

    long = "Follow up with every recruiter who replied last week, politely"
    added = routines.add(
        ready_db, RoutineDraft("apply", long, 3, "applications", on_weekdays({0, 2, 4})), TODAY
    )
    routines.set_archived(ready_db, routines.list_routines(ready_db)[0].id, TODAY)
    app = make_app(ready_db)
    async with app.run_test(size=size) as pilot:
        await open_routines(pilot)
        await pilot.press("A")  # archived ones too
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = table_text(table)
        assert f"archived {TODAY.isoformat()}" in shown.replace("\n", " ") or (
            "archived" in shown and TODAY.isoformat() in shown
        )
        assert "3 applications" in shown or ("3" in shown and "applications" in shown)
        words = set(shown.split())
        assert set(long.split()) <= words, set(long.split()) - words
        assert added.title in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        other = (120, 40) if size == (80, 24) else (80, 24)
        await pilot.resize_terminal(*other)  # and after a resize
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_form_holds_the_same_limits_as_the_shell(ready_db, make_app):
    app = make_app(ready_db)
    before = routines.list_routines(ready_db, include_archived=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#title", Input).max_length == 200
        assert dialog.query_one("#unit", Input).max_length == 40
        cases = [
            ("#title", "Read\x1b[31m", "a title cannot hold control characters"),
            ("#unit", "pages\t", "a unit cannot hold control characters"),
            ("#target", "10001", "more than anyone can do"),
            ("#target", "99999999999999999999", "more than anyone can do"),
            ("#start", "9999-12-31", "more than a year away"),
            ("#start", "2026-11-01", "before your search started"),
        ]
        for field, value, words in cases:
            dialog.query_one("#title", Input).value = "Read"
            dialog.query_one("#unit", Input).value = ""
            dialog.query_one("#target", Input).value = "1"
            dialog.query_one("#start", Input).value = "2026-11-21"
            dialog.query_one(field, Input).value = value
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, RoutineDialog)
            assert words in str(dialog.query_one("#dialog-error").render()), (field, value)
    assert routines.list_routines(ready_db, include_archived=True) == before
