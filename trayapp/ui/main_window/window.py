"""The main window: Promises, Debt review, Missed, Contacts, Numbers, Scripts and Settings
tabs.

Signals:
    card_requested(int): open the reminder card of a promise (double-click in Promises, Debt
        review or Missed, or "Open" in Missed).
    missed_dismissed(int): the user dismissed a promise's reminders from the Missed list.
    contact_changed(int): a contact was added or edited in the Contacts tab.
    promise_added(int): a promise was recorded with "New promise…".
    kept_requested(int), snooze_requested(int, str): Space or S on a row of Promises.
    action_requested(int, str): R ("renegotiate") or Delete ("release") on a row of Promises.
    export_requested(int), erase_requested(int): a person's export, or erase (confirmed).
    settings_saved(): valid settings were handed to ``save_settings``.
"""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QByteArray, QSettings, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QMainWindow, QTableView, QTabWidget, QWidget

from trayapp import APP_NAME
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.ui.main_window.contacts import ContactsTab
from trayapp.ui.main_window.debt import DebtTab
from trayapp.ui.main_window.missed import MissedTab
from trayapp.ui.main_window.numbers import NumbersTab, StatsReader
from trayapp.ui.main_window.scripts import ReadScript, SaveScript, ScriptsTab
from trayapp.ui.main_window.settings import SaveSettings, SettingsTab
from trayapp.ui.main_window.tables import PromisesTab

_LazyTab = PromisesTab | DebtTab | ContactsTab | ScriptsTab


class MainWindow(QMainWindow):
    """Everything in one place; ``refresh`` re-reads the ledger.

    The tabs that read the ledger are read when first shown, and again when shown after a
    change (``mark_changed``), not on every show of the window: the Contacts tab judges every
    contact listed, which is the costliest read in the app."""

    card_requested = Signal(int)
    missed_dismissed = Signal(int)
    contact_changed = Signal(int)
    promise_added = Signal(int)
    kept_requested = Signal(int)
    snooze_requested = Signal(int, str)
    action_requested = Signal(int, str)
    export_requested = Signal(int)
    erase_requested = Signal(int)
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
        shipped_script_text: ReadScript | None = None,
        state_file: str | None = None,
        read_stats: StatsReader | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._log = log
        self._state_file = state_file
        self.setWindowTitle(APP_NAME)
        self.resize(980, 640)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.promises = PromisesTab(ctx, load=False)
        self.debt = DebtTab(ctx, load=False)
        self.missed = MissedTab(ctx, log)
        self.contacts = ContactsTab(ctx, load=False)
        self.numbers = NumbersTab(ctx, read_stats)
        self.scripts = ScriptsTab(
            ctx,
            scripts,
            save_user_script,
            user_script_text,
            shipped_script_text=shipped_script_text,
        )
        # Read when first shown, and again when shown after a change (``mark_changed``); the
        # Numbers tab reads itself whenever it is shown.
        self._stale: set[_LazyTab] = {self.promises, self.debt, self.contacts, self.scripts}
        self.settings = SettingsTab(ctx.settings, save_settings)
        self.tabs.addTab(self.promises, "Promises")
        self.tabs.addTab(self.debt, "Debt review")
        self.tabs.addTab(self.missed, "Missed")
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.numbers, "Numbers")
        self.tabs.addTab(self.scripts, "Scripts")
        self.tabs.addTab(self.settings, "Settings")
        self.setCentralWidget(self.tabs)
        self._label_missed()
        self._pass_on_requests()
        self.restore_state()
        self.tabs.currentChanged.connect(lambda _index: self.bring_up_to_date())

    def _pass_on_requests(self) -> None:
        """The tabs' requests leave through the window's own signals."""
        self.promises.card_requested.connect(self.card_requested)
        self.promises.kept_requested.connect(self.kept_requested)
        self.promises.promise_added.connect(self.promise_added)
        self.promises.snooze_requested.connect(self.snooze_requested)
        self.promises.action_requested.connect(self.action_requested)
        self.debt.card_requested.connect(self.card_requested)
        self.missed.card_requested.connect(self.card_requested)
        self.missed.dismissed.connect(self.missed_dismissed)
        self.settings.settings_saved.connect(self.settings_saved)
        self.contacts.contact_changed.connect(self.contact_changed)
        self.contacts.export_requested.connect(self.export_requested)
        self.contacts.erase_requested.connect(self.erase_requested)

    # -- remembered between runs: size, position, tab and column widths --------------------

    def _tables(self) -> dict[str, QTableView]:
        return {
            "promises": self.promises.table,
            "debt": self.debt.table,
            "contacts": self.contacts.table,
        }

    def restore_state(self) -> None:
        """Size, place, tab and columns as the user left them (nothing when first opened)."""
        if self._state_file is None:
            return
        state = QSettings(self._state_file, QSettings.Format.IniFormat)
        geometry = state.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        tab = state.value("window/tab")
        if isinstance(tab, (int, str)) and str(tab).isdigit():
            self.tabs.setCurrentIndex(int(tab))
        for name, table in self._tables().items():
            columns = state.value(f"columns/{name}")
            if isinstance(columns, QByteArray):
                table.horizontalHeader().restoreState(columns)

    def save_state(self) -> None:
        if self._state_file is None:
            return
        state = QSettings(self._state_file, QSettings.Format.IniFormat)
        state.setValue("window/geometry", self.saveGeometry())
        state.setValue("window/tab", self.tabs.currentIndex())
        for name, table in self._tables().items():
            state.setValue(f"columns/{name}", table.horizontalHeader().saveState())
        state.sync()
        # Like every file of the app's, readable by its owner only (Qt writes it by the umask).
        with contextlib.suppress(OSError):
            os.chmod(self._state_file, 0o600)

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_state()
        super().hideEvent(event)

    def set_context(self, ctx: Context) -> None:
        """Use new settings (or a new zone) from now on, and redraw."""
        self._ctx = ctx
        for tab in (
            self.promises,
            self.debt,
            self.missed,
            self.contacts,
            self.numbers,
            self.scripts,
        ):
            tab.ctx = ctx
        self.settings.load(ctx.settings)
        self.mark_changed()

    def show_settings(self) -> None:
        self.tabs.setCurrentWidget(self.settings)

    def show_review(self) -> None:
        """The Debt review tab, its oldest promise selected."""
        self.tabs.setCurrentWidget(self.debt)
        self.debt.table.setFocus()

    def show_missed(self) -> None:
        self.tabs.setCurrentWidget(self.missed)
        self.missed.focus_list()

    def refresh(self) -> None:
        """Re-read promises, the Missed list and contacts, all of them now."""
        self.promises.refresh()
        self.debt.refresh()
        self.missed.refresh()
        self._label_missed()
        self.contacts.refresh()
        self.numbers.refresh()
        self.scripts.refresh()
        self._stale.clear()

    def mark_changed(self) -> None:
        """The ledger changed: the Missed list (its count is on its tab) and the tab in view
        are read again now when the window is shown, the other tabs when next shown."""
        self.missed.refresh()
        self._label_missed()
        self.numbers.refresh()
        self._stale = {self.promises, self.debt, self.contacts, self.scripts}
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
