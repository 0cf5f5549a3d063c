"""The recovery key, shown once when a new key was made, for the person to write down.

The dialog is modal but opened with ``open()``, so the app keeps reminding behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp.ui import badges

TITLE = "Write down your recovery key"
EXPLANATION = (
    "Your ledger is encrypted. Its key is kept on this computer, and the recovery key "
    "below brings it back if that copy is ever lost (a new computer, a reset keychain, a "
    "forgotten passphrase).\n\n"
    "Write it down on paper and keep it somewhere safe, away from this computer. Without the "
    "recovery key and without the key on this computer, the ledger cannot be opened by "
    "anyone — not even by you."
)
LATER = "It is shown only now. Later, 'trayapp recovery-key' shows it again after unlocking."


class RecoveryKeyDialog(QDialog):
    """The recovery code in large, selectable letters, a Copy button and a confirmation;
    ``then`` says what happens when the dialog is closed, if anything."""

    def __init__(self, code: str, then: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setModal(True)
        self.code = code
        heading = QLabel(f"<b>{TITLE}</b>")
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.code_label = QLabel(_grouped(code))
        self.code_label.setFont(_code_font())
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setStyleSheet("QLabel { padding: 12px; border: 1px solid palette(mid); }")
        later = QLabel(f"{LATER}\n\n{then}" if then else LATER)
        later.setWordWrap(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.setAutoDefault(False)  # Return confirms, it does not copy
        self.done_button = QPushButton("I have written it down")
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.accept)
        self.message_label = QLabel()
        badges.clear_message(self.message_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.message_label)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        for widget in (heading, explanation, self.code_label, later):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.done_button.setFocus()

    def copy(self) -> None:
        """Put the code on the clipboard (to paste into a password manager)."""
        QGuiApplication.clipboard().setText(self.code)
        badges.show_done(self.message_label, "Copied.")


def _grouped(code: str) -> str:
    """The code on two lines of seven groups, easier to copy by hand than one long line."""
    groups = code.split("-")
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])


def _code_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(max(font.pointSize(), 10) + 6)
    font.setBold(True)
    return font
