"""The watchdog catches the GUI thread held by work done in an event (busy or waiting), and not
the GUI thread waiting in a nested event loop."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.watchdog import WAIT_FACTOR, WatchedApplication, threshold_ms


def busy(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


@pytest.fixture
def watched(qapp: QApplication) -> WatchedApplication:
    assert isinstance(qapp, WatchedApplication)
    return qapp


def _caught(qtbot: QtBot, watched: WatchedApplication, work: object) -> list[str]:
    done: list[bool] = []

    def run() -> None:
        work()  # type: ignore[operator]
        done.append(True)

    QTimer.singleShot(0, run)
    qtbot.waitUntil(lambda: bool(done))
    caught = [str(block) for block in watched.blocks]
    watched.blocks.clear()  # proven here; the autouse watchdog must not fail this test too
    return caught


def test_busy_work_in_a_timer_is_caught(qtbot: QtBot, watched: WatchedApplication) -> None:
    caught = _caught(qtbot, watched, lambda: busy(threshold_ms() * 1.5 / 1000))
    assert len(caught) == 1
    assert "ms CPU" in caught[0]


def test_a_long_wait_in_a_timer_is_caught(qtbot: QtBot, watched: WatchedApplication) -> None:
    caught = _caught(qtbot, watched, lambda: time.sleep(threshold_ms() * WAIT_FACTOR * 1.2 / 1000))
    assert len(caught) == 1


def test_short_work_and_a_nested_loop_are_not(qtbot: QtBot, watched: WatchedApplication) -> None:
    def nested() -> None:
        busy(threshold_ms() * 0.3 / 1000)
        qtbot.wait(int(threshold_ms() * WAIT_FACTOR * 1.5))  # waiting for events: free
        busy(threshold_ms() * 0.3 / 1000)

    assert _caught(qtbot, watched, nested) == []
