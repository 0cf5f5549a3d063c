"""The Missed tab: reminders that were shown but not acted on, one row per promise.

A reminder stays here until the user acts on its promise: opens its card (here, from the tray
or from a notification), keeps, snoozes or renegotiates it, or dismisses the row. What a crash
left between recording a reminder and showing it lands here too, so nothing is lost.

Signals:
    card_requested(int): open the reminder card of this promise (double-click or "Open").
    dismissed(int): the user acknowledged this promise's reminders without opening it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trayapp.core.errors import UserFacingError
from trayapp.core.ports import DeliveryRecord, ReminderLog
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.promises import PromiseView
from trayapp.ui import badges, colours
from trayapp.ui.main_window.tables import SortItem, filling, make_table
from trayapp.words import verdicts as words

EMPTY = "Nothing missed: every reminder that was shown has been dealt with."
KIND_WORDS = {
    "heads_up": "heads-up",
    "due": "due",
    "overdue": "overdue",
    "snooze_end": "snooze over",
}


def lateness(due_at: datetime, now: datetime) -> str:
    """``3 hours late`` once past due, ``due in 20 minutes`` before."""
    if due_at <= now:
        return f"{words.duration(now - due_at)} late"
    return f"due in {words.duration(due_at - now)}"


class MissedTab(QWidget):
    """The Missed list; ``refresh`` re-reads it from the delivery log."""

    card_requested = Signal(int)
    dismissed = Signal(int)
    HEADERS = ("Shown", "Contact", "What", "Due", "How late")

    def __init__(self, ctx: Context, log: ReminderLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._log = log
        self.table = make_table(list(self.HEADERS), stretch=2, name="Missed reminders")
        self.table.cellActivated.connect(self._open_row)  # double-click or Enter
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.itemSelectionChanged.connect(self._enable_buttons)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(lambda: self._emit_for(self._row(), self.card_requested))
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Mark as dealt with; the promise itself stays open")
        self.dismiss_button.clicked.connect(lambda: self._emit_for(self._row(), self.dismissed))
        self.message_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.count = 0
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = reminding.missed(self.ctx, self._log)
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        self.count = len(rows)
        with filling(self.table, len(rows)):
            for row, (record, view) in enumerate(rows):
                for column, item in enumerate(self._cells(record, view)):
                    self.table.setItem(row, column, item)
        self.message_label.setText("" if rows else EMPTY)
        self._enable_buttons()

    def _cells(self, record: DeliveryRecord, view: PromiseView) -> list[SortItem]:
        now, tz = self.ctx.now(), self.ctx.tz
        due = view.promise.due_at
        kind = KIND_WORDS.get(record.kind, record.kind)
        shown = f"{words.when(record.delivered_at, tz, now)} ({kind})"
        cells = [
            SortItem(shown, record.delivered_at.timestamp()),
            SortItem(view.contact.name, view.contact.name.casefold()),
            SortItem(view.promise.what, view.promise.what.casefold()),
            SortItem(words.when(due, tz, now), due.timestamp()),
            SortItem(lateness(due, now), (now - due).total_seconds()),
        ]
        cells[0].setData(Qt.ItemDataRole.UserRole, view.promise.id)
        if due <= now:
            cells[4].setForeground(QBrush(QColor(colours.RED)))
        return cells

    def focus_list(self) -> None:
        """Put the keyboard on the list, its first row chosen: Enter opens it."""
        self.table.setFocus()
        if self.table.rowCount() and self._row() < 0:
            self.table.selectRow(0)

    def _open_row(self, row: int, _column: int) -> None:
        self._emit_for(row, self.card_requested)

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _enable_buttons(self) -> None:
        chosen = self._row() >= 0
        self.open_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)

    def _emit_for(self, row: int, signal: SignalInstance) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        promise_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if promise_id is not None:
            signal.emit(int(promise_id))
