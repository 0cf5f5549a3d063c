"""A name one or two letters off a contact on file is never silently a new contact: the command
line says "Did you mean ...?" with the candidates (exit 2, nothing saved); ``--new-contact``
adds the new person deliberately."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

DID_YOU_MEAN = "trayapp: No contact named 'Dana Smtih'. Did you mean Dana Smith (Acme)?"
HOW_NEW = "  Nothing was saved. If 'Dana Smtih' is someone new, repeat with --new-contact."


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith", "--company", "Acme")
    return made


def names(cli: Cli) -> list[str]:
    return sorted(c["name"] for c in cli.json("contacts", "list"))


def nothing_saved(cli: Cli) -> None:
    assert names(cli) == ["Dana Smith"]
    assert cli.json("list", "--status", "all") == []
    assert cli.json("contacts", "show", "Dana Smith")["touches"] == []


@pytest.mark.parametrize(
    "command",
    [
        ("promise", "Dana Smtih", "send the CV", "--due", "fri 3pm"),
        ("touch", "Dana Smtih", "--channel", "call"),
        ("add", "Dana Smtih: send the CV by fri"),
        ("add", "called Dana Smtih"),
    ],
)
def test_a_slip_is_refused_with_the_candidates_and_nothing_saved(
    cli: Cli, command: tuple[str, ...]
) -> None:
    said = cli.fails(2, *command).splitlines()
    assert said[-2:] == [DID_YOU_MEAN, HOW_NEW]
    nothing_saved(cli)


def test_other_slips_and_a_one_word_name(cli: Cli) -> None:
    said = cli.fails(2, "promise", "Dna Smith", "call back", "--due", "fri").splitlines()
    assert "trayapp: No contact named 'Dna Smith'. Did you mean Dana Smith (Acme)?" in said
    said = cli.fails(2, "check", "Dnaa").splitlines()
    assert said[-1] == "trayapp: No contact named 'Dnaa'. Did you mean Dana Smith (Acme)?"
    nothing_saved(cli)


def test_the_json_refusal_carries_the_candidates(cli: Cli) -> None:
    done = cli.run("add", "Dana Smtih: send the CV by fri", "--json")
    assert done.returncode == 2
    shown = json.loads(done.stdout)
    assert shown["error"] == "near_miss"
    assert shown["typed"] == "Dana Smtih"
    assert shown["saved"] is False
    assert [c["label"] for c in shown["candidates"]] == ["Dana Smith (Acme)"]
    assert DID_YOU_MEAN in done.stderr
    nothing_saved(cli)


def test_new_contact_adds_the_person_deliberately(cli: Cli) -> None:
    saved = cli.ok("promise", "Dana Smtih", "send the CV", "--due", "fri 3pm", "--new-contact")
    assert "to Dana Smtih (new contact): send the CV" in saved
    assert names(cli) == ["Dana Smith", "Dana Smtih"]
    logged = cli.ok("add", "called Dna Smith", "--new-contact")
    assert "Logged call to Dna Smith (new contact)" in logged
    touched = cli.ok("touch", "Dana Smiht", "--channel", "email", "--new-contact")
    assert "Dana Smiht (new contact)" in touched
    assert names(cli) == ["Dana Smiht", "Dana Smith", "Dana Smtih", "Dna Smith"]
    # once on file, the name is found as it is typed, with no question
    assert "to Dana Smtih: call" in cli.ok("promise", "Dana Smtih", "call", "--due", "fri")


def test_the_right_name_and_someone_else_are_not_questioned(cli: Cli) -> None:
    assert "to Dana Smith (Acme): call" in cli.ok("promise", "dana  SMITH", "call", "--due", "fri")
    assert "(new contact)" in cli.ok("add", "called Dan Smythe")
    assert names(cli) == ["Dan Smythe", "Dana Smith"]


def test_contacts_add_refuses_a_near_duplicate_unless_asked(cli: Cli) -> None:
    said = cli.fails(2, "contacts", "add", "Dana Smtih").splitlines()
    assert said[-2] == (
        "trayapp: 'Dana Smtih' is very like Dana Smith (Acme), already on file. "
        "Did you mean Dana Smith (Acme)?"
    )
    assert said[-1] == HOW_NEW
    said = cli.fails(2, "contacts", "add", "dana smith").splitlines()
    assert said[-2] == "trayapp: Dana Smith (Acme) is already on file."
    assert names(cli) == ["Dana Smith"]
    assert "Added contact #2: Dana Smtih" in cli.ok(
        "contacts", "add", "Dana Smtih", "--new-contact"
    )
    cli.ok("contacts", "add", "Dana Smith", "--company", "Globex", "--new-contact")
    assert names(cli) == ["Dana Smith", "Dana Smith", "Dana Smtih"]
