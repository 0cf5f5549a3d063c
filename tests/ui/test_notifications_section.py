"""The Settings tab says how reminders reach the user, and when the desktop does not let the
app notify (macOS: the user's choice in System Settings) it says so, in red, with what to do;
"Check again" asks once more."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from tests.fakes import FakeNotifier
from trayapp.app.notifying import NotificationsState
from trayapp.core.ports import Notice
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.colours import GREEN, RED
from trayapp.ui.main_window.window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class AskingNotifier:
    """Native notifications whose desktop answers from a thread of its own, as the real one
    does: first as ``answers`` says, one answer per question."""

    name = "native"

    def __init__(self, answers: list[bool | None]) -> None:
        self.answers = answers
        self.asked = 0

    def notify(self, notice: Notice) -> None:
        raise AssertionError("nothing is shown here")

    def check_allowed(self, answer: Callable[[bool | None], None]) -> None:
        given = self.answers[self.asked]
        self.asked += 1
        threading.Thread(target=answer, args=(given,)).start()


def _window(
    qtbot: QtBot, ctx: Context, log: SqliteReminderLog, scripts: ScriptLibrary
) -> MainWindow:
    window = MainWindow(ctx, log, scripts, lambda _s: None, lambda _n, _d: None, lambda _n: None)
    qtbot.addWidget(window)
    return window


def test_refused_notifications_are_told_with_what_to_do_and_checked_again(
    qtbot: QtBot, ctx: Context, log: SqliteReminderLog, scripts: ScriptLibrary
) -> None:
    notifier = AskingNotifier([False, True])
    state = NotificationsState(notifier)
    state.add_section(_window(qtbot, ctx, log, scripts))
    assert state.section is not None
    label = state.section.state_label
    qtbot.waitUntil(lambda: "not allowed" in label.text())
    assert "System Settings › Notifications › Follow-Through" in label.text()
    assert RED in label.styleSheet()
    state.section.check_button.click()  # the user allowed them meanwhile
    qtbot.waitUntil(lambda: "desktop's own notifications" in label.text())
    assert GREEN in label.styleSheet() and notifier.asked == 2


def test_balloons_from_the_tray_are_said_as_such(
    qtbot: QtBot, ctx: Context, log: SqliteReminderLog, scripts: ScriptLibrary
) -> None:
    notifier = FakeNotifier()
    notifier.name = "balloon"
    state = NotificationsState(notifier)
    state.add_section(_window(qtbot, ctx, log, scripts))
    assert state.section is not None
    assert state.section.state_label.text().startswith("Reminders show as balloons")
