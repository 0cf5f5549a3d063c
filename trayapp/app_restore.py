"""Restoring a backup from the running tray app: quit, restore, start again.

The running app holds the ledger open (its context, reminder log and timers all share one
connection), so a backup is never put in place under it. Instead "Restore and restart"
records the request and quits the app normally: every window, timer and the connection are
closed and the single-instance lock is released. Then :func:`restore_if_asked` takes the
app's lock itself (as ``trayapp restore`` does), puts the verified backup in place (the
current ledger is kept beside it as ``*.replaced-<stamp>``) and replaces the process with a
fresh start of the same command line. The fresh app tells what happened in a notification.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trayapp.cli_backup import app_lock
from trayapp.core.errors import UserFacingError
from trayapp.store.backup import Connect, restore, taken_at

__all__ = [
    "RestoreRequest",
    "ask_restore",
    "carry_out",
    "pending_restore",
    "restore_if_asked",
    "told_after_restart",
]

#: Carries the outcome of a restore into the restarted app (a sentence, never personal data).
RESULT_VARIABLE = "TRAYAPP_RESTORE_RESULT"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreRequest:
    """Which backup to put in place of which ledger, opened with the ledger's own key."""

    backup: Path
    database: Path
    lock_file: Path
    connect: Connect


_asked: list[RestoreRequest] = []


def ask_restore(request: RestoreRequest) -> None:
    """Remember ``request`` for when the app has quit (the caller then quits the app)."""
    _asked[:] = [request]


def pending_restore() -> RestoreRequest | None:
    """The asked-for restore, taken (None when none was asked for)."""
    return _asked.pop() if _asked else None


def restore_if_asked() -> None:
    """After the app quit: carry out an asked-for restore and start the app again.

    Does nothing when no restore was asked for. Whether the restore worked or not, the app is
    started again (``os.execv``), and the new app says what happened.
    """
    request = pending_restore()
    if request is None:
        return
    os.environ[RESULT_VARIABLE] = carry_out(request)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, sys.orig_argv)  # the same program, started again


def carry_out(request: RestoreRequest) -> str:
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


def told_after_restart() -> str | None:
    """The outcome of the restore that started this app, once (None when there was none)."""
    return os.environ.pop(RESULT_VARIABLE, None) or None
