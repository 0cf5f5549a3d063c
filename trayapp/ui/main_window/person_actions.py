"""What the Contacts tab does to the selected person besides editing: log a touch (asking
for the reason when the guard says Stop), merge a duplicate into them, export their history,
erase them for good after a confirmation that names what goes.

Logging is a use case the tab runs itself; exporting and erasing touch files (the export, the
ledger's backups), so the tab only asks, through signals, and the app does them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.core.model import Channel, Contact, Direction
from trayapp.services.contacts import merge_contacts
from trayapp.services.context import Context
from trayapp.services.touches import ReasonNeeded, log_touch
from trayapp.ui import badges
from trayapp.words import verdicts as words

__all__ = ["MergeDialog", "TouchDialog", "erase_question"]


class TouchDialog(QDialog):
    """Log a call, e-mail, message... with a note; at Stop it asks for the one-line reason.

    Signals:
        logged(int): a touch with this contact was saved.
    """

    logged = Signal(int)

    def __init__(self, ctx: Context, contact: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._contact = contact
        self.setWindowTitle(f"{APP_NAME} — log a touch with {contact.name}")
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.value.replace("_", " "), channel)
        self.direction = QComboBox()
        self.direction.addItem("I reached out (to them)", Direction.OUTBOUND)
        self.direction.addItem("They reached out (from them)", Direction.INBOUND)
        self.note = QLineEdit()
        self.note.setPlaceholderText("what was said (optional)")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("why contact them now? (needed at Stop)")
        self.reason_label = QLabel("Reason")
        self.verdict_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        form = QFormLayout()
        for label, widget in (("Channel", self.channel), ("Who", self.direction),
                              ("Note", self.note)):  # fmt: skip
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow(self.reason_label, self.reason)
        self.reason.setAccessibleName("Reason")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self._show_reason(False)

    def _show_reason(self, needed: bool) -> None:
        self.reason_label.setVisible(needed)
        self.reason.setVisible(needed)

    def save(self) -> None:
        try:
            log_touch(
                self._ctx,
                self._contact,
                Channel(self.channel.currentData()),
                Direction(self.direction.currentData()),
                note=self.note.text(),
                reason=self.reason.text(),
            )
        except ReasonNeeded as stop:
            self._show_reason(True)
            badges.show_verdict(self.verdict_label, stop.verdict, self._ctx.tz)
            badges.show_problem(
                self.message_label,
                f"{self._contact.name} is at Stop: say in one line why you contact them now.",
            )
            self.reason.setFocus()
            return
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        if self._contact.id is not None:
            self.logged.emit(self._contact.id)
        self.accept()


def erase_question(
    contact: Contact, promises: int, touches: int, parent: QWidget | None = None
) -> QMessageBox:
    """ "Erase Dana Smith for good?" naming what goes; not modal, shown and returned. Its
    ``accepted`` answer is the "Erase" button."""
    box = QMessageBox(parent)
    box.setWindowTitle(f"{APP_NAME} — erase {contact.name}")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(f"Erase {contact.name} for good?")
    box.setInformativeText(
        f"This deletes {contact.name}, {words.plural(promises, 'promise')} and "
        f"{words.plural(touches, 'touch', 'touches')} from the ledger and from its backups. "
        "It cannot be undone. Export their history first if you may need it."
    )
    erase = box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setProperty("erase_button", erase)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    return box


class MergeDialog(QDialog):
    """Join another contact — the same person typed differently — into this one.

    Signals:
        merged(int): the kept contact's id, once the other one's history moved to it.
    """

    merged = Signal(int)

    def __init__(self, ctx: Context, keep: Contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._keep = keep
        self.setWindowTitle(f"{APP_NAME} — merge into {keep.name}")
        self.other = QComboBox()
        self.other.setAccessibleName("The other contact")
        self.other.setEditable(True)
        self.other.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for contact in ctx.ledger.list_contacts(limit=2000):
            if contact.id != keep.id:
                self.other.addItem(_described(contact), contact.id)
        self.other.setCurrentIndex(-1)
        self.other.currentIndexChanged.connect(self._explain)
        self.explain_label = QLabel(f"Pick the other contact that is {keep.name}.")
        self.explain_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(
            f"Merge into {keep.name}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setEnabled(False)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Keep {_described(keep)}, and join into it:"))
        layout.addWidget(self.other)
        layout.addWidget(self.explain_label)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def choose(self, contact_id: int) -> None:
        self.other.setCurrentIndex(self.other.findData(contact_id))

    def _explain(self) -> None:
        other_id = self.other.currentData()
        if other_id is None:
            self.merge_button.setEnabled(False)
            return
        history = self._ctx.ledger.history(int(other_id))
        self.explain_label.setText(
            f"{history.contact.name}'s {words.plural(len(history.promises), 'promise')} and "
            f"{words.plural(len(history.touches), 'touch', 'touches')} move to "
            f"{self._keep.name}, with any e-mail, phone or LinkedIn {self._keep.name} lacks; "
            f"then {history.contact.name} goes. Nothing else is lost."
        )
        self.merge_button.setEnabled(True)

    def merge(self) -> None:
        other_id = self.other.currentData()
        if other_id is None or self._keep.id is None:
            return
        try:
            merge_contacts(self._ctx, self._keep.id, int(other_id))
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not merged: {error.message}")
            return
        self.merged.emit(self._keep.id)
        self.accept()


def _described(contact: Contact) -> str:
    """``Dana Smith (Acme, dana@acme.example)``."""
    more = ", ".join(part for part in (contact.company, contact.email or contact.phone) if part)
    return f"{contact.name} ({more})" if more else contact.name
