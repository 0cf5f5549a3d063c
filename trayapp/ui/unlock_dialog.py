"""Unlocking an encrypted ledger at start: the passphrase, or the recovery key instead.

The dialog does not know how keys work: it hands what was typed to ``attempt`` (the
composition root's), which returns on success and raises a :class:`UserFacingError` with a
plain message otherwise. A wrong entry is told in the dialog and the person tries again;
Cancel leaves the ledger locked.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.ui import badges

TITLE = f"Unlock your {APP_NAME} ledger"


class UnlockWith(Enum):
    PASSPHRASE = "passphrase"
    RECOVERY_KEY = "recovery key"


#: Tries to open the ledger with what was typed; raises UserFacingError when it does not.
Attempt = Callable[[UnlockWith, str], None]


class UnlockDialog(QDialog):
    """A passphrase field (when the ledger has one) and a recovery-key field."""

    def __init__(
        self, reason: str, has_passphrase: bool, attempt: Attempt, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._attempt = attempt
        self.way = UnlockWith.PASSPHRASE if has_passphrase else UnlockWith.RECOVERY_KEY
        self.reason_label = QLabel(_intro(reason, has_passphrase))
        self.reason_label.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setVisible(has_passphrase)
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("Recovery key (dashes, spaces and case do not matter)")
        self.recovery_key.setMaxLength(200)
        self.switch_button = QPushButton("Use the recovery key instead")
        self.switch_button.setFlat(True)
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.use_recovery_key)
        self.switch_button.setVisible(has_passphrase)
        self.recovery_key.setVisible(not has_passphrase)
        self.message_label = QLabel()
        badges.clear_message(self.message_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.unlock_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText("Unlock")
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.reason_label, self.passphrase, self.switch_button, self.recovery_key):
            layout.addWidget(widget)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        (self.passphrase if has_passphrase else self.recovery_key).setFocus()

    def use_recovery_key(self) -> None:
        self.way = UnlockWith.RECOVERY_KEY
        self.passphrase.setVisible(False)
        self.switch_button.setVisible(False)
        self.recovery_key.setVisible(True)
        self.recovery_key.setFocus()
        badges.clear_message(self.message_label)

    def try_unlock(self) -> None:
        """Hand what was typed to ``attempt``; close on success, say what was wrong otherwise."""
        way = self.way
        field = self.passphrase if way is UnlockWith.PASSPHRASE else self.recovery_key
        text = field.text()
        if not text.strip():
            badges.show_problem(self.message_label, f"Type your {way.value} first.")
            return
        badges.show_done(self.message_label, "Checking…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._attempt(way, text)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"{error.message}. Try again.")
            field.selectAll()
            field.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def _intro(reason: str, has_passphrase: bool) -> str:
    way = "your passphrase (or your recovery key)" if has_passphrase else "your recovery key"
    return f"{reason}\n\nType {way} to open it."
