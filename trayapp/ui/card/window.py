"""The reminder card: one promise, who it is to, the guard's verdict, the script, the actions.

Each action is one transaction with taking the promise's reminders off the Missed list, as
from the tray (``reminding.act_on``).

With the close-out script it offers the check-in that script mentions (``CheckInButton``);
"Wait for a reply…" (``WaitPanel``) reminds about the contact unless they reply first.

Signals:
    promise_changed(int): the promise was kept, snoozed, renegotiated or released, or a
        check-in with its contact was added.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from trayapp import APP_NAME
from trayapp.core.errors import UserFacingError
from trayapp.core.guard.verdict import Situation
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptChannel, ScriptLibrary
from trayapp.services import promises as promise_service
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.promises import PromiseDetail
from trayapp.services.scripting import script_for
from trayapp.services.touches import ReasonNeeded
from trayapp.ui import badges, colours
from trayapp.ui.card.actions import ActionRow
from trayapp.ui.card.check_in import CheckInButton
from trayapp.ui.card.links import LinkActions, UrlOpener
from trayapp.ui.card.sections import (
    TAB_CHANNELS,
    TAB_LABELS,
    TAB_TOUCH,
    DatePanel,
    ReasonPanel,
    heading,
    muted_label,
    rule,
    title_label,
    web_url,
)
from trayapp.ui.card.waiting import WaitPanel
from trayapp.ui.presets import snooze_until
from trayapp.words import verdicts as words

RECENT_TOUCHES = 5


class ReminderCard(LinkActions, QDialog):
    """A promise's card; every action goes through the promise services."""

    promise_changed = Signal(int)

    def __init__(
        self,
        ctx: Context,
        reminder_log: ReminderLog,
        scripts: ScriptLibrary,
        promise_id: int,
        *,
        parent: QWidget | None = None,
        open_url: UrlOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._log = reminder_log
        self._scripts = scripts
        self.promise_id = promise_id
        self._open_url: UrlOpener = open_url or QDesktopServices.openUrl
        self._situation: Situation | None = None
        self._detail: PromiseDetail | None = None
        self._date_mode = "snooze"
        self._reason_for = "release"
        self.setWindowTitle(f"{APP_NAME} — promise")
        self.setMinimumSize(600, 640)
        self.resize(660, 720)
        self._build()
        self.refresh()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.what_label = title_label()
        self.who_label = muted_label()
        self.due_label = QLabel()
        self.verdict_label = QLabel()
        self.facts_label = muted_label()
        self.touches_label = muted_label()
        self.touches_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.what_label, self.who_label, self.due_label, self.verdict_label):
            layout.addWidget(widget)
        layout.addWidget(self.facts_label)
        layout.addWidget(heading("Recent touches"))
        layout.addWidget(self.touches_label)
        layout.addLayout(self._build_script())
        layout.addLayout(self._build_links())
        layout.addWidget(rule())
        self.message_label = QLabel()
        self.message_label.setVisible(False)
        layout.addWidget(self._build_actions())
        self.date_panel = DatePanel(self._ctx.tz)
        self.date_panel.confirm.clicked.connect(self._date_confirmed)
        self.reason_panel = ReasonPanel()
        self.reason_panel.confirm.clicked.connect(self._reason_confirmed)
        self.budget_label = muted_label()
        panels: tuple[QWidget, ...] = (self.date_panel, self.reason_panel, self.wait_panel)
        for item in (*panels, self.budget_label, self.message_label):
            layout.addWidget(item)

    def _build_actions(self) -> ActionRow:
        self.action_row = row = ActionRow()
        row.keep_clicked.connect(self.keep)
        row.snooze_chosen.connect(self.snooze_preset)
        row.custom_snooze.connect(self._ask_snooze)
        row.renegotiate_clicked.connect(self._ask_renegotiate)
        row.release_clicked.connect(self._ask_release)
        self.wait_panel = WaitPanel(self._ctx)
        self.wait_panel.started.connect(lambda text: badges.show_done(self.message_label, text))
        self.wait_panel.refused.connect(lambda text: badges.show_problem(self.message_label, text))
        row.add(self.wait_panel.button)
        return row

    def _build_script(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.situation_label = heading("")
        self.tabs = QTabBar()
        for channel in TAB_CHANNELS:
            self.tabs.addTab(TAB_LABELS[channel])
        self.tabs.setCurrentIndex(1)
        self.tabs.setExpanding(False)
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.subject_edit = QLineEdit()
        self.subject_edit.setPlaceholderText("Subject")
        self.subject_edit.setAccessibleName("E-mail subject")
        self.body_edit = QPlainTextEdit()
        self.body_edit.setAccessibleName("The suggested message, to edit before sending")
        self.body_edit.setMinimumHeight(200)
        for widget in (self.situation_label, self.tabs, self.subject_edit, self.body_edit):
            box.addWidget(widget)
        return box

    def _build_links(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.copy_button = QPushButton("Copy")
        self.email_button = QPushButton("Draft e-mail")
        self.call_button = QPushButton("Call")
        self.linkedin_button = QPushButton("Open LinkedIn")
        self.copy_button.clicked.connect(self._copy)
        self.email_button.clicked.connect(self._draft_email)
        self.call_button.clicked.connect(self._call)
        self.linkedin_button.clicked.connect(self._linkedin)
        for button in (self.copy_button, self.email_button, self.call_button):
            row.addWidget(button)
        row.addWidget(self.linkedin_button)
        row.addStretch(1)
        self.check_in_button = CheckInButton()
        self.check_in_button.added.connect(self._check_in_added)
        self.check_in_button.refused.connect(
            lambda text: badges.show_problem(self.message_label, text)
        )
        row.addWidget(self.check_in_button)
        return row

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the promise again and redraw everything."""
        try:
            detail = promise_service.detail(self._ctx, self.promise_id)
        except UserFacingError as error:
            self._detail = None
            self.action_row.set_open(False)
            badges.show_problem(self.message_label, error.message)
            return
        self._detail = detail
        self.wait_panel.offer(detail.view.contact, detail.view.promise.what)
        self._show_promise(detail)
        self._show_touches(detail)
        self._show_budget(detail)
        self._show_script()

    def _show_promise(self, detail: PromiseDetail) -> None:
        view, tz, now = detail.view, self._ctx.tz, self._ctx.now()
        contact = view.contact
        self.what_label.setText(view.promise.what)
        who = [contact.name, contact.company, contact.role.value.replace("_", " ")]
        self.who_label.setText(" · ".join(part for part in who if part))
        due = f"Due {words.when(view.promise.due_at, tz, now)}"
        late = view.promise.lateness(now)
        if view.promise.is_open and late > 0:
            due += f" · {words.duration(timedelta(seconds=late))} late"
            self.due_label.setStyleSheet(f"color: {colours.RED}; font-weight: bold;")
        else:
            self.due_label.setStyleSheet("")
        if not view.promise.is_open:
            due += f" · {words.STATUS_WORDS[view.status]}"
        self.due_label.setText(words.urgent_mark(view.promise.urgent) + due)
        badges.show_verdict(self.verdict_label, detail.verdict, tz)
        self.facts_label.setText(badges.verdict_facts(detail.verdict, tz))
        self.email_button.setEnabled(bool(contact.email))
        self.call_button.setEnabled(bool(contact.phone))
        self.linkedin_button.setEnabled(web_url(contact.linkedin) is not None)

    def _show_touches(self, detail: PromiseDetail) -> None:
        contact_id = detail.view.contact.id or 0
        touches = self._ctx.ledger.recent_touches(contact_id, RECENT_TOUCHES)
        now = self._ctx.now()
        lines = [badges.touch_line(t, self._ctx.tz, now) for t in touches]
        self.touches_label.setText("\n".join(lines) or "No touches logged yet.")

    def _show_budget(self, detail: PromiseDetail) -> None:
        is_open = detail.view.promise.is_open
        self.action_row.set_open(is_open)
        budget = self._ctx.settings.reminders.snooze_budget
        if is_open and detail.snoozes_left == 0:
            self.action_row.snooze_button.setEnabled(False)
            self.budget_label.setText(
                f"No snoozes left ({budget} of {budget} used): keep it, renegotiate the date "
                "with them, or release it."
            )
        elif is_open:
            self.budget_label.setText(
                f"{words.plural(detail.snoozes_left, 'snooze')} left of {budget}."
            )
        else:
            self.budget_label.setText("")

    def current_channel(self) -> ScriptChannel:
        return TAB_CHANNELS[self.tabs.currentIndex()]

    def _tab_changed(self, _index: int) -> None:
        self._show_script()
        self.action_row.set_via(TAB_TOUCH[self.current_channel()])

    def _show_script(self) -> None:
        if self._detail is None:
            return
        channel = self.current_channel()
        try:
            script = script_for(self._ctx, self._scripts, self.promise_id, channel, self._situation)
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        name = script.situation.value.replace("_", " ").capitalize()
        tier = f" ({script.tier.value} late)" if script.tier else ""
        self.situation_label.setText(f"Suggested script: {name}{tier}")
        self.subject_edit.setVisible(channel is ScriptChannel.EMAIL)
        self.subject_edit.setText(script.subject)
        self.body_edit.setPlainText(script.body)
        self.check_in_button.offer(self._ctx, self._detail.view.contact, script.situation)

    def _check_in_added(self, done: str) -> None:
        badges.show_done(self.message_label, done)
        self.promise_changed.emit(self.promise_id)

    def set_context(self, ctx: Context) -> None:
        """Use new settings or a new zone from now on, and redraw."""
        self._ctx = ctx
        self.refresh()

    # -- promise actions ------------------------------------------------------------------

    def keep(self, reason: str = "") -> None:
        """Mark kept by the chosen channel; at Stop the touch needs a reason, asked for in the
        reason panel."""
        channel = self.action_row.via_channel()
        self._act(
            lambda: promise_service.keep(
                self._ctx, self.promise_id, channel=channel, reason=reason
            ),
            f"Marked kept; the {channel.value} is logged.",
        )

    def _ask_stop_reason(self, error: ReasonNeeded) -> None:
        how = "say why below and press Enter"
        text = words.reason_needed(error.contact.name, error.verdict, self._ctx.tz, how)
        badges.show_problem(self.message_label, text)
        self.date_panel.hide()
        self._reason_for = "keep"
        self.reason_panel.ask_stop_reason()

    def snooze_preset(self, preset: str) -> None:
        def run() -> None:
            until = snooze_until(self._ctx, preset)
            promise_service.snooze(self._ctx, self.promise_id, until)

        self._act(run, "Snoozed.")

    def _ask_snooze(self) -> None:
        self.reason_panel.hide()
        self._date_mode = "snooze"
        start = self._ctx.now() + timedelta(hours=2)
        self.date_panel.ask("Snooze until", "Snooze", start)

    def _ask_renegotiate(self) -> None:
        self.reason_panel.hide()
        self._date_mode = "renegotiate"
        self._situation = Situation.RENEGOTIATE
        self._show_script()
        start = self._ctx.now() + timedelta(days=7)
        self.date_panel.ask("New date", "Agree new date", start)

    def _date_confirmed(self) -> None:
        at = self.date_panel.value()
        if self._date_mode == "renegotiate":
            done = f"New date agreed: {words.when(at, self._ctx.tz, self._ctx.now())}."
            self._act(lambda: promise_service.renegotiate(self._ctx, self.promise_id, at), done)
        else:
            self._act(lambda: promise_service.snooze(self._ctx, self.promise_id, at), "Snoozed.")

    def _ask_release(self) -> None:
        self.date_panel.hide()
        self._reason_for = "release"
        self.reason_panel.ask_release()

    def _reason_confirmed(self) -> None:
        reason = self.reason_panel.edit.text()
        if self._reason_for == "keep":
            self.keep(reason)
            return
        self._act(
            lambda: promise_service.release(self._ctx, self.promise_id, reason),
            "Released; the reason is kept in its history.",
        )

    def _act(self, run: Callable[[], object], done: str) -> None:
        """Run one service call, in the transaction that also takes the promise's reminders off
        the Missed list; a user-facing error is shown here and nothing changes (a touch at
        Stop without its reason asks for it)."""
        try:
            reminding.act_on(self._ctx, self._log, self.promise_id, run)
        except ReasonNeeded as error:
            self._ask_stop_reason(error)
            return
        except UserFacingError as error:
            badges.show_problem(self.message_label, error.message)
            return
        self.date_panel.hide()
        self.reason_panel.hide()
        self._situation = None
        self.refresh()
        badges.show_done(self.message_label, done)
        self.promise_changed.emit(self.promise_id)
