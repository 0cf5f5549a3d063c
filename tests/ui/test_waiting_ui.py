"""Waiting for a reply in the windows: quick add previews and saves ``waiting on Dana re offer
until tue``; the card's "Wait for a reply…" starts one for the promise's contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.model import Promise
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_quick_add_previews_the_wait_then_saves_it(
    qtbot: QtBot, ctx: Context, dana: object
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, "waiting on Dana re offer until tue")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Wait for"))
    assert window.understood_label.text() == (
        "Wait for a reply from Dana Smith (on file) re offer until Tue 24 Nov 18:00"
        " — reminded then unless they reply"
    )
    assert window.verdict_label.text() != ""
    assert ctx.ledger.list_waits() == []  # a preview saves nothing
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert saved.args[0] == "Waiting for Dana Smith's reply re offer until Tue 24 Nov 18:00."
    [wait] = ctx.ledger.list_waits()
    assert (wait.about, wait.until) == ("offer", datetime(2026, 11, 24, 18, 0, tzinfo=UTC))


def test_quick_add_says_what_a_wait_still_needs(qtbot: QtBot, ctx: Context, dana: object) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, "waiting on Dana re offer")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Not understood yet"))
    assert "say until when to wait" in window.understood_label.text()
    QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert window.message_label.text().startswith("Say until when to wait")
    assert ctx.ledger.list_waits() == []


def test_the_card_starts_a_wait_for_the_promises_contact(
    qtbot: QtBot,
    ctx: Context,
    log: ReminderLog,
    scripts: ScriptLibrary,
    due_tonight: Promise,
) -> None:
    assert due_tonight.id is not None
    card = ReminderCard(ctx, log, scripts, due_tonight.id)
    qtbot.addWidget(card)
    card.show()
    assert card.wait_panel.button.text() == "Wait for a reply…"
    assert not card.wait_panel.isVisibleTo(card)
    card.wait_panel.button.click()
    assert card.wait_panel.isVisibleTo(card)
    assert card.wait_panel.about_edit.text() == "call about the offer"
    card.wait_panel.dates.set_value(NOW + timedelta(days=2))
    card.wait_panel.dates.confirm.click()
    assert card.message_label.text() == (
        "Waiting for Dana Smith's reply re call about the offer until Fri 20 Nov 10:00."
    )
    assert not card.wait_panel.isVisibleTo(card)
    [wait] = ctx.ledger.list_waits()
    assert wait.contact_id == due_tonight.contact_id and wait.until == NOW + timedelta(days=2)


def test_the_card_refuses_a_wait_in_the_past_and_saves_nothing(
    qtbot: QtBot,
    ctx: Context,
    log: ReminderLog,
    scripts: ScriptLibrary,
    due_tonight: Promise,
) -> None:
    assert due_tonight.id is not None
    card = ReminderCard(ctx, log, scripts, due_tonight.id)
    qtbot.addWidget(card)
    card.wait_panel.button.click()
    card.wait_panel.dates.set_value(NOW - timedelta(days=1))
    card.wait_panel.dates.confirm.click()
    assert "already passed" in card.message_label.text()
    assert card.wait_panel.isVisibleTo(card)
    assert ctx.ledger.list_waits(open_only=False) == []
