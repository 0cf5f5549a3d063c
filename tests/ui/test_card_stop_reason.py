"""Keeping a promise from the card when its contact is at Stop: the card asks for the one-line
reason, saves nothing without it, and keeps the reason with the touch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from tests.ui.test_card import make_card
from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.model import Contact, PromiseState
from trayapp.core.model import Promise as PromiseModel
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context


@pytest.fixture
def at_stop(ctx: Context, dana: Contact, year_late: PromiseModel) -> PromiseModel:
    ctx.ledger.update_contact(mark_do_not_contact(dana, NOW, "asked us to stop"))
    return year_late


def test_keeping_at_stop_asks_why_and_keeps_the_reason(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, at_stop: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, at_stop)
    assert at_stop.id is not None
    card.action_row.kept_button.click()
    assert card.message_label.text().startswith(
        "Dana Smith is at Stop (marked do not contact); to log it anyway, say why below"
    )
    assert card.reason_panel.isVisibleTo(card)
    assert card.reason_panel.confirm.text() == "Mark kept anyway"
    assert card.reason_panel.edit.placeholderText().startswith("At Stop: one line on why")
    card.reason_panel.confirm.click()  # still no reason: asked again, nothing saved
    unchanged = ctx.ledger.get_promise(at_stop.id)
    assert unchanged is not None
    assert unchanged.state is PromiseState.OPEN
    assert len(ctx.ledger.recent_touches(at_stop.contact_id, 5)) == 1  # the old intro call
    QTest.keyClicks(card.reason_panel.edit, "she asked for the deck in writing")
    with qtbot.waitSignal(card.promise_changed):
        QTest.keyClick(card.reason_panel.edit, Qt.Key.Key_Return)
    saved = ctx.ledger.get_promise(at_stop.id)
    assert saved is not None
    assert saved.state is PromiseState.KEPT
    touch = ctx.ledger.recent_touches(at_stop.contact_id, 1)[0]
    assert touch.override_reason == "she asked for the deck in writing"
    assert touch.over_limit
    assert card.message_label.text() == "Marked kept; the email is logged."
    assert not card.reason_panel.isVisibleTo(card)


def test_release_still_asks_its_own_reason(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, at_stop: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, at_stop)
    card.action_row.kept_button.click()
    card.action_row.release_button.click()
    assert card.reason_panel.confirm.text() == "Release promise"
    assert card.reason_panel.edit.placeholderText().startswith("Why release it?")
    QTest.keyClicks(card.reason_panel.edit, "role filled")
    card.reason_panel.confirm.click()
    assert at_stop.id is not None
    saved = ctx.ledger.get_promise(at_stop.id)
    assert saved is not None
    assert saved.state is PromiseState.RELEASED
    assert len(ctx.ledger.recent_touches(at_stop.contact_id, 5)) == 1
