"""Add or edit a contact: the person the reminders, the guard and the scripts are about.

Every field the command line's ``contacts add``/``edit`` takes: name, company, role, e-mail,
phone, LinkedIn, time zone (with completion from the zone database), notes, do-not-contact with
its reason and quiet-until. Nothing is saved until the whole form is valid; a refusal (a bad
e-mail address, a phone number someone else has, an unknown zone) is said in the dialog and the
form stays as typed.
"""

from __future__ import annotations

import dataclasses
import zoneinfo
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from trayapp import APP_NAME
from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.errors import NearMiss, UserFacingError
from trayapp.core.model import Contact, Role
from trayapp.services.contacts import (
    ContactChanges,
    add_contact,
    edit_contact_id,
    refuse_near_duplicate,
)
from trayapp.services.context import Context
from trayapp.ui import badges

ROLE_WORDS = {
    Role.CANDIDATE: "Candidate",
    Role.CLIENT: "Client",
    Role.HIRING_MANAGER: "Hiring manager",
    Role.OTHER: "Other",
}
TEXT_FIELDS = (
    ("name", "Name"),
    ("company", "Company"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("linkedin", "LinkedIn URL"),
    ("tz", "Time zone"),
)


class ContactDialog(QDialog):
    """The form for one contact (``contact=None`` adds a new one).

    Signals:
        saved(int): the contact with this id was added or changed.
    """

    saved = Signal(int)

    def __init__(
        self, ctx: Context, contact: Contact | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._contact = contact
        self._someone_new = ""  # a name like one on file, confirmed by saving it twice
        name = contact.name if contact else "new contact"
        self.setWindowTitle(f"{APP_NAME} — {name}")
        self.setMinimumWidth(480)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(label)
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["tz"].setPlaceholderText("e.g. America/New_York (empty: yours)")
        completer = QCompleter(sorted(zoneinfo.available_timezones()), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.fields["tz"].setCompleter(completer)
        self.fields["linkedin"].setPlaceholderText("https://www.linkedin.com/in/...")
        self.role = QComboBox()
        for role, words in ROLE_WORDS.items():
            self.role.addItem(words, role)
        self.role.setAccessibleName("Role")
        form.insertRow(2, "Role", self.role)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setFixedHeight(72)
        form.addRow("Notes", self.notes)
        form.addRow(self._boundaries())
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
        self._fill(contact)

    def _boundaries(self) -> QWidget:
        box = QWidget()
        rows = QFormLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        self.dnc = QCheckBox("Do not contact")
        self.dnc_reason = QLineEdit()
        self.dnc_reason.setPlaceholderText("why (they asked, placed elsewhere...)")
        self.dnc_reason.setAccessibleName("Do-not-contact reason")
        self.dnc.toggled.connect(self.dnc_reason.setEnabled)
        dnc_row = QHBoxLayout()
        dnc_row.addWidget(self.dnc)
        dnc_row.addWidget(self.dnc_reason, 1)
        rows.addRow(dnc_row)
        self.quiet = QCheckBox("Quiet until")
        self.quiet_until = QDateTimeEdit()
        self.quiet_until.setCalendarPopup(True)
        self.quiet_until.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.quiet_until.setTimeZone(QTimeZone(self._ctx.tz.key.encode()))
        self.quiet_until.setAccessibleName("Quiet until")
        self.quiet.toggled.connect(self.quiet_until.setEnabled)
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet)
        quiet_row.addWidget(self.quiet_until, 1)
        rows.addRow(quiet_row)
        return box

    def _fill(self, contact: Contact | None) -> None:
        shown = contact or Contact(name="")
        for key, _label in TEXT_FIELDS:
            value = getattr(shown, key)
            self.fields[key].setText(value or "")
        self.role.setCurrentIndex(self.role.findData(shown.role))
        self.notes.setPlainText(shown.notes)
        self.dnc.setChecked(shown.do_not_contact)
        self.dnc_reason.setText(shown.dnc_reason)
        self.dnc_reason.setEnabled(shown.do_not_contact)
        quiet = shown.quiet_until or (self._ctx.now() + timedelta(days=30))
        self.quiet_until.setDateTime(QDateTime.fromSecsSinceEpoch(int(quiet.timestamp())))
        self.quiet.setChecked(shown.quiet_until is not None)
        self.quiet_until.setEnabled(shown.quiet_until is not None)

    def _quiet_value(self) -> datetime | None:
        if not self.quiet.isChecked():
            return None
        seconds = self.quiet_until.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, UTC)

    def _typed(self) -> Contact:
        """The form as a contact (not yet checked)."""
        base = self._contact or Contact(name="")
        texts = {key: self.fields[key].text() for key, _label in TEXT_FIELDS}
        return dataclasses.replace(
            base,
            name=texts["name"],
            company=texts["company"],
            email=texts["email"],
            phone=texts["phone"],
            linkedin=texts["linkedin"],
            tz=texts["tz"].strip() or None,
            role=Role(self.role.currentData()),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        """Add or change the contact; a refusal is shown and nothing is saved."""
        try:
            saved = self._add() if self._contact is None else self._edit(self._contact)
        except NearMiss as error:
            # Saving again with the same name adds the new person deliberately.
            self._someone_new = self._typed().name
            again = "Save again to add them as someone new."
            badges.show_problem(self.message_label, f"Not saved: {error.message} {again}")
            return
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        if saved is not None and saved.id is not None:
            self.saved.emit(saved.id)
        self.accept()

    def _add(self) -> Contact:
        contact = self._typed()
        quiet = self._quiet_value()
        if quiet is not None:
            contact = dataclasses.replace(contact, quiet_until=quiet)
        if self.dnc.isChecked():
            contact = mark_do_not_contact(contact, self._ctx.now(), self.dnc_reason.text())
        with self._ctx.ledger.atomic():
            if contact.name != self._someone_new:
                refuse_near_duplicate(self._ctx, contact.name)
            return add_contact(self._ctx, contact)

    def _edit(self, contact: Contact) -> Contact | None:
        typed = self._typed()
        quiet = self._quiet_value()
        dnc = self.dnc.isChecked()

        def changed(key: str) -> str | None:
            value = getattr(typed, key) or ""
            return value if value != (getattr(contact, key) or "") else None

        changes = ContactChanges(
            name=changed("name"),
            company=changed("company"),
            role=typed.role if typed.role is not contact.role else None,
            email=changed("email"),
            phone=changed("phone"),
            linkedin=changed("linkedin"),
            tz=changed("tz"),
            notes=changed("notes"),
            dnc=dnc if dnc != contact.do_not_contact else None,
            dnc_reason=self.dnc_reason.text(),
            quiet_until=quiet if not _same_minute(quiet, contact.quiet_until) else None,
            clear_quiet=quiet is None and contact.quiet_until is not None,
        )
        if changes == ContactChanges(dnc_reason=self.dnc_reason.text()):
            return None  # nothing changed: nothing to save
        assert contact.id is not None
        return edit_contact_id(self._ctx, contact.id, changes)


def _same_minute(a: datetime | None, b: datetime | None) -> bool:
    """Whether two instants read the same in the form (it shows minutes)."""
    if a is None or b is None:
        return a is b
    return int(a.timestamp()) // 60 == int(b.timestamp()) // 60
