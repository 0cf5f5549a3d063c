"""Free text, as the ledger keeps it and as it is shown.

Every field a person types or imports (a name, what was promised, a reason, a note...) is
checked by :func:`clean_text`: control characters (ESC, BEL, DEL, the C1 range), invisible
formatting characters (a right-to-left override, a zero-width space) and bytes that are not
text are refused, naming the field, so nothing stored can act on a terminal or reorder what a
reader sees. Text already stored by older versions may still hold such characters:
:func:`visible` shows them as escapes (``\\x1b``, ``\\u202e``) for a terminal, and
:func:`json_escaped` writes them as JSON ``\\u`` escapes.
"""

from __future__ import annotations

import re
import unicodedata

from trayapp.core.errors import BadInput

#: Joiners that some scripts and emoji need: formatting characters that pass.
_JOINERS = frozenset("\u200c\u200d")
#: Whitespace that a multi-line note keeps and a one-line field folds into a space.
_WHITESPACE_CONTROLS = frozenset("\t\n\r")
_NEWLINES = re.compile(r"\r\n?")
#: What :func:`visible` and :func:`json_escaped` escape: every control character but tab and
#: newline, every invisible formatting character but the joiners (Unicode's category Cf), the
#: line and paragraph separators, and lone surrogates (bytes that were not text).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def unsafe_character(text: str) -> tuple[str, str]:
    """The first character of ``text`` that must not be stored, as ``("control characters",
    "U+001B")``, or ``("", "")``. Tab, newline and carriage return are whitespace and pass."""
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cc" and ch not in _WHITESPACE_CONTROLS:
            return "control characters", f"U+{ord(ch):04X}"
        if kind == "Cf" and ch not in _JOINERS:
            return "an invisible formatting character", f"U+{ord(ch):04X}"
        if kind == "Cs":
            return "bytes that are not text", f"U+{ord(ch):04X}"
    return "", ""


def check_characters(value: str, field: str) -> None:
    """Refuse ``value`` when it holds a character that must not be stored, naming ``field``."""
    what, code = unsafe_character(value)
    if what:
        raise BadInput(f"{field} contains {what} ({code})")


def clean_text(value: str, field: str, limit: int, *, multiline: bool = False) -> str:
    """Check, trim and bound one free-text field; :class:`BadInput` names ``field``.

    A one-line field has its runs of whitespace folded into single spaces; a multi-line one is
    trimmed and its line ends become ``\\n``.
    """
    check_characters(value, field)
    cleaned = _NEWLINES.sub("\n", value).strip() if multiline else " ".join(value.split())
    if len(cleaned) > limit:
        raise BadInput(f"{field} is too long ({len(cleaned)} characters, at most {limit})")
    return cleaned


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ord(ch) < 0x10000:
        return f"\\u{ord(ch):04x}"
    pair = ch.encode("utf-16-be")  # a character beyond the BMP is escaped as its UTF-16 pair
    return f"\\u{pair[:2].hex()}\\u{pair[2:].hex()}"


def visible(text: str) -> str:
    """``text`` safe for a terminal: each control or invisible formatting character (other than
    tab and newline) shown as an escape such as ``\\x1b`` or ``\\u202e``."""
    return _UNSAFE.sub(_escape, text)


def json_escaped(json_text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with every control and
    invisible formatting character written as a ``\\uXXXX`` escape. Such characters can only
    stand inside JSON strings, where the escape means the same character."""
    return _UNSAFE.sub(_json_escape, json_text)
