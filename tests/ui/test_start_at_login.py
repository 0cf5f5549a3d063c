"""Start at login in the window: the Settings box turns the entry on and off at once and says
where it is; a refusal is said beside it and the box shows the truth; the first run asks once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.fakes import FakeAutostart
from trayapp.ui.login_section import StartAtLoginSection, ask_start_at_login

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen windows
COMMAND = ["/usr/bin/python3", "-m", "trayapp", "run"]


def test_the_box_turns_the_entry_on_and_off(qtbot: QtBot) -> None:
    entry = FakeAutostart()
    section = StartAtLoginSection(entry, COMMAND)
    qtbot.addWidget(section)
    assert not section.check_box.isChecked()
    assert section.where_label.text() == "No entry yet; it would be: memory:autostart"
    section.check_box.click()
    assert entry.command == COMMAND
    assert section.where_label.text() == "Entry: memory:autostart"
    section.check_box.click()
    assert entry.command is None and not section.check_box.isChecked()


def test_a_refusal_is_said_and_the_box_shows_the_truth(qtbot: QtBot) -> None:
    entry = FakeAutostart(refuse=True)
    section = StartAtLoginSection(entry, COMMAND)
    qtbot.addWidget(section)
    section.show()
    section.check_box.click()
    assert not section.check_box.isChecked()
    assert section.message_label.isVisible()
    assert section.message_label.text().startswith("Not changed: the start-at-login entry")


def _button(box: QMessageBox, text: str) -> QPushButton:
    found = next(b for b in box.buttons() if b.text() == text)
    assert isinstance(found, QPushButton)
    return found


def test_the_first_run_question_turns_it_on(qtbot: QtBot) -> None:
    entry = FakeAutostart()
    box = ask_start_at_login(entry, COMMAND)
    assert box.isVisible() and not box.isModal()
    assert box.text().startswith("Start Follow-Through when you log in?")
    assert box.defaultButton() is _button(box, "Start at login")
    with qtbot.waitSignal(box.finished):
        _button(box, "Start at login").click()
    assert entry.command == COMMAND


def test_not_now_leaves_it_off(qtbot: QtBot, tmp_path: Path) -> None:
    entry = FakeAutostart()
    box = ask_start_at_login(entry, COMMAND)
    with qtbot.waitSignal(box.finished):
        _button(box, "Not now").click()
    assert entry.command is None
