"""The Settings tab's "Notifications" section: how reminders reach the user, and on macOS
whether the user allowed them, with a button to ask again after changing System Settings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from trayapp.ui import badges
from trayapp.words.notifying import CHECKING


class NotificationsSection(QGroupBox):
    """A line of state and "Check again".

    Signals:
        check_requested(): the user asked to look again.
    """

    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Notifications", parent)
        self.state_label = QLabel(CHECKING)
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton("Check again")
        self.check_button.setToolTip("Ask the desktop again, after changing its settings")
        self.check_button.clicked.connect(self._ask)
        row = QHBoxLayout(self)
        row.addWidget(self.state_label, 1)
        row.addWidget(self.check_button)

    def _ask(self) -> None:
        self.state_label.setText(CHECKING)
        self.check_requested.emit()

    def show_state(self, text: str, problem: bool) -> None:
        if problem:
            badges.show_problem(self.state_label, text)
        else:
            badges.show_done(self.state_label, text)
