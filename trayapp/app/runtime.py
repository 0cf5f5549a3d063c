"""The running app: sweeps the ledger, shows what falls due, and carries out the user's actions.

Everything here runs on the GUI thread. Threads elsewhere (the wake-up timer, the notification
loop, the hotkey listener) only emit signals of :class:`trayapp.ui.bridge.Bridge`. The database
decides what to show: a sweep runs once the event loop turns after start-up (the tray icon comes
first), when the timer fires (it sleeps until the next reminder is due, nothing ticks) and
after a wake. Every few seconds two cheap looks (the clocks, and SQLite's ``data_version``)
notice a wake or another process's commit. A change (the user's action, quick add, a card,
new settings, another process's commit) triggers one refresh: the tray is redrawn, the timer
re-armed (at once when the change made something due) and ``refreshed`` tells the open windows
to redraw.

Signals:
    refreshed(): the ledger was read again; open windows redraw.
    card_requested(int): a notification asked for a promise's card.
    reason_requested(int): keeping a promise needs the reason a touch at Stop needs: its card
        is to open and ask for it.
    window_requested(): a notification without a promise asked for the main window.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from trayapp import APP_NAME
from trayapp.core.errors import BadInput, NotFound, StorageError
from trayapp.core.ports import Notice, NoticeAction, Notifier, ReminderLog
from trayapp.scheduling.timer import WakeTimer
from trayapp.scheduling.wake import ClockReading, SleepWatch
from trayapp.services import promises as promise_cases
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.overview import overview
from trayapp.services.reminding import Reminder, SweepCause
from trayapp.services.review import due_weekly_review, next_review
from trayapp.services.touches import ReasonNeeded
from trayapp.ui.bridge import Bridge
from trayapp.ui.presets import pause_until, snooze_until
from trayapp.ui.tray import Tray
from trayapp.words import waiting as wait_words
from trayapp.words.notices import digest_notice, reminder_notice
from trayapp.words.review import REVIEW_KEY, review_notice

__all__ = ["Runtime"]

#: Every two seconds two cheap looks: the clocks (a sleep) and SQLite's data_version (another
#: process's commit). Nothing else runs on a timer but the wake-up timer itself.
CHANGE_POLL_MS = 2_000
#: The weekly review's timer is set again at least this often (seconds).
REVIEW_RECHECK_S = 6 * 3600
MIN_ARM = timedelta(seconds=1)
REMEMBERED_NOTICES = 200
log = logging.getLogger(__name__)


class Runtime(QObject):
    """Sweeps, notifications, the timer and the user's promise actions."""

    refreshed = Signal()
    card_requested = Signal(int)
    reason_requested = Signal(int)
    window_requested = Signal()
    review_requested = Signal()

    def __init__(
        self,
        ctx: Context,
        reminder_log: ReminderLog,
        connection: sqlite3.Connection,
        tray: Tray,
        bridge: Bridge,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.log = reminder_log
        self._conn = connection
        self.tray = tray
        self.bridge = bridge
        self.notifier: Notifier | None = None
        self.timer = WakeTimer(bridge.wake_due.emit)
        self._notices: OrderedDict[str, Notice] = OrderedDict()
        self._sleep = SleepWatch(CHANGE_POLL_MS / 1000, _read_clocks())
        self._data_version = self._read_data_version()
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self._begin)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._on_poll)
        self._review = QTimer(self)
        self._review.setSingleShot(True)
        self._review.timeout.connect(self.review_if_due)
        bridge.wake_due.connect(lambda: self.sweep(SweepCause.TIMER))
        bridge.notice_acted.connect(self._on_notice_action)
        bridge.notice_failed.connect(self._on_notice_failed)

    # -- start and stop ---------------------------------------------------------------------

    def start(self, notifier: Notifier) -> None:
        """The first sweep as soon as the event loop turns (after the tray icon is shown), and
        the periodic checks."""
        self.notifier = notifier
        self._first.start(0)
        self._poll.start(CHANGE_POLL_MS)

    def _begin(self) -> None:
        self.sweep(SweepCause.START)
        self.review_if_due()

    def stop(self) -> None:
        self._first.stop()
        self._review.stop()
        self._poll.stop()
        self.timer.shutdown()

    # -- sweeping ---------------------------------------------------------------------------

    def sweep(self, cause: SweepCause) -> None:
        """Ask the ledger what to show now, show it, then redraw the tray and re-arm.

        Whatever started it (the tick, the wake-up timer, a change), a sweep that finds the
        wall clock ran ahead of the monotonic one since the last sweep is a wake: what fell due
        during the sleep then arrives as one catch-up digest, not one pop-up after another.
        """
        cause = self._wake_or(cause)
        try:
            result = reminding.sweep(self.ctx, self.log, cause)
        except StorageError as error:
            log.error("sweep (%s) failed: %s", cause.value, type(error).__name__)
            return
        self._data_version = self._read_data_version()
        if result.recorded or result.digest or result.waits:
            log.info("sweep %s: %d delivered", cause.value, result.recorded + len(result.waits))
        for item in result.reminders:
            self.notify(self._reminder_notice(item))
        if result.digest is not None:
            self.notify(digest_notice(result.digest, self.ctx.now()))
        for wait_notice in wait_words.notices(result.waits, self.ctx.tz):
            self.notify(wait_notice)
        self._redraw(lambda: result.wake)  # planned by the sweep itself

    def _reminder_notice(self, item: Reminder) -> Notice:
        """The reminder as the sweep decided it: verdict, situation and snoozes left."""
        can_snooze = item.snoozes_left > 0
        now = self.ctx.now()
        return reminder_notice(
            item, item.verdict, item.situation, self.ctx.tz, now, can_snooze=can_snooze
        )

    def refresh(self) -> None:
        """Redraw the tray from the ledger, arm the timer at the next reminder (at once when
        one is due and not shown yet) and tell the open windows to redraw. Every change ends
        here, once."""
        self._redraw(lambda: reminding.next_wake(self.ctx, self.log))

    def _redraw(self, next_wake: Callable[[], datetime | None]) -> None:
        try:
            budget = self.ctx.settings.reminders.snooze_budget
            missed = len(reminding.missed(self.ctx, self.log))
            self.tray.update(overview(self.ctx, self.log), missed, snooze_budget=budget)
            wake = next_wake()
        except StorageError as error:
            log.error("refresh failed: %s", type(error).__name__)
            return
        if wake is not None:
            wake = max(wake, self.ctx.now() + MIN_ARM)
        self.timer.arm(wake)
        self.refreshed.emit()

    def use_settings(self, ctx: Context) -> None:
        """Saved settings (working hours, zone, budgets) apply from now on."""
        self.ctx = ctx
        self.tray.set_time_zone(ctx.tz)
        self.refresh()
        self.review_if_due()

    def review_if_due(self) -> None:
        """This week's review of open promises when it is due (once a week), then the timer
        set for the next one (looked at again at least every few hours, as clocks move)."""
        try:
            review = due_weekly_review(self.ctx, self.log)
        except StorageError as error:
            log.error("weekly review failed: %s", type(error).__name__)
            review = None
        if review is not None:
            self.notify(review_notice(review))
        upcoming = next_review(self.ctx)
        if upcoming is None:
            self._review.stop()
            return
        wait = (upcoming - self.ctx.now()).total_seconds()
        self._review.start(int(min(max(wait, 1.0), REVIEW_RECHECK_S) * 1000))

    def changed_elsewhere(self) -> None:
        """Quick add, a card or the command line changed the ledger: one refresh."""
        self._data_version = self._read_data_version()
        self.refresh()

    def _wake_or(self, cause: SweepCause) -> SweepCause:
        """``WAKE`` when the machine slept since the last reading of the clocks, else ``cause``."""
        if not self._sleep.observe(_read_clocks()) or cause is SweepCause.START:
            return cause
        log.info("the machine slept; catching up")
        return SweepCause.WAKE

    def _on_poll(self) -> None:
        """The machine slept: a catch-up sweep at once. Another process committed (the
        command line): one refresh. Neither: nothing is read or planned."""
        if self._sleep.slept(_read_clocks()):
            self.sweep(SweepCause.WAKE)
        elif self._read_data_version() != self._data_version:
            self.changed_elsewhere()

    def _read_data_version(self) -> int:
        try:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return -1
        return int(row[0]) if row else -1

    # -- notifications ----------------------------------------------------------------------

    def notify(self, notice: Notice) -> None:
        self._notices[notice.key] = notice
        while len(self._notices) > REMEMBERED_NOTICES:
            self._notices.popitem(last=False)
        if self.notifier is not None:
            log.info("notice %s via %s", notice.key, self.notifier.name)
            self.notifier.notify(notice)

    def _on_notice_failed(self, notice: object) -> None:
        if isinstance(notice, Notice):
            self.tray.show_message(notice.title, notice.body)

    def _on_notice_action(self, key: str, action: str) -> None:
        notice = self._notices.get(key)
        if notice is None:
            return
        chosen = NoticeAction(action)
        if key.startswith(REVIEW_KEY):
            self.review_requested.emit()
        elif notice.promise_id is None:
            self.window_requested.emit()
        elif chosen is NoticeAction.OPEN:
            self.card_requested.emit(notice.promise_id)
        elif chosen is NoticeAction.KEPT:
            self.keep(notice.promise_id)
        elif chosen is NoticeAction.SNOOZE_HOUR:
            self.snooze(notice.promise_id, "1h")

    # -- the user's actions -----------------------------------------------------------------

    def keep(self, promise_id: int) -> None:
        """Mark kept from the tray or a notification. At Stop the touch needs a reason: the
        promise's card is asked for, to take it; nothing is saved till then."""
        try:
            self._act(promise_id, lambda: promise_cases.keep(self.ctx, promise_id), ReasonNeeded)
        except ReasonNeeded:
            self.reason_requested.emit(promise_id)

    def snooze(self, promise_id: int, preset: str) -> None:
        self._act(
            promise_id,
            lambda: promise_cases.snooze(self.ctx, promise_id, snooze_until(self.ctx, preset)),
        )

    def acted_on(self, promise_id: int) -> None:
        """The user dealt with a promise's reminders (saw its card, dismissed it as missed)."""
        self._act(promise_id, lambda: None)

    def pause(self, preset: str) -> None:
        self._guarded(lambda: reminding.pause(self.ctx, self.log, pause_until(self.ctx, preset)))
        self.refresh()

    def resume(self) -> None:
        self._guarded(lambda: reminding.resume(self.ctx, self.log))
        self.refresh()

    def _act(
        self, promise_id: int, action: Callable[[], object], passes: type[BadInput] | None = None
    ) -> None:
        """One transaction: the action and its reminders off the Missed list; then a refresh.
        A refusal of the kind ``passes`` is raised for the caller to answer."""

        def run() -> None:
            reminding.act_on(self.ctx, self.log, promise_id, action)

        if self._guarded(run, passes):
            log.info("acted on promise %d", promise_id)
        self.changed_elsewhere()

    def _guarded(self, run: Callable[[], object], passes: type[BadInput] | None = None) -> bool:
        """Run a user action; a refusal is told in a balloon, never as a traceback (but one
        of the kind ``passes`` is raised)."""
        try:
            run()
        except (BadInput, NotFound, StorageError) as error:
            if passes is not None and isinstance(error, passes):
                raise
            self.tray.show_message(APP_NAME, str(error))
            log.info("action refused: %s", type(error).__name__)
            return False
        return True


def _read_clocks() -> ClockReading:
    return ClockReading(time.time(), time.monotonic())
