"""A windowed app has no stderr: uncaught errors (in Qt slots and in threads) and Qt's own
warnings reach the log file, and the previous hooks come back afterwards."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from pytestqt.qtbot import QtBot

from trayapp.platform.crash_log import log_crashes, stop_logging_crashes
from trayapp.platform.logging_setup import LOG_FILE_NAME, configure_logging, unconfigure_logging


@pytest.mark.qt_log_ignore("something Qt did not like")
def test_uncaught_errors_and_qt_warnings_go_to_the_log(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chained: list[str] = []  # the hooks that were there before still run
    monkeypatch.setattr(sys, "excepthook", lambda kind, *_: chained.append(kind.__name__))
    monkeypatch.setattr(threading, "excepthook", lambda args: chained.append(args.thread.name))
    before = sys.excepthook, threading.excepthook
    configure_logging(tmp_path)
    log_crashes()
    try:
        try:
            raise ValueError("broken slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # what Qt calls for an error raised in a slot

        def fail() -> None:
            raise KeyError("worker")

        worker = threading.Thread(target=fail, name="backup-worker")
        worker.start()
        worker.join()
        qWarning("QWidget: something Qt did not like")
    finally:
        stop_logging_crashes()
        unconfigure_logging()
    text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "uncaught ValueError" in text and "broken slot" in text
    assert "uncaught KeyError in thread backup-worker" in text
    assert "Qt: QWidget: something Qt did not like" in text
    assert chained == ["ValueError", "backup-worker"]
    assert (sys.excepthook, threading.excepthook) == before
