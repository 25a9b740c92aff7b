"""Bounceback: a terminal companion for a long job search."""

import os

__version__ = "0.1.0"

# Textual repaints on a fixed frame clock, so a change waits up to a whole frame to be seen:
# 16.7 ms at its default 60 fps, which alone would use up a check-off's 8 ms budget. Frames are
# drawn only when something changed, so a faster clock costs nothing while the screen is still
# (an animation, such as a smooth scroll, does draw more frames).
# Set before Textual is first imported (it reads this once); a value you set yourself wins.
os.environ.setdefault("TEXTUAL_FPS", "240")
