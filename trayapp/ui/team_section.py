"""The Settings tab's "Team ledger" section: whether this desktop is on a team (where, as whom,
when it last answered), joining with the address from ``trayapp team invite``, and leaving.

The section only asks; the app does the joining off the GUI thread and shows the outcome.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trayapp.ui import badges

ADDRESS_HINT = "postgresql://sam:PASSWORD@db.example/agency (from 'trayapp team invite')"


class TeamSection(QGroupBox):
    """State, an address to join with, Join and Leave.

    Signals:
        join_requested(str): join the team ledger at this address.
        leave_requested(): stop sharing (every touch stays here).
    """

    join_requested = Signal(str)
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Team ledger", parent)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(ADDRESS_HINT)
        self.address_edit.setAccessibleName("Team ledger address")
        self.address_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # it holds one
        self.address_edit.setMaxLength(2000)
        self.join_button = QPushButton("Join")
        self.leave_button = QPushButton("Leave")
        self.leave_button.setToolTip("Stop sharing; every touch stays in this ledger")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.address_edit, 1)
        row.addWidget(self.join_button)
        row.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self.join_button.clicked.connect(self._join)
        self.address_edit.returnPressed.connect(self._join)
        self.leave_button.clicked.connect(self.leave_requested)

    def _join(self) -> None:
        address = self.address_edit.text().strip()
        if not address:
            badges.show_problem(self.message_label, f"Give the address first: {ADDRESS_HINT}")
            return
        self.join_button.setEnabled(False)
        badges.show_done(self.message_label, "Joining…")
        self.join_requested.emit(address)

    def show_state(self, text: str, *, joined: bool) -> None:
        """Where this desktop stands; the address box is for joining, so it shows when not on a
        team."""
        self.state_label.setText(text)
        self.address_edit.setVisible(not joined)
        self.join_button.setVisible(not joined)
        self.join_button.setEnabled(True)
        self.leave_button.setVisible(joined)

    def show_outcome(self, text: str, *, problem: bool) -> None:
        self.join_button.setEnabled(True)
        if problem:
            badges.show_problem(self.message_label, text)
        else:
            self.address_edit.clear()  # the password it held is in the keychain now
            badges.show_done(self.message_label, text)
