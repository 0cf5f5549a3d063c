"""The command line says what the ledger file really is (not a database, an empty file), names
the backup 'trayapp restore' would bring back, and refuses instants and folders it cannot use
with a clear message (exit 2) instead of a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    made.ok("promise", "Dana", "send the deck", "--due", "tomorrow 5pm")
    made.ok("backup")
    return made


def _newest_backup(cli: Cli) -> str:
    return sorted(p.name for p in (cli.data / "backups").iterdir())[-1]


def test_random_bytes_are_not_a_database_and_the_restore_is_named(cli: Cli) -> None:
    database = cli.data / "ledger.sqlite3"
    database.write_bytes(os.urandom(20000))
    before = database.read_bytes()

    said = cli.fails(1, "list")

    assert "is not a database" in said and "left untouched" in said
    assert "keychain" not in said.replace("no encryption key is kept", "")
    assert "recovery key" not in said
    assert _newest_backup(cli) in said and "'trayapp restore'" in said
    assert database.read_bytes() == before
    doctor = cli.run("doctor")
    assert doctor.returncode == 1
    assert "is not a database" in doctor.stdout and _newest_backup(cli) in doctor.stdout


def test_doctor_says_an_empty_ledger_is_unusable_and_fails(cli: Cli) -> None:
    (cli.data / "ledger.sqlite3").write_bytes(b"")

    doctor = cli.run("doctor")

    assert doctor.returncode == 1, doctor.stdout
    assert "[no] database" in doctor.stdout and "empty (0 bytes)" in doctor.stdout
    assert "schema=0" not in doctor.stdout
    assert _newest_backup(cli) in doctor.stdout
    assert cli.run("doctor").returncode == 1
    (cli.data / "ledger.sqlite3").unlink()
    cli.ok("restore")
    assert "[ok] database" in cli.ok("doctor")


@pytest.mark.parametrize("instant", ["0001-01-01T00:00+00:00", "9999-12-31T00:00+00:00"])
@pytest.mark.parametrize("command", [("check", "Dana"), ("list",), ("contacts", "stale")])
def test_an_instant_out_of_range_is_bad_input(cli: Cli, instant: str, command: tuple[str]) -> None:
    cli.now = instant

    said = cli.fails(2, *command)

    assert "TRAYAPP_NOW must be an instant from 1970-01-01 and before 3000-01-01" in said
    assert instant in said


def test_one_day_late_is_singular(cli: Cli) -> None:
    cli.now = "2026-11-26T10:00+00:00"  # due Tue 24 Nov 17:00: a day and 17 hours ago
    listed = cli.ok("list")
    assert "1 day late" in listed and "1 days late" not in listed


def test_doctor_with_a_file_for_a_data_folder_says_so(cli: Cli, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")

    said = cli.fails(2, "doctor", "--data-dir", str(a_file))

    assert "is a file, not a folder" in said and "Not a directory" not in said
    assert a_file.read_text(encoding="utf-8") == "mine"
