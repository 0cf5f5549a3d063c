"""The main window: Promises, Missed, Contacts, Scripts and Settings tabs.

Signals:
    card_requested(int): open the reminder card of a promise (double-click in Promises or
        Missed, or "Open" in Missed).
    missed_dismissed(int): the user dismissed a promise's reminders from the Missed list.
    settings_saved(): valid settings were handed to ``save_settings``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from trayapp import APP_NAME
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.ui.main_window.missed import MissedTab
from trayapp.ui.main_window.scripts import ReadScript, SaveScript, ScriptsTab
from trayapp.ui.main_window.settings import SaveSettings, SettingsTab
from trayapp.ui.main_window.tables import ContactsTab, PromisesTab


class MainWindow(QMainWindow):
    """Everything in one place; ``refresh`` re-reads the ledger.

    The Promises and Contacts tabs are read when first shown, and again when shown after a
    change (``mark_changed``), not on every show of the window: the Contacts tab judges every
    contact listed, which is the costliest read in the app."""

    card_requested = Signal(int)
    missed_dismissed = Signal(int)
    settings_saved = Signal()

    def __init__(  # noqa: PLR0917 - the shared contract fixes these six positionally
        self,
        ctx: Context,
        log: ReminderLog,
        scripts: ScriptLibrary,
        save_settings: SaveSettings,
        save_user_script: SaveScript,
        user_script_text: ReadScript,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._log = log
        self.setWindowTitle(APP_NAME)
        self.resize(980, 640)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.promises = PromisesTab(ctx, load=False)
        self.missed = MissedTab(ctx, log)
        self.contacts = ContactsTab(ctx, load=False)
        self._stale: set[PromisesTab | ContactsTab] = {self.promises, self.contacts}
        self.scripts = ScriptsTab(ctx, scripts, save_user_script, user_script_text)
        self.settings = SettingsTab(ctx.settings, save_settings)
        self.tabs.addTab(self.promises, "Promises")
        self.tabs.addTab(self.missed, "Missed")
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.scripts, "Scripts")
        self.tabs.addTab(self.settings, "Settings")
        self.setCentralWidget(self.tabs)
        self._label_missed()
        self.promises.card_requested.connect(self.card_requested)
        self.missed.card_requested.connect(self.card_requested)
        self.missed.dismissed.connect(self.missed_dismissed)
        self.settings.settings_saved.connect(self.settings_saved)
        self.tabs.currentChanged.connect(lambda _index: self.bring_up_to_date())

    def set_context(self, ctx: Context) -> None:
        """Use new settings (or a new zone) from now on, and redraw."""
        self._ctx = ctx
        for tab in (self.promises, self.missed, self.contacts, self.scripts):
            tab.ctx = ctx
        self.settings.load(ctx.settings)
        self.refresh()

    def show_settings(self) -> None:
        self.tabs.setCurrentWidget(self.settings)

    def show_missed(self) -> None:
        self.tabs.setCurrentWidget(self.missed)
        self.missed.focus_list()

    def refresh(self) -> None:
        """Re-read promises, the Missed list and contacts, all of them now."""
        self.promises.refresh()
        self.missed.refresh()
        self._label_missed()
        self.contacts.refresh()
        self._stale.clear()

    def mark_changed(self) -> None:
        """The ledger changed: the Missed list (its count is on its tab) and the tab in view
        are read again now when the window is shown, the other tabs when next shown."""
        self.missed.refresh()
        self._label_missed()
        self._stale = {self.promises, self.contacts}
        if self.isVisible():
            self.bring_up_to_date()

    def bring_up_to_date(self) -> None:
        """Read the tab in view again if the ledger changed since it was last read."""
        current = self.tabs.currentWidget()
        for tab in [tab for tab in self._stale if tab is current]:
            self._stale.discard(tab)
            tab.refresh()

    def _label_missed(self) -> None:
        count = self.missed.count
        self.tabs.setTabText(
            self.tabs.indexOf(self.missed), f"Missed ({count})" if count else "Missed"
        )
