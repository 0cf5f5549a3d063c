"""The close-out's check-in from the command line: `script --json` offers it as data, the text
says how to add it, and `check-in ID` adds it once."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def at_the_monthly_limit(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("promise", "Dana", "send the shortlist", "--due", "2026-12-01T10:00:00Z")
    for day in range(1, 24, 4):
        cli.now = f"2026-11-{day:02d}T10:00:00+00:00"
        cli.ok("touch", "Dana", "--channel", "email")


def test_the_close_out_offers_the_check_in_and_one_command_adds_it(cli: Cli) -> None:
    at_the_monthly_limit(cli)
    script = cli.json("script", "1")
    assert script["situation"] == "close_out"
    assert script["follow_up"] == {
        "what": "check in with Dana",
        "due": "2027-02-22T08:30:00Z",
        "months": 3,
        "add": "trayapp check-in 1",
    }
    text = cli.ok("script", "1")
    assert "Check-in offered: check in with Dana, due Mon 22 Feb 2027 08:30." in text
    assert text.rstrip().endswith("Add it: trayapp check-in 1")
    added = cli.ok("check-in", "1")
    assert added.startswith("Saved promise #2 to Dana Smith: check in with Dana, due")
    assert cli.json("script", "1")["follow_up"] is None
    said = cli.fails(2, "check-in", "1")
    assert "already planned (#2)" in said


def test_no_check_in_without_the_close_out(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("promise", "Lee", "send the brief", "--due", "2026-12-01T10:00:00Z")
    assert cli.json("script", "1")["follow_up"] is None
    assert "is not the close-out" in cli.fails(2, "check-in", "1")
    assert [p["what"] for p in cli.json("list")] == ["send the brief"]


def test_add_prints_the_offer_and_its_command(cli: Cli) -> None:
    at_the_monthly_limit(cli)
    said = cli.ok("add", "Dana Smith: send the contract by fri 3pm")
    assert said.startswith("Saved promise #2 to Dana Smith: send the contract")
    assert said.rstrip().endswith(
        "Check-in offered: check in with Dana, due Mon 22 Feb 2027 08:30. "
        "Add it: trayapp check-in 2"
    )
    logged = cli.json("add", "emailed Dana Smith", "--reason", "she asked for the contract")
    command = logged["follow_up"]["add"]
    assert command == (
        "trayapp promise 'Dana Smith' 'check in with Dana' --due 2027-02-22T08:30+0000"
    )
    cli.ok(*shlex.split(command)[1:])
    assert cli.json("add", "Dana Smith: send notes by fri 3pm")["follow_up"] is None


def test_add_offers_nothing_without_the_close_out(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    said = cli.json("add", "Lee Park: send the brief by fri 3pm")
    assert said["follow_up"] is None
    assert "Check-in offered" not in cli.ok("add", "called Lee Park")
