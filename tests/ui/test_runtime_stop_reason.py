"""Mark kept from the tray or a notification when the contact is at Stop: nothing is saved,
the balloon says why, and the promise's card opens to take the reason."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import LONDON, NOW
from trayapp.app.runtime import Runtime
from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.services.context import Context
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.bridge import Bridge
from trayapp.ui.tray import Tray


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
    with qtbot.waitSignal(app.card_requested) as opened:
        app.keep(at_stop.id)
    assert opened.args == [at_stop.id]
    assert balloons == [
        "Dana Smith is at Stop (marked do not contact); to log it anyway, say why on its card"
    ]
    kept = ctx.ledger.get_promise(at_stop.id)
    assert kept is not None
    assert kept.state is PromiseState.OPEN
    assert ctx.ledger.recent_touches(at_stop.contact_id, 10) == touches_before
