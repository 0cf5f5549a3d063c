"""The card's check-in button: with the close-out script ("the door stays open"), the
long-horizon check-in it mentions, added with one click.

Signals:
    added(str): the check-in was saved; the payload says what and when.
    refused(str): it could not be saved; the payload says why (nothing changed).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from trayapp.core.errors import UserFacingError
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact
from trayapp.services import check_in
from trayapp.services.context import Context
from trayapp.words import verdicts as words


class CheckInButton(QPushButton):
    """``Add check-in in 3 months``, shown only while a check-in is on offer."""

    added = Signal(str)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx: Context | None = None
        self._contact: Contact | None = None
        self._situation: Situation | None = None
        self.setAccessibleName("Add the check-in the close-out offers")
        self.clicked.connect(self._add)
        self.setVisible(False)

    def offer(self, ctx: Context, contact: Contact, situation: Situation) -> None:
        """Show the button when ``situation`` is the close-out and a check-in is on offer."""
        self._ctx, self._contact, self._situation = ctx, contact, situation
        offered = check_in.offer_for(ctx, contact, situation)
        if offered is not None:
            self.setText(f"Add check-in in {words.plural(offered.months, 'month')}")
        self.setVisible(offered is not None)

    def _add(self) -> None:
        ctx, contact, situation = self._ctx, self._contact, self._situation
        if ctx is None or contact is None or situation is None:
            return
        try:
            saved = check_in.add_check_in(ctx, contact.id or 0, situation)
        except UserFacingError as error:
            self.refused.emit(error.message)
            return
        self.setVisible(False)
        due = words.when(saved.due_at, ctx.tz, ctx.now())
        self.added.emit(f"Check-in saved: {saved.what}, due {due}.")
