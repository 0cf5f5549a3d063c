"""The Missed tab: reminders shown but not acted on, one row per promise; Open and Dismiss take
a promise off the list, and so does opening its card from anywhere else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.app.windows import Windows
from trayapp.core.model import Promise, PromiseState
from trayapp.core.ports import DeliveryRecord, ReminderLog
from trayapp.platform.paths import AppPaths
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.main_window.missed import EMPTY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # raise() offscreen


def shown(log: ReminderLog, promise: Promise, kind: str, minutes_ago: int) -> None:
    """A reminder recorded as delivered (what a crash right after recording also leaves)."""
    assert promise.id is not None
    at = NOW - timedelta(minutes=minutes_ago)
    key = f"{promise.id}:{kind}:{minutes_ago}"
    log.record_deliveries([DeliveryRecord(key, promise.id, kind, at, at)])


def texts(table: QTableWidget) -> list[list[str]]:
    rows = []
    for r in range(table.rowCount()):
        items = [table.item(r, c) for c in range(table.columnCount())]
        rows.append([item.text() if item is not None else "" for item in items])
    return rows


def cards_on_screen() -> list[str]:
    """The promise each visible reminder card shows."""
    return [
        w.what_label.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ReminderCard) and w.isVisible()
    ]


@pytest.fixture
def windows(qtbot: QtBot, ctx: Context, log: ReminderLog, tmp_path: Path) -> Iterator[Windows]:
    """The app's windows, acting on a promise as the running app does: record it in the
    log, then redraw what is open."""
    made = Windows(ctx, log, AppPaths(tmp_path / "data", tmp_path / "config", tmp_path / "logs"))

    def acted(promise_id: int) -> None:
        reminding.acted_on(ctx, log, promise_id)
        made.refresh()

    made.promise_acted.connect(acted)
    yield made
    made.close_all()


@pytest.fixture
def two_missed(log: ReminderLog, year_late: Promise, due_tonight: Promise) -> None:
    shown(log, year_late, "overdue", 90)
    shown(log, year_late, "overdue", 30)
    shown(log, due_tonight, "heads_up", 10)


@pytest.mark.usefixtures("two_missed")
def test_one_row_per_missed_promise_newest_first_with_how_late(windows: Windows) -> None:
    windows.show_missed()
    window = windows.main_window()
    assert window.tabs.currentWidget() is window.missed
    assert window.tabs.tabText(window.tabs.indexOf(window.missed)) == "Missed (2)"
    assert texts(window.missed.table) == [
        ["Wed 18 Nov 09:50 (heads-up)", "Dana Smith", "call about the offer",
         "Wed 18 Nov 16:00", "due in 6 hours"],
        ["Wed 18 Nov 09:30 (overdue)", "Dana Smith", "send Acme feedback",
         "Tue 18 Nov 2025 10:00", "1 year late"],
    ]  # fmt: skip


@pytest.mark.usefixtures("two_missed")
def test_open_shows_the_card_and_takes_the_promise_off_the_list(windows: Windows) -> None:
    windows.show_missed()
    missed = windows.main_window().missed
    missed.table.selectRow(1)
    missed.open_button.click()
    assert cards_on_screen() == ["send Acme feedback"]
    assert [row[2] for row in texts(missed.table)] == ["call about the offer"]
    tabs = windows.main_window().tabs
    assert tabs.tabText(tabs.indexOf(missed)) == "Missed (1)"


@pytest.mark.usefixtures("two_missed")
def test_enter_on_the_list_opens_the_newest(windows: Windows) -> None:
    windows.show_missed()
    table = windows.main_window().missed.table
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert cards_on_screen() == ["call about the offer"]
    assert [row[2] for row in texts(table)] == ["send Acme feedback"]


@pytest.mark.usefixtures("two_missed")
def test_dismiss_keeps_the_promise_open_and_empties_the_list(
    windows: Windows, ctx: Context, year_late: Promise
) -> None:
    windows.show_missed()
    missed = windows.main_window().missed
    for _ in range(2):
        missed.table.selectRow(0)
        missed.dismiss_button.click()
    assert missed.table.rowCount() == 0
    assert missed.message_label.text() == EMPTY
    assert not missed.open_button.isEnabled()
    assert cards_on_screen() == []
    assert year_late.id is not None
    still = ctx.ledger.get_promise(year_late.id)
    assert still is not None and still.state is PromiseState.OPEN


@pytest.mark.usefixtures("two_missed")
def test_a_card_opened_elsewhere_counts_as_acting_on_it(
    windows: Windows, year_late: Promise
) -> None:
    assert year_late.id is not None
    windows.show_missed()
    windows.open_card(year_late.id)  # the tray menu and notifications open cards this way
    assert [row[2] for row in texts(windows.main_window().missed.table)] == ["call about the offer"]


def test_a_kept_promise_leaves_the_list(
    windows: Windows, ctx: Context, log: ReminderLog, year_late: Promise
) -> None:
    from trayapp.services.promises import keep

    shown(log, year_late, "due", 5)
    windows.show_missed()
    assert windows.main_window().missed.table.rowCount() == 1
    assert year_late.id is not None
    keep(ctx, year_late.id)
    windows.refresh()
    assert windows.main_window().missed.table.rowCount() == 0


def test_each_tab_is_read_once_when_first_shown_and_again_only_after_a_change(
    windows: Windows, ctx: Context, year_late: Promise, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trayapp.services.promises import keep
    from trayapp.ui.main_window.contacts import ContactsTab
    from trayapp.ui.main_window.tables import PromisesTab

    reads: list[str] = []
    for tab in (PromisesTab, ContactsTab):
        real = tab.refresh

        def counted(self: PromisesTab | ContactsTab, real: object = real) -> None:
            reads.append(type(self).__name__)
            real(self)  # type: ignore[operator]

        monkeypatch.setattr(tab, "refresh", counted)
    windows.show_main()
    window = windows.main_window()
    assert reads == ["PromisesTab"]  # the tab in view; Contacts waits until it is opened
    assert window.promises.table.rowCount() == 1
    window.hide()
    windows.show_main()  # shown again, nothing changed: nothing is read
    window.tabs.setCurrentWidget(window.contacts)
    window.tabs.setCurrentWidget(window.promises)
    assert reads == ["PromisesTab", "ContactsTab"]
    assert year_late.id is not None
    keep(ctx, year_late.id)
    windows.refresh()  # the runtime's redraw after a change
    assert reads == ["PromisesTab", "ContactsTab", "PromisesTab"]
    assert window.promises.table.rowCount() == 0
    window.tabs.setCurrentWidget(window.contacts)
    assert reads == ["PromisesTab", "ContactsTab", "PromisesTab", "ContactsTab"]
