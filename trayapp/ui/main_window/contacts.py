"""The Contacts tab: contacts with last touch, 7-day count, streak and verdict in colour; the
selected person's detail pane; add, edit, log a touch, export and erase."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import Contact
from trayapp.services.context import Context
from trayapp.services.verdicts import verdict_for
from trayapp.ui import badges
from trayapp.ui.main_window.contact_dialog import ContactDialog
from trayapp.ui.main_window.person import PersonPane
from trayapp.ui.main_window.person_actions import MergeDialog, TouchDialog, erase_question
from trayapp.ui.main_window.rows import Column, RowsModel, RowTable
from trayapp.ui.main_window.tables import MAX_ROWS
from trayapp.words import verdicts as words


def _stamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else 0.0


class ContactRow:
    """A listed contact; its verdict is judged the first time a cell needs it."""

    __slots__ = ("_ctx", "_now", "_verdict", "contact")

    def __init__(self, ctx: Context, contact: Contact, now: datetime) -> None:
        self._ctx, self.contact, self._now = ctx, contact, now
        self._verdict: Verdict | None = None

    @property
    def verdict(self) -> Verdict:
        if self._verdict is None:
            self._verdict = verdict_for(self._ctx, self.contact, self._now)
        return self._verdict


def _columns(tab: ContactsTab) -> list[Column[ContactRow]]:
    """Name, company, last touch, 7-day count, streak and the verdict in its colour."""

    def last(row: ContactRow) -> str:
        at = row.verdict.last_touch_at
        return words.when(at, tab.ctx.tz, tab._now) if at else "never"

    return [
        Column("Name", lambda r: r.contact.name, lambda r: r.contact.name.casefold()),
        Column("Company", lambda r: r.contact.company, lambda r: r.contact.company.casefold()),
        Column("Last touch", last, lambda r: _stamp(r.verdict.last_touch_at)),
        Column(
            "7 days", lambda r: str(r.verdict.week_count), lambda r: float(r.verdict.week_count)
        ),
        Column(
            "Streak",
            lambda r: str(r.verdict.unanswered_streak),
            lambda r: float(r.verdict.unanswered_streak),
        ),
        Column(
            "Verdict",
            lambda r: words.LEVEL_WORDS[r.verdict.level],
            lambda r: float(r.verdict.level.rank),
            colour=lambda r: badges.level_colour(r.verdict.level),
            tooltip=lambda r: words.verdict_details(r.verdict, tab.ctx.tz),
        ),
    ]


class ContactsTab(QWidget):
    """Contacts with last touch, 7-day count, streak and verdict; the history of the selected.
    "New contact…" adds one; "Edit…", a double-click or Enter edits the selected one.

    Signals:
        contact_changed(int): a contact was added or edited here, or a touch logged.
        export_requested(int): export this person's history (the app asks where).
        erase_requested(int): erase this person for good (already confirmed here).
    """

    HEADERS = ("Name", "Company", "Last touch", "7 days", "Streak", "Verdict")
    contact_changed = Signal(int)
    export_requested = Signal(int)
    erase_requested = Signal(int)

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._now = ctx.now()
        self.table = RowTable(RowsModel(_columns(self), lambda r: r.contact.id, self), stretch=5)
        self.table.setAccessibleName("Contacts")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_history())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.new_button = QPushButton("New contact…")
        self.new_button.setToolTip("Add a contact (Ctrl+N)")
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setToolTip("Edit the selected contact (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.touch_button = QPushButton("Log a touch…")
        self.touch_button.setToolTip("Log a call, e-mail or message with the selected contact")
        self.touch_button.clicked.connect(self.log_touch)
        self.merge_button = QPushButton("Merge…")
        self.merge_button.setToolTip("Join a duplicate of the selected contact into them")
        self.merge_button.clicked.connect(self.merge_into_selected)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the selected person's whole history to a file")
        self.export_button.clicked.connect(self._export)
        self.erase_button = QPushButton("Erase…")
        self.erase_button.setToolTip("Erase the selected person and all their history for good")
        self.erase_button.clicked.connect(self.ask_erase)
        self._person_buttons = (
            self.edit_button,
            self.touch_button,
            self.merge_button,
            self.export_button,
            self.erase_button,
        )
        for button in self._person_buttons:
            button.setEnabled(False)
        self.editor: ContactDialog | None = None
        self.touch_dialog: TouchDialog | None = None
        self.merge_dialog: MergeDialog | None = None
        self.question: QMessageBox | None = None
        self.message_label = QLabel()
        self.message_label.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        for button in self._person_buttons:
            buttons.addWidget(button)
        buttons.addWidget(self.message_label, 1)
        self.person = PersonPane(ctx)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.person)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split)
        self._contacts: dict[int, Contact] = {}
        if load:
            self.refresh()

    def selected_contact(self) -> Contact | None:
        contact_id = self.table.selected_id()
        return self._contacts.get(contact_id) if contact_id is not None else None

    def select_contact(self, contact_id: int) -> bool:
        """Select the row of ``contact_id``; whether it is listed."""
        for row in range(self.table.rowCount()):
            if self.table.row_id(row) == contact_id:
                self.table.selectRow(row)
                return True
        return False

    def edit_selected(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            self.open_editor(contact)

    def open_editor(self, contact: Contact | None) -> ContactDialog:
        """The form for ``contact`` (a new one when None), not modal; shown and returned."""
        fresh = self.ctx.ledger.get_contact(contact.id) if contact and contact.id else None
        self.editor = ContactDialog(self.ctx, fresh or contact, self)
        self.editor.saved.connect(self._saved)
        self.editor.show()
        return self.editor

    def _saved(self, contact_id: int) -> None:
        self.refresh()
        self.contact_changed.emit(contact_id)

    def log_touch(self) -> TouchDialog | None:
        contact = self.selected_contact()
        if contact is None:
            return None
        self.touch_dialog = TouchDialog(self.ctx, contact, self)
        self.touch_dialog.logged.connect(self._saved)
        self.touch_dialog.show()
        return self.touch_dialog

    def merge_into_selected(self) -> MergeDialog | None:
        contact = self.selected_contact()
        if contact is None:
            return None
        self.merge_dialog = MergeDialog(self.ctx, contact, self)
        self.merge_dialog.merged.connect(self._saved)
        self.merge_dialog.show()
        return self.merge_dialog

    def _export(self) -> None:
        contact = self.selected_contact()
        if contact is not None and contact.id is not None:
            self.export_requested.emit(contact.id)

    def ask_erase(self) -> QMessageBox | None:
        """Ask, naming what goes; "Erase" asks the app to erase them."""
        contact = self.selected_contact()
        if contact is None or contact.id is None:
            return None
        history = self.ctx.ledger.history(contact.id)
        box = erase_question(contact, len(history.promises), len(history.touches), self)
        contact_id = contact.id

        def answered(button: QAbstractButton) -> None:
            if button is box.property("erase_button"):
                self.erase_requested.emit(contact_id)

        box.buttonClicked.connect(answered)
        self.question = box
        return box

    def tell(self, text: str, problem: bool = False) -> None:
        """A line beside the buttons: what an export or an erase did."""
        if problem:
            badges.show_problem(self.message_label, text)
        else:
            badges.show_done(self.message_label, text)

    def refresh(self) -> None:
        """Read the contacts again; the selected one stays selected while listed (its verdict
        and the others' are judged as their rows are drawn)."""
        chosen = self.table.selected_id()
        contacts = self.ctx.ledger.list_contacts(limit=MAX_ROWS)
        self._contacts = {c.id: c for c in contacts if c.id is not None}
        self._now = self.ctx.now()
        rows = [ContactRow(self.ctx, contact, self._now) for contact in contacts]
        self.table.selectionModel().blockSignals(True)  # the pane follows once, at the end
        try:
            self.table.set_rows(rows)
            if chosen is not None:
                self.select_contact(chosen)
        finally:
            self.table.selectionModel().blockSignals(False)
        self._show_history()

    def _show_history(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        for button in self._person_buttons:
            button.setEnabled(bool(rows))
        contact = self.selected_contact()
        if contact is not None and contact.id is not None:
            self.person.ctx = self.ctx
            self.person.show_contact(contact.id)
