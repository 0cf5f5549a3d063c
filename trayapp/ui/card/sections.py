"""Pieces of the reminder card: links (mailto:, tel:), the inline date and reason panels.

The panels replace modal dialogs: the card stays one window, and every step can be driven
with the keyboard (and by tests) without a nested event loop.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QUrl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from trayapp.core.matching import phone_extension
from trayapp.core.model import Channel
from trayapp.core.scripts.library import ScriptChannel
from trayapp.ui import colours

TAB_CHANNELS = (ScriptChannel.VOICEMAIL, ScriptChannel.EMAIL, ScriptChannel.MESSAGE)
TAB_LABELS = {
    ScriptChannel.VOICEMAIL: "Voicemail / call",
    ScriptChannel.EMAIL: "E-mail",
    ScriptChannel.MESSAGE: "Message",
}
#: The touch channel a script tab is usually sent by (the "via" choice starts there).
TAB_TOUCH = {
    ScriptChannel.VOICEMAIL: Channel.CALL,
    ScriptChannel.EMAIL: Channel.EMAIL,
    ScriptChannel.MESSAGE: Channel.SMS,
}
RELEASE_HINT = "Why release it? e.g. role filled, candidate withdrew"
STOP_REASON_HINT = "At Stop: one line on why you contact them anyway"
VIA_CHANNELS = (
    Channel.CALL,
    Channel.VOICEMAIL,
    Channel.EMAIL,
    Channel.SMS,
    Channel.LINKEDIN,
    Channel.MEETING,
    Channel.OTHER,
)


def mailto_url(address: str, subject: str, body: str) -> QUrl:
    """``mailto:`` with the subject and body percent-encoded (RFC 6068: CRLF line breaks)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    text = (
        f"mailto:{quote(address.strip(), safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    )
    return QUrl.fromEncoded(text.encode("ascii"))


def tel_url(phone: str) -> QUrl:
    """``tel:`` (RFC 3966) with only the digits and a leading plus kept: for a number written
    the international way, its E.164 form; an extension as ``;ext=``."""
    number, extension = phone_extension(phone)
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    text = f"tel:{quote(digits, safe='+')}" + (f";ext={extension}" if extension else "")
    return QUrl.fromEncoded(text.encode("ascii"))


def web_url(link: str) -> QUrl | None:
    """An https URL for a LinkedIn address (a bare ``linkedin.com/in/...`` gets https)."""
    text = link.strip()
    if not text:
        return None
    if not text.lower().startswith(("https://", "http://")):
        text = "https://" + text
    url = QUrl(text, QUrl.ParsingMode.StrictMode)
    return url if url.isValid() and url.host() else None


class DatePanel(QWidget):
    """A date and time in the user's zone, with a confirm button (snooze to / renegotiate to)."""

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.prompt = QLabel()
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.prompt.setBuddy(self.edit)
        self.confirm = QPushButton()
        self.confirm.setAccessibleName("Confirm the date")
        self.confirm.setDefault(True)
        self.cancel = QPushButton("Cancel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prompt, self.edit, self.confirm, self.cancel):
            row.addWidget(widget)
        row.addStretch(1)
        self.cancel.clicked.connect(self.hide)
        self.hide()

    def ask(self, prompt: str, confirm: str, start: datetime) -> None:
        self.prompt.setText(prompt)
        self.confirm.setText(confirm)
        self.set_value(start)
        self.show()
        self.edit.setFocus()

    def set_value(self, at: datetime) -> None:
        local = at.astimezone(self._tz)
        self.edit.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def value(self) -> datetime:
        """The chosen wall time, placed in the user's zone."""
        chosen = self.edit.dateTime()
        day, at = chosen.date(), chosen.time()
        return datetime(day.year(), day.month(), day.day(), at.hour(), at.minute(), tzinfo=self._tz)


class ReasonPanel(QWidget):
    """A one-line reason with a confirm button (release needs a reason; so does a touch at
    Stop)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(500)
        self.confirm = QPushButton("Release promise")
        self.cancel = QPushButton("Cancel")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Reason:")
        label.setBuddy(self.edit)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.confirm)
        row.addWidget(self.cancel)
        self.cancel.clicked.connect(self.hide)
        self.edit.returnPressed.connect(self.confirm.click)
        self.hide()

    def ask_release(self) -> None:
        self.ask(RELEASE_HINT, "Release promise")

    def ask_stop_reason(self) -> None:
        """Keeping the promise logs a touch at Stop: why contact them anyway."""
        self.ask(STOP_REASON_HINT, "Mark kept anyway")

    def ask(self, hint: str, confirm: str) -> None:
        """Show with ``hint`` in the empty box and ``confirm`` on the button."""
        self.edit.setPlaceholderText(hint)
        self.confirm.setText(confirm)
        self.edit.clear()
        self.show()
        self.edit.setFocus()


def title_label() -> QLabel:
    """Large, bold and wrapped: what was promised."""
    label = QLabel()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def muted_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colours.MUTED};")
    return label


def rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
