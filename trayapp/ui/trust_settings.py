"""The Settings tab's Backups and Encryption sections.

The widgets never touch files: they call the composition root's :class:`BackupActions` and
show what it returns. Restoring replaces the ledger file, which the running app holds open,
so the Restore dialog asks the app to quit, restore and start again (or gives the command).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.ui import badges
from trayapp.ui.encrypt_dialog import EncryptDialog, TurnOn


class BackupActions(Protocol):
    """What the Backups section needs from the app."""

    @property
    def folder(self) -> str: ...
    def listed(self) -> list[tuple[datetime, str]]:
        """(taken at, file name) of every backup, newest first."""
        ...

    def back_up_now(self) -> str:
        """Make a verified backup now; its path. Raises UserFacingError when it fails."""
        ...

    def restore_command(self, name: str) -> str:
        """The command that restores backup ``name`` once the app has quit."""
        ...

    def restore_and_restart(self, name: str) -> None:
        """Quit the app, put backup ``name`` in place and start the app again."""
        ...


def local_time(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%a %d %b %Y, %H:%M")


class BackupsSection(QGroupBox):
    """The newest backup's time and folder, "Back up now" and "Restore…"."""

    def __init__(self, actions: BackupActions, tz: ZoneInfo, parent: QWidget | None = None):
        super().__init__("Backups", parent)
        self._actions = actions
        self.tz = tz
        self.newest_label = QLabel()
        self.folder_label = QLabel(f"Backups are kept in {actions.folder}")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QLabel(
            "A verified copy is made automatically at least once a day when your data changed "
            "(7 daily, 4 weekly and 6 monthly copies are kept)."
        )
        about.setWordWrap(True)
        self.back_up_button = QPushButton("Back up now")
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.clicked.connect(self.restore)
        self.message_label = QLabel()
        badges.clear_message(self.message_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_up_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.newest_label, self.folder_label, about):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self.refresh()

    def refresh(self) -> None:
        """Show the newest backup's time (after a backup made here or by the timer)."""
        listed = self._actions.listed()
        if not listed:
            self.newest_label.setText("Newest backup: none yet")
        else:
            self.newest_label.setText(f"Newest backup: {local_time(listed[0][0], self.tz)}")

    def back_up(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = self._actions.back_up_now()
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not backed up: {error.message}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.refresh()
        badges.show_done(self.message_label, f"Backed up to {path}")

    def restore(self) -> None:
        listed = self._actions.listed()
        if not listed:
            badges.show_problem(self.message_label, "There are no backups yet to restore.")
            return
        actions = self._actions
        dialog = RestoreDialog(listed, self.tz, actions.restore_command, self)
        dialog.restore_requested.connect(actions.restore_and_restart)
        dialog.open()


class RestoreDialog(QDialog):
    """The backups with their dates: restore one now (the app restarts), or by command.

    Signals:
        restore_requested(str): the file name of the backup to put in place.
    """

    restore_requested = Signal(str)

    def __init__(
        self,
        listed: list[tuple[datetime, str]],
        tz: ZoneInfo,
        command_for: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self._command_for = command_for
        intro = QLabel(
            "Restoring puts the chosen backup in place of your ledger: changes made after it "
            "was taken are not in it. Your current ledger is kept beside it; nothing is "
            "deleted. Follow-Through closes, restores the backup and starts again."
        )
        intro.setWordWrap(True)
        self.backups = QListWidget()
        for taken_at, name in listed:
            item = QListWidgetItem(f"{local_time(taken_at, tz)}   ({name})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.backups.addItem(item)
        self.backups.currentItemChanged.connect(self._show_command)
        self.restore_button = QPushButton("Restore this backup and restart")
        self.restore_button.clicked.connect(self.restore)
        self.command_label = QLabel()
        self.command_label.setWordWrap(True)
        self.command_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy the command")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setAutoDefault(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.backups, self.restore_button, self.command_label):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.setMinimumWidth(560)
        self.backups.setCurrentRow(0)

    def command(self) -> str:
        item = self.backups.currentItem()
        return "" if item is None else self._command_for(item.data(Qt.ItemDataRole.UserRole))

    def _show_command(self) -> None:
        self.command_label.setText(
            f"Or quit Follow-Through and restore it from a terminal:\n{self.command()}"
        )

    def restore(self) -> None:
        item = self.backups.currentItem()
        if item is not None:
            self.accept()
            self.restore_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.command())


class EncryptionSection(QGroupBox):
    """Whether the ledger is encrypted; when it is not, a button to turn encryption on."""

    def __init__(self, status: str, turn_on: TurnOn, parent: QWidget | None = None):
        super().__init__("Encryption", parent)
        self._turn_on = turn_on
        self.status_label = QLabel(status_words(status))
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        self.turn_on_button = QPushButton("Turn on encryption…")
        self.turn_on_button.clicked.connect(self.ask_to_turn_on)
        row = QHBoxLayout()
        row.addWidget(self.turn_on_button)
        row.addStretch(1)
        layout.addLayout(row)
        # Only once it has a parent: shown before that, the button is a window of its own.
        self.turn_on_button.setVisible(status.startswith("off"))
        self.dialog: EncryptDialog | None = None

    def ask_to_turn_on(self) -> None:
        self.dialog = EncryptDialog(self._turn_on, self)
        self.dialog.open()


def status_words(status: str) -> str:
    """The encryption status (``on (keychain)``, ``off: …``) as a sentence."""
    if status.startswith("on"):
        return f"Your ledger is encrypted at rest ({status.removeprefix('on').strip(' ()')})."
    reason = status.partition(":")[2].split(";")[0].strip()
    return f"Your ledger is NOT encrypted: anyone who copies the file can read it ({reason})."
