"""The clock seam: frozen time, BOUNCEBACK_NOW, and the logical day across DST changes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tui import clock

from ..helpers import NOW, TODAY


@pytest.fixture
def local_zone(request: pytest.FixtureRequest) -> Iterator[ZoneInfo]:
    """Make the process's local time zone `request.param` (the C library reads TZ on tzset)."""
    name = request.param
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    yield ZoneInfo(name)
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


# --- logical_day -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "hour", "expected"),
    [
        (datetime(2026, 11, 21, 1, 30), 4, date(2026, 11, 20)),
        (datetime(2026, 11, 21, 3, 59, 59), 4, date(2026, 11, 20)),
        (datetime(2026, 11, 21, 4, 0), 4, date(2026, 11, 21)),
        (datetime(2026, 11, 21, 23, 59), 4, date(2026, 11, 21)),
        (datetime(2026, 11, 21, 0, 0), 0, date(2026, 11, 21)),
        (datetime(2026, 11, 21, 23, 59, 59), 0, date(2026, 11, 21)),
        (datetime(2026, 11, 21, 11, 59), 12, date(2026, 11, 20)),
        (datetime(2026, 11, 21, 12, 0), 12, date(2026, 11, 21)),
        # Across a month, a year and a leap day.
        (datetime(2026, 12, 1, 2, 0), 4, date(2026, 11, 30)),
        (datetime(2027, 1, 1, 3, 0), 4, date(2026, 12, 31)),
        (datetime(2028, 3, 1, 1, 0), 4, date(2028, 2, 29)),
    ],
)
def test_logical_day_naive(moment: datetime, hour: int, expected: date) -> None:
    assert clock.logical_day(moment, hour) == expected


# (zone, transition day, hour, fold, expected logical day) with day_start_hour 4 unless stated.
BERLIN_SPRING = date(2026, 3, 29)  # 02:00 CET -> 03:00 CEST
BERLIN_AUTUMN = date(2026, 10, 25)  # 03:00 CEST -> 02:00 CET
NY_SPRING = date(2026, 3, 8)  # 02:00 EST -> 03:00 EDT
NY_AUTUMN = date(2026, 11, 1)  # 02:00 EDT -> 01:00 EST


def _wall(zone: ZoneInfo, day: date, hour: int, minute: int, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone, fold=fold)


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
@pytest.mark.parametrize("day", [BERLIN_SPRING, BERLIN_AUTUMN])
def test_berlin_dst_nights(local_zone: ZoneInfo, day: date) -> None:
    evening = day - timedelta(days=1)
    for fold in (0, 1):
        assert clock.logical_day(_wall(local_zone, day, 1, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 2, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 3, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 4, 0, fold), 4) == day
        assert clock.logical_day(_wall(local_zone, day, 4, 30, fold), 4) == day


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
def test_berlin_spring_day_start_counts_wall_hours_not_elapsed_hours(local_zone: ZoneInfo) -> None:
    # 04:00 CEST on 29 March is only three real hours after midnight, yet it starts the day;
    # judged in UTC (02:00) it would still be the evening before.
    moment = _wall(local_zone, BERLIN_SPRING, 4, 0)
    assert moment.astimezone(UTC).hour == 2
    assert clock.logical_day(moment, 4) == BERLIN_SPRING
    # Naive wall time agrees with the aware moment.
    assert clock.logical_day(moment.replace(tzinfo=None), 4) == BERLIN_SPRING


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
def test_berlin_autumn_repeated_hour_with_day_start_at_two(local_zone: ZoneInfo) -> None:
    # 02:30 happens twice on 25 October; both belong to the new logical day when it starts at 2,
    # and 01:30 (once, CEST) still belongs to the evening before.
    day = BERLIN_AUTUMN
    assert clock.logical_day(_wall(local_zone, day, 1, 30), 2) == day - timedelta(days=1)
    first = _wall(local_zone, day, 2, 30, fold=0)
    second = _wall(local_zone, day, 2, 30, fold=1)
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert clock.logical_day(first, 2) == day
    assert clock.logical_day(second, 2) == day


@pytest.mark.parametrize("local_zone", ["America/New_York"], indirect=True)
@pytest.mark.parametrize("day", [NY_SPRING, NY_AUTUMN])
def test_new_york_dst_nights(local_zone: ZoneInfo, day: date) -> None:
    evening = day - timedelta(days=1)
    for fold in (0, 1):
        assert clock.logical_day(_wall(local_zone, day, 1, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 2, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 3, 30, fold), 4) == evening
        assert clock.logical_day(_wall(local_zone, day, 4, 0, fold), 4) == day


@pytest.mark.parametrize("local_zone", ["America/New_York"], indirect=True)
def test_new_york_autumn_both_01_30s_belong_to_the_evening_with_day_start_at_two(
    local_zone: ZoneInfo,
) -> None:
    day = NY_AUTUMN
    for fold in (0, 1):
        assert clock.logical_day(_wall(local_zone, day, 1, 30, fold), 2) == date(2026, 10, 31)
    assert clock.logical_day(_wall(local_zone, day, 2, 0), 2) == day


@pytest.mark.parametrize(
    ("local_zone", "day"),
    [
        ("Europe/Berlin", BERLIN_SPRING),
        ("Europe/Berlin", BERLIN_AUTUMN),
        ("America/New_York", NY_SPRING),
        ("America/New_York", NY_AUTUMN),
    ],
    indirect=["local_zone"],
)
def test_logical_day_changes_once_per_dst_night(local_zone: ZoneInfo, day: date) -> None:
    """Walking real time in 10-minute steps, the day turns exactly once, at 04:00 wall time."""
    start = datetime(day.year, day.month, day.day, tzinfo=local_zone).astimezone(UTC)
    seen: list[tuple[datetime, date]] = []
    for step in range(0, 12 * 6):
        instant = start + timedelta(minutes=10 * step)
        local = instant.astimezone(local_zone)
        seen.append((local, clock.logical_day(local, 4)))
        # The same instant given in UTC is judged by local wall time, too.
        assert clock.logical_day(instant, 4) == seen[-1][1]
    changes = [i for i in range(1, len(seen)) if seen[i][1] != seen[i - 1][1]]
    assert len(changes) == 1
    first_new = seen[changes[0]][0]
    assert (first_new.hour, first_new.minute) == (4, 0)
    assert seen[0][1] == day - timedelta(days=1)
    assert seen[-1][1] == day


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
def test_today_with_a_frozen_aware_moment(local_zone: ZoneInfo) -> None:
    clock.freeze(_wall(local_zone, BERLIN_SPRING, 3, 30))
    assert clock.today(4) == BERLIN_SPRING - timedelta(days=1)
    assert clock.today(3) == BERLIN_SPRING
    clock.freeze(_wall(local_zone, BERLIN_AUTUMN, 2, 30, fold=1))
    assert clock.today(4) == BERLIN_AUTUMN - timedelta(days=1)
    assert clock.today(0) == BERLIN_AUTUMN


# --- freeze, now, today, timestamp -------------------------------------------------------------


def test_the_test_clock_is_frozen_at_now() -> None:
    assert clock.now().replace(tzinfo=None) == NOW
    assert clock.now().tzinfo is not None
    assert clock.now() == clock.now()
    assert clock.today(4) == TODAY
    assert clock.today(20) == TODAY - timedelta(days=1)
    assert clock.timestamp() == "2026-11-21T19:30:00+00:00"


def test_freeze_naive_means_local_and_none_lets_time_run() -> None:
    clock.freeze(datetime(2028, 2, 29, 2, 15))
    assert clock.now().tzinfo is not None
    assert clock.now().replace(tzinfo=None) == datetime(2028, 2, 29, 2, 15)
    assert clock.today(4) == date(2028, 2, 28)
    assert clock.today(2) == date(2028, 2, 29)
    clock.freeze(None)
    real = datetime.now().astimezone()
    assert abs(clock.now() - real) < timedelta(seconds=30)
    assert clock.now().tzinfo is not None


def test_freeze_keeps_an_aware_moment() -> None:
    moment = datetime(2026, 11, 21, 1, 30, tzinfo=UTC)
    clock.freeze(moment)
    assert clock.now() == moment
    assert clock.today(4) == date(2026, 11, 20)


@pytest.fixture
def env_clock(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The real clock, with `_offset` forgotten so BOUNCEBACK_NOW is read again."""
    monkeypatch.setattr(clock, "_offset", None)
    clock.freeze(None)
    return monkeypatch


def test_bouncebacknow_starts_the_clock_there(env_clock: pytest.MonkeyPatch) -> None:
    env_clock.setenv("BOUNCEBACK_NOW", "2031-06-15T08:45:00")
    now = clock.now()
    assert now.tzinfo is not None
    assert abs(now.replace(tzinfo=None) - datetime(2031, 6, 15, 8, 45)) < timedelta(seconds=30)
    assert clock.today(4) == date(2031, 6, 15)
    assert clock.today(9) == date(2031, 6, 14)


def test_bouncebacknow_with_an_offset(env_clock: pytest.MonkeyPatch) -> None:
    target = datetime(2031, 6, 15, 8, 45, tzinfo=ZoneInfo("Asia/Tokyo"))
    env_clock.setenv("BOUNCEBACK_NOW", target.isoformat())
    assert abs(clock.now() - target) < timedelta(seconds=30)


@pytest.mark.parametrize("raw", ["", "   ", "not a time", "2026-13-45"])
def test_bad_or_empty_bouncebacknow_means_the_real_clock(
    env_clock: pytest.MonkeyPatch, raw: str
) -> None:
    env_clock.setenv("BOUNCEBACK_NOW", raw)
    assert abs(clock.now() - datetime.now().astimezone()) < timedelta(seconds=30)


def test_bouncebacknow_is_read_once(env_clock: pytest.MonkeyPatch) -> None:
    env_clock.setenv("BOUNCEBACK_NOW", "2031-06-15T08:45:00")
    first = clock.now()
    env_clock.setenv("BOUNCEBACK_NOW", "2040-01-01T00:00:00")
    assert clock.now() - first < timedelta(seconds=30)


@pytest.mark.parametrize("local_zone", ["Europe/Berlin"], indirect=True)
@pytest.mark.parametrize("target", ["2031-01-15T12:00:00", "2031-07-15T12:00:00"])
def test_bouncebacknow_across_a_dst_change_keeps_the_wall_time(
    local_zone: ZoneInfo, env_clock: pytest.MonkeyPatch, target: str
) -> None:
    # One of the two targets is on the other side of a DST change from the real date.
    env_clock.setenv("BOUNCEBACK_NOW", target)
    now = clock.now()
    wanted = datetime.fromisoformat(target)
    assert abs(now.replace(tzinfo=None) - wanted) < timedelta(seconds=30)
    assert now.utcoffset() == wanted.replace(tzinfo=local_zone).utcoffset()
    assert clock.timestamp().endswith("+01:00" if wanted.month == 1 else "+02:00")
