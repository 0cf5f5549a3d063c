"""Dates as people type them, through every command that takes one: quick add, promise --due,
snooze and renegotiate read the same phrases, and 1/12 follows the date order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli

WEDNESDAY = "2026-11-25T10:00:00+00:00"


def _with_settings(cli: Cli, **values: str) -> Cli:
    settings = cli.data / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"timezone": "Europe/London", "my_name": "Sam", **values}))
    return cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.now = WEDNESDAY
    made.ok("contacts", "add", "Dana Smith")
    return made


def test_quick_add_reads_eow_as_friday_at_the_end_of_work(cli: Cli) -> None:
    saved = cli.ok("add", "Dana: send feedback eow")
    assert "Saved promise #1 to Dana Smith: send feedback, due Fri 27 Nov 18:00" in saved


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        ("4d", "due Sun 29 Nov 18:00"),
        ("mon next week 9am", "due Mon 30 Nov 09:00"),
        ("in 3 working days", "due Mon 30 Nov 18:00"),
        ("a week from today", "due Wed 2 Dec 18:00"),
        ("end of month", "due Mon 30 Nov 18:00"),
    ],
)
def test_promise_due_reads_the_same_phrases(cli: Cli, due: str, shown: str) -> None:
    assert shown in cli.ok("promise", "Dana", "send the deck", "--due", due)


def test_snooze_and_renegotiate_read_them_too(cli: Cli) -> None:
    cli.ok("promise", "Dana", "send the deck", "--due", "fri 3pm")
    assert "reminders resume Fri 27 Nov 09:00" in cli.ok("snooze", "1", "2d")
    renegotiated = cli.ok("renegotiate", "1", "end", "of", "next", "week")
    assert "Fri 4 Dec 18:00" in renegotiated


def test_a_date_that_cannot_be_read_names_phrases_that_work(cli: Cli) -> None:
    said = cli.fails(2, "promise", "Dana", "send the deck", "--due", "in 3 flurbs")
    assert "could not read a due date in 'in 3 flurbs'" in said
    assert "'4d'" in said and "'eow'" in said and "'mon next week'" in said
    assert "No open promises" in cli.ok("list")


def test_minutes_or_months_is_asked_not_guessed(cli: Cli) -> None:
    cli.ok("promise", "Dana", "send the deck", "--due", "fri 3pm")
    said = cli.fails(2, "snooze", "1", "3m")
    assert "could not read a snooze time in '3m': minutes or months? Write 3min or 3mo" in said


@pytest.mark.parametrize(
    ("settings", "locale", "shown"),
    [
        ({"date_order": "DMY"}, "en_US.UTF-8", "due Tue 1 Dec 18:00"),
        ({"date_order": "MDY"}, "en_GB.UTF-8", "due Tue 12 Jan 2027 18:00"),
        ({}, "en_GB.UTF-8", "due Tue 1 Dec 18:00"),
        ({}, "en_US.UTF-8", "due Tue 12 Jan 2027 18:00"),
    ],
)
def test_one_twelve_follows_the_setting_else_the_locale(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], locale: str, shown: str
) -> None:
    _with_settings(cli, **settings)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", locale)
    assert shown in cli.ok("promise", "Dana", "send the deck", "--due", "1/12")


def test_a_touch_at_a_short_form_ago(cli: Cli) -> None:
    assert "Logged call to Dana Smith" in cli.ok(
        "touch", "Dana", "--channel", "call", "--at", "2d ago"
    )
    assert "Mon 23 Nov 18:00       -> call" in cli.ok("contacts", "show", "Dana")
