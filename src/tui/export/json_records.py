"""Reading a Bounceback JSON export: parse, then check every value before anything is written.

Everything wrong is reported as `ImportFailed`: one line naming where (a JSON path such as
`routines[3].target`) and what. No other exception escapes `parse` or `validate`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from ..domain import limits
from ..domain.pillars import PILLARS
from ..domain.text import shown

FORMAT = "bounceback-export"
FORMAT_VERSION = 1

# Every limit comes from tui.domain.limits, in its lenient "imported" form: an import takes
# at least what the app's forms and the shell take, and what older versions let in.
MAX_INT = limits.INT32_MAX  # positions, task targets, image sizes: anything larger is huge
MAX_TEXT = limits.IMPORTED_TEXT_MOST
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KINDS = ("check", "count")

_PILLAR_SETTING = re.compile(r"(?P<pillar>[a-z_]+)\.(?P<field>weekly_target|rest_days)")


class ImportFailed(Exception):
    """An export that cannot be imported; the message says where and what, in one line."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(_one_line(f"{where}: {problem}"))


# --- the records an import works with -------------------------------------------------------


@dataclass(frozen=True)
class EntryRecord:
    """One entry of an item: what was done on one day."""

    where: str
    day: str
    amount: int
    note: str
    updated_at: str


@dataclass(frozen=True)
class RoutineRecord:
    where: str
    pillar: str
    title: str
    kind: str
    target: int
    unit: str
    rrule: str
    start_date: str
    end_date: str | None
    archived_on: str | None
    position: int
    created_at: str
    entries: tuple[EntryRecord, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.pillar, self.title, self.start_date)


@dataclass(frozen=True)
class TaskRecord:
    where: str
    pillar: str
    title: str
    kind: str
    target: int
    unit: str
    day: str
    position: int
    created_at: str
    entries: tuple[EntryRecord, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.pillar, self.title, self.day)


@dataclass(frozen=True)
class PauseRecord:
    where: str
    start_date: str
    end_date: str
    reason: str
    created_at: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.start_date, self.end_date)


@dataclass(frozen=True)
class FreezeRecord:
    where: str
    pillar: str
    day: str
    created_at: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.pillar, self.day)


@dataclass(frozen=True)
class ImageRecord:
    where: str
    sha256: str
    caption: str
    pillar: str | None
    position: int
    width: int
    height: int
    size: int
    format: str
    name: str
    original_is_copy: bool
    added_at: str
    original: bytes
    display: bytes
    thumb: bytes


@dataclass(frozen=True)
class ExportRecords:
    """A whole export, checked."""

    settings: dict[str, Any]
    routines: tuple[RoutineRecord, ...]
    tasks: tuple[TaskRecord, ...]
    pauses: tuple[PauseRecord, ...]
    freezes: tuple[FreezeRecord, ...]
    images: tuple[ImageRecord, ...]


# --- parsing ----------------------------------------------------------------------------------


class _Huge:
    """A JSON integer too long to be anything but a mistake (kept as text to report it)."""

    def __init__(self, text: str) -> None:
        self.text = text


class _NotANumber:
    """`NaN`, `Infinity` or `-Infinity`: Python's json accepts them, JSON does not."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Duplicated(dict):
    """An object that named a key twice (JSON parsers disagree about which one wins)."""

    duplicate: str = ""


def _parse_int(text: str) -> int | _Huge:
    if len(text.lstrip("-")) > limits.DIGITS_MOST:
        return _Huge(text)
    return int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    duplicate = None
    for key, value in pairs:
        if key in result and duplicate is None:
            duplicate = key
        result[key] = value
    if duplicate is None:
        return result
    marked = _Duplicated(result)
    marked.duplicate = duplicate
    return marked


def parse(text: str | bytes) -> Any:
    """The JSON value in `text`, or ImportFailed saying where the JSON is broken."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFailed(
                f"byte {error.start}", "the file is not UTF-8 text, so not a Bounceback export"
            ) from None
    if not isinstance(text, str):
        raise ImportFailed("the file", "is not text")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFailed("the file", "is empty")
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_constant=_NotANumber,
            object_pairs_hook=_pairs,
        )
    except json.JSONDecodeError as error:
        raise ImportFailed(
            f"line {error.lineno} column {error.colno}", f"not valid JSON ({error.msg})"
        ) from None
    except RecursionError:
        raise ImportFailed("the file", "is nested too deeply to be a Bounceback export") from None
    except (ValueError, TypeError, OverflowError, MemoryError) as error:
        raise ImportFailed("the file", f"not valid JSON ({error})") from None


# --- checking ---------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(value: Any) -> str:
    """A short, printable picture of a bad value for a message."""
    if isinstance(value, _Huge):
        text = value.text
        return text if len(text) <= 24 else f"{text[:10]}…({len(text)} digits)"
    if isinstance(value, _NotANumber):
        return value.text
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = shown(value)
        return json.dumps(text if len(text) <= 40 else text[:40] + "…", ensure_ascii=False)
    return _one_line(repr(value))[:40]


def _key_path(where: str, key: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,40}", key):
        return f"{where}.{key}" if where else key
    quoted = json.dumps(key if len(key) <= 40 else key[:40] + "…", ensure_ascii=False)
    return f"{where}[{quoted}]" if where else f"[{quoted}]"


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFailed(where or "the file", f"must be an object, not {_shown(value)}")
    if isinstance(value, _Duplicated):
        raise ImportFailed(_key_path(where, value.duplicate), "appears twice in the same object")
    return value


def _field(obj: dict[str, Any], key: str, where: str) -> tuple[Any, str]:
    path = _key_path(where, key)
    if key not in obj:
        raise ImportFailed(path, "is missing")
    return obj[key], path


def _int(obj: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value, path = _field(obj, key, where)
    return _int_value(value, path, low, high)


def _ranged(obj: dict[str, Any], key: str, where: str, limit: limits.Range) -> int:
    """A field held to one of the limits, as an import takes it."""
    imported = limit.imported
    return _int(obj, key, where, imported.low, imported.high)


def _ranged_value(value: Any, path: str, limit: limits.Range) -> int:
    imported = limit.imported
    return _int_value(value, path, imported.low, imported.high)


def _int_value(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, _Huge):
        raise ImportFailed(path, f"the number {_shown(value)} is far too large")
    if isinstance(value, float) and not abs(value) < float("inf"):
        raise ImportFailed(path, "the number is far too large")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed(path, f"must be a whole number, not {_shown(value)}")
    if not low <= value <= high:
        if value > high and high == MAX_INT:
            raise ImportFailed(path, f"the number {value} is far too large")
        raise ImportFailed(path, f"must be from {low} to {high}, not {value}")
    return value


def _text_value(value: Any, path: str, max_len: int = MAX_TEXT, blank: bool = True) -> str:
    if not isinstance(value, str):
        raise ImportFailed(path, f"must be text, not {_shown(value)}")
    if len(value) > max_len:
        raise ImportFailed(path, f"is too long ({len(value)} characters; at most {max_len})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportFailed(path, "holds a broken character (an unpaired surrogate)") from None
    if not blank and not value.strip():
        raise ImportFailed(path, "must not be empty")
    return value


def _text(
    obj: dict[str, Any], key: str, where: str, max_len: int = MAX_TEXT, blank: bool = True
) -> str:
    value, path = _field(obj, key, where)
    return _text_value(value, path, max_len, blank)


def _bool(obj: dict[str, Any], key: str, where: str) -> bool:
    value, path = _field(obj, key, where)
    if not isinstance(value, bool):
        raise ImportFailed(path, f"must be true or false, not {_shown(value)}")
    return value


def _date_value(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ImportFailed(path, f"must be a date as YYYY-MM-DD, not {_shown(value)}")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ImportFailed(path, f"{value} is not a date that exists") from None
    return value


def _date(obj: dict[str, Any], key: str, where: str) -> str:
    value, path = _field(obj, key, where)
    return _date_value(value, path)


def _optional_date(obj: dict[str, Any], key: str, where: str) -> str | None:
    value, path = _field(obj, key, where)
    return None if value is None else _date_value(value, path)


def _stamp(obj: dict[str, Any], key: str, where: str) -> str:
    value, path = _field(obj, key, where)
    text = _text_value(value, path, limits.TIMESTAMP_MOST)
    try:
        if not text.isascii():
            raise ValueError(text)
        datetime.fromisoformat(text)
    except ValueError:
        raise ImportFailed(
            path, f"must be a date and time such as 2026-11-21T19:30:00+00:00, not {_shown(text)}"
        ) from None
    return text


def stamp_instant(text: str) -> datetime:
    """A stored timestamp as an aware datetime (one without an offset is taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _pillar_value(value: Any, path: str) -> str:
    if not isinstance(value, str) or value not in PILLARS:
        raise ImportFailed(path, f"must be one of {', '.join(PILLARS)}, not {_shown(value)}")
    return value


def _pillar(obj: dict[str, Any], key: str, where: str) -> str:
    value, path = _field(obj, key, where)
    return _pillar_value(value, path)


def _list(obj: dict[str, Any], key: str, where: str) -> tuple[list[Any], str]:
    value, path = _field(obj, key, where)
    if not isinstance(value, list):
        raise ImportFailed(path, f"must be a list, not {_shown(value)}")
    return value, path


def _kind(obj: dict[str, Any], where: str) -> str:
    value, path = _field(obj, "kind", where)
    if value not in _KINDS or not isinstance(value, str):
        raise ImportFailed(path, f"must be check or count, not {_shown(value)}")
    return str(value)


def _rrule(obj: dict[str, Any], where: str) -> str:
    value, path = _field(obj, "rrule", where)
    text = _text_value(value, path, limits.RRULE.most_imported, blank=False)
    from ..domain.schedule import normalize_rrule

    try:
        normalize_rrule(text)
    except Exception as error:  # a broken rule from a file must stop here, whatever dateutil says
        raise ImportFailed(path, f"is not a schedule Bounceback can use ({error})") from None
    return text


# --- the sections -----------------------------------------------------------------------------


def check_header(data: Any) -> dict[str, Any]:
    """The top level, once its format name and version are known to be readable."""
    top = _object(data, "")
    if "format" not in top:
        raise ImportFailed("format", "is missing: this is not a Bounceback export")
    if top["format"] != FORMAT or not isinstance(top["format"], str):
        raise ImportFailed(
            "format", f"is {_shown(top['format'])}, not {FORMAT!r}: this is not a Bounceback export"
        )
    version = _int(top, "format_version", "", 1, MAX_INT)
    if version > FORMAT_VERSION:
        raise ImportFailed(
            "format_version",
            f"is {version}: this file was made by a newer Bounceback (this one reads format "
            f"{FORMAT_VERSION}); upgrade Bounceback to import it. Nothing was changed",
        )
    _int(top, "schema_version", "", 1, MAX_INT)
    _stamp(top, "exported_at", "")
    _ignored(top, _TOP_KEYS, "")
    return top


def validate(data: Any) -> ExportRecords:
    """Every section checked, or ImportFailed for the first problem found."""
    top = check_header(data)
    settings = _settings(top)
    routines_list, routines_path = _list(top, "routines", "")
    routines = tuple(
        _routine(item, f"{routines_path}[{i}]") for i, item in enumerate(routines_list)
    )
    tasks_list, tasks_path = _list(top, "tasks", "")
    tasks = tuple(_task(item, f"{tasks_path}[{i}]") for i, item in enumerate(tasks_list))
    pauses_list, pauses_path = _list(top, "pauses", "")
    pauses = tuple(_pause(item, f"{pauses_path}[{i}]") for i, item in enumerate(pauses_list))
    freezes_list, freezes_path = _list(top, "freezes", "")
    freezes = tuple(_freeze(item, f"{freezes_path}[{i}]") for i, item in enumerate(freezes_list))
    _unique(freezes, lambda f: f.key, "this pillar-day is frozen twice")
    images_list, images_path = _list(top, "images", "")
    images = tuple(_image(item, f"{images_path}[{i}]") for i, item in enumerate(images_list))
    _unique(images, lambda image: image.sha256, "the same picture appears twice", "sha256")
    return ExportRecords(settings, routines, tasks, pauses, freezes, images)


def _unique(records: Any, key: Any, problem: str, field: str = "") -> None:
    seen: dict[Any, str] = {}
    for record in records:
        value = key(record)
        if value in seen:
            where = f"{record.where}.{field}" if field else record.where
            raise ImportFailed(where, f"{problem} (also at {seen[value]})")
        seen[value] = record.where


def _settings(top: dict[str, Any]) -> dict[str, Any]:
    value, path = _field(top, "settings", "")
    settings = _object(value, path)
    checked: dict[str, Any] = {}
    for key, item in settings.items():
        where = _key_path(path, key)
        if not key or len(key) > limits.KEY_MOST:
            raise ImportFailed(where, "is not a setting name")
        _text_value(key, where, limits.KEY_MOST)
        checked[key] = _setting(key, item, where)
    return checked


def _setting(key: str, value: Any, where: str) -> Any:
    if key == "name":
        return _text_value(value, where, limits.NAME.most_imported)
    if key == "start_date":
        return _date_value(value, where)
    if key == "day_start_hour":
        return _ranged_value(value, where, limits.DAY_START_HOUR)
    if key == "week_start":
        return _ranged_value(value, where, limits.WEEKDAY)
    if key == "freezes_per_month":
        return _ranged_value(value, where, limits.FREEZES_PER_MONTH)
    if key == "demo":
        if not isinstance(value, bool):
            raise ImportFailed(where, f"must be true or false, not {_shown(value)}")
        return value
    match = _PILLAR_SETTING.fullmatch(key)
    if match and match["pillar"] in PILLARS:
        if match["field"] == "weekly_target":
            return _ranged_value(value, where, limits.WEEKLY_TARGET)
        if not isinstance(value, list):
            raise ImportFailed(where, f"must be a list of weekday numbers, not {_shown(value)}")
        days = [_ranged_value(day, f"{where}[{i}]", limits.WEEKDAY) for i, day in enumerate(value)]
        if len(set(days)) != len(days):
            raise ImportFailed(where, "names the same weekday twice")
        return days
    # A setting this version does not know (a newer Bounceback's): kept as it is.
    _plain_json(value, where, 0)
    return value


def _plain_json(value: Any, where: str, depth: int, root: str = "") -> None:
    """A value that JSON itself can hold (no NaN, no huge numbers, no duplicate keys)."""
    root = root or where
    if depth > limits.NESTING_MOST:
        raise ImportFailed(root, f"is nested more than {limits.NESTING_MOST} levels deep")
    if isinstance(value, _Huge):
        raise ImportFailed(where, f"the number {_shown(value)} is far too large")
    if isinstance(value, _NotANumber):
        raise ImportFailed(where, f"{value.text} is not a number JSON allows")
    if isinstance(value, float) and not abs(value) < float("inf"):
        raise ImportFailed(where, "is a number too large to store")
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        raise ImportFailed(where, f"the number {value} is far too large")
    if isinstance(value, str):
        _text_value(value, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _plain_json(item, f"{where}[{index}]", depth + 1, root)
    elif isinstance(value, dict):
        obj = _object(value, where)
        if _blob_shaped(obj):
            return  # a newer version's picture or file: its base64 runs past any text limit
        for key, item in obj.items():
            _text_value(key, _key_path(where, key), limits.KEY_MOST)
            _plain_json(item, _key_path(where, key), depth + 1, root)


def _blob_shaped(obj: dict[str, Any]) -> bool:
    """`{"sha256": <64 hex digits>, "base64": <text>}`, as every blob in the format is."""
    return (
        obj.keys() == {"sha256", "base64"}
        and isinstance(obj["sha256"], str)
        and _SHA256.fullmatch(obj["sha256"]) is not None
        and isinstance(obj["base64"], str)
    )


def _known(record: type) -> frozenset[str]:
    return frozenset(field.name for field in fields(record)) - {"where"}


_TOP_KEYS = _known(ExportRecords) | {"format", "format_version", "schema_version", "exported_at"}
_BLOB_KEYS = frozenset({"sha256", "base64"})
_ENTRY_KEYS = _known(EntryRecord)


def _ignored(obj: dict[str, Any], known: frozenset[str], where: str) -> None:
    """Keys this version does not know are ignored, but what they hold must be plain JSON
    within the same limits as the rest (no NaN, no huge numbers or texts, nesting bounded)."""
    for key, value in obj.items():
        if key not in known:
            path = _key_path(where, key)
            _text_value(key, path, limits.KEY_MOST)
            _plain_json(value, path, 0)


def _entries(item: dict[str, Any], where: str, kind: str) -> tuple[EntryRecord, ...]:
    entries_list, entries_path = _list(item, "entries", where)
    records = []
    seen: dict[str, str] = {}
    for index, value in enumerate(entries_list):
        path = f"{entries_path}[{index}]"
        entry = _object(value, path)
        day = _date(entry, "day", path)
        if day in seen:
            raise ImportFailed(
                _key_path(path, "day"), f"{day} has two entries for this {kind} (also {seen[day]})"
            )
        seen[day] = path
        records.append(
            EntryRecord(
                where=path,
                day=day,
                amount=_ranged(entry, "amount", path, limits.AMOUNT),
                note=_text(entry, "note", path, limits.NOTE.most_imported),
                updated_at=_stamp(entry, "updated_at", path),
            )
        )
        _ignored(entry, _ENTRY_KEYS, path)
    return tuple(records)


def _routine(value: Any, where: str) -> RoutineRecord:
    item = _object(value, where)
    record = RoutineRecord(
        where=where,
        pillar=_pillar(item, "pillar", where),
        title=_text(item, "title", where, limits.TITLE.most_imported, blank=False),
        kind=_kind(item, where),
        target=_ranged(item, "target", where, limits.ROUTINE_TARGET),
        unit=_text(item, "unit", where, limits.UNIT.most_imported),
        rrule=_rrule(item, where),
        start_date=_date(item, "start_date", where),
        end_date=_optional_date(item, "end_date", where),
        archived_on=_optional_date(item, "archived_on", where),
        position=_ranged(item, "position", where, limits.POSITION),
        created_at=_stamp(item, "created_at", where),
        entries=_entries(item, where, "routine"),
    )
    _ignored(item, _known(RoutineRecord), where)
    return record


def _task(value: Any, where: str) -> TaskRecord:
    item = _object(value, where)
    record = TaskRecord(
        where=where,
        pillar=_pillar(item, "pillar", where),
        title=_text(item, "title", where, limits.TITLE.most_imported, blank=False),
        kind=_kind(item, where),
        target=_ranged(item, "target", where, limits.TASK_TARGET),
        unit=_text(item, "unit", where, limits.UNIT.most_imported),
        day=_date(item, "day", where),
        position=_ranged(item, "position", where, limits.POSITION),
        created_at=_stamp(item, "created_at", where),
        entries=_entries(item, where, "task"),
    )
    _ignored(item, _known(TaskRecord), where)
    return record


def _pause(value: Any, where: str) -> PauseRecord:
    item = _object(value, where)
    start = _date(item, "start_date", where)
    end = _date(item, "end_date", where)
    if end < start:
        raise ImportFailed(_key_path(where, "end_date"), f"{end} is before the start, {start}")
    record = PauseRecord(
        where=where,
        start_date=start,
        end_date=end,
        reason=_text(item, "reason", where, limits.PAUSE_REASON.most_imported),
        created_at=_stamp(item, "created_at", where),
    )
    _ignored(item, _known(PauseRecord), where)
    return record


def _freeze(value: Any, where: str) -> FreezeRecord:
    item = _object(value, where)
    record = FreezeRecord(
        where=where,
        pillar=_pillar(item, "pillar", where),
        day=_date(item, "day", where),
        created_at=_stamp(item, "created_at", where),
    )
    _ignored(item, _known(FreezeRecord), where)
    return record


def _sha256(value: Any, path: str) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise ImportFailed(path, f"must be 64 lowercase hex digits, not {_shown(value)}")
    return value


def _blob(item: dict[str, Any], key: str, where: str) -> bytes:
    value, path = _field(item, key, where)
    blob = _object(value, path)
    _ignored(blob, _BLOB_KEYS, path)
    expected = _sha256(*_field(blob, "sha256", path))
    encoded, encoded_path = _field(blob, "base64", path)
    if not isinstance(encoded, str):
        raise ImportFailed(encoded_path, f"must be base64 text, not {_shown(encoded)}")
    try:
        data = base64.b64decode(encoded.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ImportFailed(encoded_path, "is not valid base64") from None
    if not data:
        raise ImportFailed(encoded_path, "holds no bytes")
    if hashlib.sha256(data).hexdigest() != expected:
        raise ImportFailed(
            _key_path(path, "sha256"), "does not match the bytes: the picture is damaged"
        )
    return data


def _image(value: Any, where: str) -> ImageRecord:
    item = _object(value, where)
    sha256 = _sha256(*_field(item, "sha256", where))
    pillar_value, pillar_path = _field(item, "pillar", where)
    record = ImageRecord(
        where=where,
        sha256=sha256,
        caption=_text(item, "caption", where, limits.CAPTION.most_imported),
        pillar=None if pillar_value is None else _pillar_value(pillar_value, pillar_path),
        position=_ranged(item, "position", where, limits.POSITION),
        width=_ranged(item, "width", where, limits.IMAGE_SIDE),
        height=_ranged(item, "height", where, limits.IMAGE_SIDE),
        size=_ranged(item, "size", where, limits.IMAGE_BYTES),
        format=_text(item, "format", where, limits.IMAGE_FORMAT_MOST, blank=False),
        name=_text(item, "name", where, limits.FILE_NAME.most_imported),
        original_is_copy=_bool(item, "original_is_copy", where),
        added_at=_stamp(item, "added_at", where),
        original=_blob(item, "original", where),
        display=_blob(item, "display", where),
        thumb=_blob(item, "thumb", where),
    )
    _ignored(item, _known(ImageRecord), where)
    if record.size != len(record.original):
        raise ImportFailed(
            _key_path(where, "size"),
            f"is {record.size}, but the original holds {len(record.original)} bytes",
        )
    if not record.original_is_copy and hashlib.sha256(record.original).hexdigest() != sha256:
        raise ImportFailed(
            _key_path(where, "sha256"),
            "does not match the original's bytes: the picture is damaged",
        )
    return record
