"""A slip of the keyboard in quick add is asked about, never saved as a stranger: "Dana Smtih"
gets "did you mean Dana Smith?", Enter saves nothing, Shift+Enter adds the new person."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from trayapp.core.model import Contact, PromiseState
from trayapp.services.context import Context
from trayapp.ui.colours import RED
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def typed(qtbot: QtBot, ctx: Context, line: str) -> QuickAddWindow:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    QTest.keyClicks(window.line_edit, line)
    qtbot.waitUntil(lambda: window.understood_label.text() != "")
    return window


def test_a_slip_is_asked_about_and_enter_saves_nothing(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = typed(qtbot, ctx, "Dana Smtih: send Acme feedback by fri 3pm")
    assert window.understood_label.text().startswith(
        "Promise to Dana Smtih (not on file): send Acme feedback"
    )
    hint = window.message_label.text()
    assert hint.startswith("Did you mean Dana Smith (Acme)?") and "Shift+Enter" in hint
    assert RED in window.message_label.styleSheet()
    QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert "Did you mean Dana Smith (Acme)?" in window.message_label.text()
    assert window.isVisible()
    assert ctx.ledger.list_promises([PromiseState.OPEN]) == []
    assert [c.name for c in ctx.ledger.list_contacts()] == ["Dana Smith"]


def test_shift_enter_adds_the_new_person_deliberately(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = typed(qtbot, ctx, "Dana Smtih: send Acme feedback by fri 3pm")
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert "Dana Smtih (new contact)" in saved.args[0]
    assert sorted(c.name for c in ctx.ledger.list_contacts()) == ["Dana Smith", "Dana Smtih"]
    assert len(ctx.ledger.list_promises([PromiseState.OPEN])) == 1
