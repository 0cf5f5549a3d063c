"""The detail pane of the Contacts tab: who the person is, the guard's verdict, a 30-day touch
strip drawn with QPainter, and the timeline of every promise and touch (when, channel,
direction, note, the reason a touch went past a limit)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from trayapp.core.errors import NotFound
from trayapp.core.model import ContactHistory, PromiseState, Touch
from trayapp.services.context import Context
from trayapp.services.verdicts import verdict_for
from trayapp.ui import badges
from trayapp.ui.colours import AMBER, GREEN, RED
from trayapp.words import verdicts as words

__all__ = ["STRIP_DAYS", "PersonPane", "TouchStrip", "timeline_lines"]

STRIP_DAYS = 30


def timeline_lines(history: ContactHistory, tz: ZoneInfo, now: datetime) -> list[str]:
    """Every promise and touch, newest first, one line each."""
    entries: list[tuple[datetime, str]] = []
    for touch in history.touches:
        line = badges.touch_line(touch, tz, now)
        if touch.override_reason:
            line += f" · why: {touch.override_reason}"
        entries.append((touch.at, line))
    for promise in history.promises:
        state = {
            PromiseState.OPEN: "open",
            PromiseState.KEPT: "kept",
            PromiseState.RELEASED: f"released ({promise.release_reason})",
        }[promise.state]
        due = words.when(promise.due_at, tz, now)
        line = f"{words.when(promise.created_at, tz, now)} · promised: {promise.what} · due {due}"
        entries.append((promise.created_at, f"{line} · {state}"))
    entries.sort(key=lambda entry: entry[0], reverse=True)
    return [line for _at, line in entries]


class TouchStrip(QWidget):
    """The last 30 days, a column a day: a dot for each touch, outbound above the line in the
    verdict's colours, inbound below in green; today on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[tuple[int, int, bool]] = []  # (outbound, inbound, over the limit)
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Touches in the last 30 days")

    def show_touches(self, touches: tuple[Touch, ...], now: datetime, tz: ZoneInfo) -> None:
        today = now.astimezone(tz).date()
        days = [[0, 0, False] for _ in range(STRIP_DAYS)]
        for touch in touches:
            back = (today - touch.at.astimezone(tz).date()).days
            if 0 <= back < STRIP_DAYS:
                day = days[STRIP_DAYS - 1 - back]
                day[0 if touch.outbound else 1] += 1
                day[2] = bool(day[2]) or touch.over_limit
        self.days = [(int(o), int(i), bool(over)) for o, i, over in days]
        out = sum(d[0] for d in self.days)
        inbound = sum(d[1] for d in self.days)
        self.setToolTip(f"Last {STRIP_DAYS} days: {out} to them, {inbound} from them")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        width = self.width() / STRIP_DAYS
        middle = self.height() / 2
        faint = QColor(ink)
        faint.setAlpha(60)
        painter.setPen(faint)
        painter.drawLine(QPointF(0, middle), QPointF(self.width(), middle))
        painter.setPen(Qt.PenStyle.NoPen)
        radius = max(2.0, min(width / 3, 5.0))
        for index, (outbound, inbound, over) in enumerate(self.days):
            x = index * width + width / 2
            painter.setBrush(QColor(RED if over else AMBER if outbound > 1 else ink))
            for n in range(min(outbound, 4)):
                painter.drawEllipse(QPointF(x, middle - 6 - n * (radius * 2 + 1)), radius, radius)
            painter.setBrush(QColor(GREEN))
            for n in range(min(inbound, 4)):
                painter.drawEllipse(QPointF(x, middle + 6 + n * (radius * 2 + 1)), radius, radius)
        painter.setPen(faint)
        painter.drawText(QRectF(0, 0, 80, 14), Qt.AlignmentFlag.AlignLeft, f"{STRIP_DAYS} days ago")
        painter.drawText(QRectF(self.width() - 50, 0, 50, 14), Qt.AlignmentFlag.AlignRight, "today")
        painter.end()


class PersonPane(QWidget):
    """The selected contact: profile, verdict, the 30-day strip and the timeline."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile_label = QLabel("Pick a contact to see every promise and touch.")
        self.profile_label.setWordWrap(True)
        self.profile_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_label = QLabel()
        self.verdict_label.setVisible(False)
        self.strip = TouchStrip()
        self.timeline = QPlainTextEdit()
        self.timeline.setReadOnly(True)
        self.timeline.setAccessibleName("Timeline")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.profile_label, self.verdict_label, self.strip):
            layout.addWidget(widget)
        layout.addWidget(self.timeline, 1)

    def show_contact(self, contact_id: int) -> None:
        try:
            history = self.ctx.ledger.history(contact_id)
        except NotFound:
            self.clear("This contact is no longer in the ledger (erased or merged).")
            return
        contact, now, tz = history.contact, self.ctx.now(), self.ctx.tz
        facts = [contact.company, contact.role.value.replace("_", " "), contact.email,
                 contact.phone, contact.tz or ""]  # fmt: skip
        if contact.do_not_contact:
            facts.append(
                f"do not contact: {contact.dnc_reason}" if contact.dnc_reason else "do not contact"
            )
        if contact.quiet_until:
            facts.append(f"quiet until {words.when(contact.quiet_until, tz, now)}")
        self.profile_label.setText(f"{contact.name}\n" + " · ".join(fact for fact in facts if fact))
        badges.show_verdict(self.verdict_label, verdict_for(self.ctx, contact), tz)
        self.strip.show_touches(history.touches, now, tz)
        lines = timeline_lines(history, tz, now)
        self.timeline.setPlainText("\n".join(lines or ["No promises or touches yet."]))

    def clear(self, why: str) -> None:
        self.profile_label.setText(why)
        self.verdict_label.setVisible(False)
        self.strip.show_touches((), self.ctx.now(), self.ctx.tz)
        self.timeline.clear()

    def text(self) -> str:
        """Everything the pane shows, as text (what a screen reader reads)."""
        return "\n".join(
            [self.profile_label.text(), self.verdict_label.text(), self.timeline.toPlainText()]
        )
