"""Settings made for hands: pages, labels with the right units, the hotkey recorded by pressing
it, and every bad value named beside its own field at once, with nothing saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from trayapp.core.settings import Settings
from trayapp.ui.hotkey_edit import HotkeyEdit, chord_from_keys, keys_from_chord
from trayapp.ui.main_window.settings import FIELDS, PAGES, SettingsTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def saved() -> list[Settings]:
    return []


@pytest.fixture
def tab(qtbot: QtBot, saved: list[Settings]) -> SettingsTab:
    made = SettingsTab(Settings(my_name="Sam Carter"), saved.append)
    qtbot.addWidget(made)
    made.show()
    return made


def test_pages_and_labels(tab: SettingsTab) -> None:
    assert [tab.page_list.item(i).text() for i in range(tab.page_list.count())] == list(PAGES)
    labels = {key: label for _section, key, label, _kind in FIELDS}
    assert labels["hard_ceiling"] == "Hard ceiling per 7 days (never passed)"
    assert "30 days" in labels["month_limit"]


def test_every_bad_value_is_named_beside_its_field_and_nothing_is_saved(
    tab: SettingsTab, saved: list[Settings]
) -> None:
    zone, start, week = (tab.fields[n] for n in ("timezone", "guard.calling_start",
                                                   "guard.week_limit"))  # fmt: skip
    assert isinstance(zone, QLineEdit) and isinstance(start, QLineEdit)
    assert isinstance(week, QSpinBox)
    zone.setText("Mars/Olympus")
    start.setText("25:99")
    week.setValue(0)
    tab.save()
    assert saved == []
    assert tab.message_label.text() == "Not saved: 3 settings need a fix"
    assert "Mars/Olympus" in tab.errors["timezone"].text()
    assert "must be a time such as 08:30" in tab.errors["guard.calling_start"].text()
    assert "at least 1" in tab.errors["guard.week_limit"].text()
    assert not tab.errors["guard.calling_start"].isHidden()
    assert tab.errors["my_name"].isHidden()
    assert tab.pages.currentIndex() == PAGES.index("You")  # the first bad field's page
    zone.setText("Europe/Paris")
    start.setText("08:00")
    week.setValue(4)
    tab.save()
    assert tab.message_label.text() == "Saved."
    assert tab.errors["timezone"].isHidden()
    assert saved[-1].timezone == "Europe/Paris" and saved[-1].guard.week_limit == 4


def test_the_hotkey_is_recorded_by_pressing_it(tab: SettingsTab, saved: list[Settings]) -> None:
    field = tab.fields["hotkey"]
    assert isinstance(field, HotkeyEdit)
    assert field.chord() == "<ctrl>+<alt>+f"  # the default, shown as Ctrl+Alt+F
    tab.show_page("Hotkey")
    field.clear()
    field.setFocus()
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(field, Qt.Key.Key_F9, modifiers)
    assert field.chord() == "<ctrl>+<shift>+<f9>"
    tab.save()
    assert saved[-1].hotkey == "<ctrl>+<shift>+<f9>"


@pytest.mark.parametrize(
    ("chord", "keys", "platform"),
    [
        ("<ctrl>+<alt>+f", "Ctrl+Alt+F", "linux"),
        ("<cmd>+<shift>+<space>", "Meta+Shift+Space", "win32"),
        ("<cmd>+<shift>+f", "Ctrl+Shift+F", "darwin"),  # Qt's Ctrl is the Command key there
        ("<ctrl>+<alt>+<page_up>", "Ctrl+Alt+PgUp", "linux"),
    ],
)
def test_chords_and_qt_keys_translate_both_ways(chord: str, keys: str, platform: str) -> None:
    assert keys_from_chord(chord, platform) == keys
    assert chord_from_keys(keys, platform) == chord


def test_a_key_number_stays_as_it_was(tab: SettingsTab) -> None:
    field = tab.fields["hotkey"]
    assert isinstance(field, HotkeyEdit)
    field.set_chord("<ctrl>+<alt>+<65>")
    assert field.chord() == "<ctrl>+<alt>+<65>"
