"""Waiting for a reply from the command line: start one, list it, a reply logged from the
contact closes it, cancel one; refused input exits 2 and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

# Tuesday 24 November 2026, 15:00 in London.
NOW = "2026-11-24T15:00:00+00:00"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.now = NOW
    made.ok("contacts", "add", "Dana Smith")
    made.ok("contacts", "add", "Lee Chen")
    made.ok("touch", "Dana", "--channel", "email")
    return made


def test_start_a_wait_and_see_it_listed(cli: Cli) -> None:
    said = cli.ok("waiting", "Dana", "--until", "next tue", "--about", "the offer")
    assert said.startswith("Waiting for Dana Smith's reply re the offer until Tue 1 Dec 18:00")
    assert "(wait #1)" in said
    cli.ok("waiting", "start", "Lee Chen", "--until", "2026-11-26T10:00:00Z")
    listed = cli.json("waiting", "list")
    assert [(w["id"], w["contact"]["name"], w["about"], w["until"]) for w in listed] == [
        (2, "Lee Chen", "", "2026-11-26T10:00:00Z"),
        (1, "Dana Smith", "the offer", "2026-12-01T18:00:00Z"),
    ]
    assert all(w["open"] and w["closed_by"] is None for w in listed)
    text = cli.ok("waiting", "list")
    assert text.splitlines() == [
        "#2     Thu 26 Nov 10:00       Lee Chen (in 1 day)",
        "#1     Tue 1 Dec 18:00        Dana Smith re the offer (in 1 week)",
    ]
    assert cli.ok("waiting") == text


def test_a_reply_from_the_contact_closes_the_wait(cli: Cli) -> None:
    cli.ok("waiting", "Dana", "--until", "fri 3pm", "--about", "offer")
    cli.ok("waiting", "Lee", "--until", "fri 3pm")
    cli.ok("touch", "Dana", "--channel", "email", "--note", "chasing")  # ours: no reply
    assert [w["contact"]["name"] for w in cli.json("waiting", "list")] == ["Dana Smith", "Lee Chen"]
    cli.ok("touch", "Dana", "--channel", "email", "--in")
    assert [w["contact"]["name"] for w in cli.json("waiting", "list")] == ["Lee Chen"]
    every = cli.json("waiting", "list", "--all")
    assert [(w["id"], w["closed_by"]) for w in every] == [(1, "reply"), (2, None)]
    assert "Dana Smith re offer (they replied)" in cli.ok("waiting", "list", "--all")
    shown = cli.ok("contacts", "show", "Dana")
    assert shown.rstrip().endswith(
        "Waiting for a reply:\n  #1     Fri 27 Nov 15:00       Dana Smith re offer (they replied)"
    )
    assert [w["closed_by"] for w in cli.json("contacts", "show", "Dana")["waits"]] == ["reply"]


def test_cancel_a_wait(cli: Cli) -> None:
    cli.ok("waiting", "Dana", "--until", "fri 3pm")
    assert cli.ok("waiting", "cancel", "1").startswith("Stopped waiting for Dana Smith's reply")
    assert cli.json("waiting", "list") == []
    assert "already closed (cancelled)" in cli.fails(2, "waiting", "cancel", "1")
    assert "no wait #7" in cli.fails(3, "waiting", "cancel", "7")


@pytest.mark.parametrize(
    "argv",
    [
        ["waiting", "Dana", "--until", "yesterday"],
        ["waiting", "Dana", "--until", "2026-11-24T14:00:00Z"],
        ["waiting", "Dana", "--until", "whenever she likes"],
        ["waiting", "Dana"],
        ["waiting", "Dana", "--until", "fri", "--about", "x" * 201],
        ["waiting", "Dana", "--until", "fri", "--about", "offer\x1b[2J"],
        ["waiting", "cancel", "nine"],
    ],
)
def test_bad_input_exits_2_and_changes_nothing(cli: Cli, argv: list[str]) -> None:
    cli.fails(2, *argv)
    assert cli.json("waiting", "list", "--all") == []


def test_an_imported_reply_closes_the_wait_too(cli: Cli, tmp_path: Path) -> None:
    cli.ok("waiting", "Dana", "--until", "fri 3pm")
    cli.ok("waiting", "Lee", "--until", "fri 3pm")
    rows = "contact,channel,direction,at\nDana Smith,email,in,2026-11-24T15:30:00Z\n"
    rows += "Lee Chen,email,in,2026-11-20T10:00:00Z\n"  # before the wait: no reply to it
    (tmp_path / "replies.csv").write_text(rows)
    cli.now = "2026-11-24T16:00:00+00:00"
    cli.ok("import", "touches", str(tmp_path / "replies.csv"))
    assert [w["contact"]["name"] for w in cli.json("waiting", "list")] == ["Lee Chen"]


def test_quick_add_starts_a_wait(cli: Cli) -> None:
    said = cli.ok("add", "waiting on Dana re offer until fri 3pm")
    assert said.startswith("Waiting for Dana Smith's reply re offer until Fri 27 Nov 15:00")
    data = cli.json("add", "waiting for Lee until tomorrow")
    assert data["kind"] == "wait" and data["created_contact"] is False
    assert (data["wait"]["contact"]["name"], data["wait"]["until"]) == (
        "Lee Chen",
        "2026-11-25T18:00:00Z",
    )
    assert "say until when to wait" in cli.fails(2, "add", "waiting on Dana re offer")
    assert [w["id"] for w in cli.json("waiting", "list")] == [2, 1]
