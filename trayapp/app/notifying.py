"""The Settings tab's Notifications section, kept true: which way reminders are shown and, for
the desktop's own notifications, whether the desktop lets the app notify (asked on the
notifier's thread, the answer brought back by a signal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Signal

from trayapp.core.ports import Notifier
from trayapp.ui.notify_section import NotificationsSection
from trayapp.words.notifying import notifications_state

if TYPE_CHECKING:
    from trayapp.ui.main_window.window import MainWindow


class NotificationsState(QObject):
    """Puts the section on each new main window and answers its "Check again"."""

    answered = Signal(object)  # True, False or None: allowed, refused, no answer

    def __init__(self, notifier: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self.section: NotificationsSection | None = None
        self.answered.connect(self._show)

    def add_section(self, window: MainWindow) -> None:
        self.section = NotificationsSection()
        window.settings.add_section(self.section, "Reminders")
        self.section.check_requested.connect(self.check)
        self.check()

    def check(self) -> None:
        ask = getattr(self._notifier, "check_allowed", None)
        if callable(ask):
            ask(self.answered.emit)  # from the notifier's thread: queued to this one
        else:
            self._show(None)

    def _show(self, allowed: bool | None) -> None:
        section = self.section
        if section is None or not shiboken6.isValid(section):
            return
        text, problem = notifications_state(self._notifier.name, allowed)
        section.show_state(text, problem)
