"""Phone numbers through the command line: written the international way as they are saved,
found however they are typed, kept as typed when they are no whole number of the country; the
numbers saved before the region was known are rewritten once it is; a wrong setting is said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def uk(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path / "profile")
    settings(cli, "GB")
    return cli


def settings(cli: Cli, region: str) -> None:
    path = cli.data / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"timezone": "Europe/London", "phone_region": region}))


def phone_of(cli: Cli, name: str) -> str:
    return str(cli.json("contacts", "show", name)["contact"]["phone"])


def test_a_number_is_written_the_international_way_and_found_however_typed(uk: Cli) -> None:
    assert "phone: +44 20 7946 0958" in uk.ok(
        "contacts", "add", "Dana Smith", "--phone", "020 7946 0958"
    )
    for typed in ("+44 20 7946 0958", "02079460958", "0044 20 7946 0958"):
        assert uk.json("check", typed)["contact"]["name"] == "Dana Smith"
    assert "Dana Smith already has the phone number +44 20 7946 0958" in uk.fails(
        2, "contacts", "add", "Lee Park", "--phone", "+44 (0)20 7946 0958"
    )
    uk.ok("contacts", "add", "Lee Park", "--phone", "(415) 555-0132")
    assert phone_of(uk, "Lee Park") == "(415) 555-0132"  # a US number typed in the UK: as typed
    uk.ok("contacts", "edit", "Lee Park", "--phone", "+1 415 555 0132 x12")
    assert phone_of(uk, "Lee Park") == "+1 415-555-0132 ext. 12"


def test_an_import_writes_its_numbers_the_international_way(uk: Cli, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("name,phone\nDana Smith,07911 123456\nRobin Shaw,555 0102\n")
    uk.ok("import", "contacts", str(people))
    assert phone_of(uk, "Dana Smith") == "+44 7911 123456"
    assert phone_of(uk, "Robin Shaw") == "555 0102"


def test_numbers_saved_before_the_region_was_known_are_rewritten_once(uk: Cli) -> None:
    settings(uk, "auto")
    unknown = {"LC_ALL": "", "LC_TELEPHONE": "", "LANG": "C"}
    uk.extra_env = unknown
    uk.ok("contacts", "add", "Dana Smith", "--phone", "020 7946 0958")
    assert phone_of(uk, "Dana Smith") == "020 7946 0958"
    uk.extra_env = {**unknown, "LANG": "en_GB.UTF-8"}
    assert phone_of(uk, "Dana Smith") == "020 7946 0958"  # reading writes nothing
    uk.ok("touch", "Dana Smith", "--channel", "call")  # the next command that writes
    assert phone_of(uk, "Dana Smith") == "+44 20 7946 0958"


def test_a_wrong_region_setting_is_said_and_the_default_used(uk: Cli) -> None:
    settings(uk, "Britain")
    done = uk.run("contacts", "add", "Dana Smith", "--phone", "+44 20 7946 0958")
    assert done.returncode == 0
    assert "setting 'phone_region' must be auto" in done.stderr
    assert phone_of(uk, "Dana Smith") == "+44 20 7946 0958"
