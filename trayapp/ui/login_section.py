"""Start at login, in the Settings tab and as the first run's one question.

Both act through the :class:`~trayapp.core.ports.Autostart` port given by the app, with the
command the entry runs; a refusal from the system is shown in words and the box goes back to
what is really there.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.core.ports import Autostart, AutostartEntry
from trayapp.ui import badges

ASK_TITLE = f"{APP_NAME} — start at login"
ASK_TEXT = (
    f"Start {APP_NAME} when you log in?\n\n"
    "Reminders only arrive while the app runs. You can change this any time in Settings."
)


class StartAtLoginSection(QGroupBox):
    """A check box that turns the start-at-login entry on and off at once."""

    def __init__(
        self, autostart: Autostart, command: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__("Start at login", parent)
        self._autostart = autostart
        self._command = list(command)
        self.check_box = QCheckBox(f"Start {APP_NAME} when I log in")
        self.check_box.setAccessibleName("Start at login")
        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.where_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.check_box)
        layout.addWidget(self.where_label)
        layout.addWidget(self.message_label)
        self._show(autostart.status())
        self.check_box.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        try:
            state = self._autostart.enable(self._command) if on else self._autostart.disable()
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not changed: {error.message}")
            self._show(self._autostart.status())
            return
        badges.clear_message(self.message_label)
        self._show(state)

    def _show(self, state: AutostartEntry) -> None:
        self.check_box.blockSignals(True)
        self.check_box.setChecked(state.enabled)
        self.check_box.blockSignals(False)
        where = "Entry" if state.enabled else "No entry yet; it would be"
        self.where_label.setText(f"{where}: {state.location}")


def ask_start_at_login(
    autostart: Autostart, command: Sequence[str], parent: QWidget | None = None
) -> QMessageBox:
    """The first run's question, not modal (the tray works meanwhile): "Start at login" turns
    the entry on, "Not now" leaves it off. Returns the box, already shown."""
    box = QMessageBox(parent)
    box.setWindowTitle(ASK_TITLE)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(ASK_TEXT)
    yes = box.addButton("Start at login", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered() -> None:
        if box.clickedButton() is not yes:
            return
        try:
            autostart.enable(command)
        except UserFacingError as error:
            QMessageBox.warning(None, ASK_TITLE, f"Not changed: {error.message}")

    box.finished.connect(answered)
    box.setModal(False)
    box.show()
    return box
