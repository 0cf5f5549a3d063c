"""Large lists the model/view way: a table that asks for a cell only when it is drawn.

A :class:`RowsModel` holds plain row objects and :class:`Column` specs (header, text, sort key,
colour and tooltip); nothing is made per cell. A row's text is worked out when the view paints
it (the Contacts tab's verdicts are judged only for the rows on screen, and once); sorting asks
each row for its key once. :class:`RowTable` is the view: one row selected at a time, alternate
colours, columns fitted to the first rows the first time it is filled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
#: Columns are fitted to this many rows (and their header) when a table is first filled.
ROWS_MEASURED = 40
#: Pixels beside a column's widest text: the cell's margins and room for the sort arrow.
CELL_PADDING = 28


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: its header, the text a row shows in it and the key it sorts by."""

    header: str
    text: Callable[[R], str]
    key: Callable[[R], float | str]
    colour: Callable[[R], QColor | None] | None = None
    tooltip: Callable[[R], str] | None = None


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows of ``R`` shown through ``columns``; ``ident`` gives a row's id (the UserRole of its
    first cell). Texts are worked out on demand and kept until the rows are replaced."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        ident: Callable[[R], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._ident = ident
        self._rows: list[R] = []
        self._texts: dict[tuple[int, int], str] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` instead, in the order last asked for by ``sort``."""
        self.beginResetModel()
        self._rows = self._in_order(list(rows))
        self._texts.clear()
        self.endResetModel()

    def _in_order(self, rows: list[R]) -> list[R]:
        if self._sorted_by is None:
            return rows
        column, order = self._sorted_by
        key = self._columns[column].key
        return sorted(rows, key=key, reverse=order is Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column``'s key; the selection follows its row."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sorted_by = (column, order)
        before = list(enumerate(self._rows))
        key = self._columns[column].key
        after = sorted(before, key=lambda pair: key(pair[1]),
                       reverse=order is Qt.SortOrder.DescendingOrder)  # fmt: skip
        moved_to = {old: new for new, (old, _row) in enumerate(after)}
        self._rows = [row for _old, row in after]
        self._texts.clear()
        kept = self.persistentIndexList()
        self.changePersistentIndexList(
            kept, [self.index(moved_to[i.row()], i.column()) for i in kept]
        )
        self.layoutChanged.emit()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation is Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column())
        if role == ID_ROLE and index.column() == 0:
            return self._ident(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        return None

    def _text(self, row: int, column: int) -> str:
        cached = self._texts.get((row, column))
        if cached is None:
            cached = self._texts[(row, column)] = self._columns[column].text(self._rows[row])
        return cached


class RowTable(QTableView):
    """A sortable, single-selection table over a :class:`RowsModel`, in rows.

    Its readers (``rowCount``, ``text``, ``colour``, ``tooltip``, ``row_id``) speak of rows as
    they are shown, sorted."""

    def __init__(self, model: RowsModel[Any], stretch: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self._sized = False

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` (sorted as the header says), fitting the columns the first time."""
        self.rows.set_rows(rows)
        if rows and not self._sized:
            self._fit_columns()
            self._sized = True

    def _fit_columns(self) -> None:
        """Each column as wide as its header and its first rows' text: never by asking every
        row (the Contacts tab would judge all of them)."""
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        for column in range(self.rows.columnCount()):
            if header.sectionResizeMode(column) is not QHeaderView.ResizeMode.Interactive:
                continue
            texts = [str(self.rows.headerData(column, Qt.Orientation.Horizontal) or "")]
            texts += [self.text(row, column) for row in range(min(self.rowCount(), ROWS_MEASURED))]
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            header.resizeSection(column, widest + CELL_PADDING)

    def rowCount(self) -> int:
        return self.rows.rowCount()

    def _index(self, row: int, column: int) -> QModelIndex:
        return self.rows.index(row, column)

    def text(self, row: int, column: int) -> str:
        return str(self._index(row, column).data() or "")

    def colour(self, row: int, column: int) -> QColor | None:
        brush = self._index(row, column).data(Qt.ItemDataRole.ForegroundRole)
        return brush.color() if isinstance(brush, QBrush) else None

    def tooltip(self, row: int, column: int) -> str:
        return str(self._index(row, column).data(Qt.ItemDataRole.ToolTipRole) or "")

    def row_id(self, row: int) -> int | None:
        value = self._index(row, 0).data(ID_ROLE)
        return int(value) if value is not None else None

    def row_object(self, row: int) -> Any:
        """The row object shown at ``row``."""
        return self.rows.row_at(row)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return self.row_id(row) if row is not None else None
