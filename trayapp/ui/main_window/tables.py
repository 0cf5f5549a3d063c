"""The Promises tab and the tables every tab shares: sortable, overdue rows in red."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.core.promises import PromiseStatus
from trayapp.services.context import Context
from trayapp.services.promises import ListFilter, PromiseView, list_promises
from trayapp.ui import badges, colours
from trayapp.ui.main_window.promise_dialog import NewPromiseDialog
from trayapp.ui.main_window.rows import Column, RowsModel, RowTable
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


def make_table(headers: list[str], stretch: int, name: str) -> QTableWidget:
    """A table of whole-row selection; ``name`` is what screen readers call it."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def size_columns_once(table: QTableWidget) -> None:
    """Fit the columns to their contents the first time the table is filled; after that
    they stay as the user (or the remembered layout) set them."""
    if table.property("columns_sized") is not True and table.rowCount():
        table.resizeColumnsToContents()
        table.setProperty("columns_sized", True)


@contextmanager
def filling(table: QTableWidget, rows: int, *, sort: bool = True) -> Iterator[None]:
    """Refill ``table`` with ``rows`` rows, measured and (with ``sort``) sorted once at the
    end: while rows go in, columns do not resize to their contents, the view does not repaint
    and nothing sorts (a visible table measures every row again for each cell set otherwise:
    quadratic)."""
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
        table.setSortingEnabled(sort)
        size_columns_once(table)
        table.setUpdatesEnabled(True)


def _stamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


class PromisesTab(QWidget):
    """Promises with a filter and a search as you type; keys act on the selected row.

    Enter (or a double-click) opens the card, Space marks it kept, S snoozes it until tomorrow,
    R renegotiates and Delete releases it (both through the card, which asks for the date or
    the reason).

    Signals:
        card_requested(int): open the card of this promise.
        promise_added(int): a promise was recorded with "New promise…".
        kept_requested(int): mark this promise kept.
        snooze_requested(int, str): snooze this promise (a preset of ``ui.presets``).
        action_requested(int, str): open the card on "renegotiate" or "release".
    """

    card_requested = Signal(int)
    promise_added = Signal(int)
    kept_requested = Signal(int)
    snooze_requested = Signal(int, str)
    action_requested = Signal(int, str)
    HEADERS = ("Due", "Contact", "What", "Status", "Days late")

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show")
        for which, label in FILTER_LABELS.items():
            self.filter_combo.addItem(label, which.value)
        self.filter_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search contact, company or what (Ctrl+F)")
        self.search_edit.setAccessibleName("Search promises")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.refresh)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search_edit.setFocus)
        self._now = ctx.now()
        self.table = RowTable(RowsModel(self._columns(), lambda v: v.promise.id, self), stretch=2)
        self.table.setAccessibleName("Promises")
        self.table.setToolTip(
            "Enter: open · Space: kept · S: snooze until tomorrow · R: renegotiate · "
            "Delete: release"
        )
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self._keys()
        self.new_button = QPushButton("New promise…")
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.setToolTip("Record a promise (Ctrl+N)")
        self.new_button.clicked.connect(self.new_promise)
        self.dialog: NewPromiseDialog | None = None
        self.message_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.filter_combo)
        top.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.message_label)
        if load:
            self.refresh()

    def _keys(self) -> None:
        self._acts: dict[Qt.Key, Callable[[int], None]] = {
            Qt.Key.Key_Space: self.kept_requested.emit,
            Qt.Key.Key_S: lambda pid: self.snooze_requested.emit(pid, "tomorrow"),
            Qt.Key.Key_R: lambda pid: self.action_requested.emit(pid, "renegotiate"),
            Qt.Key.Key_Delete: lambda pid: self.action_requested.emit(pid, "release"),
        }
        self.table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space, S, R and Delete on the table act on its selected promise."""
        if watched is self.table and event.type() is QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            act = self._acts.get(Qt.Key(event.key())) if plain else None
            if act is not None:
                self._on_selected(act)
                return True
        return super().eventFilter(watched, event)

    def new_promise(self) -> NewPromiseDialog:
        self.dialog = NewPromiseDialog(self.ctx, self)
        self.dialog.saved.connect(self._added)
        self.dialog.show()
        return self.dialog

    def _added(self, promise_id: int) -> None:
        self.refresh()
        self.promise_added.emit(promise_id)

    def selected_promise(self) -> int | None:
        return self.table.selected_id()

    def _on_selected(self, act: Callable[[int], None]) -> None:
        promise_id = self.selected_promise()
        if promise_id is not None:
            act(promise_id)

    def refresh(self) -> None:
        which = ListFilter(self.filter_combo.currentData())
        try:
            views = list_promises(self.ctx, which, limit=MAX_ROWS, matching=self.search_edit.text())
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        badges.clear_message(self.message_label)
        self._now = self.ctx.now()
        self.table.set_rows(views)

    def _columns(self) -> list[Column[PromiseView]]:
        """Due, contact, what, status and days late; overdue rows in red."""

        def red(view: PromiseView) -> QColor | None:
            return QColor(colours.RED) if view.status is PromiseStatus.OVERDUE else None

        def overdue(view: PromiseView) -> str:
            return "Overdue" if view.status is PromiseStatus.OVERDUE else ""

        def column(header: str, text: Callable[[PromiseView], str],
                   key: Callable[[PromiseView], float | str]) -> Column[PromiseView]:  # fmt: skip
            return Column(header, text, key, red, overdue)

        return [
            column(
                "Due",
                lambda v: words.when(v.promise.due_at, self.ctx.tz, self._now),
                lambda v: _stamp(v.promise.due_at),
            ),
            column("Contact", lambda v: v.contact.name, lambda v: v.contact.name.casefold()),
            column(
                "What",
                lambda v: words.urgent_mark(v.promise.urgent) + v.promise.what,
                lambda v: v.promise.what.casefold(),
            ),
            column("Status", lambda v: words.STATUS_WORDS[v.status], lambda v: v.status.value),
            column(
                "Days late",
                lambda v: str(v.days_late) if v.days_late else "",
                lambda v: float(v.days_late),
            ),
        ]

    def _open_row(self, row: int) -> None:
        promise_id = self.table.row_id(row)
        if promise_id is not None:
            self.card_requested.emit(promise_id)
