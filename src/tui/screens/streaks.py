"""Streaks: the weekly view of every pillar, with the reasons behind each number."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from ..domain.explain import (
    BRIDGED_PAST_WEEK,
    cell_kind,
    strength_words,
    today_needs,
    week_words,
    why_daily,
    why_week,
    why_weekly,
)
from ..domain.pillars import DISPLAY_NAMES, PILLARS, WEEKDAY_FULL_NAMES
from ..domain.states import Shade
from ..domain.streaks import BRIDGED, MET, MISSED, PENDING, Stats, Week, week_start_of
from ..domain.words import plural
from ..services import Change, Topic
from ..widgets.heat_map import HeatMap
from ..widgets.key_bar import KeyBar
from .base import BouncebackScreen

OVERALL = "overall"
TODAY_WORDS = {MET: "met ✓", PENDING: "open", BRIDGED: "bridged", MISSED: "not yet"}
BARS = "▁▂▃▄▅▆▇█"


def trend_line(values: tuple[float, ...], width: int = 14) -> str:
    """A one-line sparkline of strength over time, scaled to the range it shows (strength that
    stays between 76 and 89 % would otherwise be an almost solid bar); a flat trend is a flat
    line at its level."""
    if not values:
        return ""
    step = max(1, len(values) // width)
    picked = values[::-1][::step][:width][::-1]
    low, high = min(picked), max(picked)
    if high - low < 0.02:  # flat: where it sits on the whole 0..1 scale
        return BARS[min(len(BARS) - 1, int(high * len(BARS)))] * len(picked)
    spread = high - low
    return "".join(BARS[min(len(BARS) - 1, int((v - low) / spread * len(BARS)))] for v in picked)


COLUMNS = ("", "Today", "Daily (best)", "Weekly (best)", "This week", "Strength", "Trend")
NARROW_COLUMNS = ("", "Today", "Daily", "Weekly", "This week", "Strength")
COMPACT_WIDTH = 100
"""Columns below which the overview drops its trend and shortens its headings."""
COMPACT_HEIGHT = 30
"""Rows below which the intro line gives its room to the heat map."""


class StreaksScreen(BouncebackScreen[None]):
    """Per pillar and overall: heat map, streaks, strength, weeks, and why."""

    DEFAULT_CSS = """
    StreaksScreen { layout: vertical; }
    StreaksScreen #heading { padding: 1 2 0 2; text-style: bold; height: auto; }
    StreaksScreen #subheading { padding: 0 2 1 2; color: $text-muted; height: auto; }
    StreaksScreen #overview { height: auto; max-height: 9; margin: 0 1; }
    StreaksScreen #detail { height: 1fr; margin: 1 1 0 1; }
    StreaksScreen #left { width: 1fr; height: auto; padding: 0 1; }
    StreaksScreen #right { width: 1fr; padding: 0 1; border-left: vkey $foreground 45%; }
    StreaksScreen .section { text-style: bold; margin-bottom: 1; height: auto; }
    StreaksScreen #weeks { margin-top: 1; height: auto; }
    StreaksScreen #explain { height: auto; }
    StreaksScreen.-short #subheading { display: none; }
    StreaksScreen.-short #heading { padding: 0 2; }
    StreaksScreen.-short #detail { margin-top: 0; }
    StreaksScreen.-short .section { margin-bottom: 0; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="streaks.back"),
        Binding(
            "left_square_bracket",
            "shift_weeks(-1)",
            "Week",
            key_display="[ ]",
            id="streaks.prev",
            tooltip="An earlier week (] for a later one)",
        ),
        Binding(
            "right_square_bracket", "shift_weeks(1)", "Later week", show=False, id="streaks.next"
        ),
        Binding("t", "this_week", "This week", id="streaks.this_week"),
    ]

    selected: reactive[str] = reactive(OVERALL)
    """The row whose detail is shown: `overall` or a pillar."""
    last_week: reactive[date] = reactive(date.min, init=False)
    """The first day of the latest week the heat map shows."""

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None
        self._rows: list[tuple[str, tuple[str | Text, ...]]] = []

    PALETTE = (
        ("Earlier week", "Look further back in the heat map and the weeks", "shift_weeks(-1)"),
        ("Later week", "Towards this week", "shift_weeks(1)"),
        ("This week", "Back to the current week", "this_week"),
    )

    def compose(self) -> ComposeResult:
        yield Static("Streaks", id="heading")
        start = WEEKDAY_FULL_NAMES[self.bounceback.settings.week_start].capitalize()
        yield Static(
            f"Calendar weeks, starting {start}. Rest days, freezes and pauses bridge a "
            "streak: they keep it alive without adding to it.",
            id="subheading",
        )
        yield DataTable(cursor_type="row", id="overview")
        with Horizontal(id="detail"):
            with Vertical(id="left"):
                yield Static("", classes="section", id="detail-title")
                yield HeatMap(id="heat-map")
                yield Static("", id="weeks")
            with VerticalScroll(id="right"):
                yield Static("Why these numbers", classes="section")
                yield Static("Reading your history…", id="explain")
        yield KeyBar()

    def on_resize(self) -> None:
        size = self.app.size
        self.set_class(size.height < COMPACT_HEIGHT, "-short")
        narrow = size.width < COMPACT_WIDTH
        table = self.query_one(DataTable)
        if table.columns and narrow == self._narrow:
            return
        self._narrow = narrow
        # Narrow: shorter headings and no trend, so the table needs no sideways scrolling.
        table.clear(columns=True)
        table.add_columns(*(NARROW_COLUMNS if narrow else COLUMNS))
        self._rows = []
        if self.stats is not None:
            self._fill_table(self.stats)

    _narrow = False

    def on_mount(self) -> None:
        self.on_resize()
        app = self.bounceback
        self.set_reactive(
            StreaksScreen.last_week, week_start_of(app.today, app.settings.week_start)
        )
        self.set_focus(self.query_one(DataTable))
        full = app.cached_stats()
        if full is not None:
            self._show(full)
            return
        # Today's figures are usually at hand already: the table shows them at once, and the
        # heat map and reasons (which need every day judged) follow from the worker.
        summary = app.cached_stats("summary")
        if summary is not None:
            self._fill_table(summary)
            # Shown first; judging every day would compete with the first paint.
            self.call_after_refresh(self.load_stats)
        else:
            self.load_stats()

    @work(thread=True, exclusive=True, group="streaks", exit_on_error=False)
    def load_stats(self) -> None:
        """Judge every day off the main thread."""
        app = self.bounceback
        app.call_from_thread(self._show, app.compute_stats())

    def _show(self, stats: Stats) -> None:
        self.stats = stats
        self._fill_table(stats)
        self._draw_detail()

    def _fill_table(self, stats: Stats) -> None:
        overall = stats.overall
        rows: list[tuple[str, tuple[str | Text, ...]]] = [
            (
                OVERALL,
                (
                    Text("Overall", style="bold"),
                    TODAY_WORDS.get(overall.today, ""),
                    f"{overall.daily_streak} ({overall.best_daily_streak})",
                    "",
                    "",
                    "",
                    "",
                ),
            )
        ]
        for pillar in PILLARS:
            ps = stats.pillars[pillar]
            rows.append(
                (
                    pillar,
                    (
                        DISPLAY_NAMES[pillar],
                        TODAY_WORDS.get(ps.today, "") + (" · at risk" if ps.at_risk else ""),
                        f"{ps.daily_streak} ({ps.best_daily_streak})",
                        f"{ps.weekly_streak} ({ps.best_weekly_streak})",
                        week_words(ps),
                        f"{round(ps.strength * 100)} %",
                        trend_line(ps.strength_trend),
                    ),
                )
            )
        if rows == self._rows:
            return  # the same figures (the full judgement after today's summary): keep the cursor
        self._rows = rows
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        shown = len(table.columns)
        for key, cells in rows:
            table.add_row(*cells[:shown], key=key)
        table.move_cursor(row=min(cursor, len(rows) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value:
            self.selected = str(event.row_key.value)

    def watch_selected(self) -> None:
        self._draw_detail()

    def watch_last_week(self) -> None:
        self._draw_detail()

    def _draw_detail(self) -> None:
        stats = self.stats
        if stats is None or not self.is_attached:
            return
        today = stats.as_of
        heat_map = self.query_one(HeatMap)
        heat_map.week_start = self.bounceback.settings.week_start
        heat_map.last_week = self.last_week
        week_end = self.last_week + timedelta(days=6)
        if self.selected == OVERALL:
            days = stats.overall.days
            heat_map.cells = {
                d: (Shade.PARTIAL if s == MISSED and _any_met(stats, d) else Shade(s))
                for d, s in days.items()
            }
            title = "Overall — every pillar met or excused, at least one met"
            weeks = self._overall_weeks(stats, week_end)
            explain = why_daily(days, stats.overall.daily_streak, today)
        else:
            ps = stats.pillars[self.selected]
            heat_map.cells = {d: cell_kind(j, d, today) for d, j in ps.days.items()}
            title = DISPLAY_NAMES[self.selected]
            weeks = "\n".join(
                _week_line(w, today) for w in reversed(ps.weeks) if w.start <= self.last_week
            )
            target = self.bounceback.settings.pillars[self.selected].weekly_target
            explain = "\n\n".join(
                (
                    today_needs(ps, today),
                    why_daily({d: j.status for d, j in ps.days.items()}, ps.daily_streak, today),
                    why_weekly(ps, target),
                    strength_words(ps.strength),
                )
            )
        this_week = self.last_week == week_start_of(today, self.bounceback.settings.week_start)
        shown = "this week" if this_week else f"to the week of {self.last_week:%d %b %Y}"
        if not this_week:
            # Looking back: the week on the right of the heat map comes first, then today's.
            if self.selected == OVERALL:
                chosen = why_week(self.last_week, stats.overall.days)
            else:
                ps = stats.pillars[self.selected]
                week = next((w for w in ps.weeks if w.start == self.last_week), None)
                statuses = {d: j.status for d, j in ps.days.items()}
                chosen = why_week(self.last_week, statuses, week)
            explain = f"{chosen}\n\nAs of today: {explain}"
        self.query_one("#detail-title", Static).update(f"{title} · {shown}")
        self.query_one("#weeks", Static).update(
            "\n".join(weeks.splitlines()[:8]) or "No weeks yet."
        )
        self.query_one("#explain", Static).update(explain)

    def _overall_weeks(self, stats: Stats, week_end: date) -> str:
        lines = []
        start = self.last_week
        for _ in range(8):
            met = sum(
                1 for i in range(7) if stats.overall.days.get(start + timedelta(days=i)) == MET
            )
            if not any(start + timedelta(days=i) in stats.overall.days for i in range(7)):
                break
            lines.append(f"{start:%d %b}  {plural(met, 'met day')}")
            start -= timedelta(weeks=1)
        return "\n".join(lines)

    WATCHES = frozenset(Topic)

    def show_change(self, change: Change) -> None:
        self.load_stats()

    def action_back(self) -> None:
        """Back to Today."""
        self.app.pop_screen()

    def action_shift_weeks(self, offset: int) -> None:
        """Show earlier or later weeks."""
        app = self.bounceback
        latest = week_start_of(app.today, app.settings.week_start)
        earliest = week_start_of(app.settings.start_date or app.today, app.settings.week_start)
        moved = self.last_week + timedelta(weeks=offset)
        self.last_week = max(earliest, min(latest, moved))

    def action_this_week(self) -> None:
        """Back to the current week."""
        app = self.bounceback
        self.last_week = week_start_of(app.today, app.settings.week_start)


def _any_met(stats: Stats, day: date) -> bool:
    return any(
        ps.days.get(day) is not None and ps.days[day].status == MET for ps in stats.pillars.values()
    )


def _week_line(week: Week, today: date) -> str:
    label = f"{week.start:%d %b}"
    if week.status == BRIDGED:
        return f"{label}  {BRIDGED_PAST_WEEK[week.excused]}"
    words = {MET: "met ✓", PENDING: "in progress", MISSED: "not yet"}[week.status]
    return f"{label}  {week.met_days}/{week.target}  {words}"
