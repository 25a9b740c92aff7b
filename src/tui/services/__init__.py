"""Everything a person can do, each once: the app's screens and the shell's commands call these.

A service takes the open `Database` first, does its work in one transaction (`db.write()`) and
returns a `Change`: what it did, how to take it back, and where to look. Nothing here imports
Textual; screens run services through `BouncebackScreen.perform`.
"""

from .change import EVERYTHING, Change, Topic

__all__ = ["EVERYTHING", "Change", "Topic"]
