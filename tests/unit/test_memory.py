"""The garbage-collector pauses nest and resume as they should; the Textual cache the board
empties by hand is still where tui.memory expects it (an upgrade tripwire)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui import memory


@pytest.fixture(autouse=True)
def collection_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_launch_pause_ends_after_the_first_paint_with_start_up_frozen() -> None:
    gc.unfreeze()
    memory.pause_collection_at_launch()
    assert not gc.isenabled()
    memory.resume_collection_after_first_paint()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resuming_does_nothing_when_collection_was_never_paused() -> None:
    gc.unfreeze()
    gc.enable()
    memory.resume_collection_after_first_paint()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing frozen: Pilot tests start with collection on


def test_picture_batches_nest_and_resume_collection_only_if_it_was_on() -> None:
    gc.enable()
    with memory.collection_paused:
        assert not gc.isenabled()
        with memory.collection_paused:
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch is still being made
    assert gc.isenabled()

    gc.disable()  # as while the app starts
    with memory.collection_paused:
        assert not gc.isenabled()
    assert not gc.isenabled()  # left for the launch's own resume


def test_forgetting_a_widgets_lines_empties_textuals_styles_cache() -> None:
    from textual.strip import Strip
    from textual.widget import Widget

    widget = Widget()
    # Private Textual API: if this line fails after an upgrade, see tui.memory (3.).
    lines = widget._styles_cache._cache
    lines[0] = Strip([])
    memory.forget_rendered_lines(widget)
    assert lines == {}


def test_textual_still_keeps_styles_caches_alive_from_an_lru_cache() -> None:
    """Why forget_rendered_lines exists. If Textual stopped caching get_inner_outer on the
    method (keyed on the StylesCache itself), the board's on_unmount need not empty the cache
    by hand any more: drop forget_rendered_lines and this test (tui.memory, 3.)."""
    from textual._styles_cache import StylesCache

    assert hasattr(StylesCache.get_inner_outer, "cache_info"), "see tui.memory, 3."
