"""Urgent promises through the command line: making, marking, listing and showing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    return made


def test_promise_with_urgent_says_so_everywhere(cli: Cli) -> None:
    saved = cli.ok("promise", "Dana", "send offer", "--due", "today 11pm", "--urgent")
    assert "Saved promise #1 to Dana Smith: send offer" in saved
    assert "urgent: reminded when due, even outside working hours or while paused" in saved
    cli.ok("promise", "Dana", "send contract", "--due", "fri 3pm")
    assert [(p["id"], p["urgent"]) for p in cli.json("list")] == [(1, True), (2, False)]
    assert cli.json("show", "1")["urgent"] is True
    lines = cli.ok("list").splitlines()
    assert lines[0].endswith("Dana Smith: send offer [open, urgent]")
    assert lines[1].endswith("Dana Smith: send contract [open]")


def test_quick_add_marks(cli: Cli) -> None:
    first = cli.json("add", "Dana Smith: send offer by 9pm urgent")
    assert (first["promise"]["what"], first["promise"]["urgent"]) == ("send offer", True)
    shown = cli.ok("add", "! Dana Smith: send contract tomorrow 9am")
    assert "Saved promise #2 to Dana Smith: send contract, due Tue 24 Nov 09:00 (urgent)" in shown
    plain = cli.json("add", "Dana Smith: send notes tomorrow 9am")
    assert plain["promise"]["urgent"] is False
    touch = cli.json("add", "called Dana re urgent")
    assert (touch["kind"], touch["touch"]["note"]) == ("touch", "urgent")


def test_urgent_command_turns_it_on_and_off(cli: Cli) -> None:
    cli.ok("promise", "Dana", "send offer", "--due", "fri 3pm")
    assert "Urgent: #1" in cli.ok("urgent", "1")
    assert "[open, urgent]" in cli.ok("show", "1")
    off = cli.json("urgent", "1", "--off")
    assert off["promise"]["urgent"] is False
    assert "trayapp: there is no promise 99" in cli.fails(3, "urgent", "99")
    cli.ok("kept", "1")
    refused = cli.fails(2, "urgent", "1")
    assert "promise 1 is already kept; it cannot be marked urgent" in refused
    assert cli.json("show", "1")["urgent"] is False
