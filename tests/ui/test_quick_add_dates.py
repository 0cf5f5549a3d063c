"""Quick add's window reads the phrases of other quick-capture tools and says what they mean."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from trayapp.core.model import Contact, PromiseState
from trayapp.services.context import Context
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("Dana Smith: send feedback eow", "due Fri 20 Nov 18:00"),
        ("Dana Smith: send feedback mon next week", "due Mon 23 Nov 18:00"),
        ("Dana Smith: send feedback 2w", "due Wed 2 Dec 18:00"),
    ],
)
def test_phrases_are_previewed_and_saved(
    qtbot: QtBot, ctx: Context, dana: Contact, line: str, due: str
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, line)
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Promise to"))
    assert window.understood_label.text().endswith(due)
    with qtbot.waitSignal(window.saved):
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert [p.what for p in ctx.ledger.list_promises([PromiseState.OPEN])] == ["send feedback"]


def test_the_line_says_how_dates_may_be_typed(qtbot: QtBot, ctx: Context) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    tip = window.line_edit.toolTip()
    assert "end of the week / eow: the last working day of this week (Friday)" in tip
    assert "in 3 working days" in tip
