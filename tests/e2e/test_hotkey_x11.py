"""The global quick-add hotkey on a real X display: each press of the chord calls back once (with
Caps Lock or Num Lock on too, and once for a chord held down), nothing after stop, a chord another
program holds is refused, and in the running app the chord opens quick add.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.rig import Desktop, wait_for
from trayapp.platform.hotkey.x11 import X11Hotkey

pytestmark = pytest.mark.x11

CHORD = "<ctrl>+<alt>+f"
PRESS = "ctrl+alt+f"


class Presses:
    """Counts a hotkey's presses, as the app's signal would receive them."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            self.count += 1

    def wait(self, count: int) -> None:
        wait_for(lambda: self.count >= count or None, 5, f"{count} presses")


@pytest.fixture
def on_display(desktop: Desktop, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desktop]:
    monkeypatch.setenv("DISPLAY", desktop.display)
    yield desktop


@pytest.fixture
def hotkeys() -> Iterator[list[X11Hotkey]]:
    started: list[X11Hotkey] = []
    yield started
    for hotkey in started:
        hotkey.stop()


def _start(hotkeys: list[X11Hotkey], chord: str, presses: Presses) -> X11Hotkey:
    hotkey = X11Hotkey()
    hotkeys.append(hotkey)
    assert hotkey.start(chord, presses) is True
    return hotkey


def test_each_press_calls_back_once_and_none_after_stop(
    on_display: Desktop, hotkeys: list[X11Hotkey]
) -> None:
    presses = Presses()
    hotkey = _start(hotkeys, CHORD, presses)
    for n in (1, 2, 3):
        on_display.key(PRESS)
        presses.wait(n)
    for lock in ("Num_Lock", "Caps_Lock"):
        on_display.key(lock, PRESS, lock)
        n += 1
        presses.wait(n)
    on_display.key("ctrl+f", "alt+f", "f", "ctrl+alt+shift+f")
    hotkey.stop()

    # The chord is free again: a new hotkey takes it and is the only one called.
    after = Presses()
    _start(hotkeys, CHORD, after)
    on_display.key(PRESS)
    after.wait(1)
    assert (presses.count, after.count) == (5, 1)


def test_holding_the_chord_down_is_one_press(on_display: Desktop, hotkeys: list[X11Hotkey]) -> None:
    presses, marker = Presses(), Presses()
    _start(hotkeys, CHORD, presses)
    _start(hotkeys, "<ctrl>+<alt>+g", marker)
    # A person holding the chord for a second and a half: the key repeats meanwhile.
    on_display.run(["xdotool", "keydown", PRESS, "sleep", "1.5", "keyup", PRESS])
    on_display.key("ctrl+alt+g")
    marker.wait(1)
    assert presses.count == 1


def test_a_chord_another_program_holds_is_refused(
    on_display: Desktop, hotkeys: list[X11Hotkey]
) -> None:
    first, second = Presses(), Presses()
    _start(hotkeys, CHORD, first)
    other = X11Hotkey()
    hotkeys.append(other)
    assert other.start(CHORD, second) is False
    on_display.key(PRESS)
    first.wait(1)
    assert (first.count, second.count) == (1, 0)


def test_the_chord_opens_quick_add_in_the_running_app(desktop: Desktop, tmp_path: Path) -> None:
    env = {
        **desktop.env,
        "TRAYAPP_DATA_DIR": str(tmp_path / "data"),
        "TRAYAPP_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    app = AppProcess([sys.executable, "-m", "trayapp", "run", "--demo"], env)
    try:
        _, ready = app.wait_line("trayapp: ready", timeout=30)
        assert "hotkey=yes" in ready, ready

        def app_windows() -> set[int]:
            return {
                w.wid
                for w in desktop.visible_windows()
                if w.wm_class == "Follow-Through" and w.width > 200
            }

        before = app_windows()
        desktop.key(PRESS)
        opened = wait_for(lambda: app_windows() - before or None, 10, "quick add window")
        assert len(opened) == 1
        desktop.screenshot(desktop.shots / "hotkey-quick-add.png")
    finally:
        assert app.stop() == 0


def test_the_app_tells_when_another_program_holds_its_chord(
    on_display: Desktop, hotkeys: list[X11Hotkey], tmp_path: Path
) -> None:
    on_display.dismiss_notifications()
    earlier = {n.id for n in on_display.notifications()}
    _start(hotkeys, CHORD, Presses())  # another program took the chord first
    env = {
        **on_display.env,
        "TRAYAPP_DATA_DIR": str(tmp_path / "data"),
        "TRAYAPP_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    app = AppProcess([sys.executable, "-m", "trayapp", "run", "--demo"], env)
    try:
        _, ready = app.wait_line("trayapp: ready", timeout=30)
        assert "hotkey=no" in ready, ready
        told = on_display.wait_notification(
            lambda n: n.id not in earlier and "hotkey" in n.body, timeout=10
        )
        assert told.body.startswith(f"Quick add's hotkey {CHORD} does not work:")
        assert "another program already uses this chord" in told.body
        assert "Choose another in Settings" in told.body
    finally:
        assert app.stop() == 0
