"""SIGINT and SIGTERM reach the app through a socket the event loop watches: the app quits
cleanly on either (exit 0, stopped in order), and nothing wakes it while no signal comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.cli.test_cli import Cli
from trayapp.app.signals import SignalWatcher


@pytest.fixture
def watcher() -> Iterator[SignalWatcher]:
    made = SignalWatcher()
    yield made
    made.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_is_told_on_the_gui_thread(
    qtbot: QtBot, watcher: SignalWatcher, number: signal.Signals
) -> None:
    with qtbot.waitSignal(watcher.received) as told:
        os.kill(os.getpid(), number)
    assert told.args == [number]


def test_closing_puts_the_earlier_handler_back(qtbot: QtBot) -> None:
    before = signal.getsignal(signal.SIGTERM)
    SignalWatcher().close()
    assert signal.getsignal(signal.SIGTERM) == before
    assert signal.set_wakeup_fd(-1) == -1  # no descriptor left behind


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_the_tray_app_quits_cleanly_on_a_signal(tmp_path: Path, number: signal.Signals) -> None:
    cli = Cli(tmp_path / "profile")
    cli.ok("contacts", "add", "Dana Smith")
    env = {**cli.env(), "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-m", "trayapp", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as app:
        assert app.stdout is not None
        for line in app.stdout:
            if line.startswith("trayapp: ready"):
                break
        app.send_signal(number)
        rest = app.stdout.read()
        assert app.wait(60) == 0, rest
    assert "Traceback" not in rest
    log = (cli.data / "logs").glob("*.log")
    assert any("stopped" in path.read_text(encoding="utf-8") for path in log)
