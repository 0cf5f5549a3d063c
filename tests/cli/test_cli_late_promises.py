"""A promise already owed, recorded late: accepted, and told how late it already is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    return made


@pytest.mark.parametrize("due", ["2025-07-15", "15 July 2025", "7/15/2025"])
def test_an_explicit_past_date_is_a_promise_already_owed(cli: Cli, due: str) -> None:
    saved = cli.ok("promise", "Dana", "send the deck", "--due", due)
    assert "Saved promise #1 to Dana Smith: send the deck" in saved
    assert "due Tue 15 Jul 2025" in saved
    assert "already 16 months late: the apology script fits" in saved
    shown = cli.json("show", "1")
    assert shown["status"] == "overdue"
    assert shown["events"][0]["at"].startswith("2026-11-23T10:00")


def test_json_says_how_late_too(cli: Cli) -> None:
    data = cli.json("promise", "Dana", "send the deck", "--due", "2025-07-15")
    assert data["already_late"] == "already 16 months late: the apology script fits"
    fresh = cli.json("promise", "Dana", "send notes", "--due", "fri 3pm")
    assert fresh["already_late"] is None


def test_a_relative_phrase_still_means_the_next_one(cli: Cli) -> None:
    cli.now = "2026-11-28T12:00:00+00:00"  # a Saturday
    saved = cli.json("promise", "Dana", "send the deck", "--due", "fri")
    assert saved["promise"]["due_at"].startswith("2026-12-04")
    assert saved["already_late"] is None
    refused = cli.fails(2, "promise", "Dana", "send the deck", "--due", "yesterday")
    assert "in the past" in refused
    assert cli.json("list", "--status", "all") == [saved["promise"]]


def test_made_records_when_it_was_promised(cli: Cli) -> None:
    saved = cli.json(
        "promise", "Dana", "send the deck", "--due", "2025-07-15", "--made", "2025-06-20"
    )
    assert saved["promise"]["created_at"].startswith("2025-06-20")
    events = cli.json("show", str(saved["promise"]["id"]))["events"]
    assert events[0]["kind"] == "created"
    assert events[0]["at"].startswith("2025-06-20")
    assert "recorded 2026-11-23T10:00:00" in events[0]["note"]


def test_made_after_due_or_in_the_future_is_refused(cli: Cli) -> None:
    before = cli.fails(
        2, "promise", "Dana", "send the deck", "--due", "2025-07-15", "--made", "2025-08-01"
    )
    assert "the due date is before the promise was made" in before
    future = cli.fails(2, "promise", "Dana", "send the deck", "--due", "fri", "--made", "tomorrow")
    assert "in the future" in future
    assert cli.json("list", "--status", "all") == []


def test_quick_add_takes_a_past_date_with_its_year(cli: Cli) -> None:
    saved = cli.ok("add", "Dana Smith: send the deck by 2025-07-15")
    assert "Saved promise #1 to Dana Smith: send the deck, due Tue 15 Jul 2025" in saved
    assert "already 16 months late: the apology script fits" in saved
    data = cli.json("add", "Dana Smith: send the notes by 15 July 2025")
    assert data["already_late"] == "already 16 months late: the apology script fits"
    refused = cli.fails(2, "add", "Dana Smith: send the deck yesterday")
    assert "in the past" in refused
