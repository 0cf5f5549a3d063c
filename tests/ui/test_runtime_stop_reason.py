"""Mark kept from the tray or a notification when the contact is at Stop: nothing is saved and
the promise's card is asked for, to take the reason (the card asks: see test_card_stop_reason)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import LONDON, NOW
from trayapp.app.runtime import Runtime
from trayapp.app.windows import Windows
from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.platform.paths import AppPaths
from trayapp.services.context import Context
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.bridge import Bridge
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.tray import Tray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def at_stop(ctx: Context, dana: Contact, year_late: Promise) -> Promise:
    ctx.ledger.update_contact(mark_do_not_contact(dana, NOW, "asked us to stop"))
    return year_late


@pytest.fixture
def runtime(
    ctx: Context, log: SqliteReminderLog, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Runtime, list[str]]]:
    tray = Tray(tz=LONDON)
    balloons: list[str] = []
    monkeypatch.setattr(tray, "show_message", lambda _title, body: balloons.append(body))
    made = Runtime(ctx, log, conn, tray, Bridge())
    yield made, balloons
    tray.deleteLater()


def test_keeping_at_stop_opens_the_card_to_ask_why(
    qtbot: QtBot, ctx: Context, runtime: tuple[Runtime, list[str]], at_stop: Promise
) -> None:
    app, balloons = runtime
    assert at_stop.id is not None
    touches_before = ctx.ledger.recent_touches(at_stop.contact_id, 10)
    with qtbot.waitSignal(app.reason_requested) as asked:
        app.keep(at_stop.id)
    assert asked.args == [at_stop.id]
    assert balloons == []  # the card says why
    kept = ctx.ledger.get_promise(at_stop.id)
    assert kept is not None
    assert kept.state is PromiseState.OPEN
    assert ctx.ledger.recent_touches(at_stop.contact_id, 10) == touches_before


def test_the_card_opens_asking_for_the_reason(
    qtbot: QtBot, ctx: Context, log: SqliteReminderLog, tmp_path: Path, at_stop: Promise
) -> None:
    windows = Windows(ctx, log, AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "l"))
    assert at_stop.id is not None
    try:
        windows.keep_with_reason(at_stop.id)
        card = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ReminderCard) and w.isVisible()
        )
        assert card.message_label.text().startswith(
            "Dana Smith is at Stop (marked do not contact); to log it anyway, say why below"
        )
        assert card.reason_panel.isVisibleTo(card)
        assert card.reason_panel.confirm.text() == "Mark kept anyway"
        QTest.keyClicks(card.reason_panel.edit, "she asked for it in writing")
        with qtbot.waitSignal(card.promise_changed):
            QTest.keyClick(card.reason_panel.edit, Qt.Key.Key_Return)
        kept = ctx.ledger.get_promise(at_stop.id)
        assert kept is not None
        assert kept.state is PromiseState.KEPT
        reasons = [t.override_reason for t in ctx.ledger.recent_touches(at_stop.contact_id, 1)]
        assert reasons == ["she asked for it in writing"]
    finally:
        windows.close_all()
