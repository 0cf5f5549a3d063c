"""What the command line cannot read it says, naming the part, and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

FRIDAY = "2026-11-27T10:00:00+00:00"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok(
        "contacts",
        "add",
        "Dana Smith",
        "--company",
        "Acme",
        "--email",
        "dana@acme.com",
        "--phone",
        "+1 (555) 010-2030",
    )
    return made


def ledger_state(cli: Cli) -> tuple[list[str], int, int]:
    """Contact names, promises and touches on file."""
    contacts = cli.json("contacts", "list")
    promises = cli.json("list", "--status", "all")
    shown = cli.json("contacts", "show", "#1")
    return [c["name"] for c in contacts], len(promises), len(shown["touches"])


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("called Dana feb 30", "'feb 30'"),
        ("called Dana at 25:00", "'at 25:00'"),
        ("Dana Smith (Globex): send feedback by fri", "'(Globex)'"),
        ("called dana@", "'dana@' is not an e-mail address"),
        ("emailed someone@", "'someone@' is not an e-mail address"),
        ("emailed dana@acme.com dana@acme.com", "'dana@acme.com' after 'dana@acme.com'"),
        ("called Dana\u202e", "U+202E"),
        ("Dana: send x tomorrow by 25pm", "'by 25pm' after the date 'tomorrow'"),
        ("Dana: send x tomorrow at 99", "'at 99' after the date 'tomorrow'"),
        ("Dana - feedback tomorrow by 25pm", "'by 25pm' after the date 'tomorrow'"),
        ("Dana: send x by tomorrow 3pm 3pm", "'by tomorrow 3pm 3pm' as one date"),
        ("Dana: send x by 13/45", "'by 13/45'"),
        ("Dana: send x by 9999-12-31", "'9999-12-31' is more than 10 years ahead"),
        ("Dana: send x tomorrow blah", "'blah' after the date 'tomorrow'"),
        ("xyz qwe", "'xyz qwe'"),
        ("Dana said yes", "'said yes' after 'Dana'"),
        ("replied", "'replied'"),
    ],
)
def test_a_line_not_understood_is_refused_naming_the_part(cli: Cli, line: str, named: str) -> None:
    before = ledger_state(cli)
    assert named in cli.fails(2, "add", line)
    assert ledger_state(cli) == before


def test_the_forms_recruiters_type_still_save(cli: Cli) -> None:
    cli.now = FRIDAY
    lines = [
        "Dana Smith: send Acme feedback by fri 3pm",
        "Dana - feedback on Acme interview tomorrow",
        "call Dana re offer next tue 10:00",
        "called Dana",
        "vm Dana re Acme",
        "emailed dana@acme.com",
        "linkedin Dana",
        "Dana replied",
        "Dana Smith (Acme): send the brief by mon",
        "called 555-010-2030 yesterday re offer",
        "Dana: call me back in two weeks",
        "Dana said no",
    ]
    kinds = [cli.json("add", line)["kind"] for line in lines]
    assert kinds == [
        *["promise"] * 3,
        *["touch"] * 5,
        *["promise", "touch", "callback", "do_not_contact"],
    ]
    names, promises, touches = ledger_state(cli)
    assert (names, promises, touches) == (["Dana Smith"], 5, 8)


def test_a_new_contact_from_a_clean_name(cli: Cli) -> None:
    saved = cli.json("add", "called Mary-Jane O'Neil")
    assert (saved["contact"]["name"], saved["created_contact"]) == ("Mary-Jane O'Neil", True)
    saved = cli.json("add", "emailed info@globex.com")
    assert saved["contact"]["name"] == "info@globex.com"


def test_by_a_weekday_naming_today(cli: Cli) -> None:
    cli.now = FRIDAY
    assert cli.json("add", "Dana: send x by fri")["promise"]["due_at"] == "2026-11-27T18:00:00Z"
    assert cli.json("add", "Dana: send y by fri 3pm")["promise"]["due_at"] == (
        "2026-11-27T15:00:00Z"
    )
    assert cli.json("add", "Dana: send z by fri 9am")["promise"]["due_at"] == (
        "2026-12-04T09:00:00Z"
    )


@pytest.mark.parametrize("ref", ["555 010 2030", "+1 555 010 2030", "(555) 010-2030"])
def test_a_phone_matches_on_its_digits(cli: Cli, ref: str) -> None:
    assert cli.json("check", ref)["contact"]["name"] == "Dana Smith"


def test_a_phone_already_on_file_is_refused(cli: Cli) -> None:
    message = cli.fails(2, "contacts", "add", "Lee Park", "--phone", "555-010-2030")
    assert "Dana Smith (Acme) already has the phone number" in message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("touch", "Dana", "--channel", "email", "--at", ""), "give a time"),
        (("check", "Dana", "--at", ""), "give a time"),
        (("kept", "1", "--at", ""), "give a time"),
        (("kept", "1", "--at", "2020-01-01"), "cannot be kept before it was made"),
        (("contacts", "edit", "Dana", "--quiet-until", ""), "give a quiet-until date"),
        (("contacts", "edit", "Dana", "--tz", ""), "--tz needs a time zone"),
        (("contacts", "edit", "Dana"), "nothing to change for Dana Smith (Acme)"),
        (("contacts", "edit", "Dana", "--company", "Acme"), "nothing to change"),
        (("contacts", "add", "-"), "needs at least one letter"),
    ],
)
def test_an_empty_or_impossible_value_is_refused(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    cli.ok("add", "Dana: send x by tomorrow")
    before = ledger_state(cli)
    assert message in cli.fails(2, *args)
    assert ledger_state(cli) == before


def test_a_far_future_due_date_is_refused_on_the_command_line(cli: Cli) -> None:
    message = cli.fails(2, "promise", "Dana", "send x", "--due", "9999-12-31")
    assert "more than 10 years ahead" in message
    assert cli.json("list") == []


def test_a_touch_fulfils_only_a_promise_owed_to_that_contact(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("promise", "Lee Park", "send the offer", "--due", "tomorrow 10am")
    before = ledger_state(cli)
    assert "no promise #99" in cli.fails(3, "touch", "Dana", "--channel", "call", "--promise", "99")
    said = cli.fails(2, "touch", "Dana", "--channel", "call", "--promise", "1")
    assert "owed to Lee Park, not Dana Smith" in said
    assert ledger_state(cli) == before
    assert "Logged call to Lee Park" in cli.ok(
        "touch", "Lee", "--channel", "call", "--promise", "1"
    )
