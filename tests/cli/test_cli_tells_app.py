"""A command that changes the ledger tells a running tray app to redraw at once; with no app,
or one that was killed and left its socket behind, the command works just the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from tests.cli.test_cli import Cli
from trayapp.platform.single_instance import SingleInstance, server_name

OWNER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from trayapp.platform.single_instance import SingleInstance
app = QCoreApplication([])
app_instance = SingleInstance(Path(sys.argv[1]))
assert app_instance.acquire()
print("RUNNING", flush=True)
time.sleep(60)
"""


def _finish(qtbot: QtBot, proc: subprocess.Popen[str]) -> tuple[str, str]:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    return proc.communicate()


def _start(cli: Cli, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TRAYAPP_DATA_DIR": str(cli.data), "TRAYAPP_NOW": cli.now}
    return subprocess.Popen(
        [sys.executable, "-m", "trayapp", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_new_promise_reaches_the_running_app_at_once(qtbot: QtBot, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    cli.ok("contacts", "add", "Dana Smith", "--company", "Acme")
    app = SingleInstance(cli.data)
    assert app.acquire()
    try:
        with qtbot.waitSignal(app.request_received, timeout=30_000) as got:
            command = _start(cli, "promise", "Dana Smith", "send feedback", "--due", "friday 3pm")
        out, err = _finish(qtbot, command)
    finally:
        app.release()
    assert got.args == ["refresh"]
    assert command.returncode == 0, err
    assert "Saved promise #1 to Dana Smith (Acme): send feedback" in out


def test_a_killed_app_does_not_stop_a_command(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    cli.ok("contacts", "add", "Dana Smith")
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(cli.data)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert owner.stdout is not None
    with owner.stdout:
        assert owner.stdout.readline().strip() == "RUNNING"
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    assert (cli.data / "trayapp.lock").exists()
    try:
        out = cli.ok("touch", "Dana Smith", "--channel", "call")
    finally:
        QLocalServer.removeServer(server_name(cli.data))
    assert "Dana Smith" in out
