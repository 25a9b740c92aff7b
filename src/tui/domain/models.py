"""The values that flow from the store into domain logic and screens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from .pillars import DEFAULT_REST_DAYS, DEFAULT_WEEKLY_TARGET, PILLARS

ItemKind = Literal["routine", "task"]


class ItemRef(NamedTuple):
    """Which routine or task an entry belongs to.

    A named tuple rather than a dataclass: it is a dictionary key in every streak computation,
    and tuple hashing runs in C.
    """

    kind: ItemKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


class Routine(NamedTuple):
    """A recurring item in one pillar."""

    id: int
    pillar: str
    title: str
    kind: str  # "check" or "count"
    target: int
    unit: str
    rrule: str
    start_date: date
    end_date: date | None = None
    archived_on: date | None = None
    position: int = 0

    @property
    def ref(self) -> ItemRef:
        return ItemRef("routine", self.id)

    @property
    def archived(self) -> bool:
        return self.archived_on is not None


class Task(NamedTuple):
    """A one-off item for one day in one pillar."""

    id: int
    pillar: str
    title: str
    kind: str
    target: int
    unit: str
    day: date
    position: int = 0

    @property
    def ref(self) -> ItemRef:
        return ItemRef("task", self.id)


class Entry(NamedTuple):
    """What happened to one item on one logical day."""

    ref: ItemRef
    day: date
    amount: int
    note: str
    updated_at: str


class PillarSettings(NamedTuple):
    """Per-pillar settings."""

    weekly_target: int
    rest_days: frozenset[int]


def _default_pillars() -> dict[str, PillarSettings]:
    return {
        key: PillarSettings(DEFAULT_WEEKLY_TARGET[key], DEFAULT_REST_DAYS[key]) for key in PILLARS
    }


@dataclass(frozen=True)
class Settings:
    """Everything a person can configure."""

    name: str = ""
    start_date: date | None = None
    day_start_hour: int = 4
    week_start: int = 0  # Monday
    freezes_per_month: int = 2
    pillars: dict[str, PillarSettings] = field(default_factory=_default_pillars)

    @property
    def initialized(self) -> bool:
        return self.start_date is not None


@dataclass(frozen=True)
class RoutineDraft:
    """A routine not yet saved (the first-run starter, the add form, the CLI)."""

    pillar: str
    title: str
    target: int = 1
    unit: str = ""
    rrule: str = "FREQ=DAILY"

    @property
    def kind(self) -> str:
        return item_kind(self.target, self.unit)


def item_kind(target: int, unit: str) -> str:
    """A count has a unit or a target above one; anything else is a simple check."""
    return "count" if target > 1 or unit.strip() else "check"


class Pause(NamedTuple):
    """A date range (both ends included) that excuses every pillar."""

    id: int
    start: date
    end: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def freezes_used(freezes: Iterable[tuple[str, date]], month_of: date) -> int:
    """Freezes spent in the calendar month holding `month_of`."""
    return sum(1 for _, day in freezes if (day.year, day.month) == (month_of.year, month_of.month))
