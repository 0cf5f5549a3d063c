"""The command line keeps the ledger safe: a damaged ledger is restored from the newest good
backup (or refused), ids and folders that cannot work are refused with exit code 2."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from trayapp.store.driver import CIPHER_AVAILABLE
from trayapp.store.migrations import LATEST_VERSION

PAGE = 4096


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def _fill(cli: Cli, people: int = 60) -> None:
    rows = "\n".join(f"Person {n},p{n}@example.com" for n in range(people))
    source = cli.data.parent / "people.csv"
    source.write_text(f"name,email\n{rows}\n", encoding="utf-8")
    cli.ok("import", "contacts", str(source))


def _damage_page(path: Path, page: int) -> None:
    """Overwrite the start of one page (numbered from 1) with 0xff bytes."""
    with path.open("r+b") as handle:
        handle.seek(PAGE * (page - 1))
        handle.write(b"\xff" * 100)


def test_a_damaged_ledger_is_restored_from_the_newest_backup_and_kept(cli: Cli) -> None:
    _fill(cli)
    cli.ok("backup")
    cli.ok("contacts", "add", "After The Backup")
    database = cli.data / "ledger.sqlite3"
    _damage_page(database, 5)
    damaged = database.read_bytes()

    done = cli.run("contacts", "add", "Still Works")

    assert done.returncode == 0, done.stderr
    assert done.stderr.count("The ledger was damaged and was restored from the backup of") == 1
    assert "changes made after 2026-11-23 10:00 UTC may be missing" in done.stderr
    kept = [p for p in cli.data.iterdir() if p.name.startswith("ledger.sqlite3.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    listed = cli.ok("contacts", "list")
    assert "Still Works" in listed and "Person 59" in listed
    assert "After The Backup" not in listed  # made after the backup: the window told above
    assert "quick_check=ok" in cli.ok("doctor")


def test_a_damaged_ledger_without_a_good_backup_is_refused_and_left_as_it_is(cli: Cli) -> None:
    _fill(cli)
    for made in (cli.data / "backups").iterdir():
        made.unlink()
    database = cli.data / "ledger.sqlite3"
    _damage_page(database, 2)
    damaged = database.read_bytes()

    stderr = cli.fails(1, "contacts", "add", "Not Saved")

    assert "is damaged" in stderr and "no backup" in stderr and "nothing was changed" in stderr
    assert database.read_bytes() == damaged
    assert sorted(p.name for p in cli.data.iterdir()) == ["backups", "config", "ledger.sqlite3"]


@pytest.mark.parametrize(
    "args",
    [
        ("show", "9223372036854775808"),
        ("script", "9223372036854775808"),
        ("kept", "9223372036854775808"),
        ("release", "9223372036854775808", "--reason", "x"),
        ("snooze", "9223372036854775808", "tomorrow"),
        ("renegotiate", "9223372036854775808", "friday"),
        ("touch", "Dana", "--channel", "call", "--promise", "9223372036854775808"),
        ("show", "0"),
    ],
)
def test_an_id_out_of_range_is_bad_input(cli: Cli, args: tuple[str, ...]) -> None:
    stderr = cli.fails(2, *args)
    assert "an id is a positive whole number below 2**63" in stderr


def test_stale_refuses_zero_or_negative_months(cli: Cli) -> None:
    assert "is not a number of months" in cli.fails(2, "contacts", "stale", "--months", "0")
    assert "is not a number of months" in cli.fails(2, "contacts", "stale", "--months=-3")


def test_a_data_folder_that_cannot_be_one_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    stderr = cli.fails(2, "--data-dir", str(a_file), "list")
    assert f"cannot use {a_file} as the data folder: it is a file" in stderr
    stderr = cli.fails(2, "--data-dir", "/proc/nonexistent", "list")
    assert "cannot use /proc/nonexistent as the data folder" in stderr


def test_a_command_in_a_cloud_synced_folder_warns_once(tmp_path: Path) -> None:
    synced = Cli(tmp_path / "Dropbox" / "follow-through")
    done = synced.run("contacts", "add", "Dana Smith")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("warning: the data folder is inside Dropbox") == 1
    assert "warning" not in Cli(tmp_path / "local").run("contacts", "list").stderr


def _doctor(cli: Cli) -> dict[str, dict[str, object]]:
    """Doctor's report; it exits 1 exactly when its database check fails."""
    done = cli.run("doctor", "--json")
    report: dict[str, dict[str, object]] = json.loads(done.stdout)
    assert done.returncode == (0 if report["database"]["ok"] else 1), done.stderr
    return report


def test_doctor_says_no_for_a_newer_schema_and_a_damaged_file(cli: Cli) -> None:
    _fill(cli)
    assert _doctor(cli)["database"]["ok"] is True
    database = cli.data / "ledger.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA user_version = 99")
    newer = _doctor(cli)["database"]
    assert newer["ok"] is False and "newer Follow-Through (schema 99)" in str(newer["detail"])
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA user_version = 2")
    _damage_page(database, 5)
    damaged = _doctor(cli)["database"]
    assert damaged["ok"] is False and "malformed" in str(damaged["detail"])


@pytest.mark.skipif(not CIPHER_AVAILABLE, reason="no SQLCipher in this installation")
def test_doctor_checks_an_encrypted_ledger_only_with_its_key(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "a long passphrase 42")
    cli.ok("contacts", "add", "Dana Smith")
    assert _doctor(cli)["database"] == {
        "exists": True,
        "ok": True,
        "schema": LATEST_VERSION,
        "quick_check": "ok",
        "encrypted": True,
    }
    assert _doctor(cli)["encryption"]["ok"] is True
    monkeypatch.delenv("TRAYAPP_PASSPHRASE")
    locked = _doctor(cli)["database"]
    assert locked["ok"] is False and str(locked["detail"]).startswith("not checked:")


def test_erase_leaves_the_person_in_no_file_of_the_data_folder(cli: Cli) -> None:
    _fill(cli, 20)
    cli.ok("contacts", "add", "Erin Gone", "--email", "erin.gone@example.org")
    cli.ok("promise", "Erin Gone", "send the offer", "--due", "tomorrow 10:00")
    cli.ok("backup")
    cli.ok("contacts", "add", "Lee After", "--email", "lee.after@example.org")
    cli.ok("restore")  # the replaced ledger (with Lee After) stays beside the new one
    cli.now = "2026-11-24T10:00:00+00:00"
    cli.ok("backup")
    unfinished = cli.data / "backups" / "ledger-20261124-100001.sqlite3.tmp"
    unfinished.write_bytes((cli.data / "ledger.sqlite3").read_bytes())
    two_hours_ago = time.time() - 2 * 3600  # left by a backup that never finished
    os.utime(unfinished, (two_hours_ago, two_hours_ago))

    def holding(needle: bytes) -> list[str]:
        return sorted(
            p.name for p in cli.data.rglob("*") if p.is_file() and needle in p.read_bytes()
        )

    assert len(holding(b"erin.gone@example.org")) >= 4

    erased = cli.json("contacts", "erase", "Erin Gone", "--yes")

    assert holding(b"erin.gone@example.org") == []
    assert holding(b"Erin Gone") == []
    assert [Path(p).name for p in erased["copies"]["cleaned"]] == [
        n for n in holding(b"lee.after@example.org") if ".replaced-" in n
    ]
    assert erased["copies"]["left"] == []
    left = sorted(p.name for p in (cli.data / "backups").iterdir())
    assert left == ["ledger-20261124-100000-2.sqlite3"]  # the fresh backup after the erase
    assert "Person 19" in cli.ok("contacts", "list")
