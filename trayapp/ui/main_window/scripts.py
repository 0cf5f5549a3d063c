"""The Scripts tab: pick a situation, tier, channel and audience; edit your copy; see it live.

Files are read and written only through the injected callables, so this tab never touches the
disk itself. A copy that does not parse is refused with the parser's message and not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trayapp.core.errors import UserFacingError
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact, Promise, Role
from trayapp.core.scripts.library import (
    Audience,
    ScriptChannel,
    ScriptLibrary,
    Tier,
    script_file_name,
)
from trayapp.core.scripts.template import parse_script_file
from trayapp.core.scripts.values import ScriptValues
from trayapp.services.context import Context
from trayapp.ui import badges

SaveScript = Callable[[str, str], None]
ReadScript = Callable[[str], "str | None"]


class ScriptsTab(QWidget):
    """Edit the user's copy of one script file, with a preview filled with sample values."""

    def __init__(
        self,
        ctx: Context,
        scripts: ScriptLibrary,
        save_user_script: SaveScript,
        user_script_text: ReadScript,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._scripts = scripts
        self._save = save_user_script
        self._read = user_script_text
        self.situation_combo = _combo([s.value for s in Situation])
        self.tier_combo = _combo([t.value for t in Tier])
        self.channel_combo = _combo([c.value for c in ScriptChannel])
        self.audience_combo = _combo([a.value for a in Audience])
        pickers = QHBoxLayout()
        for label, combo in (
            ("Situation", self.situation_combo),
            ("Lateness", self.tier_combo),
            ("Channel", self.channel_combo),
            ("To", self.audience_combo),
        ):
            pickers.addWidget(QLabel(label))
            pickers.addWidget(combo)
            combo.currentIndexChanged.connect(self._picked)
        pickers.addStretch(1)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(
            "You have no copy of this script yet; the shipped wording is in use (preview below). "
            "Type a whole script file here to use your own."
        )
        self.editor.textChanged.connect(self.update_preview)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        self.save_button = QPushButton("Save my copy")
        self.save_button.clicked.connect(self.save)
        self.message_label = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.message_label)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        if scripts.problems:
            badges.show_problem(self.message_label, "; ".join(scripts.problems[:3]))
        self._picked()

    def file_name(self) -> str:
        situation = Situation(self.situation_combo.currentData())
        tier = Tier(self.tier_combo.currentData())
        return script_file_name(situation, tier)

    def _picked(self) -> None:
        is_apology = self.situation_combo.currentData() == Situation.OVERDUE_APOLOGY.value
        self.tier_combo.setEnabled(is_apology)
        text = self._read(self.file_name())
        self.editor.blockSignals(True)
        self.editor.setPlainText(text or "")
        self.editor.blockSignals(False)
        self.update_preview()

    def update_preview(self) -> None:
        """Render the chosen variant with sample values: the user's text, else the library's."""
        name = self.file_name()
        channel = str(self.channel_combo.currentData())
        audience = str(self.audience_combo.currentData())
        values = sample_values(self.ctx).as_mapping()
        text = self.editor.toPlainText()
        try:
            if text.strip():
                variant = parse_script_file(name, text).variant(audience, channel)
                subject = variant.subject.render(values) if variant.subject else ""
                body = variant.body.render(values)
            else:
                rendered = self._scripts.render(
                    Situation(self.situation_combo.currentData()),
                    Tier(self.tier_combo.currentData()),
                    ScriptChannel(channel),
                    Audience(audience),
                    sample_values(self.ctx),
                )
                subject, body = rendered.subject, rendered.body
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        badges.clear_message(self.message_label)
        self.preview.setPlainText((f"Subject: {subject}\n\n" if subject else "") + body)

    def save(self) -> None:
        name, text = self.file_name(), self.editor.toPlainText()
        try:
            parse_script_file(name, text)
            self._save(name, text)
        except UserFacingError as error:
            badges.show_problem(self.message_label, f"Not saved: {error.message}")
            return
        badges.show_done(self.message_label, f"Saved your copy of {name}.")


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
