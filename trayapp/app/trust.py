"""What keeps the ledger safe, as the tray app shows it: the recovery key, encryption, the data
folder's location and backups.

After the tray is up, :meth:`Trust.start` shows a new recovery key once (a modal dialog that does
not stop reminders), says once when encryption is off or the data folder is a risky place,
adds the Backups and Encryption sections to the Settings tab, and keeps a verified backup
under a day old: ``backup_if_due`` at start and then hourly, on a thread of its own with its own
SQLite connection (its integrity check takes most of a second on a big ledger); the outcome
comes back to the GUI thread as a Qt signal.
"""

from __future__ import annotations

import functools
import json
import logging
import shlex
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from trayapp import APP_NAME
from trayapp.app.encrypt import make_key
from trayapp.app.restart import RestoreRequest, ask_after_quit, restore_backup, told_after_restart
from trayapp.core.errors import StorageError
from trayapp.core.ports import Notice
from trayapp.disk.atomic import write_private_file
from trayapp.ledger.opening import Opened
from trayapp.ledger.safekeeping import BackupOutcome, automatic_backup, folder_warning
from trayapp.store.backup import back_up, list_backups
from trayapp.ui.recovery_dialog import RecoveryKeyDialog
from trayapp.ui.trust_settings import BackupsSection, EncryptionSection

if TYPE_CHECKING:
    from trayapp.app.runtime import Runtime
    from trayapp.ui.main_window.window import MainWindow

__all__ = ["LedgerBackups", "Trust"]

RESTART_TO_ENCRYPT = (
    "When you close this window, Follow-Through closes, encrypts the ledger and starts again."
)
TOLD_FILE = "told.json"
BACKUP_CHECK_MS = 60 * 60 * 1000
BACKUP_WAIT_AT_QUIT_S = 30.0
ENCRYPTION_OFF = (
    "Your ledger is not encrypted: anyone who copies its file can read your contacts. "
    "Settings → Encryption shows how to turn it on."
)
log = logging.getLogger(__name__)


class LedgerBackups:
    """The Backups section's actions over the open ledger (GUI thread only)."""

    def __init__(self, opened: Opened) -> None:
        self.opened = opened

    @property
    def folder(self) -> str:
        return str(self.opened.paths.backups)

    def listed(self) -> list[tuple[datetime, str]]:
        try:
            infos = list_backups(self.opened.paths.backups)
        except OSError as error:
            log.warning("the backups folder cannot be read: %s", error.strerror)
            return []
        return [(info.taken_at, info.path.name) for info in reversed(infos)]

    def back_up_now(self) -> str:
        now = self.opened.ctx.now()
        paths = self.opened.paths
        with _told_plainly():
            made, _ = back_up(
                self.opened.connection, paths.backups, now=now, connect=self.opened.connect_copy
            )
        log.info("backed up on request")
        return str(made)

    def back_up_if_due(self) -> BackupOutcome:
        """A verified backup when data changed and the newest is a day old (the same rule the
        command line follows after a change); never raises for a storage problem."""
        return automatic_backup(self.opened)

    def restore_command(self, name: str) -> str:
        return self.command("restore", name)

    def restore_and_restart(self, name: str) -> None:
        paths = self.opened.paths
        backup = paths.backups / name
        log.info("restore asked for; quitting to restore and start again")
        request = RestoreRequest(backup, paths.database, paths.lock_file, self.opened.connect_copy)
        ask_after_quit(functools.partial(restore_backup, request))
        QCoreApplication.quit()

    def command(self, *words: str) -> str:
        """A ``trayapp`` command line for this data folder."""
        data = shlex.quote(str(self.opened.paths.data))
        return " ".join(("trayapp", *map(shlex.quote, words), "--data-dir", data))


class BackgroundBackup(QObject):
    """The automatic backup on a worker thread, one at a time; ``finished(BackupOutcome)`` is
    emitted on the GUI thread (this object lives there; the worker only posts to it)."""

    finished = Signal(object)
    _posted = Signal(object)

    def __init__(self, opened: Opened, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._opened = opened
        self._thread: threading.Thread | None = None
        self._posted.connect(self.finished)  # queued: the worker is another thread

    def start(self) -> bool:
        """Start a backup unless one is under way; whether one was started."""
        if self._thread is not None and self._thread.is_alive():
            return False
        self._thread = threading.Thread(target=self._run, name="trayapp-backup", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        self._posted.emit(automatic_backup(self._opened, own_connection=True))

    def wait(self, timeout: float = BACKUP_WAIT_AT_QUIT_S) -> None:
        """Let a backup under way finish (at quit), up to ``timeout`` seconds."""
        if self._thread is not None:
            self._thread.join(timeout)


@contextmanager
def _told_plainly() -> Iterator[None]:
    """A folder that cannot be made or read is a StorageError with its reason, not a crash."""
    try:
        yield
    except OSError as error:
        raise StorageError(f"the backups folder cannot be used ({error.strerror})") from error


class Trust:
    """The backup timer, the Settings sections and the start-up notices of one running app."""

    def __init__(self, opened: Opened, runtime: Runtime) -> None:
        self.opened = opened
        self.runtime = runtime
        self.backups = LedgerBackups(opened)
        self.section: BackupsSection | None = None
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self._failure_told = False
        self._timer = QTimer(runtime)  # deleted with the runtime at shutdown
        self._timer.timeout.connect(self.back_up_if_due)
        self.worker = BackgroundBackup(opened, runtime)
        self.worker.finished.connect(self._backed_up)

    # -- start, timer, stop ---------------------------------------------------------------

    def start(self) -> None:
        self._timer.start(BACKUP_CHECK_MS)
        QTimer.singleShot(0, self._after_start)

    def stop(self) -> None:
        self._timer.stop()
        self.worker.wait()

    def _after_start(self) -> None:
        """Runs once the event loop turns, so the tray and the first sweep come first."""
        if self.opened.recovery is not None:
            self._notify("ledger-restored", self.opened.recovery.message())
        if self.opened.new_recovery_code is not None:
            self.show_recovery_key(self.opened.new_recovery_code)
        if "recovery key" in self.opened.encryption:
            how = self.opened.encryption.removeprefix("on (").rstrip(")")
            self._notify("recovered", f"Your ledger was {how}.")
        restored = told_after_restart()
        if restored is not None:
            self._notify("restored", restored)
        self._tell_once()
        self.back_up_if_due()

    def back_up_if_due(self) -> None:
        """Start the automatic backup off the GUI thread; ``_backed_up`` hears how it went."""
        self.worker.start()

    def _backed_up(self, outcome: object) -> None:
        if not isinstance(outcome, BackupOutcome):
            return
        if outcome.problem is not None:
            if not self._failure_told:  # once per run, not every hour
                self._failure_told = True
                self._notify("backup-failed", outcome.problem[:1].upper() + outcome.problem[1:])
            return
        if outcome.made is not None:
            log.info("automatic backup made")
            if self.section is not None:
                self.section.refresh()

    def turn_on_encryption(self, passphrase: str | None) -> None:
        """Make and keep a new key, show its recovery key, then quit, encrypt and restart."""
        code, change = make_key(self.opened.paths, passphrase)
        dialog = self.show_recovery_key(code, RESTART_TO_ENCRYPT)

        def encrypt_now(_result: int) -> None:
            ask_after_quit(change)  # only now: quitting meanwhile (log-out) changes nothing
            QCoreApplication.quit()

        dialog.finished.connect(encrypt_now)

    def show_recovery_key(self, code: str, then: str = "") -> RecoveryKeyDialog:
        dialog = RecoveryKeyDialog(code, then)
        self.recovery_dialog = dialog
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _tell_once(self) -> None:
        """Encryption off: said once for this data folder (Settings keeps saying it); a risky
        folder: said at every start, as it can damage the ledger any day."""
        if self.opened.encryption.startswith("off") and first_time(self.opened, "encryption-off"):
            self._notify("encryption-off", ENCRYPTION_OFF)
        risk = folder_warning(self.opened.paths)
        if risk is not None:
            self._notify("risky-folder", f"Careful: {risk}.")

    def _notify(self, key: str, body: str) -> None:
        self.runtime.notify(Notice(key, APP_NAME, body))

    # -- the Settings tab -------------------------------------------------------------------

    def add_sections(self, window: MainWindow) -> None:
        """Put the Encryption and Backups sections on the Settings tab of a new main window."""
        encrypt = EncryptionSection(self.opened.encryption, self.turn_on_encryption)
        self.section = BackupsSection(self.backups, self.opened.ctx.tz)
        window.settings.add_section(encrypt)
        window.settings.add_section(self.section)


def first_time(opened: Opened, key: str) -> bool:
    """True the first time ``key`` is told for this data folder (remembered in a small file)."""
    path = opened.paths.data / TOLD_FILE
    try:
        told = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        told = []
    if not isinstance(told, list):
        told = []
    if key in told:
        return False
    try:
        write_private_file(path, json.dumps([*told, key]).encode("utf-8"))
    except OSError as error:
        log.warning("could not remember a notice as told: %s", error.strerror)
    return True
