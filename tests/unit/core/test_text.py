"""One check for free text, and the escapes that show stored text harmlessly."""

from __future__ import annotations

import json

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.text import clean_text, json_escaped, unsafe_character, visible


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a\x1bb", "control characters (U+001B)"),
        ("a\x07b", "control characters (U+0007)"),
        ("a\x9bb", "control characters (U+009B)"),  # the one-byte CSI
        ("a\x7fb", "control characters (U+007F)"),
        ("a\u202eb", "an invisible formatting character (U+202E)"),
        ("a\u2066b", "an invisible formatting character (U+2066)"),
        ("a\u200fb", "an invisible formatting character (U+200F)"),
        ("a\udce9b", "bytes that are not text (U+DCE9)"),
    ],
)
def test_clean_text_refuses_naming_the_field_and_the_character(text: str, words: str) -> None:
    with pytest.raises(BadInput) as refused:
        clean_text(text, "company", 100)
    assert refused.value.message == f"company contains {words}"


def test_whitespace_joiners_and_scripts_pass() -> None:
    assert clean_text(" Zoë\tMüller  ", "name", 100) == "Zoë Müller"
    assert clean_text("line one\r\nline two\rthree\n", "notes", 100, multiline=True) == (
        "line one\nline two\nthree"
    )
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(f"שלום {family} مرحبا", "notes", 100) == f"שלום {family} مرحبا"


def test_visible_escapes_every_character_the_check_refuses() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if unsafe_character(ch)[0]:
            assert visible(ch) != ch, f"U+{code:04X}"
            assert json.loads(json_escaped(json.dumps(ch, ensure_ascii=False))) == ch


def test_visible_keeps_tabs_newlines_and_letters() -> None:
    assert visible("a\tb\nZoë \u200d") == "a\tb\nZoë \u200d"
    assert visible("\x1b[2J\x07\u202e\r\U000e0041") == "\\x1b[2J\\x07\\u202e\\x0d\\U000e0041"


def test_json_escaped_is_still_the_same_json() -> None:
    data = {"what": "offer\x1b[2J\x07\u202etxt\u2066\x9b\U000e0041"}
    text = json_escaped(json.dumps(data, ensure_ascii=False))
    assert text.isascii() or all(ch.isprintable() for ch in text if ch not in "\n")
    assert "\\u202e" in text and "\\u009b" in text and "\\udb40\\udc41" in text
    assert json.loads(text) == data
