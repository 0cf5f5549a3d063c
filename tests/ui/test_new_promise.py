"""A new promise from the main window: the due date is read as it is typed; a past date is a
promise owed and recorded late, saying how late; a contact not on file is refused."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from trayapp.core.model import Contact, PromiseState
from trayapp.services.context import Context
from trayapp.ui.main_window.tables import PromisesTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_new_promise_from_the_window(qtbot: QtBot, ctx: Context, dana: Contact) -> None:
    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    added: list[int] = []
    tab.promise_added.connect(added.append)
    dialog = tab.new_promise()
    dialog.contact.setText("Dana Smith")
    dialog.what.setText("send the shortlist")
    dialog.due.setText("2026-11-20 15:00")
    assert dialog.due_label.text() == "→ Fri 20 Nov 15:00"
    dialog.save()
    assert not dialog.isVisible() and len(added) == 1
    saved = ctx.ledger.get_promise(added[0])
    assert saved is not None and saved.what == "send the shortlist"
    assert [tab.table.text(r, 2) for r in range(tab.table.rowCount())] == ["send the shortlist"]


def test_a_promise_already_owed_says_how_late(qtbot: QtBot, ctx: Context, dana: Contact) -> None:
    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.new_promise()
    dialog.contact.setText("Dana Smith")
    dialog.what.setText("send the Acme feedback")
    dialog.due.setText("2025-07-15")
    dialog.save()
    assert dialog.isVisible()  # stays open so the note is read
    assert dialog.message_label.text().startswith("Saved: already 16 months late")


def test_nobody_on_file_is_refused(qtbot: QtBot, ctx: Context) -> None:
    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.new_promise()
    dialog.contact.setText("Nobody Known")
    dialog.what.setText("call back")
    dialog.due.setText("tomorrow 9am")
    dialog.save()
    assert dialog.isVisible() and dialog.message_label.text().startswith("Not saved:")
    assert ctx.ledger.list_promises(list(PromiseState)) == []
