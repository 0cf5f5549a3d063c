"""Builds the Qt-free half of the app from its folders: settings, store, clock, date reader.

The command line uses it directly; the tray app (``app.py``) builds on it.

Opening also chooses the ledger's encryption key (``choose_key``): the keychain,
a passphrase from ``TRAYAPP_PASSPHRASE`` or typed at a terminal; with none of them the ledger
is used unencrypted and ``Opened.encryption`` says so.
"""

from __future__ import annotations

import functools
import getpass
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trayapp.core.clock import Clock, FixedClock, SystemClock
from trayapp.core.errors import BadInput, LedgerLocked, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.keys import KeyVault, PassphraseRequired, new_data_key, recovery_code
from trayapp.platform.localzone import local_zone
from trayapp.platform.paths import AppPaths, ensure_private_dir, resolve_paths
from trayapp.platform.secrets import KeyringSecretStore
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.safekeeping import check_on_open
from trayapp.services.context import Context
from trayapp.store.db import connect_raw, is_encrypted, open_database
from trayapp.store.health import Recovery
from trayapp.store.ledger import SqliteLedger

NOW_VARIABLE = "TRAYAPP_NOW"
PASSPHRASE_VARIABLE = "TRAYAPP_PASSPHRASE"
KEY_FILE_NAME = "ledger.key"
ON_KEYCHAIN = "on (keychain)"
ON_PASSPHRASE = "on (passphrase)"
OFF_NOTHING = "off: no keychain and no passphrase"
OFF_PLAIN = "off: this ledger is not encrypted; turn it on with 'trayapp encrypt'"
HOW_TO_UNLOCK = (
    f"set {PASSPHRASE_VARIABLE} to the passphrase, run the command in a terminal to type it, "
    "or use your recovery key: trayapp unlock --recovery-key CODE"
)


@dataclass(frozen=True, slots=True)
class Opened:
    """An open ledger with everything the use cases need."""

    ctx: Context
    paths: AppPaths
    settings_problem: str | None
    connection: sqlite3.Connection
    #: "on (keychain)", "on (passphrase)" or "off: <why>", to show at start and in doctor.
    encryption: str = "off"
    #: Set only when this opening created a new key: show it once for the user to write down.
    new_recovery_code: str | None = None
    #: Opens another file with this ledger's key (or none), e.g. the target of a backup made
    #: with ``connection.backup`` or a backup to check: copies stay encrypted with the same key.
    connect_copy: Callable[[Path], sqlite3.Connection] = lambda path: connect_raw(path, None)
    #: Set when the ledger was found damaged and restored from a backup: tell the user
    #: ``recovery.message()`` once.
    recovery: Recovery | None = None


def clock_from_environment() -> Clock:
    """The system clock, or a fixed instant from ``TRAYAPP_NOW`` (ISO 8601) for what-if runs."""
    raw = os.environ.get(NOW_VARIABLE, "").strip()
    if not raw:
        return SystemClock()
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"{NOW_VARIABLE} must be an ISO 8601 instant, not '{raw[:40]}'") from None
    if at.tzinfo is None:
        raise BadInput(f"{NOW_VARIABLE} needs a UTC offset, e.g. 2026-11-22T10:00+00:00")
    return FixedClock(at)


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
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def passphrase_from(variable: str | None, *, interactive: bool, prompt: str) -> str | None:
    """The passphrase in environment ``variable`` if set, else typed at the terminal, else None."""
    if variable:
        value = os.environ.get(variable)
        if value:
            return value
    if not interactive:
        return None
    try:
        typed = getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise BadInput("no passphrase was typed") from None
    return typed or None


def choose_key(
    paths: AppPaths, secret_store: SecretStore | None = None, *, interactive: bool | None = None
) -> Unlocked:
    """The key for the ledger in ``paths``: an existing encrypted ledger must be unlocked (or a
    StorageError says how); a new one is encrypted when the keychain or a passphrase can keep
    its key; otherwise the ledger is used unencrypted and ``encryption`` says why."""
    database = paths.database
    vault = key_vault(paths, secret_store)
    if is_encrypted(database):
        return unlock(vault, interactive=can_prompt(interactive))
    if database.is_file() and database.stat().st_size > 0:
        return Unlocked(None, OFF_PLAIN)
    return _new_key(vault)


def unlock(vault: KeyVault, *, interactive: bool) -> Unlocked:
    """The key of an encrypted ledger from the keychain, else the passphrase key file."""
    try:
        key = vault.load(None)
        if key is not None:
            return Unlocked(key, ON_KEYCHAIN)
        raise LedgerLocked(f"the ledger is encrypted but no key for it was found; {HOW_TO_UNLOCK}")
    except PassphraseRequired:
        pass
    except SecretStoreUnavailable as err:
        raise LedgerLocked(
            f"the ledger is encrypted and its key is in the keychain, which cannot be used "
            f"({err}); unlock the keychain, or {HOW_TO_UNLOCK}"
        ) from None
    passphrase = passphrase_from(
        PASSPHRASE_VARIABLE, interactive=interactive, prompt="Passphrase for the ledger: "
    )
    if passphrase is None:
        raise LedgerLocked(f"the ledger is encrypted with a passphrase; {HOW_TO_UNLOCK}")
    key = vault.load(passphrase)
    if key is None:  # pragma: no cover - load returns a key or raises once a key file exists
        raise StorageError(f"no key for the ledger was found; {HOW_TO_UNLOCK}")
    return Unlocked(key, ON_PASSPHRASE)


def describe_encryption(paths: AppPaths, secret_store: SecretStore | None = None) -> str:
    """Whether the ledger is encrypted and where its key is, for doctor; asks for nothing and
    writes nothing (one time-bounded keychain read)."""
    vault = key_vault(paths, secret_store)
    database = paths.database
    if database.is_file() and database.stat().st_size > 0 and not is_encrypted(database):
        return OFF_PLAIN
    try:
        key = vault.load(None)
    except PassphraseRequired:
        return ON_PASSPHRASE if is_encrypted(database) else "off: no ledger yet (passphrase set)"
    except SecretStoreUnavailable as err:
        if is_encrypted(database):
            return f"on, but locked: the keychain holding the key cannot be used ({err})"
        return f"{OFF_NOTHING} ({err})"
    except (BadInput, StorageError) as err:
        return f"on, but locked: {err}"
    if not is_encrypted(database):
        return "off: no ledger yet; a new one will be encrypted (keychain)"
    if key is None:
        return "on, but locked: no key found; use the recovery key (trayapp unlock)"
    return ON_KEYCHAIN


def _new_key(vault: KeyVault) -> Unlocked:
    """A fresh key for a new ledger, kept in the keychain and/or under TRAYAPP_PASSPHRASE."""
    passphrase = os.environ.get(PASSPHRASE_VARIABLE) or None
    key = new_data_key()
    try:
        places = vault.enroll(key, passphrase)
    except SecretStoreUnavailable:
        return Unlocked(None, OFF_NOTHING)
    encryption = ON_KEYCHAIN if places.keychain else ON_PASSPHRASE
    return Unlocked(key, encryption, recovery_code(key))


def load_settings(paths: AppPaths) -> tuple[Settings, str | None]:
    store = JsonSettingsStore(paths.settings_file)
    settings = store.load()
    return settings, store.problem


@contextmanager
def open_ledger(
    data_dir: str | None = None,
    clock: Clock | None = None,
    *,
    secret_store: SecretStore | None = None,
    interactive: bool | None = None,
) -> Iterator[Opened]:
    """Open the ledger in ``data_dir`` (or the default folders) and close it afterwards.

    ``secret_store`` is the keychain (the OS keychain, each call time-bounded, by default);
    ``interactive`` allows a passphrase prompt (by default: when stdin is a terminal).
    The first opening in a process checks the file and restores a damaged one from the newest
    good backup (``safekeeping.check_on_open``); ``Opened.recovery`` then says so.
    """
    paths = resolve_paths(data_dir)
    ensure_private_dir(paths.data)
    settings, problem = load_settings(paths)
    unlocked = choose_key(paths, secret_store, interactive=interactive)
    connect_copy = functools.partial(connect_raw, key=unlocked.key)
    clock = clock or clock_from_environment()
    recovery = check_on_open(paths, connect_copy, clock.now())
    connection = open_database(paths.database, unlocked.key)
    try:
        ctx = Context(
            ledger=SqliteLedger(connection),
            clock=clock,
            settings=settings,
            tz=local_zone(settings),
            when=DateparserWhenParser(),
        )
        yield Opened(
            ctx,
            paths,
            problem,
            connection,
            unlocked.encryption,
            unlocked.new_recovery_code,
            connect_copy,
            recovery,
        )
    finally:
        connection.close()
