"""Stored text made safe to show. Whatever a person typed or an import brought in is kept as it
was; whatever reaches a terminal, from the app or the shell, passes through `shown` first, so a
control character or an escape sequence in a title can never retitle the window, clear the
screen or write to the clipboard. JSON output is not shown text: it stays exact.
"""

from __future__ import annotations

from unicodedata import category

# What JSON output writes as escapes: controls (C0 are escaped by json itself; DEL and C1 are
# not), lone surrogates, format marks that reorder or hide text, line and paragraph separators.
_JSON_UNSAFE = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp"})
_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def shown(text: str) -> str:
    """`text` as one line that is safe to print: tabs and line breaks become spaces; other
    control characters become visible (ESC as ␛, DEL as ␡, C1 and other invisible characters
    as `\\u009b`); a byte of a file name that is not UTF-8 shows as `\\xe9`."""
    if text.isprintable():
        return text  # nearly always: one pass in C
    text = text.translate(_SPACES)
    if text.isprintable():
        return text
    return "".join(_visible(c) for c in text)


def _visible(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "␡"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that os.fsdecode could not decode
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def json_text(payload: object) -> str:
    """`payload` as indented JSON that is safe in a terminal and still exact: JSON escapes C0
    controls itself; DEL, C1 controls and undecodable bytes are written as `\\u` escapes too
    (they can only stand inside strings, so the value read back is the same)."""
    import json

    return json_escaped(json.dumps(payload, indent=2, ensure_ascii=False))


def json_escaped(text: str) -> str:
    """JSON text with DEL, C1 controls, lone surrogates, separators and invisible format marks
    as `\\u` escapes: the same values, nothing a terminal would act on. (They can only stand
    inside JSON strings, where an escape means the same character.)"""
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return "".join(
        _json_escape(c) if category(c) in _JSON_UNSAFE and c != "\n" else c for c in text
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # past the first plane JSON spells a character as its surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
