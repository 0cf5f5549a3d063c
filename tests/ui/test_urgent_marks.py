"""An urgent promise is marked wherever it shows: notification, tray menu, promise list, card
and quick add."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from tests.ui.test_card import make_card
from tests.ui.test_tray import find, texts
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact, PromiseState
from trayapp.core.ports import ReminderLog
from trayapp.core.reminders.plan import plan
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.services.overview import overview
from trayapp.services.promises import get_view, make_promise
from trayapp.services.reminding import Reminder
from trayapp.services.verdicts import verdict_for
from trayapp.ui.main_window.tables import PromisesTab
from trayapp.ui.quick_add import QuickAddWindow
from trayapp.ui.tray import Tray
from trayapp.words.notices import reminder_title

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_notification_tray_and_card_mark_an_urgent_promise(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, dana: Contact
) -> None:
    urgent = make_promise(ctx, dana, "send the offer", NOW + timedelta(hours=3), urgent=True)
    calm = make_promise(ctx, dana, "send notes", NOW + timedelta(hours=4))
    assert urgent.id is not None and calm.id is not None
    due = plan(urgent, ctx.settings.reminders, ctx.tz, after=None, until=urgent.due_at)[-1]
    title = reminder_title(
        Reminder(due, get_view(ctx, urgent.id), verdict_for(ctx, dana), Situation.CHECK_IN, 3),
        urgent.due_at,
    )
    assert title == "Urgent · Due now: send the offer — Dana Smith"

    tray = Tray()
    tray.update(overview(ctx, log), missed_count=0)
    entries = texts(tray.menu())
    assert "Urgent · Dana Smith — send the offer" in entries
    assert "Dana Smith — send notes" in entries
    assert find(tray.menu(), "Urgent · Dana Smith").text().endswith("send the offer")

    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    assert sorted(tab.table.text(row, 2) for row in range(tab.table.rowCount())) == [
        "Urgent · send the offer",
        "send notes",
    ]

    card, _ = make_card(qtbot, ctx, log, scripts, urgent)
    assert card.due_label.text().startswith("Urgent · Due ")
    plain, _ = make_card(qtbot, ctx, log, scripts, calm)
    assert plain.due_label.text().startswith("Due ")


def test_quick_add_previews_and_saves_an_urgent_promise(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, "! Dana Smith: send the offer by fri 3pm")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Urgent · "))
    assert window.understood_label.text() == (
        "Urgent · Promise to Dana Smith (on file): send the offer — due Fri 20 Nov 15:00"
    )
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert saved.args == [
        "Urgent · Promise to Dana Smith saved: send the offer, due Fri 20 Nov 15:00"
    ]
    assert [p.urgent for p in ctx.ledger.list_promises([PromiseState.OPEN])] == [True]
