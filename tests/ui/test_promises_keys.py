"""The Promises tab, keyboard first: search as you type (contact, company, what), then on the
selected row Space marks it kept, S snoozes it until tomorrow, Enter opens its card, R and
Delete open the card at its renegotiate and release questions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from trayapp.app.windows import Windows
from trayapp.core.model import Contact, Promise
from trayapp.core.ports import ReminderLog
from trayapp.platform.paths import AppPaths
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.ui.main_window.tables import PromisesTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def whats(tab: PromisesTab) -> list[str]:
    return [tab.table.text(r, 2) for r in range(tab.table.rowCount())]


@pytest.fixture
def two(ctx: Context, dana: Contact, year_late: Promise) -> Promise:
    lee = ctx.ledger.add_contact(Contact(name="Lee Park", company="Globex"))
    return make_promise(ctx, lee, "send the brief", ctx.now().replace(hour=23))


def test_search_as_you_type(qtbot: QtBot, ctx: Context, two: Promise) -> None:
    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    assert sorted(whats(tab)) == ["send Acme feedback", "send the brief"]
    QTest.keyClicks(tab.search_edit, "glob")
    assert whats(tab) == ["send the brief"]  # by company
    tab.search_edit.setText("dana")
    assert whats(tab) == ["send Acme feedback"]  # by contact
    tab.search_edit.setText("BRIEF")
    assert whats(tab) == ["send the brief"]  # by what, case aside
    tab.search_edit.setText("nobody at all")
    assert whats(tab) == []


def test_keys_act_on_the_selected_row(qtbot: QtBot, ctx: Context, two: Promise) -> None:
    tab = PromisesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.search_edit.setText("brief")
    tab.table.selectRow(0)
    tab.table.setFocus()
    seen: list[object] = []
    tab.kept_requested.connect(lambda pid: seen.append(("kept", pid)))
    tab.snooze_requested.connect(lambda pid, preset: seen.append(("snooze", pid, preset)))
    tab.action_requested.connect(lambda pid, action: seen.append((action, pid)))
    tab.card_requested.connect(lambda pid: seen.append(("card", pid)))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_S, Qt.Key.Key_R, Qt.Key.Key_Delete, Qt.Key.Key_Return):
        QTest.keyClick(tab.table, key)
    assert seen == [
        ("kept", two.id),
        ("snooze", two.id, "tomorrow"),
        ("renegotiate", two.id),
        ("release", two.id),
        ("card", two.id),
    ]


@pytest.fixture
def windows(qtbot: QtBot, ctx: Context, log: ReminderLog, tmp_path: Path) -> Iterator[Windows]:
    made = Windows(ctx, log, AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs"))
    yield made
    made.close_all()


def test_delete_opens_the_card_asking_for_the_reason(windows: Windows, two: Promise) -> None:
    tab = windows.main_window().promises
    tab.search_edit.setText("brief")
    tab.table.selectRow(0)
    assert two.id is not None
    windows.act_in_card(two.id, "release")
    card = windows._cards[two.id]
    assert card.isVisible()
    assert card.reason_panel.isVisible()  # the card asks why before letting it go
    assert card.reason_panel.edit.hasFocus() or card.reason_panel.edit.isVisible()
