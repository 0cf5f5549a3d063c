"""The Contacts tab's actions on a person: log a touch (asked for the reason at Stop, nothing
saved without it), export their history to a file, and erase them after a confirmation that
names what goes — from the ledger and its backups."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.app.people import People
from trayapp.app.windows import Windows
from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.ledger.opening import Opened, open_ledger
from trayapp.services.context import Context
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.main_window.contacts import ContactsTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def select(tab: ContactsTab, name: str) -> None:
    for row in range(tab.table.rowCount()):
        if tab.table.text(row, 0) == name:
            tab.table.selectRow(row)
            return
    raise AssertionError(name)


def test_a_touch_at_stop_asks_for_the_reason(qtbot: QtBot, ctx: Context) -> None:
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", created_at=NOW))
    assert dana.id is not None
    marked = ctx.ledger.update_contact(  # marked do not contact: Stop
        Contact(name="Dana Smith", id=dana.id, created_at=NOW, dnc_at=NOW, dnc_reason="asked")
    )
    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    select(tab, "Dana Smith")
    dialog = tab.log_touch()
    assert dialog is not None
    before = len(ctx.ledger.history(dana.id).touches)
    dialog.save()
    assert dialog.isVisible() and not dialog.reason.isHidden()
    assert "is at Stop" in dialog.message_label.text()
    assert len(ctx.ledger.history(dana.id).touches) == before  # nothing saved
    dialog.note.setText("returning her call about the offer")
    dialog.reason.setText("she called and asked me to ring back")
    dialog.save()
    last = ctx.ledger.history(dana.id).touches[-1]
    assert last.override_reason == "she called and asked me to ring back"
    assert last.note == "returning her call about the offer"
    assert marked.do_not_contact


def test_an_inbound_touch_needs_no_reason(qtbot: QtBot, ctx: Context) -> None:
    lee = ctx.ledger.add_contact(Contact(name="Lee Park", created_at=NOW))
    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    select(tab, "Lee Park")
    dialog = tab.log_touch()
    assert dialog is not None
    dialog.direction.setCurrentIndex(dialog.direction.findData(Direction.INBOUND))
    dialog.save()
    assert not dialog.isVisible()
    assert [t.direction for t in ctx.ledger.history(lee.id or 0).touches] == [Direction.INBOUND]


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Opened]:
    with open_ledger(str(tmp_path / "data"), interactive=False) as made:
        yield made


class Redraws:
    def __init__(self) -> None:
        self.count = 0

    def changed_elsewhere(self) -> None:
        self.count += 1


def test_export_and_erase_a_person(qtbot: QtBot, opened: Opened, tmp_path: Path) -> None:
    ctx = opened.ctx
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", created_at=ctx.now()))
    assert dana.id is not None
    ctx.ledger.add_promise(Promise(dana.id, "send the offer", ctx.now() + timedelta(days=1),
                                   ctx.now()))  # fmt: skip
    ctx.ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, ctx.now()))
    windows = Windows(ctx, SqliteReminderLog(opened.connection), opened.paths)
    redraws = Redraws()
    people = People(opened, redraws, windows)  # type: ignore[arg-type]
    tab = windows.main_window().contacts
    windows.main_window().tabs.setCurrentWidget(tab)  # the tab is read when opened
    try:
        select(tab, "Dana Smith")
        people.export(dana.id, tmp_path / "dana.json")
        exported = json.loads((tmp_path / "dana.json").read_text(encoding="utf-8"))
        assert "Dana Smith" in json.dumps(exported)
        assert tab.message_label.text() == f"Exported to {tmp_path / 'dana.json'}"

        asked: list[int] = []
        tab.erase_requested.connect(asked.append)
        box = tab.ask_erase()
        assert box is not None and box.text() == "Erase Dana Smith for good?"
        assert "Dana Smith, 1 promise and 1 touch" in box.informativeText()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert asked == []
        box = tab.ask_erase()
        assert box is not None
        box.property("erase_button").click()
        assert asked == [dana.id]
        people.erase(dana.id)
        assert ctx.ledger.get_contact(dana.id) is None
        assert tab.message_label.text().startswith("Erased Dana Smith with 1 promise and 1 touch")
        assert tab.table.rowCount() == 0 and redraws.count == 1
    finally:
        windows.close_all()


def test_a_duplicate_is_merged_into_the_person_with_nothing_lost(
    qtbot: QtBot, ctx: Context
) -> None:
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", company="Acme", created_at=NOW))
    typo = ctx.ledger.add_contact(Contact(name="Dana Smtih", email="dana@acme.example",
                                          notes="prefers e-mail", created_at=NOW))  # fmt: skip
    assert dana.id is not None and typo.id is not None
    ctx.ledger.add_promise(Promise(typo.id, "send the offer", NOW + timedelta(days=1), NOW))
    ctx.ledger.add_touch(Touch(typo.id, Channel.CALL, Direction.OUTBOUND, NOW - timedelta(days=1)))
    ctx.ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, NOW - timedelta(days=2)))
    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    select(tab, "Dana Smith")
    dialog = tab.merge_into_selected()
    assert dialog is not None and not dialog.merge_button.isEnabled()
    dialog.choose(typo.id)
    assert dialog.explain_label.text().startswith(
        "Dana Smtih's 1 promise and 1 touch move to Dana Smith"
    )
    changed: list[int] = []
    tab.contact_changed.connect(changed.append)
    dialog.merge_button.click()
    assert changed == [dana.id]
    assert ctx.ledger.get_contact(typo.id) is None
    history = ctx.ledger.history(dana.id)
    assert len(history.touches) == 2 and [p.what for p in history.promises] == ["send the offer"]
    kept = history.contact
    assert (kept.company, kept.email, kept.notes) == ("Acme", "dana@acme.example", "prefers e-mail")
    assert [tab.table.text(r, 0) for r in range(tab.table.rowCount())] == ["Dana Smith"]
