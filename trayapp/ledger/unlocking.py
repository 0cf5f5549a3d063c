"""Choosing the ledger's key when it is opened, and saying what to do when it cannot be found.

An existing encrypted ledger is unlocked with the key in the keychain, else the passphrase key
file (``TRAYAPP_PASSPHRASE`` or typed at a terminal). A new ledger gets a new key kept in the
keychain or under a passphrase; with neither it is used unencrypted and says why.

A new key is made only for a data folder that has nothing of an earlier ledger: when the ledger
file is missing but backups, a key file or a keychain entry are still there, opening refuses
and names the way back (``trayapp restore``, or putting the file back), so a key is never
replaced and an empty ledger never takes a real one's place. Every refusal names the one next
step that works for that situation.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass

from trayapp.core.errors import BadInput, LedgerLocked, LedgerMissing, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.platform.keys import KeyVault, PassphraseRequired, new_data_key, recovery_code
from trayapp.platform.paths import AppPaths
from trayapp.platform.secrets import KeyringSecretStore
from trayapp.store.backup import list_backups
from trayapp.store.db import has_damaged_header, is_encrypted

PASSPHRASE_VARIABLE = "TRAYAPP_PASSPHRASE"
KEY_FILE_NAME = "ledger.key"
ON_KEYCHAIN = "on (keychain)"
ON_PASSPHRASE = "on (passphrase)"
OFF_NOTHING = "off: no keychain and no passphrase"
OFF_PLAIN = "off: this ledger is not encrypted; turn it on with 'trayapp encrypt'"
NO_KEYCHAIN_WORDS = "no keychain"  # how the keychain adapter says there is none at all
USE_RECOVERY_KEY = "use your recovery key: trayapp unlock --recovery-key"
FORGOT_PASSPHRASE = f"if it is forgotten, {USE_RECOVERY_KEY} (it lets you choose a new passphrase)"


@dataclass(frozen=True, slots=True)
class Unlocked:
    """The key to open the ledger with (None: unencrypted) and how that came about."""

    key: bytes | None
    encryption: str
    new_recovery_code: str | None = None


def key_vault(paths: AppPaths, secret_store: SecretStore | None = None) -> KeyVault:
    """The data folder's key vault: the keychain entry and the passphrase key file."""
    return KeyVault(secret_store or KeyringSecretStore(), paths.data / KEY_FILE_NAME)


def can_prompt(interactive: bool | None = None) -> bool:
    """Whether a passphrase may be asked for: only with a terminal on stdin, unless told."""
    if interactive is not None:
        return interactive
    return _is_terminal(sys.stdin)


def can_offer_passphrase(interactive: bool | None = None) -> bool:
    """Whether a new passphrase may be offered: a terminal on stdin and stderr, unless told."""
    if interactive is not None:
        return interactive
    return _is_terminal(sys.stdin) and _is_terminal(sys.stderr)


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def passphrase_from(variable: str | None, *, interactive: bool, prompt: str) -> str | None:
    """The secret in environment ``variable`` if set, else typed at the terminal, else None."""
    if variable:
        value = os.environ.get(variable)
        if value:
            return value
    if not interactive:
        return None
    try:
        typed = getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise BadInput("nothing was typed; nothing was changed") from None
    return typed or None


def choose_key(
    paths: AppPaths, secret_store: SecretStore | None = None, *, interactive: bool | None = None
) -> Unlocked:
    """The key for the ledger in ``paths``: an existing encrypted ledger must be unlocked (or a
    StorageError says how); a new one is encrypted when the keychain or a passphrase can keep
    its key; otherwise the ledger is used unencrypted and ``encryption`` says why. A missing
    ledger whose backups or key are still here is a :class:`LedgerMissing`."""
    database = paths.database
    vault = key_vault(paths, secret_store)
    if has_damaged_header(database):
        # A plain ledger whose first bytes were overwritten: no key opens it, and the check
        # on opening (safekeeping) restores it from the newest good backup or says why not.
        return Unlocked(None, OFF_PLAIN)
    if is_encrypted(database):
        refuse_not_a_database(paths, vault)
        return unlock(vault, interactive=can_prompt(interactive))
    if database.is_file() and database.stat().st_size > 0:
        return Unlocked(None, OFF_PLAIN)
    refuse_missing_ledger(paths, vault)
    return _new_key(vault, offer=can_offer_passphrase(interactive))


def refuse_missing_ledger(paths: AppPaths, vault: KeyVault, *, for_new: bool = False) -> None:
    """Raise :class:`LedgerMissing` when the ledger is missing but its backups (or, unless
    ``for_new``, its key) are still in this data folder."""
    database = paths.database
    backups = list_backups(paths.backups)
    if backups:
        raise LedgerMissing(
            f"there is no ledger at {database}, but {len(backups)} backup(s) of it are in "
            f"{paths.backups} (the newest: {backups[-1].path.name}); bring it back with "
            "'trayapp restore' — nothing was created"
        )
    kept = [] if for_new else kept_keys(vault)
    if kept:
        raise LedgerMissing(
            f"there is no ledger at {database}, but its key is still kept ({' and '.join(kept)}),"
            " so a ledger was here; nothing was created. If you moved the ledger file, put it "
            "back; to start a new, empty ledger with the same key, run 'trayapp encrypt'"
        )


def refuse_not_a_database(paths: AppPaths, vault: KeyVault) -> None:
    """Raise :class:`StorageError` when the ledger file is not SQLite's, its newest backup is
    a plain (unencrypted) database and no key is kept for this folder (no key file, no
    keychain entry, no keychain at all): it is not a database, and no key would open it. A
    lost keychain entry of an encrypted ledger leaves encrypted backups, so it is not
    mistaken for this."""
    backups = list_backups(paths.backups)
    if not backups or is_encrypted(backups[-1].path):
        return
    if not kept_keys(vault) and not _has_keychain_entry_maybe(vault):
        raise StorageError(not_a_database_message(paths))


def _has_keychain_entry_maybe(vault: KeyVault) -> bool:
    """False only when it is certain no keychain holds this folder's key: there is none at all."""
    try:
        return vault.secret_store.get(vault.entry_name) is not None
    except SecretStoreUnavailable as err:
        return not str(err).startswith(NO_KEYCHAIN_WORDS)


def not_a_database_message(paths: AppPaths) -> str:
    """A ledger file that is neither SQLite's nor encrypted by this folder's key (no key was
    ever kept here): what it is, and the backup ``trayapp restore`` would bring back."""
    return (
        f"the ledger file {paths.database} is not a database: its bytes are neither a "
        "Follow-Through ledger's nor an encrypted one's (its backups are not encrypted and no "
        "encryption key is kept for this data folder); it was left untouched. "
        + restore_hint(paths)
    )


def restore_hint(paths: AppPaths) -> str:
    """The backup ``trayapp restore`` would bring back, named, or that there is none."""
    backups = list_backups(paths.backups)
    if not backups:
        return f"There is no backup in {paths.backups} to restore."
    newest = backups[-1]
    taken = newest.taken_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"To bring back the newest backup, {newest.path.name} (taken {taken}), run "
        "'trayapp restore'."
    )


def kept_keys(vault: KeyVault) -> list[str]:
    """Where this data folder's key is kept, in words (an unusable keychain counts as none)."""
    kept = [f"the key file {vault.key_file_path}"] if vault.has_key_file() else []
    try:
        if vault.secret_store.get(vault.entry_name) is not None:
            kept.append("the keychain")
    except SecretStoreUnavailable:
        pass
    return kept


def unlock(vault: KeyVault, *, interactive: bool) -> Unlocked:
    """The key of an encrypted ledger from the keychain, else the passphrase key file."""
    try:
        key = vault.load(None)
        if key is not None:
            return Unlocked(key, ON_KEYCHAIN)
        raise LedgerLocked(lost_entry_message(vault))
    except PassphraseRequired:
        pass
    except SecretStoreUnavailable as err:
        raise LedgerLocked(
            f"the ledger is encrypted and its key is in the keychain, which cannot be used "
            f"now ({err}); unlock the keychain and try again. If the key is gone from it, "
            f"{USE_RECOVERY_KEY}"
        ) from None
    passphrase = passphrase_from(
        PASSPHRASE_VARIABLE, interactive=interactive, prompt="Passphrase for the ledger: "
    )
    if passphrase is None:
        raise LedgerLocked(
            f"the ledger is encrypted with a passphrase; set {PASSPHRASE_VARIABLE} to it or run "
            f"the command in a terminal to type it; {FORGOT_PASSPHRASE}"
        )
    return Unlocked(load_with_passphrase(vault, passphrase), ON_PASSPHRASE)


def load_with_passphrase(vault: KeyVault, passphrase: str) -> bytes:
    """The key from the key file; a wrong passphrase says how to recover."""
    try:
        key = vault.load(passphrase)
    except StorageError:
        raise
    except BadInput as err:
        if err.message != "wrong passphrase":
            raise
        raise BadInput(
            f"wrong passphrase for the ledger; try again, or {FORGOT_PASSPHRASE}"
        ) from None
    if key is None:  # pragma: no cover - load returns a key or raises once a key file exists
        raise StorageError(f"no key for the ledger was found; {USE_RECOVERY_KEY}")
    return key


def lost_entry_message(vault: KeyVault) -> str:
    """Why an encrypted ledger has no key in the keychain, and the way back."""
    folder = vault.key_file_path.parent
    return (
        f"the ledger is encrypted but its key is not in the keychain (entry "
        f"'{vault.entry_name}' for the data folder {folder}). The entry's name comes from the "
        "folder's path, so a data folder that was moved or renamed looks like a lost entry: if "
        f"you moved it, move it back. Otherwise, to put the key back, {USE_RECOVERY_KEY}"
    )


def wrong_key_message(encryption: str) -> str:
    """The stored key opens another ledger, not this one."""
    where = "in the keychain" if encryption == ON_KEYCHAIN else "under your passphrase"
    return (
        f"the key kept {where} does not open this ledger (it belongs to another one); nothing "
        f"was changed. To put the right key back, {USE_RECOVERY_KEY}"
    )


def _new_key(vault: KeyVault, *, offer: bool) -> Unlocked:
    """A fresh key for a new ledger, kept in the keychain and/or under TRAYAPP_PASSPHRASE
    (or, with no keychain and a terminal, under a passphrase typed now)."""
    passphrase = os.environ.get(PASSPHRASE_VARIABLE) or None
    key = new_data_key()
    try:
        places = vault.enroll(key, passphrase)
    except SecretStoreUnavailable as err:
        passphrase = offered_passphrase(str(err)) if offer else None
        if passphrase is None:
            return Unlocked(None, off_because(str(err)))
        places = vault.enroll(key, passphrase)
    encryption = ON_KEYCHAIN if places.keychain else ON_PASSPHRASE
    return Unlocked(key, encryption, recovery_code(key))


def off_because(reason: str) -> str:
    """Why a new ledger is not encrypted: no keychain at all, or one that cannot be used."""
    if reason.startswith(NO_KEYCHAIN_WORDS):
        return OFF_NOTHING
    return (
        f"off: the keychain is there but cannot be used ({reason}) and no passphrase was "
        "given; unlock the keychain, then run 'trayapp encrypt'"
    )


def offered_passphrase(reason: str) -> str | None:
    """Ask once, at a terminal, for a passphrase to encrypt a new ledger; None keeps it plain."""
    sys.stderr.write(
        f"trayapp: the keychain cannot keep an encryption key ({reason}).\n"
        "Choose a passphrase to encrypt the ledger, or press Enter to keep it unencrypted.\n"
    )
    first = passphrase_from(None, interactive=True, prompt="New passphrase: ")
    if first is None:
        return None
    if passphrase_from(None, interactive=True, prompt="Type it again: ") != first:
        raise BadInput("the two passphrases differ; nothing was changed")
    return first


def describe_encryption(paths: AppPaths, secret_store: SecretStore | None = None) -> str:
    """Whether the ledger is encrypted and where its key is, for doctor; asks for nothing and
    writes nothing (one time-bounded keychain read)."""
    vault = key_vault(paths, secret_store)
    database = paths.database
    if has_damaged_header(database):
        return "off: the ledger file is damaged (not encrypted); restore it: trayapp restore"
    encrypted = is_encrypted(database)
    if database.is_file() and database.stat().st_size > 0 and not encrypted:
        return OFF_PLAIN
    if not encrypted and list_backups(paths.backups):
        return "off: there is no ledger, but there are backups; bring it back: trayapp restore"
    try:
        key = vault.load(None)
    except PassphraseRequired:
        return ON_PASSPHRASE if encrypted else "off: no ledger, but its passphrase key file is here"
    except SecretStoreUnavailable as err:
        if encrypted:
            return f"on, but locked: the keychain holding the key cannot be used ({err})"
        off = off_because(str(err))
        return f"{off} ({err})" if off == OFF_NOTHING else off
    except (BadInput, StorageError) as err:
        return f"on, but locked: {err}"
    if not encrypted:
        if key is not None:
            return "off: no ledger, but its key is in the keychain; put the ledger file back"
        return "off: no ledger yet; a new one will be encrypted (keychain)"
    if key is None:
        return f"on, but locked: no key found; {USE_RECOVERY_KEY}"
    return ON_KEYCHAIN
