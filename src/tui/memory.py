"""Memory tricks in one place: when Python's cyclic garbage collector runs, and one Textual
cache emptied by hand. For each: what it buys (measured; the figures are in docs/PERFORMANCE.md
and the commits named) and what a Textual upgrade could break.

1. `pause_collection_at_launch` (tui.entry, plain `bounceback` only) and
   `resume_collection_after_first_paint` (BouncebackApp.settle_memory, after the first
   refresh). Starting up makes some 60,000 objects (widgets, styles, CSS rules, strips) that
   live as long as the app; the collections set off while they were being made only walked
   them again: ~50 ms before Today's first paint (commit 948a619). After the first paint they
   are frozen (`gc.freeze`: left out of every later collection) and collection resumes. The
   cost: start-up's unreachable cycles, if any, stay frozen with the rest, a few kB at most.
   Resuming only when collection is off keeps it a no-op under Pilot tests, which start with
   it on; a picture batch (2.) cannot be running before Today's first paint, so "off" there
   always means "the launch turned it off".
   On an upgrade: this relies on `call_after_refresh`, called in the app's on_mount, running
   its callback only once the first screen has been drawn, as Textual 8.2's does (its
   InvokeLater message waits for the screen's refresh). If it ran earlier, the ~50 ms would
   come back (the cold-start bench shows it); if it never ran, collection would stay off for
   the whole run and memory would grow (tests/ui/test_today.py checks collection is back on,
   with >10,000 objects frozen, once Today is on screen).

2. `collection_paused` (the vision board's picture worker, BoardGrid._draw). A screenful of
   pictures is some 20,000 small objects that all stay alive; the collections their making set
   off only walked them again and again: ~3-5 ms a page, on the critical path of a page down
   (~30-39 ms in all afterwards; commit 7cba000). Reference counting frees as usual meanwhile.
   Batches can run in more than one worker thread at once, so a lock and a depth count make
   the pause nest, and the collector is resumed only if it was running before the first pause
   (it is off while the app starts). Nothing here is Textual's; an upgrade can only change how
   many objects a page makes (the page-down bench shows it).

3. `forget_rendered_lines` (BoardGrid.on_unmount). About memory, not time, and it calls
   Textual's private `Widget._styles_cache` (a `textual._styles_cache.StylesCache`). In Textual
   8.2.8 `StylesCache.get_inner_outer` is a method under a module-wide
   `functools.lru_cache(1024)`, so the cache's keys hold the StylesCache instance itself: a
   widget's StylesCache, with its dict of rendered lines, outlives the widget until 1,024 newer
   keys push it out. For most widgets that is little; a closed vision board's lines hold
   thousands of colours and styles (no figure was recorded; commit a593e32).
   `StylesCache.clear()` empties that dict, so what the lru_cache keeps is a few small objects.
   Textual 8.2.8 has no public API for it: `Widget.refresh()` happens to run the same clear
   (through the private `Widget._set_dirty`), but only as a side effect of scheduling a
   repaint, so calling it here would hide the dependency rather than remove it. Textual's own
   DataTable calls `self._styles_cache.clear()` as this does. On an upgrade, check in
   textual/widget.py and textual/_styles_cache.py that `Widget._styles_cache` still exists with
   a `clear()` (if not, closing the board would raise), and whether `get_inner_outer` is still
   an lru_cache on the method (if not, this call is no longer needed):
   tests/unit/test_memory.py fails on either change.

This module is imported by the plain launch before Textual, so it imports only `gc` and
`threading` (which the app loads anyway) and never Textual at run time.
"""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget


def pause_collection_at_launch() -> None:
    """No cyclic collections while the app starts (resumed after the first paint)."""
    gc.disable()


def resume_collection_after_first_paint() -> None:
    """Freeze what start-up made out of collection, and resume collection, if the launch paused
    it (a no-op when collection is on, as under Pilot tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class _CollectorPause:
    """Pauses the cyclic garbage collector while a batch of pictures is made; nests across
    threads, and resumes the collector only if it was running before the first pause."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._resume = False

    def __enter__(self) -> None:
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                self._resume = gc.isenabled()
                gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._resume:
                gc.enable()


collection_paused = _CollectorPause()
"""`with collection_paused:` around making many objects that all stay alive."""


def forget_rendered_lines(widget: Widget) -> None:
    """Drop the lines Textual keeps for `widget`, so a closed widget's lines do not outlive it
    (Textual's private `_styles_cache`: see the module docstring, 3.)."""
    widget._styles_cache.clear()
