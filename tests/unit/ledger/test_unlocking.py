"""Choosing the ledger's key at open, and the encrypt / recovery-key / unlock commands."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes import FakeSecretStore
from tests.unit.platform.keyring_support import MemoryKeyring, installed
from trayapp.cli.encryption import announce, cmd_encrypt, cmd_recovery_key, cmd_unlock
from trayapp.core.errors import BadInput, LedgerMissing, StorageError
from trayapp.core.model import Contact
from trayapp.ledger.opening import (
    OFF_NOTHING,
    OFF_PLAIN,
    ON_KEYCHAIN,
    ON_PASSPHRASE,
    PASSPHRASE_VARIABLE,
    describe_encryption,
    open_ledger,
)
from trayapp.platform.keys import key_from_recovery_code, new_data_key, recovery_code
from trayapp.platform.paths import resolve_paths
from trayapp.store.db import is_encrypted

REPO = Path(__file__).resolve().parents[2]
SECRET_EMAIL = "dana.secret@acme.example"
PASSPHRASE = "correct horse battery"
CODE = re.compile(r"(?:[0-9A-Z]{4}-){13}[0-9A-Z]{4}")


def _add_dana(store: FakeSecretStore | None = None) -> None:
    with open_ledger(secret_store=store, interactive=False) as opened:
        opened.ctx.ledger.add_contact(Contact(name="Dana", email=SECRET_EMAIL))


def _count(store: FakeSecretStore | None = None) -> int:
    with open_ledger(secret_store=store, interactive=False) as opened:
        return opened.ctx.ledger.count_contacts()


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"data_dir": None, "passphrase_env": None, "interactive": False}
    return argparse.Namespace(**(values | given))


def _database() -> Path:
    return resolve_paths().database


def test_a_new_ledger_is_encrypted_when_the_keychain_works() -> None:
    store = FakeSecretStore()
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == ON_KEYCHAIN
        assert opened.new_recovery_code is not None
        key = key_from_recovery_code(opened.new_recovery_code)
        opened.ctx.ledger.add_contact(Contact(name="Dana", email=SECRET_EMAIL))
    assert len(store.values) == 1
    assert is_encrypted(_database())
    assert SECRET_EMAIL.encode() not in _database().read_bytes()
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == ON_KEYCHAIN
        assert opened.new_recovery_code is None
        assert opened.ctx.ledger.count_contacts() == 1
    assert recovery_code(key) == recovery_code(key_from_recovery_code(recovery_code(key)))


def test_a_backup_through_connect_copy_stays_encrypted(tmp_path: Path) -> None:
    store = FakeSecretStore()
    _add_dana(store)
    target = tmp_path / "copy.sqlite3"
    with open_ledger(secret_store=store, interactive=False) as opened:
        copy = opened.connect_copy(target)
        opened.connection.backup(copy)
        copy.close()
        check = opened.connect_copy(target)
        assert check.execute("SELECT email FROM contacts").fetchone()[0] == SECRET_EMAIL
        check.close()
    assert is_encrypted(target)
    assert SECRET_EMAIL.encode() not in target.read_bytes()


def test_the_real_keyring_module_with_a_memory_backend_is_used_by_default() -> None:
    with installed(MemoryKeyring()) as backend:
        with open_ledger(interactive=False) as opened:
            assert opened.encryption == ON_KEYCHAIN
        assert len(backend.store) == 1  # type: ignore[attr-defined]
    assert is_encrypted(_database())


def test_with_no_keychain_and_no_passphrase_the_ledger_is_plain_and_says_so() -> None:
    """The test default is keyring's fail backend, and stdin is not a terminal: no prompt."""
    with open_ledger() as opened:
        assert opened.encryption == OFF_NOTHING
        assert opened.encryption.startswith("off: ")
        assert opened.new_recovery_code is None
        opened.ctx.ledger.add_contact(Contact(name="Dana", email=SECRET_EMAIL))
    assert not is_encrypted(_database())
    with open_ledger() as opened:
        assert opened.encryption == OFF_PLAIN


def test_an_existing_plain_ledger_stays_plain_until_encrypted() -> None:
    _add_dana(FakeSecretStore(unavailable=True))
    store = FakeSecretStore()
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == OFF_PLAIN
    assert store.values == {}


def test_the_passphrase_variable_encrypts_and_unlocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSPHRASE_VARIABLE, PASSPHRASE)
    store = FakeSecretStore(unavailable=True)
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == ON_PASSPHRASE
        opened.ctx.ledger.add_contact(Contact(name="Dana", email=SECRET_EMAIL))
    assert is_encrypted(_database())
    assert _count(store) == 1
    monkeypatch.delenv(PASSPHRASE_VARIABLE)
    with pytest.raises(StorageError, match=f"{PASSPHRASE_VARIABLE}.*recovery"):
        _count(store)
    monkeypatch.setenv(PASSPHRASE_VARIABLE, "not the passphrase")
    with pytest.raises(BadInput, match="wrong passphrase"):
        _count(store)


def test_an_encrypted_ledger_whose_keychain_is_gone_says_how_to_unlock() -> None:
    store = FakeSecretStore()
    _add_dana(store)
    store.unavailable = True
    with pytest.raises(StorageError, match=r"keychain.*recovery-key"):
        _count(store)


def test_encrypt_migrates_a_plain_ledger_and_prints_the_recovery_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for n in range(5):
        with open_ledger(interactive=False) as opened:
            opened.ctx.ledger.add_contact(Contact(name=f"P{n}", email=f"p{n}@example.org"))
    _add_dana()
    store = FakeSecretStore()
    assert cmd_encrypt(_args(), store) == 0
    printed = capsys.readouterr().out
    codes = CODE.findall(printed)
    assert len(codes) == 1
    assert "RECOVERY KEY" in printed
    assert is_encrypted(_database())
    assert SECRET_EMAIL.encode() not in _database().read_bytes()
    assert sorted(p.name for p in _database().parent.glob("ledger.sqlite3*")) == ["ledger.sqlite3"]
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == ON_KEYCHAIN
        assert opened.ctx.ledger.count_contacts() == 6
    assert cmd_recovery_key(_args(), store) == 0
    assert CODE.findall(capsys.readouterr().out) == codes


def test_encrypt_without_a_keychain_needs_a_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    _add_dana()
    store = FakeSecretStore(unavailable=True)
    with pytest.raises(BadInput, match="passphrase-env"):
        cmd_encrypt(_args(), store)
    assert not is_encrypted(_database())
    monkeypatch.setenv("MY_PASS", PASSPHRASE)
    assert cmd_encrypt(_args(passphrase_env="MY_PASS"), store) == 0
    monkeypatch.setenv(PASSPHRASE_VARIABLE, PASSPHRASE)
    with open_ledger(secret_store=store, interactive=False) as opened:
        assert opened.encryption == ON_PASSPHRASE
        assert opened.ctx.ledger.count_contacts() == 1


def test_the_recovery_key_brings_back_a_lost_keychain_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = FakeSecretStore()
    with open_ledger(secret_store=store, interactive=False) as opened:
        code = opened.new_recovery_code
        opened.ctx.ledger.add_contact(Contact(name="Dana", email=SECRET_EMAIL))
    assert code is not None
    store.values.clear()  # the keychain entry is lost
    with pytest.raises(StorageError, match="recovery"):
        _count(store)
    other = recovery_code(new_data_key())
    with pytest.raises(BadInput, match="does not open"):
        cmd_unlock(_args(recovery_key=other), store)
    assert cmd_unlock(_args(recovery_key=code.lower()), store) == 0
    assert "unchanged" in capsys.readouterr().out
    assert _count(store) == 1


def test_the_recovery_key_can_move_the_key_under_a_new_passphrase(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = FakeSecretStore()
    with open_ledger(secret_store=store, interactive=False) as opened:
        code = opened.new_recovery_code
    assert code is not None
    moved = FakeSecretStore(unavailable=True)
    with pytest.raises(BadInput, match="passphrase"):
        cmd_unlock(_args(recovery_key=code), moved)
    monkeypatch.setenv("NEW_PASS", PASSPHRASE)
    assert cmd_unlock(_args(recovery_key=code, passphrase_env="NEW_PASS"), moved) == 0
    monkeypatch.setenv(PASSPHRASE_VARIABLE, PASSPHRASE)
    with open_ledger(secret_store=moved, interactive=False) as opened:
        assert opened.encryption == ON_PASSPHRASE


def test_doctor_description_asks_for_nothing_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = resolve_paths()
    working, broken = FakeSecretStore(), FakeSecretStore(unavailable=True)
    assert "will be encrypted" in describe_encryption(paths, working)
    assert describe_encryption(paths, broken).startswith(OFF_NOTHING)
    assert not paths.database.exists()
    assert working.values == {}
    _add_dana(working)
    assert describe_encryption(paths, working) == ON_KEYCHAIN
    assert describe_encryption(paths, broken).startswith("on, but locked: the keychain")
    working.values.clear()
    assert "recovery key" in describe_encryption(paths, working)
    monkeypatch.setenv("P", PASSPHRASE)
    code = recovery_code(new_data_key())
    with pytest.raises(BadInput):
        cmd_unlock(_args(recovery_key=code, passphrase_env="P"), broken)
    assert describe_encryption(paths, broken).startswith("on, but locked")


def test_announce_says_off_plainly_and_keeps_the_code_out_of_logs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_ledger(interactive=False) as opened:
        announce(opened)
    assert f"encryption is {OFF_NOTHING}" in capsys.readouterr().err
    paths = resolve_paths()
    paths.database.unlink()
    with open_ledger(secret_store=FakeSecretStore(), interactive=False) as opened:
        announce(opened)
    err = capsys.readouterr().err
    assert "trayapp recovery-key" in err
    assert not CODE.search(err)
    assert "encryption is" not in err


_CHILD = """
import json, sys
from trayapp.ledger.opening import open_ledger
from trayapp.core.model import Contact
with open_ledger() as opened:
    first = opened.encryption
    opened.ctx.ledger.add_contact(Contact(name="Dana", email=sys.argv[1]))
with open_ledger() as opened:
    print(json.dumps({"first": first, "again": opened.encryption,
                      "count": opened.ctx.ledger.count_contacts()}))
"""


@pytest.mark.timeout(120)
def test_a_real_secret_service_keeps_the_key(tmp_path: Path) -> None:
    """gnome-keyring in a private D-Bus session: a new ledger is encrypted and reopens."""
    missing = [t for t in ("gnome-keyring-daemon", "dbus-run-session") if not shutil.which(t)]
    if missing:
        if os.environ.get("TRAYAPP_REQUIRE_X") == "1":
            pytest.fail(f"a real Secret Service is required but {missing} is not installed")
        pytest.skip(f"{missing} not installed")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    data = tmp_path / "ledger-data"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    env |= {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path]),
        "TRAYAPP_DATA_DIR": str(data),
    }
    env.pop(PASSPHRASE_VARIABLE, None)
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    child = (
        "echo throwaway-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        f" && exec {sys.executable} {script} {SECRET_EMAIL}"
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", child],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"first": ON_KEYCHAIN, "again": ON_KEYCHAIN, "count": 1}
    database = data / "ledger.sqlite3"
    assert is_encrypted(database)
    for path in data.glob("ledger.sqlite3*"):
        assert SECRET_EMAIL.encode() not in path.read_bytes(), path


def test_a_missing_ledger_never_gets_a_new_key_and_encrypt_reuses_the_kept_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = FakeSecretStore()
    with open_ledger(secret_store=store, interactive=False) as opened:
        code = opened.new_recovery_code
    kept = dict(store.values)
    for path in _database().parent.glob("ledger.sqlite3*"):
        path.unlink()
    with pytest.raises(LedgerMissing, match=r"its key is still kept.*trayapp encrypt"):
        _count(store)
    assert not _database().exists()
    assert cmd_encrypt(_args(), store) == 0
    printed = capsys.readouterr().out
    assert "A new, empty ledger was made" in printed and "recovery key is unchanged" in printed
    assert CODE.findall(printed) == [code]
    assert store.values == kept
    assert _count(store) == 0
