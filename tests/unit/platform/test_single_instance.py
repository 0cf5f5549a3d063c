"""One app per data folder: a second launch hands its request over and the first receives it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from trayapp.platform.single_instance import SingleInstance, decode, encode, server_name

SECOND = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from trayapp.platform.single_instance import SingleInstance
app = QCoreApplication([])
other = SingleInstance(Path(sys.argv[1]))
if other.acquire():
    print("FIRST", flush=True)
    if len(sys.argv) > 3:
        import time; time.sleep(60)
    sys.exit(0)
print("HANDED" if other.hand_over(sys.argv[2]) else "FAILED", flush=True)
"""


def _second(folder: Path, action: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SECOND, str(folder), action, *extra],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _finish(qtbot: QtBot, process: subprocess.Popen[str]) -> str:
    """The process's output, keeping the Qt event loop running (the first answers in it)."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=10_000)
    out, _ = process.communicate(timeout=10)
    return out


def test_requests_are_one_known_action_per_json_line() -> None:
    assert decode(encode("quick_add")) == "quick_add"
    assert decode(b'{"action": "format_disk"}\n') is None
    assert decode(b"not json") is None
    assert decode(b"[1, 2]") is None
    assert decode(b"\xff\xfe") is None


def test_the_socket_name_depends_on_the_folder(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")


def test_a_second_launch_hands_its_request_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    try:
        with qtbot.waitSignal(first.request_received, timeout=10_000) as got:
            second = _second(tmp_path, "quick_add")
        out = _finish(qtbot, second)
        assert got.args == ["quick_add"]
        assert out.strip() == "HANDED"
        assert second.returncode == 0
    finally:
        first.release()


def test_after_release_the_next_launch_is_first(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    first.release()
    second = _second(tmp_path, "show")
    out, _ = second.communicate(timeout=10)
    assert out.strip() == "FIRST"


def test_a_killed_owner_leaves_neither_lock_nor_socket_in_the_way(
    qtbot: QtBot, tmp_path: Path
) -> None:
    owner = _second(tmp_path, "show", "stay")
    assert owner.stdout is not None
    with owner.stdout:
        assert owner.stdout.readline().strip() == "FIRST"
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    assert (tmp_path / "trayapp.lock").exists()
    taker = SingleInstance(tmp_path)
    try:
        assert taker.acquire()
        with qtbot.waitSignal(taker.request_received, timeout=10_000) as got:
            second = _second(tmp_path, "refresh")
        out = _finish(qtbot, second)
        assert got.args == ["refresh"]
        assert out.strip() == "HANDED"
    finally:
        taker.release()


def test_the_name_is_the_folders_sha256_as_every_version_names_it(tmp_path: Path) -> None:
    """A launch of a newer version still finds an app of an older one on the same folder."""
    folder = tmp_path / "data"
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()
    assert server_name(folder) == f"trayapp-{digest[:16]}"
