"""Quick add's window takes a promise already owed and says how late it already is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from trayapp.core.model import Contact, PromiseState
from trayapp.services.context import Context
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LATE = "already 16 months late: the apology script fits"


def test_a_past_date_with_its_year_is_previewed_and_saved_late(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, "Dana Smith: send the deck by 15 July 2025")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Promise to"))
    assert window.understood_label.text().endswith(f"due Tue 15 Jul 2025 18:00 — {LATE}")
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert saved.args[0].endswith(f"; {LATE}")
    assert [p.what for p in ctx.ledger.list_promises([PromiseState.OPEN])] == ["send the deck"]
