"""The starter routine offered on first run: small, concrete, one pillar at a time."""

from __future__ import annotations

from .models import RoutineDraft
from .schedule import DAILY, WEEKDAYS

STARTER: tuple[RoutineDraft, ...] = (
    RoutineDraft("apply", "Send tailored applications", 2, "applications", WEEKDAYS),
    RoutineDraft("network", "Reach out to one person", 1, "", WEEKDAYS),
    RoutineDraft("network", "Follow up on an application or ask for feedback", 1, "", WEEKDAYS),
    RoutineDraft("learn", "30 minutes on a skill", 1, "", DAILY),
    RoutineDraft("learn", "Practise one interview answer aloud", 1, "", DAILY),
    RoutineDraft("self_care", "A 20-minute walk", 1, "", DAILY),
    RoutineDraft("self_care", "Write down one small win", 1, "", DAILY),
)
