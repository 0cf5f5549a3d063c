"""Changing the ledger file from the running tray app: quit, change it, start again.

The running app holds the ledger open (its context, reminder log and timers all share one
connection), so its file is never replaced under it. Instead the app records the change to
make (restoring a backup, turning on encryption) and quits normally: every window, timer and
the connection are closed and the single-instance lock is released. Then
:func:`restart_if_asked` makes the change while holding the app's lock itself (as
``trayapp restore`` does) and replaces the process with a fresh start of the same command
line. The fresh app tells what happened in a notification.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.errors import UserFacingError
from trayapp.platform.app_lock import app_lock
from trayapp.store.backup import Connect, restore, taken_at

__all__ = [
    "AfterQuit",
    "RestoreRequest",
    "ask_after_quit",
    "pending_change",
    "restart_if_asked",
    "restore_backup",
    "told_after_restart",
]

#: A change to make once the app has quit; returns what to tell the user after the restart.
AfterQuit = Callable[[], str]
#: Carries that sentence into the restarted app (plain words, never personal data or keys).
RESULT_VARIABLE = "TRAYAPP_CHANGE_RESULT"
log = logging.getLogger(__name__)
_asked: list[AfterQuit] = []


def ask_after_quit(change: AfterQuit) -> None:
    """Remember ``change`` for when the app has quit (the caller then quits the app)."""
    _asked[:] = [change]


def pending_change() -> AfterQuit | None:
    """The asked-for change, taken (None when none was asked for)."""
    return _asked.pop() if _asked else None


def restart_if_asked() -> None:
    """After the app quit: make an asked-for change and start the app again.

    Does nothing when no change was asked for. Whether the change worked or not, the app is
    started again (``os.execv``), and the new app says what happened.
    """
    change = pending_change()
    if change is None:
        return
    os.environ[RESULT_VARIABLE] = change()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, sys.orig_argv)  # the same program, started again


def told_after_restart() -> str | None:
    """The outcome of the change that restarted this app, once (None when there was none)."""
    return os.environ.pop(RESULT_VARIABLE, None) or None


@dataclass(frozen=True, slots=True)
class RestoreRequest:
    """Which backup to put in place of which ledger, opened with the ledger's own key."""

    backup: Path
    database: Path
    lock_file: Path
    connect: Connect


def restore_backup(request: RestoreRequest) -> str:
    """Put the backup in place under the app's lock; what to tell the user."""
    when = taken_at(request.backup.name)
    which = f"The backup of {when:%Y-%m-%d %H:%M} UTC" if when else request.backup.name
    try:
        with app_lock(request.lock_file):
            moved = restore(
                request.backup,
                request.database,
                connect=request.connect,
                lock_held=True,
                now=datetime.now(UTC),
            )
    except UserFacingError as error:
        log.error("restore failed: %s", type(error).__name__)
        return f"{which} could not be restored ({error.message}); your ledger is unchanged."
    except OSError as error:
        log.error("restore failed: %s", error.strerror)
        return f"{which} could not be restored ({error.strerror}); your ledger is unchanged."
    log.info("restored the ledger from a backup")
    kept = f" The ledger it replaced was kept as {moved}." if moved is not None else ""
    return f"Your ledger was restored from {which[0].lower()}{which[1:]}.{kept}"
