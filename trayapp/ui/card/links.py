"""The card's link row: copy the script, draft the e-mail, call, open LinkedIn — each through
the contact's details (``mailto:``, ``tel:`` in E.164 where known, the profile URL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from trayapp.core.model import Channel
from trayapp.core.scripts.library import ScriptChannel
from trayapp.ui import badges
from trayapp.ui.card.sections import TAB_CHANNELS, TAB_TOUCH, mailto_url, tel_url, web_url

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTabBar

    from trayapp.services.promises import PromiseDetail
    from trayapp.ui.card.actions import ActionRow

#: Opens a link in the desktop's program for it; False when none could.
UrlOpener = Callable[[QUrl], bool]

__all__ = ["LinkActions", "UrlOpener"]


class LinkActions:
    """Mixed into the card, which provides the widgets and the promise shown."""

    _detail: PromiseDetail | None
    _open_url: UrlOpener
    action_row: ActionRow
    body_edit: QPlainTextEdit
    subject_edit: QLineEdit
    message_label: QLabel
    tabs: QTabBar

    def current_channel(self) -> ScriptChannel:
        raise NotImplementedError  # pragma: no cover - provided by the card

    def script_text(self) -> str:
        body = self.body_edit.toPlainText()
        if self.current_channel() is ScriptChannel.EMAIL and self.subject_edit.text():
            return f"Subject: {self.subject_edit.text()}\n\n{body}"
        return body

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.script_text())
        badges.show_done(self.message_label, "Copied to the clipboard.")

    def _draft_email(self) -> None:
        if self._detail is None:
            return
        if self.current_channel() is not ScriptChannel.EMAIL:
            self.tabs.setCurrentIndex(TAB_CHANNELS.index(ScriptChannel.EMAIL))
        url = mailto_url(
            self._detail.view.contact.email, self.subject_edit.text(), self.body_edit.toPlainText()
        )
        self._open(url, "your e-mail program")

    def _call(self) -> None:
        if self._detail is not None:
            self.action_row.set_via(TAB_TOUCH[ScriptChannel.VOICEMAIL])
            self._open(tel_url(self._detail.view.contact.phone), "a calling app")

    def _linkedin(self) -> None:
        url = web_url(self._detail.view.contact.linkedin) if self._detail else None
        if url is not None:
            self.action_row.set_via(Channel.LINKEDIN)
            self._open(url, "a web browser")

    def _open(self, url: QUrl, what: str) -> None:
        if self._open_url(url):
            badges.clear_message(self.message_label)
        else:
            badges.show_problem(self.message_label, f"Could not open {what} for this link.")
