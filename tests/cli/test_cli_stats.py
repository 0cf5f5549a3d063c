"""``trayapp stats``: promises made, kept on time, kept late and released per week, as a table
and in the documented JSON shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def test_the_week_in_numbers(cli: Cli) -> None:
    cli.now = "2026-11-02T10:00:00+00:00"
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("promise", "Dana", "send feedback", "--due", "2026-11-04T10:00:00Z")
    cli.ok("promise", "Dana", "send the offer", "--due", "2026-11-03T10:00:00Z")
    cli.now = "2026-11-03T09:00:00+00:00"
    cli.ok("kept", "1")  # on time
    cli.now = "2026-11-10T10:00:00+00:00"
    cli.ok("kept", "2")  # a week late
    cli.now = "2026-11-18T10:00:00+00:00"
    data = cli.json("stats", "--weeks", "3")
    assert data == {
        "kind": "stats",
        "weeks": [
            {"week_start": "2026-11-02", "made": 2, "kept_on_time": 1, "kept_late": 0,
             "released": 0},
            {"week_start": "2026-11-09", "made": 0, "kept_on_time": 0, "kept_late": 1,
             "released": 0},
            {"week_start": "2026-11-16", "made": 0, "kept_on_time": 0, "kept_late": 0,
             "released": 0},
        ],
        "kept_on_time_rate": 0.5,
        "median_lateness_hours": 168.0,
        "contacts_at_caution": 0,
        "contacts_at_stop": 0,
    }  # fmt: skip
    text = cli.ok("stats", "--weeks", "3")
    assert text.splitlines()[1].split() == ["02", "Nov", "2026", "2", "1", "0", "0"]
    assert text.rstrip().endswith(
        "Last 3 weeks: 2 made, 2 kept (1 on time: 50%), 0 released; the late ones a median "
        "7.0 days late. Now 0 people at caution, 0 at stop."
    )
    assert len(cli.json("stats")["weeks"]) == 12


@pytest.mark.parametrize("weeks", ["0", "261", "twelve", "-3"])
def test_a_bad_number_of_weeks_is_refused(cli: Cli, weeks: str) -> None:
    assert "--weeks" in cli.fails(2, "stats", "--weeks", weeks)
