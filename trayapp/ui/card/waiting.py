"""The card's "Wait for a reply…": remind me about this person at a time unless they reply
first (their next inbound touch cancels it).

Signals:
    started(str): the wait was saved; the payload says for whom and until when.
    refused(str): it could not be saved; the payload says why (nothing changed).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from trayapp.core.errors import UserFacingError
from trayapp.core.model import Contact
from trayapp.services import waiting
from trayapp.services.context import Context
from trayapp.ui.card.sections import DatePanel
from trayapp.words import waiting as words

#: The time first offered: three days from now.
FIRST_OFFER = timedelta(days=3)


class WaitPanel(QWidget):
    """What the wait is about and until when; ``button`` opens it (the card places it)."""

    started = Signal(str)
    refused = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._contact: Contact | None = None
        self._about = ""
        self.button = QPushButton(words.ACTION)
        self.button.clicked.connect(self.ask)
        self.about_edit = QLineEdit()
        self.about_edit.setPlaceholderText("What you are waiting to hear about (optional)")
        self.about_edit.setAccessibleName("What you are waiting to hear about")
        self.about_edit.setMaxLength(waiting.MAX_ABOUT)
        self.dates = DatePanel(ctx.tz)
        self.dates.confirm.clicked.connect(self._start)
        self.dates.cancel.clicked.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.about_edit)
        layout.addWidget(self.dates)
        self.hide()

    def offer(self, contact: Contact, about: str) -> None:
        """Wait for ``contact``; ``about`` is offered as what it is about."""
        self._contact, self._about = contact, about

    def ask(self) -> None:
        self.about_edit.setText(self._about)
        self.dates.ask("Remind me if no reply by", "Start waiting", self._ctx.now() + FIRST_OFFER)
        self.show()

    def _start(self) -> None:
        if self._contact is None:
            return
        try:
            view = waiting.start_wait(
                self._ctx, self._contact, self.dates.value(), self.about_edit.text()
            )
        except UserFacingError as error:
            self.refused.emit(error.message)
            return
        self.hide()
        self.started.emit(words.saved(view.contact.name, view.wait, self._ctx.tz, self._ctx.now()))
