"""Keeping the ledger safe while it is in use: the check when it is opened, the automatic
backup, and the warning about a risky data folder.

The command line and the tray app both open the ledger through ``compose.open_ledger``, which
calls :func:`check_on_open`: a ``quick_check`` once per process, and when the file is damaged,
recovery from the newest good backup under the app's lock (the tray app already holds it).
The tray app calls :func:`automatic_backup` on a timer and shows :func:`folder_warning`; the
command line does both once per command. Erasing a person is a command-line action only
(``trayapp contacts erase``): it calls :func:`erase_from_copies_after` so older copies and
backups stop holding them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from trayapp.core.errors import StorageError
from trayapp.core.model import Contact
from trayapp.platform.app_lock import AppRunning, app_lock_or_own
from trayapp.platform.paths import AppPaths
from trayapp.services.context import Context
from trayapp.store.backup import Connect, backup_if_due, make_backup
from trayapp.store.db import writable
from trayapp.store.erase_copies import CopiesReport, Person, erase_from_copies
from trayapp.store.health import Recovery, ensure_healthy, risky_location

__all__ = [
    "BackupOutcome",
    "OpenLedger",
    "automatic_backup",
    "check_on_open",
    "erase_from_copies_after",
    "folder_warning",
]

log = logging.getLogger(__name__)
_checked: set[Path] = set()
_warned: set[Path] = set()


class OpenLedger(Protocol):
    """What keeping an open ledger safe needs of it (``opening.Opened`` has all of it)."""

    @property
    def ctx(self) -> Context: ...

    @property
    def paths(self) -> AppPaths: ...

    @property
    def connection(self) -> sqlite3.Connection: ...

    @property
    def connect_copy(self) -> Callable[[Path], sqlite3.Connection]: ...


def check_on_open(paths: AppPaths, connect: Connect, now: datetime) -> Recovery | None:
    """Quick-check the ledger the first time this process opens it; recover when damaged.

    Returns the :class:`Recovery` to tell the user about, or None. Raises
    :class:`StorageError` (nothing changed) when the file is damaged and no backup can
    replace it, or when the tray app holds the lock so the file cannot be replaced now;
    :class:`LedgerBusy` when another program holds the ledger past the wait, and
    :class:`LedgerUnavailable` when it cannot be read — neither is damage, nothing is moved.
    A ledger that cannot be written (a read-only medium) is not checked: it is only read.
    """
    database = paths.database.absolute()
    if database in _checked:
        return None
    if database.is_file() and not writable(database):
        return None  # read as it is: nothing could be restored in its place anyway
    try:
        recovery = ensure_healthy(
            database,
            paths.backups,
            connect=connect,
            now=now,
            lock=lambda: app_lock_or_own(paths.lock_file),
        )
    except AppRunning as err:
        raise StorageError(
            f"the ledger file {database} is damaged and Follow-Through is running, so it "
            f"cannot be restored now; quit the app and start it again ({err.message})"
        ) from None
    _checked.add(database)
    if recovery is not None:
        log.info("ledger damaged; restored from a backup, damaged file kept")
    return recovery


def folder_warning(paths: AppPaths) -> str | None:
    """Why the data folder is a poor home for the ledger (cloud-synced or on a network), the
    first time it is asked in this process; None afterwards and for a local folder."""
    folder = paths.data.absolute()
    if folder in _warned:
        return None
    _warned.add(folder)
    return risky_location(folder)


@dataclass(frozen=True, slots=True)
class BackupOutcome:
    """What :func:`automatic_backup` did: the new backup, or the problem to show, or neither
    (no backup was due)."""

    made: Path | None = None
    problem: str | None = None


def automatic_backup(opened: OpenLedger, *, own_connection: bool = False) -> BackupOutcome:
    """Take a verified backup and rotate when one is due: the data changed since the newest
    backup and that one is a day old or more. Never raises for a storage problem; call it
    after changes and on a timer (hourly is plenty) so a backup under a day old exists
    whenever the data changed.

    A what-if run whose clock (``TRAYAPP_NOW``) is ahead of the real time writes no backup: a
    backup dated in the future would outlive every real one.

    With ``own_connection`` the backup reads the ledger through a connection of its own, opened
    and closed here, so that it can run on a thread other than the one using the ledger's."""
    now = opened.ctx.now()
    if now > datetime.now(UTC):
        return BackupOutcome()
    try:
        with _reading(opened, own_connection) as connection:
            made = backup_if_due(
                connection,
                opened.paths.database,
                opened.paths.backups,
                now=now,
                connect=opened.connect_copy,
            )
    except StorageError as err:
        log.warning("automatic backup failed: %s", err.message)
        return BackupOutcome(problem=f"the automatic backup did not work: {err.message}")
    return BackupOutcome(made=made)


def erase_from_copies_after(
    opened: OpenLedger, contact: Contact
) -> tuple[CopiesReport, str | None]:
    """After ``contact`` was erased from the ledger: take a fresh verified backup, then erase
    them from the older copies (see :mod:`store.erase_copies`). Returns the report and the
    problem when the backup could not be taken (older backups are then left as they were)."""
    fresh: Path | None = None
    problem = None
    try:
        fresh = make_backup(
            opened.connection,
            opened.paths.backups,
            now=opened.ctx.now(),
            connect=opened.connect_copy,
        )
    except StorageError as err:
        problem = f"no fresh backup could be taken, so older backups were kept: {err.message}"
    person = Person(contact.id or 0, contact.name, contact.email)
    report = erase_from_copies(
        person,
        opened.paths.database,
        opened.paths.backups,
        connect=opened.connect_copy,
        keep=fresh,
    )
    return report, problem


@contextmanager
def _reading(opened: OpenLedger, own: bool) -> Iterator[sqlite3.Connection]:
    if not own:
        yield opened.connection
        return
    connection = opened.connect_copy(opened.paths.database)
    try:
        yield connection
    finally:
        connection.close()
