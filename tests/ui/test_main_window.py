"""The main window: promises table, contacts, scripts editor and settings form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QSpinBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.core.settings import Settings
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.services.context import Context
from trayapp.ui.colours import RED
from trayapp.ui.main_window.window import MainWindow


class Saved:
    def __init__(self) -> None:
        self.settings: list[Settings] = []
        self.scripts: dict[str, Mapping[str, Any] | None] = {}

    def save_settings(self, settings: Settings) -> None:
        self.settings.append(settings)

    def save_script(self, name: str, data: Mapping[str, Any] | None) -> None:
        self.scripts[name] = data

    def read_script(self, name: str) -> str | None:
        return None


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


@pytest.fixture
def saved() -> Saved:
    return Saved()


@pytest.fixture
def window(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, saved: Saved
) -> MainWindow:
    win = MainWindow(ctx, log, scripts, saved.save_settings, saved.save_script, saved.read_script)
    qtbot.addWidget(win)
    return win


def test_overdue_row_is_red_and_opens_a_card(
    qtbot: QtBot, window: MainWindow, year_late: Promise, due_tonight: Promise
) -> None:
    window.refresh()
    table = window.promises.table
    assert table.rowCount() == 2
    rows = {table.text(r, 2): r for r in range(table.rowCount())}
    late_row, soon_row = rows["send Acme feedback"], rows["call about the offer"]
    assert table.text(late_row, 3) == "overdue"
    assert table.text(late_row, 4) == "365"
    assert table.colour(late_row, 2) == QColor(RED)
    assert table.colour(soon_row, 2) != QColor(RED)
    with qtbot.waitSignal(window.card_requested) as opened:
        table.activated.emit(table.model().index(late_row, 1))
    assert opened.args == [year_late.id]


def test_filter_shows_kept_only(window: MainWindow, ctx: Context, year_late: Promise) -> None:
    from trayapp.services.promises import keep

    assert year_late.id is not None
    keep(ctx, year_late.id)
    window.refresh()
    assert window.promises.table.rowCount() == 0  # "Open" is the first filter
    window.promises.filter_combo.setCurrentIndex(3)  # Kept
    assert window.promises.table.rowCount() == 1
    assert window.promises.table.text(0, 3) == "kept late"


def test_contacts_show_counts_verdict_and_history(
    window: MainWindow, ctx: Context, dana: Contact
) -> None:
    assert dana.id is not None
    for days in (3, 2, 1):
        ctx.ledger.add_touch(
            Touch(dana.id, Channel.VOICEMAIL, Direction.OUTBOUND, NOW - timedelta(days=days))
        )
    window.refresh()
    table = window.contacts.table
    assert [table.text(0, c) for c in range(5)] == [
        "Dana Smith",
        "Acme",
        "Tue 17 Nov 10:00",
        "3",
        "3",
    ]
    assert table.text(0, 5) in ("Caution", "Stop")
    assert table.colour(0, 5) not in (None, QColor("black"))
    table.selectRow(0)
    history = window.contacts.person.text()
    assert history.startswith("Dana Smith\n")
    assert "Tue 17 Nov 10:00 · voicemail · to them" in history


def test_settings_refuse_a_bad_value_and_save_a_good_one(window: MainWindow, saved: Saved) -> None:
    tab = window.settings
    zone = tab.fields["timezone"]
    start = tab.fields["guard.calling_start"]
    week = tab.fields["guard.week_limit"]
    assert isinstance(zone, QLineEdit)
    assert isinstance(start, QLineEdit)
    assert isinstance(week, QSpinBox)
    start.setText("22:00")
    tab.save_button.click()
    assert tab.message_label.text() == "Not saved: calling hours must start before they end"
    assert saved.settings == []
    start.setText("09:00")
    zone.setText("Mars/Olympus")
    tab.save_button.click()
    assert "Mars/Olympus" in tab.message_label.text()
    assert saved.settings == []
    zone.setText("Europe/Paris")
    week.setValue(4)
    with_signal: list[bool] = []
    window.settings_saved.connect(lambda: with_signal.append(True))
    tab.save_button.click()
    assert tab.message_label.text() == "Saved."
    assert len(saved.settings) == 1
    assert saved.settings[0].timezone == "Europe/Paris"
    assert saved.settings[0].guard.week_limit == 4
    assert saved.settings[0].my_name == "Sam Carter"
    assert with_signal == [True]


def test_settings_are_not_saved_over_a_file_from_a_newer_app(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, tmp_path: Path
) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"version": 99, "my_name": "Sam"}')
    store = JsonSettingsStore(path)
    win = MainWindow(ctx, log, scripts, store.save, Saved().save_script, Saved().read_script)
    qtbot.addWidget(win)
    win.settings.save_button.click()
    message = win.settings.message_label.text()
    assert message.startswith(f"Not saved: the settings file {path} was written by a newer")
    assert message.endswith("update Follow-Through to change settings")
    assert path.read_text() == '{"version": 99, "my_name": "Sam"}'


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen windows
def test_the_window_remembers_its_size_tab_and_columns(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, tmp_path: Path
) -> None:
    state = str(tmp_path / "config" / "window.ini")
    saved = Saved()
    args = (ctx, log, scripts, saved.save_settings, saved.save_script, saved.read_script)
    first = MainWindow(*args, state_file=state)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 480)
    first.tabs.setCurrentWidget(first.contacts)
    first.contacts.table.horizontalHeader().resizeSection(1, 211)
    first.hide()
    again = MainWindow(*args, state_file=state)
    qtbot.addWidget(again)
    assert again.tabs.currentWidget() is again.contacts
    assert (again.width(), again.height()) == (700, 480)
    assert again.contacts.table.horizontalHeader().sectionSize(1) == 211


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_refill_keeps_the_columns_fitted_and_the_table_sortable(
    window: MainWindow, year_late: Promise, due_tonight: Promise
) -> None:
    window.show()
    table = window.promises.table
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(header.count())]
    window.refresh()
    window.refresh()
    assert [header.sectionResizeMode(c) for c in range(header.count())] == modes
    assert table.isSortingEnabled() and table.updatesEnabled()
    assert sorted(table.text(r, 2) for r in range(table.rowCount())) == [
        "call about the offer",
        "send Acme feedback",
    ]
