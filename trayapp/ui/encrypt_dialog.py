"""Turning on encryption from Settings: an optional passphrase, typed twice.

The dialog hands the passphrase (or None) to ``turn_on`` (the composition root's), which makes
and keeps the key or raises a :class:`UserFacingError` with a plain message, told here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.ui import badges

TITLE = "Turn on encryption"
EXPLANATION = (
    "Follow-Through makes a new key for your ledger and keeps it in this computer's keychain. "
    "A passphrase is optional while the keychain works, and needed when it does not; with one, "
    "the key is also kept under the passphrase.\n\n"
    "Next you will see your recovery key to write down. Then Follow-Through closes, encrypts "
    "the ledger (nothing is lost) and starts again."
)

#: Makes and keeps the key with this passphrase (None: keychain only); raises UserFacingError.
TurnOn = Callable[[str | None], None]


class EncryptDialog(QDialog):
    """A passphrase typed twice (both may stay empty) and "Turn on encryption"."""

    def __init__(self, turn_on: TurnOn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._turn_on = turn_on
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for field in (self.passphrase, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(200)
        form = QFormLayout()
        form.addRow("Passphrase (optional)", self.passphrase)
        form.addRow("Type it again", self.again)
        self.message_label = QLabel()
        badges.clear_message(self.message_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.turn_on_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.turn_on_button.setText("Turn on encryption")
        buttons.accepted.connect(self.try_turn_on)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def try_turn_on(self) -> None:
        first, second = self.passphrase.text(), self.again.text()
        if first != second:
            badges.show_problem(self.message_label, "The two passphrases differ; type them again.")
            self.again.clear()
            self.again.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._turn_on(first or None)
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
