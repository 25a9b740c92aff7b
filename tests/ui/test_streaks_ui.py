"""Streaks in the app: Today's chips, freezes, celebrations, the yesterday review and the
Streaks screen. The numbers are worked out by hand from PRODUCT.md § "Day and streak rules".

The clock is frozen at Saturday 2026-11-21 19:30 (tests/conftest.py); the search started on
Monday 2026-11-02 with the starter routine. Apply and network rest on Saturday and Sunday.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from textual.widgets import DataTable, Static

from tui.domain.pillars import PILLARS
from tui.screens.review import ReviewScreen
from tui.screens.streaks import StreaksScreen
from tui.screens.today import TodayScreen
from tui.store import entries, excuses, history
from tui.store import settings as settings_store
from tui.widgets.heat_map import HeatMap
from tui.widgets.pillar_board import PillarBoard, PillarColumn

from ..helpers import SIZE, TODAY, day_items, notification_messages, notifications

FRIDAY = date(2026, 11, 20)
THIS_MONDAY = date(2026, 11, 16)
START = date(2026, 11, 2)

SELF_CARE = ("A 20-minute walk", "Write down one small win")
LEARN = ("30 minutes on a skill", "Practise one interview answer aloud")
APPLY = ("Send tailored applications",)
NETWORK = ("Reach out to one person", "Follow up on an application or ask for feedback")


def days(first: date, last: date, skip: Iterable[date] = ()) -> list[date]:
    skipped = set(skip)
    count = (last - first).days + 1
    return [
        first + timedelta(days=i) for i in range(count) if first + timedelta(days=i) not in skipped
    ]


def fill(db, titles: Iterable[str], on: Iterable[date], amount: int | None = None) -> None:
    """Back-fill entries through the store: each title done (or `amount`) on each day."""
    for day in on:
        items = day_items(db, day, TODAY)
        for title in titles:
            item = items[title]
            entries.put(db, item.ref, day, item.target if amount is None else amount, "")


def column(app, pillar: str) -> PillarColumn:
    return app.screen.query_one(PillarBoard).column(pillar)


def focused(app) -> PillarColumn | None:
    """The pillar the keys go to, if the board has the focus."""
    board = app.screen.query_one(PillarBoard)
    return board.current if app.focused is board else None


async def settle(pilot) -> None:
    """Let the stats worker finish and its result reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def focus(pilot, pillar: str) -> None:
    column(pilot.app, pillar).focus()
    await pilot.pause()


# -- Today: chips and "at risk"


def _history_for_chips(db) -> None:
    # Self-care: every day 9..20 but Thursday 12 → this week 16..20 met (5/5), last week
    # 6 of 7 met (target 5, met); daily run 13..20 = 8 days, ended by the miss on the 12th.
    fill(db, SELF_CARE, days(date(2026, 11, 9), FRIDAY, skip=[date(2026, 11, 12)]))
    # Learn: Thursday and Friday only, and half of Wednesday (a missed, partial day).
    fill(db, LEARN, [date(2026, 11, 19), FRIDAY])
    fill(db, LEARN[:1], [date(2026, 11, 18)])
    # Apply: 2 applications every weekday this week; the weekend rests.
    fill(db, APPLY, days(THIS_MONDAY, FRIDAY))
    # Network: nothing at all.


async def test_chips_show_week_progress_and_streaks(ready_db, make_app):
    _history_for_chips(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Self-care: 5 met of target 5 → ✓; streak 8 days; weeks of 9th and 16th met → 2.
        assert column(app, "self_care").chips == ("week 5/5 ✓", "streak 8 days · 2 weeks")
        # Learn: 2 met of target 4, Saturday and Sunday still open; run of 2; no met week.
        assert column(app, "learn").chips == ("week 2/4 · 2 days left", "streak 2 days · 0 weeks")
        # Apply: 5 open weekdays, all met; the weekend before bridges to Friday 13, a miss.
        assert column(app, "apply").chips == ("week 5/5 ✓", "streak 5 days · 1 week")
        # Network: nothing met ever; 5 open days, target 3, and only rest days are left.
        # Saturday is a rest day and the week can no longer be met: said gently.
        assert column(app, "network").chips == ("week 0/3 · not yet", "resting today")
        # Today is pending for learn and self-care, both with a streak riding on it.
        assert column(app, "self_care").at_risk
        assert column(app, "learn").at_risk
        # Apply rests today (bridged); network has no streak to lose.
        assert not column(app, "apply").at_risk
        assert not column(app, "network").at_risk
        # The chips agree with the store's numbers.
        stats = history.stats(ready_db, TODAY)
        assert stats.pillars["self_care"].daily_streak == 8
        assert stats.pillars["self_care"].weekly_streak == 2


async def test_meeting_today_clears_at_risk_and_grows_the_streak(ready_db, make_app):
    _history_for_chips(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus(pilot, "self_care")
        await pilot.press("space")
        await settle(pilot)
        # One of two items: today still pending, still at risk.
        assert column(app, "self_care").at_risk
        assert column(app, "self_care").chips[1] == "streak 8 days · 2 weeks"
        await pilot.press("j", "space")
        await settle(pilot)
        assert not column(app, "self_care").at_risk
        assert column(app, "self_care").chips == ("week 6/5 ✓", "streak 9 days · 2 weeks")
        assert "· at risk" not in column(app, "self_care").lines()[0]
        assert "· at risk" in column(app, "learn").lines()[0]


async def test_at_risk_only_on_today_not_on_a_day_being_back_filled(ready_db, make_app):
    _history_for_chips(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.day == FRIDAY
        assert not column(app, "learn").at_risk
        assert not column(app, "self_care").at_risk


# -- Today: freezes


async def test_f_freezes_the_focused_pillar_and_u_undoes_it(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert focused(app) is column(app, "learn")
        await pilot.press("f")
        await settle(pilot)
        assert excuses.freezes(ready_db) == {("learn", TODAY)}
        assert [item.state for item in column(app, "learn").items] == ["excused", "excused"]
        assert column(app, "learn").summary == "excused today"
        stored = day_items(ready_db, TODAY)
        assert [stored[title].state for title in LEARN] == ["excused", "excused"]
        assert any(
            "Learn is excused for today" in m and "1 freeze left this month" in m
            for m in notification_messages(app)
        )
        # Frozen today, learn is bridged: no longer at risk, and the rest is untouched.
        assert not column(app, "learn").at_risk
        assert [item.state for item in column(app, "self_care").items] == ["pending", "pending"]
        await pilot.press("u")
        await settle(pilot)
        assert excuses.freezes(ready_db) == frozenset()
        assert [item.state for item in column(app, "learn").items] == ["pending", "pending"]
        assert any("Undone: froze Learn" in m for m in notification_messages(app))


async def test_the_second_freeze_of_the_month_says_none_are_left(ready_db, make_app):
    excuses.add_freeze(ready_db, "apply", date(2026, 11, 3), 2)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await focus(pilot, "self_care")
        await pilot.press("f")
        await settle(pilot)
        assert ("self_care", TODAY) in excuses.freezes(ready_db)
        assert any("0 freezes left this month" in m for m in notification_messages(app))


async def test_f_is_refused_kindly_when_the_month_has_no_freezes_left(ready_db, make_app):
    excuses.add_freeze(ready_db, "apply", date(2026, 11, 3), 2)
    excuses.add_freeze(ready_db, "network", date(2026, 11, 10), 2)
    before = excuses.freezes(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert excuses.freezes(ready_db) == before
        assert [item.state for item in column(app, "learn").items] == ["pending", "pending"]
        refusal = [n for n in notifications(app) if "no freezes left" in n.message]
        assert refusal, notification_messages(app)
        assert refusal[0].severity != "error"
        assert "not yet" in refusal[0].message
        assert "Traceback" not in refusal[0].message
        assert len(app.undo) == 0


async def test_f_on_a_pillar_already_met_keeps_the_freeze(ready_db, make_app):
    fill(ready_db, LEARN, [TODAY])
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await focus(pilot, "learn")
        await pilot.press("f")
        await settle(pilot)
        assert excuses.freezes(ready_db) == frozenset()
        assert any("Learn is already met" in m for m in notification_messages(app))
        assert len(app.undo) == 0


async def test_f_back_fills_a_freeze_on_a_past_day(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await focus(pilot, "network")
        await pilot.press("f")
        await settle(pilot)
        assert excuses.freezes(ready_db) == {("network", FRIDAY)}
        assert [item.state for item in column(app, "network").items] == ["excused", "excused"]
        assert any("Network is excused for yesterday" in m for m in notification_messages(app))


# -- Today: celebrations


async def test_reaching_the_weekly_target_is_celebrated(ready_db, make_app):
    # A long run early on (best 10), so only the weekly target is news today.
    fill(ready_db, SELF_CARE, days(START, date(2026, 11, 11)))
    fill(ready_db, SELF_CARE, days(date(2026, 11, 17), FRIDAY))  # 4 of 5 this week
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert column(app, "self_care").chips[0] == "week 4/5 · 2 days left"
        await focus(pilot, "self_care")
        await pilot.press("space")
        await settle(pilot)
        assert not any("target" in m for m in notification_messages(app))  # one of two: not yet met
        await pilot.press("j", "space")
        await settle(pilot)
        cheers = [n for n in notifications(app) if n.title == "Well done"]
        assert [n.message for n in cheers] == ["Self-care: this week's target is reached (5/5)."]
        assert column(app, "self_care").chips[0] == "week 5/5 ✓"


async def test_beating_the_best_daily_streak_is_celebrated(ready_db, make_app):
    fill(ready_db, SELF_CARE, days(START, date(2026, 11, 4)))  # best run: 3 days
    fill(ready_db, SELF_CARE, days(date(2026, 11, 18), FRIDAY))  # current run: 3 days
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await focus(pilot, "self_care")
        await pilot.press("space", "j", "space")
        await settle(pilot)
        cheers = [n.message for n in notifications(app) if n.title == "Well done"]
        # Week: 4 of 5, not reached; the run of 4 beats the best of 3.
        assert cheers == ["Self-care: 4 days in a row — your best yet."]


# -- the yesterday review


def _open_yesterday(db) -> None:
    settings_store.save(db, {"last_opened_day": "2026-11-20"})


async def test_review_lists_yesterdays_open_items_and_settles_each(ready_db, make_app):
    _open_yesterday(ready_db)
    fill(ready_db, SELF_CARE[:1], [FRIDAY])  # the walk was done: not in the review
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.day == FRIDAY
        assert "Friday 20 November 2026" in str(screen.query_one("#title").render())
        titles = [item.title for item in screen.items]
        assert titles == [*APPLY, *NETWORK, *LEARN, SELF_CARE[1]]
        # d: the applications were sent after all → an entry for Friday at the target.
        await pilot.press("d")
        await pilot.pause()
        applied = day_items(ready_db, FRIDAY, TODAY)["Send tailored applications"]
        assert (applied.amount, applied.state) == (2, "done")
        # f on the first network item: the whole pillar is frozen for Friday.
        await pilot.press("f")
        await pilot.pause()
        assert excuses.freezes(ready_db) == {("network", FRIDAY)}
        assert screen.decisions == {0: "done", 1: "frozen", 2: "frozen"}
        assert any("Network is excused for yesterday" in m for m in notification_messages(app))
        friday = day_items(ready_db, FRIDAY, TODAY)
        assert {friday[t].state for t in NETWORK} == {"excused"}
        # n: learn was not done, and that is fine; nothing is written.
        await pilot.press("n")
        await pilot.pause()
        assert screen.decisions[3] == "not yet"
        assert day_items(ready_db, FRIDAY, TODAY)[LEARN[0]].amount == 0
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("d")  # the last one: on to Today
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.day == TODAY
        assert day_items(ready_db, FRIDAY, TODAY)[SELF_CARE[1]].state == "done"
        assert day_items(ready_db, FRIDAY, TODAY)[LEARN[1]].state == "missed"

    # Reopening the same day does not ask again.
    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, TodayScreen)
        assert not any(isinstance(s, ReviewScreen) for s in again.screen_stack)


async def test_enter_leaves_the_review_with_the_rest_undecided(ready_db, make_app):
    _open_yesterday(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert len(app.screen.items) == 7
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert excuses.freezes(ready_db) == frozenset()
        assert all(item.amount == 0 for item in day_items(ready_db, FRIDAY, TODAY).values())


async def test_a_review_decision_can_be_undone_from_today(ready_db, make_app):
    _open_yesterday(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "f", "enter")  # freeze network for Friday
        await settle(pilot)
        assert excuses.freezes(ready_db) == {("network", FRIDAY)}
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("u")
        await settle(pilot)
        assert excuses.freezes(ready_db) == frozenset()


async def test_review_freeze_refused_when_no_freezes_are_left(ready_db, make_app):
    _open_yesterday(ready_db)
    excuses.add_freeze(ready_db, "apply", date(2026, 11, 3), 2)
    excuses.add_freeze(ready_db, "apply", date(2026, 11, 4), 2)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.decisions == {}
        assert ("apply", FRIDAY) not in excuses.freezes(ready_db)
        assert any("no freezes left" in m for m in notification_messages(app))


async def test_no_review_when_yesterday_has_nothing_open(ready_db, make_app):
    _open_yesterday(ready_db)
    fill(ready_db, (*APPLY, *NETWORK, *LEARN, *SELF_CARE), [FRIDAY])
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert not any(isinstance(s, ReviewScreen) for s in app.screen_stack)


async def test_the_review_holds_only_undecided_items(ready_db, make_app):
    """A partial count is still undecided; a frozen pillar is settled."""
    _open_yesterday(ready_db)
    fill(ready_db, (*LEARN, *SELF_CARE), [FRIDAY])
    excuses.add_freeze(ready_db, "network", FRIDAY, 2)
    fill(ready_db, APPLY, [FRIDAY], amount=1)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert [(i.title, i.state) for i in app.screen.items] == [(APPLY[0], "partial")]


async def test_no_review_on_the_first_ever_opening(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    saved = ready_db.query("SELECT value FROM settings WHERE key = 'last_opened_day'")
    assert saved[0]["value"] == '"2026-11-21"'


# -- the Streaks screen


def _history_for_streaks(db) -> None:
    _history_for_chips(db)
    # Apply also met the whole of the week of the 9th, and half of Monday the 2nd.
    fill(db, APPLY, days(date(2026, 11, 9), date(2026, 11, 13)))
    fill(db, APPLY, [START], amount=1)
    # Network froze Tuesday the 17th.
    excuses.add_freeze(db, "network", date(2026, 11, 17), 2)


async def open_streaks(pilot) -> StreaksScreen:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StreaksScreen)
    return screen


def row_texts(table: DataTable, key: str) -> list[str]:
    return [str(cell) for cell in table.get_row(key)]


async def test_streaks_overview_rows_match_the_stats(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        assert [row.key.value for row in table.ordered_rows] == ["overall", *PILLARS]
        stats = history.stats(ready_db, TODAY)
        for pillar in PILLARS:
            ps = stats.pillars[pillar]
            cells = row_texts(table, pillar)
            assert cells[2] == f"{ps.daily_streak} ({ps.best_daily_streak})"
            assert cells[3] == f"{ps.weekly_streak} ({ps.best_weekly_streak})"
            assert cells[5] == f"{round(ps.strength * 100)} %"
        # And by hand:
        assert row_texts(table, "self_care")[1:5] == ["open · at risk", "8 (8)", "2 (2)", "5/5 ✓"]
        assert row_texts(table, "learn")[1:5] == [
            "open · at risk",
            "2 (2)",
            "0 (0)",
            "2/4 · 2 days left",
        ]
        # Apply: 9..13 and 16..20 met, the weekend between bridges: 10 days, 2 weeks.
        assert row_texts(table, "apply")[1:5] == ["bridged", "10 (10)", "2 (2)", "5/5 ✓"]
        # Network: the freeze lowers this week's open days to 4; target stays 3.
        assert row_texts(table, "network")[1:5] == [
            "bridged",
            "0 (0)",
            "0 (0)",
            "0/3 · not yet",
        ]
        overall = stats.overall
        assert row_texts(table, "overall")[:3] == [
            "Overall",
            "open",
            f"{overall.daily_streak} ({overall.best_daily_streak})",
        ]
        # Network never met a day, so no overall day was met.
        assert (overall.daily_streak, overall.best_daily_streak) == (0, 0)


async def test_moving_down_selects_a_pillar_and_explains_it(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(pilot)
        title = screen.query_one("#detail-title", Static)
        explain = screen.query_one("#explain", Static)
        assert screen.selected == "overall"
        assert str(title.render()).startswith("Overall")
        overall_text = str(explain.render())
        await pilot.press("down")
        await pilot.pause()
        assert screen.selected == "apply"
        assert str(title.render()) == "Apply · this week"
        apply_text = str(explain.render())
        assert apply_text != overall_text
        assert "The daily streak is 10" in apply_text
        assert "weekly streak is 2 weeks" in apply_text
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert screen.selected == "self_care"
        assert str(title.render()) == "Self-care · this week"
        text = str(explain.render())
        assert "Today: 0 of 2 done; 2 more and it counts as met" in text
        assert "The daily streak is 8" in text
        assert "a “not yet”" in text  # the run began after Thursday 12 November
        assert "Thu 12 Nov" in text


async def test_heat_map_cells_for_known_days(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(pilot)
        heat_map = screen.query_one(HeatMap)
        await pilot.press("down")  # apply
        await pilot.pause()
        cells = heat_map.cells
        assert cells[date(2026, 11, 9)] == "met"
        assert cells[START] == "partial"  # 1 of 2 applications
        assert cells[date(2026, 11, 3)] == "missed"
        assert cells[date(2026, 11, 14)] == "bridged"  # a Saturday: apply rests
        assert cells[TODAY] == "bridged"
        await pilot.press("down")  # network
        await pilot.pause()
        assert heat_map.cells[date(2026, 11, 17)] == "bridged"  # the freeze
        assert heat_map.cells[date(2026, 11, 16)] == "missed"
        await pilot.press("down")  # learn
        await pilot.pause()
        cells = heat_map.cells
        assert cells[date(2026, 11, 18)] == "partial"  # one of two items, a past day
        assert cells[date(2026, 11, 19)] == "met"
        assert cells[TODAY] == "pending"
        assert cells[date(2026, 11, 22)] == "future"
        assert date(2026, 11, 23) not in cells
        assert min(cells) == START


async def test_brackets_move_the_heat_map_within_the_search(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_streaks(pilot)
        heat_map = screen.query_one(HeatMap)
        title = screen.query_one("#detail-title", Static)
        weeks = screen.query_one("#weeks", Static)
        await pilot.press("down", "down", "down")  # learn
        await pilot.pause()
        assert heat_map.last_week == THIS_MONDAY
        assert str(weeks.render()).splitlines()[0] == "16 Nov  2/4  in progress"
        await pilot.press("right_square_bracket")  # never past the current week
        await pilot.pause()
        assert heat_map.last_week == THIS_MONDAY
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert heat_map.last_week == date(2026, 11, 9)
        assert screen.last_week == date(2026, 11, 9)
        assert str(title.render()) == "Learn · to the week of 09 Nov 2026"
        # The week list follows: it starts at the week shown.
        assert str(weeks.render()).splitlines() == ["09 Nov  0/4  not yet", "02 Nov  0/4  not yet"]
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert heat_map.last_week == START  # never before the week the search started
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert heat_map.last_week == date(2026, 11, 9)
        await pilot.press("t")
        await pilot.pause()
        assert heat_map.last_week == THIS_MONDAY
        assert str(title.render()).endswith("· this week")


async def test_escape_goes_back_to_today(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_streaks(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.day == TODAY


async def test_streaks_opens_from_the_command_palette_too(ready_db, make_app):
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_streaks()
        await settle(pilot)
        assert isinstance(app.screen, StreaksScreen)
        app.action_streaks()  # not twice on the stack
        await pilot.pause()
        assert sum(isinstance(s, StreaksScreen) for s in app.screen_stack) == 1


async def test_the_table_shows_todays_figures_before_every_day_is_judged(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.cached_stats("summary") is not None  # Today computed its figures
        assert app.cached_stats() is None  # ...and never judged every day
        judged = []

        def slow_full():  # type: ignore[no-untyped-def]
            judged.append(True)
            return history.stats(ready_db.for_thread(), app.today)

        app.compute_stats = slow_full  # type: ignore[method-assign]
        app.screen.action_streaks()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StreaksScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        apply = app.cached_stats("summary").pillars["apply"]
        assert row_texts(table, "apply")[2] == f"{apply.daily_streak} ({apply.best_daily_streak})"
        await pilot.press("down", "down")  # Network: the full judgement must not move it back
        await settle(pilot)
        assert judged and screen.stats is not None
        assert screen.selected == "network"
        assert table.cursor_row == 2
        full = screen.stats.pillars["network"]
        assert row_texts(table, "network")[2] == f"{full.daily_streak} ({full.best_daily_streak})"


async def test_the_carry_the_app_keeps_is_not_taken_for_another_windows_change(ready_db, make_app):
    _history_for_streaks(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ready_db.query("SELECT count(*) FROM streak_carry")[0][0] == 1
        reloads = []
        screen = app.screen
        original = screen.show_change
        screen.show_change = lambda change: (reloads.append(1), original(change))  # type: ignore[method-assign]
        app.check_other_windows()
        await pilot.pause()
        assert reloads == []


async def test_an_earlier_week_is_marked_on_the_heat_map_and_explained(ready_db, make_app):
    from tui.widgets.heat_map import HeatMap

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "down", "down", "left_square_bracket")  # Learn, a week back
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        marker = str(screen.query_one(HeatMap).render()).splitlines()[8]
        assert marker.strip() == "↑"
        explain = str(screen.query_one("#explain").render())
        assert explain.startswith("The week of Mon 9 Nov:")
        assert "As of today:" in explain


def test_the_trend_is_scaled_to_the_range_it_shows() -> None:
    from tui.screens.streaks import BARS, trend_line

    rising = tuple(0.76 + 0.01 * n for n in range(14))  # 76 % to 89 %
    line = trend_line(rising)
    assert line[0] == BARS[0] and line[-1] == BARS[-1]  # the whole height, not a solid bar
    assert len(set(line)) >= 6
    assert trend_line((0.5,) * 14) == BARS[4] * 14  # flat: a flat line at its level
    assert trend_line(()) == ""
