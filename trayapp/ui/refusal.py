"""Why the tray app could not start, in a message box before it exits.

A desktop-launched app has no terminal, so a refusal written only to stderr (no ledger but
backups to restore, a damaged ledger without a usable backup, a cancelled unlock) would make it
just disappear. :func:`show_refusal` shows the same words in a critical message box with one
OK button; the caller decides whether there is a screen to show it on (:func:`has_screen`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from trayapp import APP_NAME

__all__ = ["HEADLESS", "TITLE", "has_screen", "refusal_box", "show_refusal"]

#: Qt platforms without a screen: nobody could see or answer a dialog there.
HEADLESS = ("offscreen", "minimal")
TITLE = f"{APP_NAME} could not start"


def has_screen() -> bool:
    """Whether the running Qt application shows windows to a person."""
    return QGuiApplication.platformName() not in HEADLESS


def refusal_box(message: str, parent: QWidget | None = None) -> QMessageBox:
    """A critical message box with the refusal (first letter capitalised) and one OK button."""
    text = message[:1].upper() + message[1:]
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy paths
    return box


def show_refusal(message: str) -> None:
    """Show the refusal and wait until the person presses OK."""
    box = refusal_box(message)
    box.exec()
    box.deleteLater()
