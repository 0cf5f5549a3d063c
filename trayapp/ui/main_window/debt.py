"""The Debt tab: the promise-debt review. Every open promise, oldest due first — the year-old
forgotten one at the top — with how late it is and the script that fits; Enter or a
double-click opens its card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from trayapp.services.context import Context
from trayapp.services.review import DebtRow, promise_debt
from trayapp.ui.colours import RED
from trayapp.ui.main_window.tables import filling, make_table
from trayapp.words import review as words
from trayapp.words.verdicts import plural, when

__all__ = ["EMPTY", "DebtTab"]

EMPTY = "No open promises: nothing is owed to anyone."


class DebtTab(QWidget):
    """Open promises, oldest first; ``card_requested(id)`` on Enter or a double-click."""

    HEADERS = ("Due", "Late", "Contact", "What", "Script")
    card_requested = Signal(int)

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary_label = QLabel()
        self.table = make_table(list(self.HEADERS), stretch=3, name="Open promises, oldest first")
        self.table.setSortingEnabled(False)  # the order is the review: oldest first
        self.table.setToolTip("Enter or double-click: open the promise's card")
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open(row))
        self.table.activated.connect(lambda index: self._open(index.row()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table)
        if load:
            self.refresh()

    def refresh(self) -> None:
        rows = promise_debt(self.ctx)
        late = sum(1 for row in rows if row.late_seconds > 0)
        self.summary_label.setText(
            f"{plural(len(rows), 'open promise')}, {late} late — oldest first." if rows else EMPTY
        )
        table = self.table
        red = QBrush(QColor(RED))
        with filling(table, len(rows), sort=False):
            self._fill(rows, red)
        if rows:
            table.selectRow(0)

    def _fill(self, rows: list[DebtRow], red: QBrush) -> None:
        table, now, tz = self.table, self.ctx.now(), self.ctx.tz
        for index, row in enumerate(rows):
            view = row.view
            cells = [
                QTableWidgetItem(when(view.promise.due_at, tz, now)),
                QTableWidgetItem(words.how_late(row)),
                QTableWidgetItem(view.contact.name),
                QTableWidgetItem(view.promise.what),
                QTableWidgetItem(words.script_name(row)),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, view.promise.id)
            for column, item in enumerate(cells):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if row.late_seconds > 0:
                    item.setForeground(red)
                table.setItem(index, column, item)

    def promise_at(self, row: int) -> int | None:
        item = self.table.item(row, 0)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def _open(self, row: int) -> None:
        promise_id = self.promise_at(row)
        if promise_id is not None:
            self.card_requested.emit(promise_id)
