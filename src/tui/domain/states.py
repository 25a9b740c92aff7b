"""The states the rules hand out, named once. Each is a `str` too, so it compares equal to its
value, hashes like it, and reaches JSON output as the plain word."""

from __future__ import annotations

from enum import StrEnum


class ItemState(StrEnum):
    """What became of one item on one day (PRODUCT.md, Concepts: Entry)."""

    DONE = "done"
    PARTIAL = "partial"
    PENDING = "pending"
    MISSED = "missed"
    EXCUSED = "excused"


class Status(StrEnum):
    """How a pillar-day, a week or a whole day stands against the streak rules."""

    MET = "met"
    PENDING = "pending"
    MISSED = "missed"
    BRIDGED = "bridged"


class Excuse(StrEnum):
    """Why a pillar-day (or a whole week) asked nothing, when it was not just rest: a pause or a
    freeze. Rest days and days with nothing due are NONE."""

    PAUSED = "paused"
    FROZEN = "frozen"
    NONE = ""


class Shade(StrEnum):
    """How the heat map draws one day."""

    MET = "met"
    PARTIAL = "partial"  # missed, but some of it was done (a pillar, or the overall day)
    MISSED = "missed"
    PENDING = "pending"
    BRIDGED = "bridged"
    FUTURE = "future"
    NONE = ""  # outside the search
