"""Losing the key or the ledger file, and getting the data back, through the command line.

Each story runs the real command in subprocesses against a temporary data folder; the keychain
is a JSON file shared by those processes (``FileKeyring``), so an entry can be deleted or the
keychain locked between commands.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli.terminal import run_in_terminal
from tests.cli.test_cli import Cli
from trayapp.cli.backups import app_lock

REPO = Path(__file__).resolve().parents[2]
CODE = re.compile(r"(?:[0-9A-Z]{4}-){13}[0-9A-Z]{4}")
PASSPHRASE = "correct horse battery"


@pytest.fixture
def keychain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working keychain for the commands: its entries live in the returned file."""
    entries = tmp_path / "keychain.json"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.unit.platform.keyring_support.FileKeyring")
    monkeypatch.setenv("TRAYAPP_TEST_KEYRING", str(entries))
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.delenv("TRAYAPP_PASSPHRASE", raising=False)
    return entries


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def _entries(keychain: Path) -> dict[str, str]:
    return dict(json.loads(keychain.read_text())) if keychain.exists() else {}


def _recovery_code(cli: Cli) -> str:
    found = CODE.findall(cli.ok("recovery-key"))
    assert len(found) == 1
    return str(found[0])


def _names(cli: Cli) -> list[str]:
    return [c["name"] for c in cli.json("contacts", "list")]


def _ledger_files(cli: Cli) -> list[str]:
    return sorted(p.name for p in cli.data.glob("ledger*"))


def test_a_lost_keychain_entry_is_brought_back_with_the_recovery_key(
    cli: Cli, keychain: Path
) -> None:
    done = cli.run("contacts", "add", "Dana Smith")
    assert done.returncode == 0, done.stderr
    assert "run 'trayapp recovery-key' in a terminal" in done.stderr
    code = _recovery_code(cli)
    kept = _entries(keychain)
    assert len(kept) == 1
    keychain.write_text("{}")  # the keychain entry is lost
    for command in (("contacts", "list"), ("backup",), ("recovery-key",), ("encrypt",)):
        said = cli.fails(2, *command)
        assert "its key is not in the keychain" in said
        assert "moved or renamed looks like a lost entry" in said
        assert "trayapp unlock --recovery-key" in said
        assert "TRAYAPP_PASSPHRASE" not in said  # this user never had a passphrase
    assert "type it at the prompt" in cli.fails(2, "unlock", "--recovery-key")
    shown = run_in_terminal(
        ["unlock", "--recovery-key"], cli.env(), [("Recovery key:", code.lower())]
    )
    assert shown[0] == 0, shown[1]
    assert "your data is unchanged" in shown[1]
    assert code not in shown[1]  # typed without echo, so not on the screen nor in history
    assert _entries(keychain) == kept
    assert _names(cli) == ["Dana Smith"]


def test_a_forgotten_passphrase_is_replaced_with_the_recovery_key(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    cli.ok("contacts", "add", "Dana Smith")
    assert (cli.data / "ledger.key").is_file()
    code = _recovery_code(cli)
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "not the passphrase")
    said = cli.fails(2, "contacts", "list")
    assert "wrong passphrase" in said and "trayapp unlock --recovery-key" in said
    monkeypatch.delenv("TRAYAPP_PASSPHRASE")
    said = cli.fails(2, "contacts", "list")
    assert "set TRAYAPP_PASSPHRASE" in said and "trayapp unlock --recovery-key" in said
    monkeypatch.setenv("TRAYAPP_RECOVERY_KEY", code)
    monkeypatch.setenv("NEW_PASS", "a brand new passphrase")
    assert "unchanged" in cli.ok("unlock", "--passphrase-env", "NEW_PASS")
    monkeypatch.delenv("TRAYAPP_RECOVERY_KEY")
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "a brand new passphrase")
    assert _names(cli) == ["Dana Smith"]


@pytest.mark.parametrize("mode", ["keychain", "passphrase"])
def test_another_ledgers_key_is_told_with_the_way_back_and_the_recovery_key_opens(
    cli: Cli, keychain: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mode: str
) -> None:
    if mode == "passphrase":
        monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    cli.ok("contacts", "add", "Dana Smith")
    code = _recovery_code(cli)
    other = Cli(tmp_path / "other")
    other.ok("contacts", "add", "Lee Other")
    if mode == "passphrase":  # the other folder's key file copied over this one's
        shutil.copyfile(other.data / "ledger.key", cli.data / "ledger.key")
        keychain.write_text("{}")  # the key file alone holds the key
    else:  # this folder's keychain entry now holds the other ledger's key
        entries = _entries(keychain)
        mine, theirs = sorted(entries, key=lambda name: str(other.data) in name)
        keychain.write_text(json.dumps({**entries, mine: entries[theirs]}))

    said = cli.fails(2, "contacts", "list")

    assert "does not open this ledger (it belongs to another one); nothing was changed" in said
    assert "trayapp unlock --recovery-key" in said
    monkeypatch.setenv("TRAYAPP_RECOVERY_KEY", code)
    monkeypatch.setenv("NEW_PASS", PASSPHRASE)
    extra = ("--passphrase-env", "NEW_PASS") if mode == "passphrase" else ()
    assert "your data is unchanged" in cli.ok("unlock", *extra)
    assert _names(cli) == ["Dana Smith"]


@pytest.mark.parametrize("mode", ["keychain", "passphrase"])
def test_a_missing_ledger_is_restored_and_never_replaced_by_an_empty_one(
    cli: Cli, keychain: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "passphrase":
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
        monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("backup")
    backups = sorted((cli.data / "backups").iterdir())
    keys = (_entries(keychain), _ledger_files(cli))
    (cli.data / "ledger.sqlite3").rename(cli.data.parent / "moved.sqlite3")
    for command in (("contacts", "list"), ("backup",), ("encrypt",)):
        said = cli.fails(2, *command)
        assert "there is no ledger at" in said and "'trayapp restore'" in said
    said = cli.fails(2, "unlock", "--recovery-key", _code_of_backup(cli, keychain, mode))
    assert "bring back its newest backup: trayapp restore (add --recovery-key" in said
    assert "bring back its newest backup: trayapp restore" in cli.fails(2, "recovery-key")
    assert _ledger_files(cli) == [f for f in keys[1] if f != "ledger.sqlite3"]
    assert sorted((cli.data / "backups").iterdir()) == backups
    assert "Restored the ledger" in cli.ok("restore")
    assert (_entries(keychain), _ledger_files(cli)) == keys  # no key was written
    assert _names(cli) == ["Dana Smith"]


def _code_of_backup(cli: Cli, keychain: Path, mode: str) -> str:
    """The recovery key, read from where the key is kept (the ledger itself is gone)."""
    import base64

    from trayapp.platform.keys import read_key_file, recovery_code

    if mode == "passphrase":
        return recovery_code(read_key_file(cli.data / "ledger.key", PASSPHRASE))
    (stored,) = _entries(keychain).values()
    return recovery_code(base64.b64decode(stored))


def test_a_missing_ledger_and_a_lost_entry_are_restored_with_the_recovery_key(
    cli: Cli, keychain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    code = _recovery_code(cli)
    cli.ok("backup")
    (cli.data / "ledger.sqlite3").unlink()
    keychain.write_text("{}")
    said = cli.fails(2, "restore")
    assert "trayapp restore --recovery-key" in said
    assert "type it at the prompt" in cli.fails(2, "restore", "--recovery-key")
    monkeypatch.setenv("TRAYAPP_RECOVERY_KEY", code)
    done = cli.run("restore")
    assert done.returncode == 0, done.stderr
    assert "keep it in the keychain or under a new passphrase with: trayapp unlock" in done.stderr
    assert _entries(keychain) == {}  # restore writes no key
    assert "unchanged" in cli.ok("unlock")
    monkeypatch.delenv("TRAYAPP_RECOVERY_KEY")
    assert _names(cli) == ["Dana Smith"]


def _overwrite_header(database: Path) -> bytes:
    with database.open("r+b") as handle:
        handle.write(b"X" * 16)
    return database.read_bytes()


def test_a_plain_ledger_with_a_damaged_header_is_restored_not_called_encrypted(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    cli.ok("backup")
    cli.ok("contacts", "add", "Lee Park")
    damaged = _overwrite_header(cli.data / "ledger.sqlite3")
    done = cli.run("contacts", "list")
    assert done.returncode == 0, done.stderr
    assert "Dana Smith" in done.stdout and "Lee Park" not in done.stdout
    assert "restored" in done.stderr and "keychain" not in done.stderr
    kept = list(cli.data.glob("ledger.sqlite3.damaged-*"))
    assert [p.read_bytes() for p in kept] == [damaged]  # kept, never deleted
    report = cli.json("doctor")
    assert report["database"]["ok"] and not report["database"]["encrypted"]


def test_a_damaged_header_without_a_backup_is_refused_and_left_alone(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    shutil.rmtree(cli.data / "backups")  # the automatic one taken after the change
    database = cli.data / "ledger.sqlite3"
    damaged = _overwrite_header(database)
    said = cli.fails(1, "contacts", "list")
    assert "damaged" in said and "backup" in said
    assert "keychain" not in said and "passphrase" not in said
    assert database.read_bytes() == damaged
    checked = cli.run("doctor", "--json")
    assert checked.returncode == 1  # doctor fails when its database check does
    report = json.loads(checked.stdout)
    assert not report["database"]["ok"] and "damaged" in report["encryption"]["detail"]
    assert "damaged" in cli.fails(1, "encrypt")


def test_encrypt_is_refused_while_the_app_holds_its_lock(
    cli: Cli, keychain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYAPP_TEST_KEYRING_LOCKED", "1")
    cli.ok("contacts", "add", "Dana Smith")  # a locked keychain: the ledger starts plain
    monkeypatch.delenv("TRAYAPP_TEST_KEYRING_LOCKED")
    before = {p.name: p.read_bytes() for p in cli.data.iterdir() if p.is_file()}
    with app_lock(cli.data / "trayapp.lock"):
        said = cli.fails(2, "encrypt")
        assert "Follow-Through is running" in said and "then encrypt again" in said
    after = {p.name: p.read_bytes() for p in cli.data.iterdir() if p.is_file()}
    assert after == before
    assert _entries(keychain) == {}
    assert "The ledger is now encrypted." in cli.ok("encrypt")


@pytest.fixture
def locked_keychain(keychain: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRAYAPP_TEST_KEYRING_LOCKED", "1")
    return keychain


def test_a_locked_keychain_at_first_run_says_so_without_a_terminal(
    cli: Cli, locked_keychain: Path
) -> None:
    done = cli.run("contacts", "add", "Dana Smith")
    assert done.returncode == 0, done.stderr
    assert "keychain is there but cannot be used (the keychain is locked)" in done.stderr
    assert "no keychain and no passphrase" not in done.stderr
    assert "passphrase:" not in done.stderr.lower()  # nothing was asked
    assert _ledger_files(cli) == ["ledger.sqlite3"]
    assert b"Dana Smith" in (cli.data / "ledger.sqlite3").read_bytes()


def test_at_a_terminal_a_locked_keychain_offers_one_passphrase(
    cli: Cli, locked_keychain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [("New passphrase:", PASSPHRASE), ("Type it again:", PASSPHRASE)]
    code, shown = run_in_terminal(["contacts", "add", "Dana Smith"], cli.env(), answers)
    assert code == 0, shown
    assert "the keychain is locked" in shown and "RECOVERY KEY" in shown
    assert len(CODE.findall(shown)) == 1
    assert _ledger_files(cli) == ["ledger.key", "ledger.sqlite3"]
    assert b"Dana Smith" not in (cli.data / "ledger.sqlite3").read_bytes()
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    assert _names(cli) == ["Dana Smith"]


def test_at_a_terminal_two_different_passphrases_change_nothing(
    cli: Cli, locked_keychain: Path
) -> None:
    answers = [("New passphrase:", PASSPHRASE), ("Type it again:", "another one entirely")]
    code, shown = run_in_terminal(["contacts", "add", "Dana Smith"], cli.env(), answers)
    assert code == 2, shown
    assert "the two passphrases differ; nothing was changed" in shown
    assert _ledger_files(cli) == []


def test_an_encrypted_ledger_damaged_past_its_first_page_is_restored_at_opening(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    cli.ok("contacts", "add", "Dana Smith")  # backed up automatically
    database = cli.data / "ledger.sqlite3"
    with database.open("r+b") as handle:  # every page after the first overwritten
        for page in range(1, database.stat().st_size // 4096):
            handle.seek(4096 * page)
            handle.write(b"\xff" * 16)

    done = cli.run("contacts", "list")

    assert done.returncode == 0, done.stderr
    assert "The ledger was damaged and was restored from the backup of" in done.stderr
    assert "Dana Smith" in done.stdout
    assert len(list(cli.data.glob("ledger.sqlite3.damaged-*"))) == 1
