"""Quick add's confirmation offers the close-out's check-in: when what was saved leaves the
close-out as the fitting script, the window says what was saved and one click adds the
check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.model import Channel, Contact, Direction, PromiseState, Touch
from trayapp.services.context import Context
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def capped(ctx: Context, dana: Contact) -> Contact:
    """Dana, e-mailed every day for a week: at the hard ceiling, the close-out fits."""
    assert dana.id is not None
    for days in range(7):
        at = NOW - timedelta(days=days, hours=1)
        ctx.ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, at))
    return dana


def save(qtbot: QtBot, window: QuickAddWindow, line: str) -> str:
    QTest.keyClicks(window.line_edit, line)
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Promise to"))
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    return str(saved.args[0])


def test_the_close_out_offers_its_check_in_in_one_click(
    qtbot: QtBot, ctx: Context, capped: Contact
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    summary = save(qtbot, window, "Dana Smith: send the deck by fri 3pm")
    assert summary == "Promise to Dana Smith saved: send the deck, due Fri 20 Nov 15:00"
    assert window.isVisible()
    assert window.message_label.text() == (f"{summary}. The close-out fits: the door stays open.")
    assert window.check_in_button.isVisible()
    assert window.check_in_button.text() == "Add check-in in 3 months"
    with qtbot.waitSignal(window.saved) as added:
        window.check_in_button.click()
    assert added.args[0].startswith("Check-in saved: check in with Dana, due ")
    assert not window.check_in_button.isVisible()
    promised = [p.what for p in ctx.ledger.list_promises([PromiseState.OPEN])]
    assert sorted(promised) == ["check in with Dana", "send the deck"]


def test_without_the_close_out_the_window_just_closes(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    save(qtbot, window, "Dana Smith: send the deck by fri 3pm")
    assert not window.isVisible()
    assert not window.check_in_button.isVisible()
