"""Quick add as a person types: live preview, check before you dial, Enter saves, Esc hides."""

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

#: The offscreen platform cannot raise windows or pass size hints; it says so as a warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def opened(qtbot: QtBot, ctx: Context) -> QuickAddWindow:
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    return window


def test_preview_updates_as_you_type(qtbot: QtBot, ctx: Context, dana: Contact) -> None:
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "Dana Smith: send Acme feedback by fri 3pm")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Promise to"))
    assert window.understood_label.text() == (
        "Promise to Dana Smith (on file): send Acme feedback — due Fri 20 Nov 15:00"
    )
    assert window.verdict_label.text().startswith("● OK to contact")
    assert ctx.ledger.list_promises([PromiseState.OPEN]) == []  # preview never writes


def test_a_team_ledger_out_of_reach_is_said_under_the_verdict(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    window = opened(qtbot, ctx)
    window.set_team_line("team ledger not reached since 09:12")
    assert window.team_label.isHidden()  # nothing judged yet
    QTest.keyClicks(window.line_edit, "dana@acme.example")
    qtbot.waitUntil(lambda: window.understood_label.text() != "")
    assert window.verdict_label.text().startswith("● OK to contact")
    assert window.team_label.isVisible()
    assert window.team_label.text() == (
        "Team ledger not reached since 09:12: judged with the team's touches fetched before."
    )
    window.set_team_line("")  # reached again
    assert window.team_label.isHidden()


def test_new_contact_is_named_as_new(qtbot: QtBot, ctx: Context) -> None:
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "Robin Park: send the job spec tomorrow")
    qtbot.waitUntil(lambda: "(new contact)" in window.understood_label.text())
    assert window.verdict_label.isHidden()


def test_check_before_you_dial_shows_the_traffic_light(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    assert dana.id is not None
    for days in (3, 2, 1):
        ctx.ledger.add_touch(
            Touch(dana.id, Channel.VOICEMAIL, Direction.OUTBOUND, NOW - timedelta(days=days))
        )
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "dana@acme.example")
    qtbot.waitUntil(lambda: window.understood_label.text() != "")
    assert window.understood_label.text() == "Check before you dial: Dana Smith (on file)"
    text = window.verdict_label.text()
    assert "Caution" in text or "Stop" in text
    # The headline first; the other reasons on demand ("more…", and in the tooltip).
    assert text.count("Caution") == 1 and "more…" in text
    assert "3 outbound touches in the last 7 days (limit 3)" in window.verdict_label.toolTip()
    window.verdict_label.linkActivated.emit("more")
    assert "Also: 3 outbound touches in the last 7 days (limit 3)" in window.verdict_label.text()
    assert "#b26a00" in window.verdict_label.styleSheet() or "#c62828" in (
        window.verdict_label.styleSheet()
    )
    assert "3 unanswered in a row" in window.facts_label.text()
    window.save()
    assert window.isVisible()
    assert window.message_label.text() == "Nothing to save: this only looks them up."


def test_enter_saves_a_promise(qtbot: QtBot, ctx: Context, dana: Contact) -> None:
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "Dana Smith: send Acme feedback by fri 3pm")
    with qtbot.waitSignal(window.saved) as saved:
        QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert saved.args == ["Promise to Dana Smith saved: send Acme feedback, due Fri 20 Nov 15:00"]
    promises = ctx.ledger.list_promises([PromiseState.OPEN])
    assert [p.what for p in promises] == ["send Acme feedback"]
    assert not window.isVisible()


def test_bad_line_is_refused_inline(qtbot: QtBot, ctx: Context, dana: Contact) -> None:
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "Dana Smith: send feedback by last year")
    QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert window.isVisible()
    assert window.message_label.isVisibleTo(window)
    assert window.message_label.text() != ""
    assert ctx.ledger.list_promises([PromiseState.OPEN]) == []


def test_escape_hides(qtbot: QtBot, ctx: Context) -> None:
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "called Dana")
    QTest.keyClick(window.line_edit, Qt.Key.Key_Escape)
    assert not window.isVisible()
    window.open()
    assert window.line_edit.text() == ""


def test_a_touch_at_stop_asks_for_the_reason_and_keeps_it(
    qtbot: QtBot, ctx: Context, dana: Contact
) -> None:
    from trayapp.core.contacts import mark_do_not_contact

    ctx.ledger.update_contact(mark_do_not_contact(dana, NOW, "asked us to stop"))
    window = opened(qtbot, ctx)
    QTest.keyClicks(window.line_edit, "called Dana Smith")
    qtbot.waitUntil(lambda: window.understood_label.text().startswith("Touch with"))
    assert window.reason_edit.isVisible()
    QTest.keyClick(window.line_edit, Qt.Key.Key_Return)
    assert window.isVisible()
    assert window.message_label.text() == (
        "Dana Smith is at Stop (marked do not contact); to log it anyway, "
        "say why in the box above and press Enter"
    )
    assert window.reason_edit.hasFocus()
    assert ctx.ledger.history(dana.id or 0).touches == ()
    QTest.keyClicks(window.reason_edit, "returning her call about pay")
    with qtbot.waitSignal(window.saved):
        QTest.keyClick(window.reason_edit, Qt.Key.Key_Return)
    touches = ctx.ledger.history(dana.id or 0).touches
    assert [t.override_reason for t in touches] == ["returning her call about pay"]
