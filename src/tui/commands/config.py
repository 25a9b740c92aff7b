"""`bounceback config list|get|set`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .base import Context, pass_context, say, say_json

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- config


@click.group()
def config() -> None:
    """Settings: list, get, set."""


def _config_key(text: str) -> str:
    """The canonical key for `config get`, or InvalidInput naming the keys that exist."""
    from ..domain.errors import InvalidInput
    from ..domain.pillars import parse_pillar
    from ..store.settings import GLOBAL_KEYS, PILLAR_KEYS

    key = text.strip()
    if "." in key:
        pillar_text, field = key.split(".", 1)
        pillar = parse_pillar(pillar_text)
        if field not in PILLAR_KEYS:
            raise InvalidInput(
                f"unknown setting {text!r}: a pillar has weekly_target and rest_days"
            )
        return f"{pillar}.{field}"
    if key not in GLOBAL_KEYS:
        raise InvalidInput(
            f"unknown setting {text!r}: use one of {', '.join(GLOBAL_KEYS)}, "
            "PILLAR.weekly_target, PILLAR.rest_days"
        )
    return key


@config.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: every key and its value.")
@pass_context
def config_list(context: Context, as_json: bool) -> None:
    """Every setting and its value."""
    from ..store import settings as settings_store

    values = settings_store.display(context.settings())
    if as_json:
        say_json(values)
        return
    width = max(len(key) for key in values)
    for key, value in values.items():
        say(f"{key:<{width}}  {value}".rstrip())


@config.command("get")
@click.argument("key")
@pass_context
def config_get(context: Context, key: str) -> None:
    """Print one setting's value."""
    from ..store import settings as settings_store

    canonical = _config_key(key)
    say(settings_store.display(context.settings())[canonical])


@config.command("set", context_settings={"ignore_unknown_options": True})  # VALUE may be -1
@click.argument("key")
@click.argument("value")
@pass_context
def config_set(context: Context, key: str, value: str) -> None:
    """Change one setting, e.g. `config set week_start sunday`."""
    from ..services import settings as settings_service
    from ..store import settings as settings_store

    if key.strip() == "start_date":
        # Like `init --start`: today and yesterday work too.
        value = context.day(value, bounded=False).isoformat()
    change = settings_service.save(context.db, {key: value}, today=context.today())
    context.forget_settings()
    (canonical,) = change.result
    shown = settings_store.display(context.settings())[canonical]
    say(f"{canonical} = {shown}")
