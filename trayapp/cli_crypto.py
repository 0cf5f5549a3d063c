"""The encryption commands: ``encrypt``, ``recovery-key`` and ``unlock``.

``encrypt`` turns encryption on (a new key kept in the keychain and/or under a passphrase) and
shows the recovery key once; ``recovery-key`` shows it again after unlocking; ``unlock
--recovery-key`` puts the key back into the keychain or under a new passphrase when the
keychain entry or the passphrase was lost, without touching the data.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from trayapp.compose import (
    PASSPHRASE_VARIABLE,
    Opened,
    can_prompt,
    key_vault,
    passphrase_from,
    unlock,
)
from trayapp.core.errors import BadInput, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.platform.keys import KeyPlaces, KeyVault, key_from_recovery_code, new_data_key
from trayapp.platform.keys import recovery_code as code_for
from trayapp.platform.paths import AppPaths, ensure_private_dir, resolve_paths
from trayapp.store.db import connect_raw, encrypt_in_place, is_encrypted, open_database


def announce(opened: Opened, stream: TextIO | None = None) -> None:
    """Say plainly at start when the ledger is not encrypted, and show a new recovery key once
    (only on a terminal: in scripts and logs, a hint to run ``trayapp recovery-key`` instead)."""
    out = stream or sys.stderr
    if opened.encryption.startswith("off"):
        out.write(f"trayapp: encryption is {opened.encryption}\n")
    if opened.new_recovery_code is None:
        return
    if out.isatty():
        out.write(_recovery_text(opened.new_recovery_code) + "\n")
    else:
        out.write(
            "trayapp: the ledger is now encrypted; run 'trayapp recovery-key' in a terminal "
            "and write the recovery key down\n"
        )


def cmd_encrypt(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Encrypt the ledger (or, if it already is, add a passphrase to it)."""
    paths = _paths(args)
    vault = key_vault(paths, secret_store)
    interactive = can_prompt(getattr(args, "interactive", None))
    if is_encrypted(paths.database):
        key = unlock(vault, interactive=interactive).key
        assert key is not None
        passphrase = _new_passphrase(args, interactive)
        if passphrase is None:
            raise BadInput("the ledger is already encrypted; give a passphrase to add one")
        _say_places(vault.enroll(key, passphrase))
        return 0
    key = new_data_key()
    places = _enroll(vault, key, _passphrase_if_needed(args, vault, interactive))
    if paths.database.is_file() and paths.database.stat().st_size > 0:
        encrypt_in_place(paths.database, key)
    else:
        open_database(paths.database, key).close()
    print("The ledger is now encrypted.")
    _say_places(places)
    _show_recovery_code(key)
    _warn_plain_copies(paths)
    return 0


def cmd_recovery_key(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Show the recovery key again, once the ledger has been unlocked."""
    paths = _paths(args)
    if not is_encrypted(paths.database):
        raise BadInput("the ledger is not encrypted, so it has no recovery key")
    interactive = can_prompt(getattr(args, "interactive", None))
    key = unlock(key_vault(paths, secret_store), interactive=interactive).key
    assert key is not None
    _show_recovery_code(key)
    return 0


def cmd_unlock(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Bring the key back from the recovery key into the keychain or under a new passphrase."""
    paths = _paths(args)
    if not is_encrypted(paths.database):
        raise BadInput("the ledger is not encrypted; there is nothing to unlock")
    key = key_from_recovery_code(args.recovery_key)
    try:
        connect_raw(paths.database, key).close()
    except StorageError:
        raise BadInput("that recovery key does not open this ledger") from None
    vault = key_vault(paths, secret_store)
    interactive = can_prompt(getattr(args, "interactive", None))
    places = _enroll(vault, key, _passphrase_if_needed(args, vault, interactive))
    print("The ledger is unlocked again; your data is unchanged.")
    _say_places(places)
    return 0


def _paths(args: argparse.Namespace) -> AppPaths:
    paths = resolve_paths(getattr(args, "data_dir", None))
    ensure_private_dir(paths.data)
    return paths


def _keychain_works(vault: KeyVault) -> tuple[bool, str]:
    try:
        vault.secret_store.get(vault.entry_name)
    except SecretStoreUnavailable as err:
        return False, str(err)
    return True, ""


def _passphrase_if_needed(
    args: argparse.Namespace, vault: KeyVault, interactive: bool
) -> str | None:
    """A passphrase from ``--passphrase-env``; else typed, only when the keychain fails."""
    given = _new_passphrase(args, interactive=False)
    if given is not None:
        return given
    works, reason = _keychain_works(vault)
    if works:
        return None
    typed = _new_passphrase(args, interactive)
    if typed is None:
        raise BadInput(
            f"no keychain can keep the key ({reason}); choose a passphrase: put it in an "
            f"environment variable and pass --passphrase-env VAR (e.g. {PASSPHRASE_VARIABLE}), "
            "or run the command in a terminal"
        )
    return typed


def _new_passphrase(args: argparse.Namespace, interactive: bool) -> str | None:
    variable = getattr(args, "passphrase_env", None)
    if variable:
        value = passphrase_from(variable, interactive=False, prompt="")
        if value is None:
            raise BadInput(f"the environment variable {variable} is not set")
        return value
    first = passphrase_from(None, interactive=interactive, prompt="New passphrase: ")
    if first is None:
        return None
    again = passphrase_from(None, interactive=interactive, prompt="Type it again: ")
    if again != first:
        raise BadInput("the two passphrases differ; nothing was changed")
    return first


def _enroll(vault: KeyVault, key: bytes, passphrase: str | None) -> KeyPlaces:
    try:
        return vault.enroll(key, passphrase)
    except SecretStoreUnavailable as err:
        raise BadInput(f"the keychain cannot keep the key ({err}); give a passphrase") from None


def _say_places(places: KeyPlaces) -> None:
    where = [
        place
        for place, used in (
            ("kept in the system keychain", places.keychain),
            ("protected by your passphrase", places.key_file),
        )
        if used
    ]
    print(f"The key is {' and '.join(where)}.")


def _show_recovery_code(key: bytes) -> None:
    print(_recovery_text(code_for(key)))


def _recovery_text(code: str) -> str:
    return "\n".join(
        (
            "",
            "RECOVERY KEY — write it down and keep it somewhere safe, away from this computer:",
            "",
            f"    {code}",
            "",
            "Without it, a lost keychain entry or a forgotten passphrase means the data is lost.",
            "It is shown only now; 'trayapp recovery-key' shows it again after unlocking.",
        )
    )


def _warn_plain_copies(paths: AppPaths) -> None:
    database = paths.database
    copies = list(database.parent.glob(database.name + ".schema-v*.bak"))
    if paths.backups.is_dir():
        copies += [p for p in paths.backups.iterdir() if p.is_file()]
    copies = sorted(p for p in copies if not is_encrypted(p))
    if copies:
        print()
        print("These older copies were made before encryption and are NOT encrypted;")
        print("delete them once you no longer need them:")
        for copy in copies:
            print(f"    {copy}")
