"""The guard from the command line: `check` and `script` agree, and what each verdict says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def test_check_suggests_the_script_that_script_gives(cli: Cli) -> None:
    cli.now = "2024-02-26T10:00:00+00:00"
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("promise", "Dana", "send Acme feedback", "--due", "2024-03-01T15:00:00Z")
    cli.now = "2025-03-12T10:00:00+00:00"
    check, script = cli.json("check", "Dana"), cli.json("script", "1")
    assert (check["suggested_situation"], check["suggested_tier"]) == ("overdue_apology", "months")
    assert (script["situation"], script["tier"]) == ("overdue_apology", "months")
    assert "suggested script: overdue apology (months late)" in cli.ok("check", "Dana")
    cli.ok("touch", "Dana", "--channel", "email")
    check, script = cli.json("check", "Dana"), cli.json("script", "1")
    assert check["verdict"] == "caution"
    assert (check["suggested_situation"], check["suggested_tier"]) == (
        script["situation"],
        script["tier"],
    )


def test_one_email_is_not_coming_on_too_strong(cli: Cli) -> None:
    cli.ok("contacts", "add", "Gil Lone")
    cli.ok("touch", "Gil", "--channel", "email")
    check = cli.json("check", "Gil")
    assert [r["code"] for r in check["reasons"]] == ["day_limit"]
    assert check["suggested_situation"] == "check_in"
    cli.ok("touch", "Gil", "--channel", "sms", "--reason", "sent the address")
    assert cli.json("check", "Gil")["suggested_situation"] == "time_out"


def test_a_kept_promise_gets_the_as_promised_message(cli: Cli) -> None:
    cli.now = "2024-02-26T10:00:00+00:00"
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("promise", "Dana", "send Acme feedback", "--due", "2024-03-01T15:00:00Z")
    cli.now = "2025-03-12T10:00:00+00:00"
    cli.ok("touch", "Dana", "--channel", "email")
    cli.ok("kept", "1", "--channel", "email")
    script = cli.json("script", "1")
    assert (script["situation"], script["tier"]) == ("check_in", None)
    assert script["subject"] == "As promised: getting back to you"


def test_next_ok_at_is_when_a_promise_lifts_the_cool_off(cli: Cli) -> None:
    cli.now = "2025-03-10T12:00:00+00:00"
    cli.ok("contacts", "add", "Cole Porter")
    cli.ok("touch", "Cole", "--channel", "call")
    cli.ok("promise", "Cole", "send the offer", "--due", "2025-03-12T18:00:00Z")
    cli.now = "2025-03-12T15:00:00+00:00"
    check = cli.json("check", "Cole")
    assert [r["code"] for r in check["reasons"]] == ["cool_off"]
    assert check["next_ok_at"] == "2025-03-12T18:00:00Z"
    assert cli.json("check", "Cole", "--at", "2025-03-12T17:59:00Z")["verdict"] == "caution"
    assert cli.json("check", "Cole", "--at", "2025-03-12T18:00:00Z")["verdict"] == "ok"


def test_their_call_leaves_your_reply_ok(cli: Cli) -> None:
    cli.ok("contacts", "add", "Eve Fresh")
    shown = cli.ok("touch", "Eve", "--channel", "call", "--in")
    assert "Eve Fresh: [OK] OK to contact" in shown
    assert cli.json("check", "Eve")["verdict"] == "ok"


def test_calling_hours_pace_calls_not_email(cli: Cli) -> None:
    cli.now = "2025-03-12T22:00:00+00:00"  # 22:00 in London
    cli.ok("contacts", "add", "Fay Night", "--tz", "Europe/London")
    unnamed = cli.json("check", "Fay")
    assert [r["code"] for r in unnamed["reasons"]] == ["outside_calling_hours"]
    assert "for calls, voicemails and texts, not e-mail" in unnamed["summary"]
    assert cli.json("check", "Fay", "--channel", "call")["verdict"] == "caution"
    assert cli.json("check", "Fay", "--channel", "email")["verdict"] == "ok"
    logged = cli.json("touch", "Fay", "--channel", "email")
    assert logged["verdict_before"]["verdict"] == "ok"
    assert logged["touch"]["over_limit"] is False
