"""A new promise from the main window: to whom, what, by when (read as you type, with the date
it will be shown), urgent or not. A date already past is a promise owed and recorded late: it
is saved and says how late it already is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.services.resolve import find_contact
from trayapp.ui import badges
from trayapp.words import verdicts as words
from trayapp.words.lateness import recorded_late

__all__ = ["NewPromiseDialog"]

#: How many contact names the completion offers.
NAMES = 5000


class NewPromiseDialog(QDialog):
    """Contact, what and when; Save makes the promise.

    Signals:
        saved(int): the new promise's id.
    """

    saved = Signal(int)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — new promise")
        self.setMinimumWidth(460)
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("name, e-mail or phone of someone on file")
        names = [c.name for c in ctx.ledger.list_contacts(limit=NAMES)]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.contact.setCompleter(completer)
        self.what = QLineEdit()
        self.what.setPlaceholderText("e.g. send the Acme feedback")
        self.due = QLineEdit()
        self.due.setPlaceholderText("e.g. fri 3pm, tomorrow, eow, 2026-12-01 10:00")
        self.due_label = QLabel()
        self.due.textChanged.connect(self._read_due)
        self.urgent = QCheckBox("Urgent: remind even outside working hours")
        form = QFormLayout()
        for label, widget in (("To", self.contact), ("What", self.what), ("Due", self.due)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow("", self.due_label)
        form.addRow("", self.urgent)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def _read_due(self, text: str) -> None:
        if not text.strip():
            self.due_label.clear()
            return
        try:
            at = self._ctx.parse_when(text, what="due date", late=True)
        except UserFacingError as error:
            self.due_label.setText(error.message)
            return
        self.due_label.setText(f"→ {words.when(at, self._ctx.tz, self._ctx.now())}")

    def save(self) -> None:
        ctx = self._ctx
        try:
            due = ctx.parse_when(self.due.text(), what="due date", late=True)
            with ctx.ledger.atomic():
                contact = find_contact(self.contact.text(), ctx.ledger)
                saved = make_promise(
                    ctx, contact, self.what.text(), due, urgent=self.urgent.isChecked()
                )
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        assert saved.id is not None
        late = recorded_late(ctx, saved, None)
        self.saved.emit(saved.id)
        if late:
            badges.show_done(self.message_label, f"Saved: {late}.")
            return  # stays open so the note is read; Cancel closes it
        self.accept()
