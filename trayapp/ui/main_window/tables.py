"""The Promises and Contacts tabs: sortable tables, overdue rows in red, verdicts in colour."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.core.model import Contact
from trayapp.core.promises import PromiseStatus
from trayapp.services.context import Context
from trayapp.services.promises import ListFilter, PromiseView, list_promises
from trayapp.services.verdicts import verdict_for
from trayapp.ui import badges
from trayapp.words import verdicts as words

MAX_ROWS = 500
FILTER_LABELS = {
    ListFilter.OPEN: "Open",
    ListFilter.OVERDUE: "Overdue",
    ListFilter.DUE_TODAY: "Due today",
    ListFilter.KEPT: "Kept",
    ListFilter.RELEASED: "Released",
    ListFilter.ALL: "All",
}


class SortItem(QTableWidgetItem):
    """A cell that shows text and sorts by a key (dates and counts sort as such)."""

    def __init__(self, text: str, key: float | str) -> None:
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, SortItem) and type(self.key) is type(other.key):
            return self.key < other.key  # type: ignore[operator]
        return super().__lt__(other)


def make_table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


@contextmanager
def filling(table: QTableWidget, rows: int) -> Iterator[None]:
    """Refill ``table`` with ``rows`` rows, measured and sorted once at the end: while rows go
    in, columns do not resize to their contents, the view does not repaint and nothing sorts
    (a visible table measures every row again for each cell set otherwise: quadratic)."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(column) for column in range(header.count())]
    table.setUpdatesEnabled(False)
    table.setSortingEnabled(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.clearContents()
    table.setRowCount(rows)
    try:
        yield
    finally:
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        table.setSortingEnabled(True)
        table.setUpdatesEnabled(True)


def _stamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


class PromisesTab(QWidget):
    """Promises with a filter; double-click (or Enter) asks for the card.

    Signals:
        card_requested(int): open the card of this promise.
    """

    card_requested = Signal(int)
    HEADERS = ("Due", "Contact", "What", "Status", "Days late")

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter_combo = QComboBox()
        for which, label in FILTER_LABELS.items():
            self.filter_combo.addItem(label, which.value)
        self.filter_combo.currentIndexChanged.connect(self.refresh)
        self.table = make_table(list(self.HEADERS), stretch=2)
        self.table.cellDoubleClicked.connect(self._open_row)
        self.message_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.message_label)
        if load:
            self.refresh()

    def refresh(self) -> None:
        which = ListFilter(self.filter_combo.currentData())
        try:
            views = list_promises(self.ctx, which, limit=MAX_ROWS)
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        badges.clear_message(self.message_label)
        table, now, tz = self.table, self.ctx.now(), self.ctx.tz
        red = QBrush(QColor(badges.RED))
        with filling(table, len(views)):
            self._fill(views, now, tz, red)

    def _fill(self, views: list[PromiseView], now: datetime, tz: ZoneInfo, red: QBrush) -> None:
        table = self.table
        for row, view in enumerate(views):
            promise = view.promise
            cells = [
                SortItem(words.when(promise.due_at, tz, now), _stamp(promise.due_at)),
                SortItem(view.contact.name, view.contact.name.casefold()),
                SortItem(words.urgent_mark(promise.urgent) + promise.what, promise.what.casefold()),
                SortItem(words.STATUS_WORDS[view.status], view.status.value),
                SortItem(str(view.days_late) if view.days_late else "", float(view.days_late)),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, promise.id)
            for column, item in enumerate(cells):
                if view.status is PromiseStatus.OVERDUE:
                    item.setForeground(red)
                    item.setToolTip("Overdue")
                table.setItem(row, column, item)

    def _open_row(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.card_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class ContactsTab(QWidget):
    """Contacts with last touch, 7-day count, streak and verdict; the history of the selected."""

    HEADERS = ("Name", "Company", "Last touch", "7 days", "Streak", "Verdict")

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = make_table(list(self.HEADERS), stretch=5)
        self.table.itemSelectionChanged.connect(self._show_history)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setPlaceholderText("Pick a contact to see every touch.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._contacts: dict[int, Contact] = {}
        if load:
            self.refresh()

    def refresh(self) -> None:
        contacts = self.ctx.ledger.list_contacts(limit=MAX_ROWS)
        self._contacts = {c.id: c for c in contacts if c.id is not None}
        with filling(self.table, len(contacts)):
            self._fill(contacts)

    def _fill(self, contacts: list[Contact]) -> None:
        table, now, tz = self.table, self.ctx.now(), self.ctx.tz
        for row, contact in enumerate(contacts):
            verdict = verdict_for(self.ctx, contact)
            last = verdict.last_touch_at
            verdict_item = SortItem(words.LEVEL_WORDS[verdict.level], verdict.level.rank)
            verdict_item.setForeground(QBrush(badges.level_colour(verdict.level)))
            verdict_item.setToolTip(words.verdict(verdict, tz))
            cells = [
                SortItem(contact.name, contact.name.casefold()),
                SortItem(contact.company, contact.company.casefold()),
                SortItem(words.when(last, tz, now) if last else "never", _stamp(last)),
                SortItem(str(verdict.week_count), float(verdict.week_count)),
                SortItem(str(verdict.unanswered_streak), float(verdict.unanswered_streak)),
                verdict_item,
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, contact.id)
            for column, item in enumerate(cells):
                table.setItem(row, column, item)

    def _show_history(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.table.item(rows[0].row(), 0)
        contact_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if contact_id is None:
            return
        history = self.ctx.ledger.history(int(contact_id))
        now, tz = self.ctx.now(), self.ctx.tz
        lines = [badges.touch_line(t, tz, now) for t in reversed(history.touches)]
        verdict = verdict_for(self.ctx, history.contact)
        head = [history.contact.name, words.verdict(verdict, tz), ""]
        self.history.setPlainText("\n".join(head + (lines or ["No touches logged yet."])))
