"""The encryption commands: ``encrypt``, ``recovery-key`` and ``unlock``.

``encrypt`` turns encryption on (the data folder's key if it still has one, else a new key,
kept in the keychain and/or under a passphrase) and shows the recovery key; it rewrites the
whole file, so it holds the app's lock and refuses while the tray app runs. ``recovery-key``
shows the recovery key again after unlocking; ``unlock --recovery-key`` puts the key back into
the keychain or under a new passphrase when the keychain entry or the passphrase was lost,
without touching the data. ``backup_key`` finds the key that opens a backup for ``restore``.
A recovery key is typed at a prompt (or read from ``TRAYAPP_RECOVERY_KEY``), so that it stays
out of the shell's history.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from trayapp.core.errors import BadInput, LedgerLocked, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.ledger.keys import kept_key, opens, plain_copies
from trayapp.ledger.opening import (
    PASSPHRASE_VARIABLE,
    Opened,
    can_prompt,
    key_vault,
    passphrase_from,
    unlock,
)
from trayapp.ledger.unlocking import refuse_missing_ledger
from trayapp.platform.app_lock import app_lock
from trayapp.platform.keys import (
    KeyPlaces,
    KeyVault,
    PassphraseRequired,
    key_from_recovery_code,
    new_data_key,
)
from trayapp.platform.keys import recovery_code as code_for
from trayapp.platform.paths import AppPaths, claim_data_dir, resolve_paths
from trayapp.store.backup import list_backups
from trayapp.store.db import (
    DAMAGED_HEADER,
    has_damaged_header,
    is_encrypted,
    open_database,
)
from trayapp.store.encrypt import encrypt_in_place

RECOVERY_VARIABLE = "TRAYAPP_RECOVERY_KEY"


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
    """Encrypt the ledger (or, if it already is, add a passphrase to it), holding the app's
    lock: the whole file is rewritten, so never under the running tray app."""
    paths = _paths(args)
    with app_lock(paths.lock_file, action="encrypt"):
        return _encrypt(args, paths, key_vault(paths, secret_store))


def _encrypt(args: argparse.Namespace, paths: AppPaths, vault: KeyVault) -> int:
    database = paths.database
    interactive = can_prompt(getattr(args, "interactive", None))
    if has_damaged_header(database):
        raise StorageError(DAMAGED_HEADER.format(path=database))
    if is_encrypted(database):
        key = unlock(vault, interactive=interactive).key
        assert key is not None
        passphrase = _new_passphrase(args, interactive)
        if passphrase is None:
            raise BadInput("the ledger is already encrypted; give a passphrase to add one")
        _say_places(vault.enroll(key, passphrase))
        return 0
    existing = database.is_file() and database.stat().st_size > 0
    if not existing:
        refuse_missing_ledger(paths, vault, for_new=True)
    kept = kept_key(
        vault,
        lambda: passphrase_from(
            PASSPHRASE_VARIABLE, interactive=interactive, prompt="Passphrase of the kept key: "
        ),
        f"set {PASSPHRASE_VARIABLE} to it or run the command in a terminal to type it",
    )
    key = kept or new_data_key()
    places = _enroll(vault, key, _passphrase_if_needed(args, vault, interactive))
    if existing:
        encrypt_in_place(database, key)
    else:
        open_database(database, key).close()
    print("The ledger is now encrypted." if existing else "A new, empty ledger was made.")
    if kept is not None:
        print("It uses the key this data folder already had, so the recovery key is unchanged.")
    _say_places(places)
    _show_recovery_code(key)
    _warn_plain_copies(paths)
    return 0


def cmd_recovery_key(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Show the recovery key again, once the ledger has been unlocked."""
    paths = _paths(args)
    if not is_encrypted(paths.database):
        _refuse_no_ledger(paths)
        raise BadInput("the ledger is not encrypted, so it has no recovery key")
    interactive = can_prompt(getattr(args, "interactive", None))
    key = unlock(key_vault(paths, secret_store), interactive=interactive).key
    assert key is not None
    _show_recovery_code(key)
    return 0


def cmd_unlock(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Bring the key back from the recovery key into the keychain or under a new passphrase."""
    paths = _paths(args)
    _refuse_nothing_to_unlock(paths)
    interactive = can_prompt(getattr(args, "interactive", None))
    key = key_from_recovery_code(recovery_text(args, interactive, required=True) or "")
    if not opens(paths.database, key):
        also = ""
        if list_backups(paths.backups):
            also = "; if it is the key of a backup, restore that: trayapp restore --recovery-key"
        raise BadInput(f"that recovery key does not open this ledger{also}")
    vault = key_vault(paths, secret_store)
    places = _enroll(vault, key, _passphrase_if_needed(args, vault, interactive))
    print("The ledger is unlocked again; your data is unchanged.")
    _say_places(places)
    return 0


def _refuse_nothing_to_unlock(paths: AppPaths) -> None:
    if is_encrypted(paths.database):
        return
    _refuse_no_ledger(paths)
    raise BadInput("the ledger is not encrypted; there is nothing to unlock")


def _refuse_no_ledger(paths: AppPaths) -> None:
    """Refuse, naming the way back, when the ledger file is damaged or missing."""
    database = paths.database
    if has_damaged_header(database):
        raise StorageError(DAMAGED_HEADER.format(path=database))
    if database.is_file() and database.stat().st_size > 0:
        return
    if list_backups(paths.backups):
        raise BadInput(
            f"there is no ledger at {database}; bring back its newest backup: trayapp restore "
            "(add --recovery-key to type your recovery key if the key kept here cannot open it)"
        )
    raise BadInput(f"there is no ledger at {database}")


def recovery_text(args: argparse.Namespace, interactive: bool, *, required: bool) -> str | None:
    """The recovery key from ``--recovery-key CODE``, else ``TRAYAPP_RECOVERY_KEY``, else typed
    at a prompt when ``--recovery-key`` was given without a code (or ``required``)."""
    given = getattr(args, "recovery_key", None)
    if given:
        return str(given)
    wanted = required or given is not None
    if not wanted:
        return os.environ.get(RECOVERY_VARIABLE) or None
    typed = passphrase_from(RECOVERY_VARIABLE, interactive=interactive, prompt="Recovery key: ")
    if typed is None:
        raise BadInput(
            "give the recovery key: run the command in a terminal and type it at the prompt, "
            f"or put it in the environment variable {RECOVERY_VARIABLE}"
        )
    return typed


def backup_key(
    args: argparse.Namespace, paths: AppPaths, backup: Path, secret_store: SecretStore | None
) -> tuple[bytes | None, bool]:
    """The key that opens ``backup`` (None for an unencrypted one), and whether it came from
    the recovery key."""
    if not is_encrypted(backup):
        return None, False
    interactive = can_prompt(getattr(args, "interactive", None))
    text = recovery_text(args, interactive, required=False)
    if text is None:
        stored, why = _stored_key(key_vault(paths, secret_store), interactive)
        if stored is not None and opens(backup, stored):
            return stored, False
        if not interactive:
            raise LedgerLocked(
                f"{backup.name} is encrypted and {why}; restore it with your recovery key: "
                "trayapp restore --recovery-key"
            )
        sys.stderr.write(f"trayapp: {backup.name} is encrypted and {why}.\n")
        text = recovery_text(args, interactive, required=True)
    key = key_from_recovery_code(text or "")
    if not opens(backup, key):
        raise BadInput(f"that recovery key does not open {backup.name}; nothing was changed")
    return key, True


def _stored_key(vault: KeyVault, interactive: bool) -> tuple[bytes | None, str]:
    """The key kept for this data folder, or None and why there is none to use."""
    try:
        key = vault.load(None)
    except SecretStoreUnavailable as err:
        return None, f"the keychain cannot be used ({err})"
    except PassphraseRequired:
        pass
    else:
        if key is None:
            return None, "no key for it is kept in the keychain"
        return key, "the key kept in the keychain does not open it"
    passphrase = passphrase_from(
        PASSPHRASE_VARIABLE, interactive=interactive, prompt="Passphrase for the ledger: "
    )
    if passphrase is None:
        return None, f"no passphrase was given (set {PASSPHRASE_VARIABLE} to it)"
    try:
        key = vault.load(passphrase)
    except BadInput as err:
        wrong = err.message == "wrong passphrase"
        return None, "the passphrase given is wrong" if wrong else err.message
    except StorageError as err:
        return None, err.message
    return key, "the key under your passphrase does not open it"


def _paths(args: argparse.Namespace) -> AppPaths:
    paths = resolve_paths(getattr(args, "data_dir", None))
    claim_data_dir(paths.data, create=True)
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
    copies = plain_copies(paths)
    if copies:
        print()
        print("These older copies were made before encryption and are NOT encrypted;")
        print("delete them once you no longer need them:")
        for copy in copies:
            print(f"    {copy}")
