"""Where the data file lives. Nothing is created at import."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "BOUNCEBACK_DB"
DB_NAME = "bounceback.db"


def default_data_dir() -> Path:
    """The per-user data folder (not created here)."""
    import platformdirs

    return platformdirs.user_data_path("bounceback")


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """`--db`, else `BOUNCEBACK_DB`, else the default data file."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return default_data_dir() / DB_NAME
