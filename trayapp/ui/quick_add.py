"""Quick add: one line, a live preview of what it means, the guard's traffic light, Enter saves.

Typing just a name, an e-mail or a phone number is "check before you dial": the preview shows
the contact's verdict with its reasons and nothing is saved.

When what was saved leaves the close-out as the fitting script, the window stays open after
the save, says what was saved and offers the check-in the close-out mentions (one click).

Signals:
    saved(str): a line was saved (or the offered check-in added); the payload says what in a
        sentence.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from trayapp import APP_NAME
from trayapp.core.contacts import label
from trayapp.core.errors import UserFacingError
from trayapp.core.guard.verdict import Level, Situation
from trayapp.core.model import Direction, Promise
from trayapp.core.quickadd.parse import CallbackDraft, PromiseDraft, TouchDraft
from trayapp.services import quick
from trayapp.services.check_in import offer_with
from trayapp.services.context import Context
from trayapp.services.touches import ReasonNeeded
from trayapp.ui import badges, colours
from trayapp.ui.card.check_in import CheckInButton
from trayapp.words import verdicts as words
from trayapp.words import waiting as waiting_words
from trayapp.words.dates import DATES_HELP
from trayapp.words.lateness import recorded_late

DEBOUNCE_MS = 150
PLACEHOLDER = "Dana Smith: send Acme feedback by fri 3pm  ·  called Dana  ·  dana@acme.com"


class QuickAddWindow(QWidget):
    """One line edit with a live preview; Enter saves, Esc hides. A name one or two letters off
    someone on file is asked about ("did you mean Dana Smith?") and saved as a new contact only
    with Shift+Enter."""

    saved = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self._ctx = ctx
        self._preview: quick.QuickPreview | None = None
        self.setWindowTitle(f"{APP_NAME} — quick add")
        self.setMinimumSize(600, 240)
        self.line_edit = QLineEdit()
        font = self.line_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.line_edit.setFont(font)
        self.line_edit.setPlaceholderText(PLACEHOLDER)
        self.line_edit.setToolTip(DATES_HELP)
        self.line_edit.setMaxLength(500)
        self.line_edit.setAccessibleName("Quick add: a promise, a touch or a person to check")
        self.understood_label = QLabel()
        self.understood_label.setWordWrap(True)
        self.verdict_label = QLabel()
        self._team_line = ""
        self.team_label = QLabel()
        self.team_label.setWordWrap(True)
        self.team_label.setStyleSheet(f"color: {colours.MUTED};")
        self.facts_label = QLabel()
        self.facts_label.setStyleSheet(f"color: {colours.MUTED};")
        self.facts_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("At Stop: one line on why you contact them anyway")
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setAccessibleName("Reason for contacting them at Stop")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.check_in_button = CheckInButton()
        self.check_in_button.added.connect(self._check_in_added)
        self.check_in_button.refused.connect(
            lambda text: badges.show_problem(self.message_label, text)
        )
        layout = QVBoxLayout(self)
        for widget in (self.line_edit, self.understood_label, self.verdict_label, self.team_label):
            layout.addWidget(widget)
        for widget in (self.facts_label, self.reason_edit, self.message_label):
            layout.addWidget(widget)
        layout.addWidget(self.check_in_button)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.update_preview)
        self.line_edit.textChanged.connect(self._timer.start)
        self.line_edit.returnPressed.connect(self.save)
        self.line_edit.installEventFilter(self)
        self.reason_edit.returnPressed.connect(self.save)
        self.set_context(ctx)
        self._clear()

    def set_context(self, ctx: Context) -> None:
        """Use new settings or a new zone from now on."""
        self._ctx = ctx

    def set_team_line(self, line: str) -> None:
        """The team link's word while the team ledger cannot be reached ("team ledger not
        reached since 09:12"), said under every verdict until it is reached again."""
        self._team_line = line
        self._show_team_line(self._preview is not None and self._preview.verdict is not None)

    def _show_team_line(self, judged: bool) -> None:
        line = self._team_line
        self.team_label.setText(
            f"{line[:1].upper()}{line[1:]}: judged with the team's touches fetched before."
            if line
            else ""
        )
        self.team_label.setVisible(bool(line) and judged)

    def open(self) -> None:
        """Show, raise, focus and start from an empty line."""
        self.line_edit.clear()
        self._clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.line_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Shift+Enter in the line: save, a name not on file made a new contact."""
        if watched is self.line_edit and event.type() is QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if shifted and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save(new_contact=True)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    # -- preview --------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Read the line as it stands (never saves)."""
        self._timer.stop()
        line = self.line_edit.text()
        badges.clear_message(self.message_label)
        self.check_in_button.setVisible(False)
        if not line.strip():
            self._clear()
            return
        try:
            seen = quick.preview(self._ctx, line)
        except UserFacingError as error:
            self._clear()
            self.understood_label.setStyleSheet(f"color: {colours.MUTED};")
            self.understood_label.setText(f"Not understood yet: {error.message}")
            return
        self._preview = seen
        self.understood_label.setStyleSheet("")
        self.understood_label.setText(understood(seen, self._ctx))
        badges.show_verdict(self.verdict_label, seen.verdict, self._ctx.tz)
        self._show_team_line(seen.verdict is not None)
        if seen.contact is None and seen.near and seen.kind != "lookup":
            badges.show_problem(self.message_label, new_contact_hint(seen))
        if seen.verdict is not None:
            self.facts_label.setText(badges.verdict_facts(seen.verdict, self._ctx.tz))
            self.facts_label.setVisible(True)
        else:
            self.facts_label.setVisible(False)
        needs_reason = (
            isinstance(seen.draft, TouchDraft)
            and seen.draft.direction is Direction.OUTBOUND
            and seen.verdict is not None
            and seen.verdict.level is Level.STOP
        )
        self.reason_edit.setVisible(needs_reason)
        self.adjustSize()

    def _clear(self) -> None:
        self._preview = None
        self.understood_label.setText("")
        badges.show_verdict(self.verdict_label, None, self._ctx.tz)
        self._show_team_line(False)
        self.facts_label.setVisible(False)
        self.reason_edit.clear()
        self.reason_edit.setVisible(False)
        self.check_in_button.setVisible(False)
        badges.clear_message(self.message_label)

    # -- saving ---------------------------------------------------------------------------

    def save(self, *, new_contact: bool = False) -> None:
        """Save the line; a problem is shown here and nothing is saved. The preview on show is
        the one used (read again only when the line changed since), and the save judges the
        line once more, inside its transaction. With ``new_contact`` a name like one on file is
        taken for someone new."""
        if self._timer.isActive() or self._preview is None:
            self.update_preview()
        if self._preview is not None and self._preview.kind == "lookup":
            badges.show_done(self.message_label, "Nothing to save: this only looks them up.")
            return
        try:
            result = quick.apply(
                self._ctx, self.line_edit.text(), self.reason_edit.text(), new_contact=new_contact
            )
        except ReasonNeeded as error:
            self._ask_reason(error)
            return
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        summary = saved_summary(result, self._ctx)
        self.line_edit.clear()
        self._clear()
        if not self._offer_check_in(result, summary):
            self.hide()
        self.saved.emit(summary)

    def _offer_check_in(self, result: quick.QuickResult, summary: str) -> bool:
        """Offer the close-out's check-in under what was saved; whether it is offered. Judged
        by the verdict the line was saved under (no second judgement)."""
        offer = offer_with(self._ctx, result.contact, result.promise, result.preview.verdict)
        if offer is None:
            return False
        said = f"{summary.rstrip('.')}. The close-out fits: the door stays open."
        badges.show_done(self.message_label, said)
        self.check_in_button.offer(self._ctx, result.contact, Situation.CLOSE_OUT)
        self.check_in_button.setFocus()
        return True

    def _check_in_added(self, done: str) -> None:
        badges.show_done(self.message_label, done)
        self.saved.emit(done)

    def _ask_reason(self, error: ReasonNeeded) -> None:
        """A touch against a stop needs its reason: say so and put the cursor in the box."""
        how = "say why in the box above and press Enter"
        text = words.reason_needed(error.contact.name, error.verdict, self._ctx.tz, how)
        badges.show_problem(self.message_label, text)
        self.reason_edit.setVisible(True)
        self.reason_edit.setFocus()


def _when(at: datetime | None, ctx: Context) -> str:
    return words.when(at, ctx.tz, ctx.now()) if at is not None else ""


def understood(seen: quick.QuickPreview, ctx: Context) -> str:
    """What the line was read as: kind, contact (on file or new), what and when."""
    if seen.contact is not None:
        who = f"{seen.contact.name} (on file)"
    elif seen.near:
        who = f"{seen.draft.contact_ref.text.strip()} (not on file)"
    elif seen.new_contact is not None:
        who = f"{seen.new_contact.name} (new contact)"
    else:
        who = "no contact on file"
    when = _when(seen.when, ctx)
    if seen.kind == "promise":
        late = _late(seen, ctx)
        return f"{_urgent(seen)}Promise to {who}: {seen.what} — due {when}{late}"
    if seen.kind == "callback":
        return f"{_urgent(seen)}{who} asked for a call back: {seen.what} — due {when}"
    if seen.kind == "touch":
        return f"Touch with {who}: {seen.what}" + (f" — {when}" if when else "")
    if seen.kind == "do_not_contact":
        return f"{who}: {seen.what}"
    if seen.kind == "wait" and seen.when is not None:
        return waiting_words.preview(who, seen.what, seen.when, ctx.tz, ctx.now())
    return f"Check before you dial: {who}"


def _near(seen: quick.QuickPreview) -> str:
    return " or ".join(label(contact) for contact in seen.near)


def new_contact_hint(seen: quick.QuickPreview) -> str:
    """What Enter and Shift+Enter do with a name that may be a slip."""
    typed = seen.draft.contact_ref.text.strip()
    return (
        f"Did you mean {_near(seen)}? Enter saves nothing until the name is one on file; "
        f"Shift+Enter saves it with {typed} as a new contact."
    )


def _late(seen: quick.QuickPreview, ctx: Context) -> str:
    """`` — already 16 months late: the apology script fits`` for a promise already owed."""
    if seen.when is None or seen.when > ctx.now():
        return ""
    owed = Promise(0, seen.what, seen.when, ctx.now())
    note = recorded_late(ctx, owed, seen.verdict)
    return f" — {note}" if note else ""


def _urgent(seen: quick.QuickPreview) -> str:
    draft = seen.draft
    urgent = isinstance(draft, PromiseDraft | CallbackDraft) and draft.urgent
    return words.urgent_mark(urgent)


def saved_summary(result: quick.QuickResult, ctx: Context) -> str:
    """``Promise to Dana Smith saved: send Acme feedback, due Fri 27 Nov 15:00``."""
    name = result.contact.name + (" (new contact)" if result.created_contact else "")
    if result.promise is not None and result.preview.kind == "promise":
        due = _when(result.promise.due_at, ctx)
        mark = words.urgent_mark(result.promise.urgent)
        # the note the preview showed: saving a promise adds no touch, so the verdict the line
        # was judged under is the one the note needs (no second judgement)
        late = recorded_late(ctx, result.promise, result.preview.verdict)
        tail = f"; {late}" if late else ""
        return f"{mark}Promise to {name} saved: {result.promise.what}, due {due}{tail}"
    if result.promise is not None:
        mark = words.urgent_mark(result.promise.urgent)
        return f"{mark}Call back {name} by {_when(result.promise.due_at, ctx)}; they asked to wait."
    if result.preview.kind == "do_not_contact":
        return f"{name} is marked do not contact."
    if result.wait is not None:
        return waiting_words.saved(name, result.wait, ctx.tz, ctx.now())
    over = result.logged is not None and result.logged.touch.over_limit
    return f"Touch with {name} logged" + (" (over the limit)." if over else ".")
