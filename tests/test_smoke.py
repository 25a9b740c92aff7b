from tui.store import settings
from tui.store.day import load_day

from .helpers import TODAY


def test_ready_db_has_a_plan_for_today(ready_db):
    plan = load_day(ready_db, TODAY, TODAY, settings.load(ready_db))
    assert [item.title for item in plan["learn"]] == [
        "30 minutes on a skill",
        "Practise one interview answer aloud",
    ]
    assert plan["apply"] == []  # Saturday: apply rests
