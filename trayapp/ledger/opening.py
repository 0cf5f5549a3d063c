"""Builds the Qt-free half of the app from its folders: settings, store, clock, date reader.

The command line uses it directly; the tray app (``app.py``) builds on it.

Opening also chooses the ledger's encryption key (``trayapp.ledger.unlocking.choose_key``): the
keychain, a passphrase from ``TRAYAPP_PASSPHRASE`` or typed at a terminal; with none of them the
ledger is used unencrypted and ``Opened.encryption`` says so.

When an opening encrypts a new ledger, the recovery key for its new key is in
``Opened.new_recovery_code`` (otherwise None). The caller must show it to the user once, to
write down — the command line does so in ``cli_crypto.announce``, the tray app in a dialog —
since without it a lost keychain entry or a forgotten passphrase means the data is lost.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trayapp.core.clock import Clock, FixedClock, SystemClock
from trayapp.core.errors import (
    BadInput,
    LedgerBusy,
    LedgerLocked,
    LedgerUnavailable,
    StorageError,
)
from trayapp.core.ports import SecretStore
from trayapp.core.settings import Settings
from trayapp.ledger.safekeeping import check_on_open
from trayapp.ledger.unlocking import (
    KEY_FILE_NAME,
    OFF_NOTHING,
    OFF_PLAIN,
    ON_KEYCHAIN,
    ON_PASSPHRASE,
    PASSPHRASE_VARIABLE,
    Unlocked,
    can_prompt,
    choose_key,
    describe_encryption,
    key_vault,
    passphrase_from,
    refuse_missing_ledger,
    unlock,
    wrong_key_message,
)
from trayapp.platform.dates import when_parser
from trayapp.platform.localzone import local_zone
from trayapp.platform.paths import AppPaths, claim_data_dir, resolve_paths
from trayapp.platform.phones import LibPhoneNumbers, phone_region
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.services.context import Context
from trayapp.services.phones import write_stored_phones
from trayapp.store.db import WRONG_KEY, connect_raw, open_database, open_for_reading
from trayapp.store.health import Recovery
from trayapp.store.ledger import SqliteLedger
from trayapp.store.migrations import migrate
from trayapp.store.reminder_log import SqliteReminderLog

log = logging.getLogger(__name__)

__all__ = [
    "KEY_FILE_NAME",
    "OFF_NOTHING",
    "OFF_PLAIN",
    "ON_KEYCHAIN",
    "ON_PASSPHRASE",
    "PASSPHRASE_VARIABLE",
    "Opened",
    "Unlocked",
    "can_prompt",
    "choose_key",
    "clock_from_environment",
    "describe_encryption",
    "key_vault",
    "load_settings",
    "open_ledger",
    "passphrase_from",
    "unlock",
    "with_settings",
]

NOW_VARIABLE = "TRAYAPP_NOW"
#: The instants a what-if run may set: every date the app works out from "now" (years of
#: history back, due dates and snoozes ahead) must stay within what a date can hold.
EARLIEST_NOW = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_NOW = datetime(3000, 1, 1, tzinfo=UTC)
NO_LEDGER_YET = "off: there is no ledger"
READ_ONLY_CREATES_NONE = (
    " yet and a command that only reads creates none (add a contact or a promise to start one)"
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
    #: The recovery key (``7K2M-...``, 14 groups of 4) when this opening created a new key,
    #: else None: show it once for the user to write down; ``trayapp recovery-key`` shows it
    #: again later.
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
    if not EARLIEST_NOW <= at < LATEST_NOW:
        raise BadInput(
            f"{NOW_VARIABLE} must be an instant from {EARLIEST_NOW:%Y-%m-%d} and before "
            f"{LATEST_NOW:%Y-%m-%d}, not '{raw[:40]}'; nothing was changed"
        )
    return FixedClock(at)


def _empty_ledger() -> sqlite3.Connection:
    """An empty ledger in memory: what a command that only reads sees when there is none."""
    connection = connect_raw(Path(":memory:"), None)
    migrate(connection)
    return connection


@contextmanager
def _wrong_key_explained(unlocked: Unlocked) -> Iterator[None]:
    """A key that opens another ledger, found by the check on opening or by the opening
    itself, becomes :class:`LedgerLocked` with the way back (the recovery key)."""
    try:
        yield
    except StorageError as err:
        if err.message == WRONG_KEY:
            raise LedgerLocked(wrong_key_message(unlocked.encryption)) from None
        raise


def _checked_and_opened(
    paths: AppPaths, key: bytes | None, now: datetime, *, reading: bool
) -> tuple[Recovery | None, sqlite3.Connection]:
    """The check on opening and the open ledger. For a command that only ``reading``, a disk
    that cannot take a write (full, failing on writes) still lets the ledger be read as it is:
    the check, which needs to write, is left for a later opening."""
    try:
        recovery = check_on_open(paths, functools.partial(connect_raw, key=key), now)
        return recovery, open_database(paths.database, key)
    except LedgerBusy:
        raise
    except LedgerUnavailable:
        if not reading:
            raise
        return None, open_for_reading(paths.database, key)


def _context(
    connection: sqlite3.Connection, clock: Clock, settings: Settings, *, writes: bool
) -> Context:
    """The use cases' collaborators over the opened ledger; for a command that ``writes`` (and
    the tray app), the stored phone numbers are brought up to the region in effect first."""
    ctx = Context(ledger=SqliteLedger(connection), clock=clock, **_settings_parts(settings))
    if writes:
        _write_stored_phones(ctx, connection)
    return ctx


def with_settings(ctx: Context, settings: Settings) -> Context:
    """``ctx`` under new settings: their zone, date order, working week and phone region."""
    return dataclasses.replace(ctx, **_settings_parts(settings))


def _settings_parts(settings: Settings) -> dict[str, Any]:
    return {
        "settings": settings,
        "tz": local_zone(settings),
        "when": when_parser(settings),
        "phones": LibPhoneNumbers(phone_region(settings.phone_region)),
    }


def _write_stored_phones(ctx: Context, connection: sqlite3.Connection) -> None:
    """Numbers saved before they were written the international way, or for another region,
    are rewritten once; when another program holds the ledger just now, at the next opening."""
    try:
        write_stored_phones(ctx, SqliteReminderLog(connection))
    except StorageError as err:
        log.info("stored phone numbers left for the next opening: %s", err.message)


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
    unlocked: Unlocked | None = None,
    create: bool = True,
) -> Iterator[Opened]:
    """Open the ledger in ``data_dir`` (or the default folders) and close it afterwards.

    ``secret_store`` is the keychain (the OS keychain, each call time-bounded, by default);
    ``interactive`` allows a passphrase prompt (by default: when stdin is a terminal);
    ``unlocked`` is a key already in hand (the tray app's unlock dialog), used instead of
    choosing one. The first opening in a process checks the file and restores a damaged one
    from the newest good backup (``safekeeping.check_on_open``); ``Opened.recovery`` then says
    so. A key that opens another ledger is :class:`LedgerLocked`, naming the recovery key.

    A data folder that is not the app's is refused before anything is written
    (``paths.claim_data_dir``). With ``create`` false (a command that only reads) a missing
    ledger is read as an empty one and no ledger or key is made; ``encryption`` says so.
    """
    paths = resolve_paths(data_dir)
    claim_data_dir(paths.data, create=True)
    settings, problem = load_settings(paths)
    absent = not create and not paths.database.exists()
    if absent:
        refuse_missing_ledger(paths, key_vault(paths, secret_store))
        unlocked = Unlocked(None, f"{NO_LEDGER_YET} in {paths.data}{READ_ONLY_CREATES_NONE}")
    elif unlocked is None:
        unlocked = choose_key(paths, secret_store, interactive=interactive)
    connect_copy = functools.partial(connect_raw, key=unlocked.key)
    clock = clock or clock_from_environment()
    with _wrong_key_explained(unlocked):
        if absent:
            recovery, connection = None, _empty_ledger()
        else:
            recovery, connection = _checked_and_opened(
                paths, unlocked.key, clock.now(), reading=not create
            )
    try:
        ctx = _context(connection, clock, settings, writes=create)
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
