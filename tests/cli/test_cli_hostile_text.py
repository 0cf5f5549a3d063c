"""Hostile text: ESC, BEL and a right-to-left override are refused in every free-text field,
and text that an older version stored is printed and exported without acting on a terminal."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import Cli

HOSTILE = {"ESC": "\x1b[2J", "BEL": "\x07", "RLO": "\u202e"}
RAW = ("\x1b", "\x07", "\u202e")

#: (the field the refusal names, the command with {x} where the hostile text goes)
FIELDS = [
    ("what was promised", ("promise", "Dana", "send {x}feedback", "--due", "tomorrow")),
    ("the reason", ("release", "1", "--reason", "no longer needed{x}")),
    ("note", ("kept", "1", "--note", "sent it{x}")),
    ("note", ("touch", "Dana", "--channel", "call", "--note", "left word{x}")),
    ("reason", ("touch", "Dana", "--channel", "call", "--reason", "asked{x}")),
    ("name", ("contacts", "add", "Ann{x} Lee")),
    ("company", ("contacts", "add", "Ann Lee", "--company", "Ac{x}me")),
    ("notes", ("contacts", "add", "Ann Lee", "--notes", "met{x} at a fair")),
    ("e-mail", ("contacts", "add", "Ann Lee", "--email", "ann{x}@example.com")),
    ("phone", ("contacts", "add", "Ann Lee", "--phone", "+44 20 7946{x} 0000")),
    ("LinkedIn URL", ("contacts", "add", "Ann Lee", "--linkedin", "https://x.example/{x}")),
    ("company", ("contacts", "edit", "Dana", "--company", "Glo{x}bex")),
    ("notes", ("contacts", "edit", "Dana", "--notes", "prefers{x} mornings")),
    ("do-not-contact reason", ("contacts", "edit", "Dana", "--dnc", "--reason", "asked{x}")),
    ("the line", ("add", "Dana Smith: send {x}feedback by friday")),
    ("reason", ("add", "called Dana", "--reason", "urgent{x}")),
    ("snooze time", ("snooze", "1", "friday{x}")),
    ("new due date", ("renegotiate", "1", "friday{x}")),
    ("what you are waiting about", ("waiting", "Dana", "--until", "friday", "--about", "of{x}fer")),
    ("time to wait until", ("waiting", "Dana", "--until", "friday{x}")),
]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    made = Cli(tmp_path_factory.mktemp("hostile") / "profile")
    made.ok("contacts", "add", "Dana Smith", "--company", "Acme")
    made.ok("promise", "Dana", "send the offer", "--due", "friday")
    return made


def ledger_rows(cli: Cli) -> list[str]:
    with sqlite3.connect(cli.data / "ledger.sqlite3") as db:
        return list(db.iterdump())


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize(("field", "command"), FIELDS)
def test_every_free_text_field_refuses_hostile_text(
    cli: Cli, field: str, command: tuple[str, ...], kind: str
) -> None:
    before = ledger_rows(cli)
    args = [part.replace("{x}", HOSTILE[kind]) for part in command]
    stderr = cli.fails(2, *args)
    assert field in stderr
    assert not any(ch in stderr for ch in RAW), stderr
    assert ledger_rows(cli) == before


def test_the_refusal_says_which_character(cli: Cli) -> None:
    stderr = cli.fails(2, "promise", "Dana", "x\u202egnp.exe", "--due", "tomorrow")
    assert "what was promised contains an invisible formatting character (U+202E)" in stderr
    stderr = cli.fails(2, "release", "1", "--reason", "\x1b]0;owned\x07")
    assert "the reason contains control characters (U+001B)" in stderr


@pytest.fixture
def stored(tmp_path: Path) -> Cli:
    """A ledger with hostile text in every field, as an older version could have stored it."""
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    made.ok("promise", "Dana", "send the offer", "--due", "friday")
    made.ok("touch", "Dana", "--channel", "call", "--note", "left word")
    with sqlite3.connect(made.data / "ledger.sqlite3") as db:
        hostile = "\x1b[2J\x07evil\u202etxt.exe"
        db.execute("UPDATE contacts SET name = ?, company = ?, notes = ?", (f"Dana{hostile}",) * 3)
        db.execute("UPDATE promises SET what = ?", (f"offer{hostile}",))
        db.execute("UPDATE promise_events SET note = ?", (f"made{hostile}",))
        db.execute("UPDATE touches SET note = ?", (f"word{hostile}",))
    return made


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("list", "--status", "all"),
        ("show", "1"),
        ("contacts", "list"),
        ("contacts", "show", "#1"),
        ("check", "#1"),
        ("script", "1"),
    ],
)
def test_stored_hostile_text_is_printed_as_visible_escapes(
    stored: Cli, command: tuple[str, ...]
) -> None:
    done = stored.run(*command)
    assert done.returncode == 0, done.stderr
    assert not any(ch in done.stdout + done.stderr for ch in RAW), done.stdout
    assert "\\x1b[2J\\x07evil" in done.stdout or command[0] == "script"


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (("list", "--json"), lambda data: data[0]["what"]),
        (("show", "1", "--json"), lambda data: data["what"]),
        (("contacts", "show", "#1", "--json"), lambda data: data["promises"][0]["what"]),
    ],
)
def test_json_output_escapes_controls_and_bidi(
    stored: Cli, command: tuple[str, ...], what: Callable[[Any], str]
) -> None:
    text = stored.ok(*command)
    assert not any(ch in text for ch in RAW)
    assert "offer\\u001b[2J\\u0007evil\\u202etxt.exe" in text
    assert what(json.loads(text)) == "offer\x1b[2J\x07evil\u202etxt.exe"


def test_json_export_escapes_bidi_controls(stored: Cli, tmp_path: Path) -> None:
    target = tmp_path / "ledger.json"
    stored.ok("export", "--out", str(target))
    text = target.read_text(encoding="utf-8")
    assert not any(ch in text for ch in RAW)
    assert "\\u202e" in text and "\\u001b" in text
    (contact,) = json.loads(text)["contacts"]
    assert contact["promises"][0]["what"] == "offer\x1b[2J\x07evil\u202etxt.exe"


def test_import_of_a_mostly_utf8_file_keeps_utf8_and_names_the_unreadable_row(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path / "profile")
    source = tmp_path / "people.csv"
    source.write_bytes(
        "name,company\nZoë Müller,Café Crème\n".encode()
        + b"Ren\xe9 Roux,Globex\n"
        + "José Núñez,Acme\n".encode()
    )
    done = cli.run("import", "contacts", str(source))
    assert done.returncode == 0, done.stderr
    assert "(utf-8): 2 added, 0 updated, 0 unchanged, 1 skipped" in done.stdout
    assert "row 3: name: holds a byte that is not UTF-8 text (0xE9)" in done.stdout
    names = [c["name"] for c in cli.json("contacts", "list")]
    assert sorted(names) == ["José Núñez", "Zoë Müller"]


def test_import_refuses_a_hostile_cell_and_takes_the_rest(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    source = tmp_path / "people.csv"
    source.write_text("name,company\nZoë Müller,Ac\x1b[2Jme\nJosé,Acme\n", encoding="utf-8")
    done = cli.run("import", "contacts", str(source))
    assert done.returncode == 0, done.stderr
    assert "row 2: company: company contains control characters (U+001B)" in done.stdout
    assert "\x1b" not in done.stdout
    assert [c["name"] for c in cli.json("contacts", "list")] == ["José"]
