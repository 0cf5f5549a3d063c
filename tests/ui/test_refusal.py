"""The message box that tells why the tray app could not start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from trayapp.app.root import tell_refusal
from trayapp.ui.refusal import TITLE, show_refusal

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
MISSING = (
    "there is no ledger at /home/pat/.local/share/trayapp/ledger.sqlite3, but 2 backup(s) of "
    "it are in /home/pat/.local/share/trayapp/backups; bring it back with 'trayapp restore'"
)


def test_the_refusal_is_shown_in_a_critical_box_with_one_ok_button(qtbot: QtBot) -> None:
    seen: list[tuple[str, str, QMessageBox.Icon, list[str]]] = []

    def read_and_press_ok() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        names = [button.text().replace("&", "") for button in box.buttons()]
        seen.append((box.windowTitle(), box.text(), box.icon(), names))
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, read_and_press_ok)
    show_refusal(MISSING)

    assert seen == [(TITLE, "T" + MISSING[1:], QMessageBox.Icon.Critical, ["OK"])]


def test_without_a_screen_the_refusal_goes_to_stderr_only(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    tell_refusal(MISSING)  # offscreen: returns at once, no box waits for an answer

    assert capsys.readouterr().err == f"trayapp: {MISSING}\n"
    assert QApplication.activeModalWidget() is None
