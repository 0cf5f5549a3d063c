"""A touch against a stop needs a reason on the command line: refused without one (exit 2,
nothing saved, the message says why and how), kept with the touch when given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.terminal import run_in_terminal
from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def touches(cli: Cli, who: str) -> list[dict[str, object]]:
    shown: list[dict[str, object]] = cli.json("contacts", "show", who)["touches"]
    return shown


def test_a_touch_at_stop_without_a_reason_is_refused_and_nothing_saved(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    said = cli.fails(2, "touch", "Lee", "--channel", "call")
    assert said.splitlines()[-1] == (
        "trayapp: Lee Park is at Stop (marked do not contact); to log it anyway, "
        'say why with --reason "..."'
    )
    assert touches(cli, "Lee") == []
    said = cli.fails(2, "touch", "Lee", "--channel", "call", "--reason", "  ")
    assert "--reason" in said
    refused = cli.fails(2, "add", "called Lee Park").splitlines()[-1]
    assert refused.startswith("trayapp: Lee Park is at Stop")
    assert touches(cli, "Lee") == []


def test_the_reason_given_is_saved_and_shown(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    logged = cli.ok("touch", "Lee", "--channel", "call", "--reason", "she called about pay")
    assert "Reason: she called about pay" in logged
    assert [t["override_reason"] for t in touches(cli, "Lee")] == ["she called about pay"]
    assert "(over the limit: she called about pay)" in cli.ok("contacts", "show", "Lee")


def test_the_hard_ceiling_names_the_count(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    for day in range(17, 24):
        cli.now = f"2026-11-{day}T10:00:00+00:00"
        cli.ok("touch", "Dana", "--channel", "email", "--reason", "chasing the offer")
    said = cli.fails(2, "touch", "Dana", "--channel", "email").splitlines()[-1]
    assert said.startswith("trayapp: Dana Smith is at Stop (7 outbound touches in 7 days")
    assert said.endswith('to log it anyway, say why with --reason "..."')
    assert len(touches(cli, "Dana")) == 7


def test_an_inbound_touch_needs_no_reason(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    cli.ok("touch", "Lee", "--channel", "call", "--in")
    assert [t["override_reason"] for t in touches(cli, "Lee")] == [""]


def test_keeping_a_promise_at_stop_needs_the_reason_too(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("promise", "Lee", "send the offer", "--due", "fri 3pm")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    said = cli.fails(2, "kept", "1", "--channel", "email")
    assert said.splitlines()[-1] == (
        "trayapp: Lee Park is at Stop (marked do not contact); to log it anyway, "
        'say why with --reason "..."'
    )
    assert cli.json("show", "1")["state"] == "open"
    assert touches(cli, "Lee") == []
    kept = cli.json("kept", "1", "--channel", "email", "--reason", "she asked for it in writing")
    assert kept["touch"]["override_reason"] == "she asked for it in writing"
    assert cli.json("show", "1")["state"] == "kept"
    assert [t["override_reason"] for t in touches(cli, "Lee")] == ["she asked for it in writing"]


def test_no_made_up_reason_is_ever_stored(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("promise", "Lee", "send the offer", "--due", "fri 3pm")
    cli.ok("kept", "1", "--channel", "email")
    cli.ok("touch", "Lee", "--channel", "call")
    assert [t["override_reason"] for t in touches(cli, "Lee")] == ["", ""]


def test_at_a_terminal_kept_asks_for_the_reason(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("promise", "Lee", "send the offer", "--due", "fri 3pm")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    answers = [("why you are contacting them anyway:", "she asked for it in writing")]
    code, shown = run_in_terminal(["kept", "1", "--channel", "email"], cli.env(), answers)
    assert code == 0, shown
    assert "Kept: #1" in shown
    assert [t["override_reason"] for t in touches(cli, "Lee")] == ["she asked for it in writing"]
