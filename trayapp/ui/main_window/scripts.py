"""The Scripts tab: pick a situation, lateness, channel and audience, and edit that wording
itself — its subject and body, starting from the shipped text — with the placeholders a click
away and a live preview filled from a promise of yours (or a sample one).

Files are read and written only through the injected callables, so this tab never touches the
disk: ``save_user_script(name, data)`` stores the user's whole copy of a file (``None`` removes
it), ``user_script_text(name)`` and ``shipped_script_text(name)`` read. A wording that does not
parse (an unknown placeholder, an empty body) is flagged as it is typed and never saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact, Promise, PromiseState, Role
from trayapp.core.scripts.edit import reverted, with_wording, wording
from trayapp.core.scripts.library import (
    Audience,
    ScriptChannel,
    ScriptLibrary,
    Tier,
    script_file_name,
)
from trayapp.core.scripts.template import PLACEHOLDERS, parse_script_data, read_script_data
from trayapp.core.scripts.values import ScriptValues
from trayapp.services.context import Context
from trayapp.ui import badges

SaveScript = Callable[[str, "Mapping[str, Any] | None"], None]
ReadScript = Callable[[str], "str | None"]
SAMPLE = "Sample: Dana Smith, two weeks late"
#: How many of the user's open promises the preview offers.
PREVIEW_PROMISES = 30


class ScriptsTab(QWidget):
    """Edit one wording of one script file, with a live preview."""

    def __init__(
        self,
        ctx: Context,
        scripts: ScriptLibrary,
        save_user_script: SaveScript,
        user_script_text: ReadScript,
        *,
        shipped_script_text: ReadScript | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._scripts = scripts
        self._save = save_user_script
        self._read = user_script_text
        self._shipped = shipped_script_text or (lambda _name: None)
        self.situation_combo = _combo([s.value for s in Situation])
        self.tier_combo = _combo([t.value for t in Tier])
        self.channel_combo = _combo([c.value for c in ScriptChannel])
        self.audience_combo = _combo([a.value for a in Audience])
        self.promise_combo = QComboBox()
        self.promise_combo.setAccessibleName("Preview with")
        pickers = QHBoxLayout()
        for label, combo in (
            ("Situation", self.situation_combo),
            ("Lateness", self.tier_combo),
            ("Channel", self.channel_combo),
            ("To", self.audience_combo),
        ):
            pickers.addWidget(QLabel(label))
            pickers.addWidget(combo)
            combo.setAccessibleName(label)
            combo.currentIndexChanged.connect(self._picked)
        pickers.addStretch(1)
        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName("Subject")
        self.subject_edit.textChanged.connect(self.update_preview)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Wording")
        self.editor.textChanged.connect(self.update_preview)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.promise_combo.currentIndexChanged.connect(self.update_preview)
        split = QSplitter()
        split.addWidget(self._editing_side())
        split.addWidget(self._preview_side())
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(split, 1)
        layout.addLayout(self._buttons())
        self._fill_promises()
        self._picked()
        if scripts.problems:
            badges.show_problem(self.message_label, "; ".join(scripts.problems[:3]))

    def _buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton("Save my version")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip("Save this wording as yours (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Back to the shipped wording")
        self.revert_button.clicked.connect(self.revert)
        self.source_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (self.save_button, self.revert_button, self.source_label):
            row.addWidget(widget)
        row.addWidget(self.message_label, 1)
        return row

    def _editing_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("Subject (e-mail)"))
        column.addWidget(self.subject_edit)
        column.addWidget(QLabel("Wording — alternatives on a line are separated by ||"))
        column.addWidget(self.editor, 1)
        grid = QGridLayout()
        self.placeholder_buttons: dict[str, QPushButton] = {}
        for index, name in enumerate(PLACEHOLDERS):
            button = QPushButton(f"{{{name}}}")
            button.setToolTip(f"Insert {{{name}}} where the cursor is")
            button.clicked.connect(lambda _checked=False, n=name: self.insert_placeholder(n))
            self.placeholder_buttons[name] = button
            grid.addWidget(button, index // 5, index % 5)
        column.addLayout(grid)
        return side

    def _preview_side(self) -> QWidget:
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Preview with"))
        row.addWidget(self.promise_combo, 1)
        column.addLayout(row)
        column.addWidget(self.preview, 1)
        return side

    # -- what is being edited ---------------------------------------------------------------

    def file_name(self) -> str:
        situation = Situation(self.situation_combo.currentData())
        tier = Tier(self.tier_combo.currentData())
        return script_file_name(situation, tier)

    def _where(self) -> tuple[str, str]:
        return str(self.audience_combo.currentData()), str(self.channel_combo.currentData())

    def _data(self, text: str | None) -> dict[str, Any]:
        if text is None:
            return {}
        try:
            return read_script_data(self.file_name(), text)
        except UserFacingError:
            return {}

    def _user_data(self) -> dict[str, Any]:
        return self._data(self._read(self.file_name()))

    def _shipped_data(self) -> dict[str, Any]:
        return self._data(self._shipped(self.file_name()))

    def _picked(self) -> None:
        is_apology = self.situation_combo.currentData() == Situation.OVERDUE_APOLOGY.value
        self.tier_combo.setEnabled(is_apology)
        audience, channel = self._where()
        user = self._user_data()
        shown = wording(user or self._shipped_data(), audience, channel)
        self.source_label.setText("Your version" if user else "Shipped wording")
        is_email = channel == ScriptChannel.EMAIL.value
        for widget in (self.subject_edit, self.editor):
            widget.blockSignals(True)
        self.subject_edit.setText(shown.subject if is_email else "")
        self.subject_edit.setEnabled(is_email)
        self.editor.setPlainText(shown.body.strip("\n"))
        for widget in (self.subject_edit, self.editor):
            widget.blockSignals(False)
        self.update_preview()

    def _edited(self) -> dict[str, Any]:
        """The whole file as it would be saved: the user's copy (or the shipped file) with this
        wording as typed."""
        audience, channel = self._where()
        base = self._user_data() or self._shipped_data()
        body = self.editor.toPlainText().strip("\n") + "\n"
        return with_wording(base, audience, channel, self.subject_edit.text(), body)

    # -- editing ----------------------------------------------------------------------------

    def insert_placeholder(self, name: str) -> None:
        """Put ``{name}`` where the cursor is (in the subject when it has the focus)."""
        if self.subject_edit.hasFocus() and self.subject_edit.isEnabled():
            self.subject_edit.insert(f"{{{name}}}")
            return
        self.editor.insertPlainText(f"{{{name}}}")
        self.editor.setFocus()

    def update_preview(self) -> None:
        """Render the wording as typed, filled from the chosen promise; a problem is flagged."""
        audience, channel = self._where()
        try:
            variant = parse_script_data(self.file_name(), self._edited()).variant(audience, channel)
            values = self._values().as_mapping()
            subject = variant.subject.render(values) if variant.subject else ""
            body = variant.body.render(values)
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            self.save_button.setEnabled(False)
            return
        badges.clear_message(self.message_label)
        self.save_button.setEnabled(True)
        self.preview.setPlainText((f"Subject: {subject}\n\n" if subject else "") + body)

    def save(self) -> None:
        name = self.file_name()
        try:
            data = self._edited()
            parse_script_data(name, data)
            self._save(name, data)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        self.source_label.setText("Your version")
        badges.show_done(self.message_label, f"Saved your version in {name}.")

    def revert(self) -> None:
        """Put the shipped wording of this audience and channel back (the user's copy goes
        when nothing of theirs is left in it)."""
        audience, channel = self._where()
        name, user, shipped = self.file_name(), self._user_data(), self._shipped_data()
        if not user:
            self._picked()
            return
        back = reverted(user, shipped, audience, channel)
        try:
            self._save(name, None if back == shipped else back)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not changed: {error.message}")
            return
        self._picked()
        badges.show_done(self.message_label, "The shipped wording is back.")

    # -- the preview's values ---------------------------------------------------------------

    def _fill_promises(self) -> None:
        self.promise_combo.blockSignals(True)
        self.promise_combo.clear()
        self.promise_combo.addItem(SAMPLE, None)
        for promise in self.ctx.ledger.list_promises([PromiseState.OPEN], limit=PREVIEW_PROMISES):
            contact = self.ctx.ledger.get_contact(promise.contact_id)
            if contact is not None:
                self.promise_combo.addItem(f"{contact.name}: {promise.what}", promise.id)
        self.promise_combo.blockSignals(False)

    def refresh(self) -> None:
        """The ledger changed: offer its promises again for the preview."""
        chosen = self.promise_combo.currentData()
        self._fill_promises()
        index = self.promise_combo.findData(chosen)
        self.promise_combo.setCurrentIndex(max(0, index))
        self.update_preview()

    def _values(self) -> ScriptValues:
        chosen = self.promise_combo.currentData()
        promise = self.ctx.ledger.get_promise(int(chosen)) if chosen is not None else None
        contact = self.ctx.ledger.get_contact(promise.contact_id) if promise else None
        if promise is None or contact is None:
            return sample_values(self.ctx)
        return ScriptValues.from_promise(
            promise, contact, self.ctx.settings, self.ctx.now(), self.ctx.tz
        )


def sample_values(ctx: Context) -> ScriptValues:
    """Believable values for the preview: a promise to Dana, two weeks late."""
    now = ctx.now()
    dana = Contact("Dana Smith", id=0, company="Acme", role=Role.CANDIDATE)
    promise = Promise(0, "send Acme feedback", now - timedelta(days=14), now - timedelta(days=21))
    return ScriptValues.from_promise(promise, dana, ctx.settings, now, ctx.tz)


def _combo(items: list[str]) -> QComboBox:
    combo = QComboBox()
    for item in items:
        combo.addItem(item.replace("_", " ").capitalize(), item)
    return combo
