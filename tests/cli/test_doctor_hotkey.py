"""The doctor's hotkey line on Linux: the chord, what grabs it, and why it cannot when it cannot."""

from __future__ import annotations

import sys

import pytest

from trayapp.cli.doctor import probe_hotkey

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 hotkey")


@pytest.fixture(autouse=True)
def _x_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)


def test_a_good_chord_on_x11_is_ok_and_named() -> None:
    found = probe_hotkey("<ctrl>+<alt>+f")
    assert found["ok"] is True
    assert found["chord"] == "<ctrl>+<alt>+f"
    assert found["python-xlib"] != "not installed"


def test_a_chord_that_cannot_be_grabbed_says_why() -> None:
    found = probe_hotkey("<ctrl>+<alt>")
    assert found["ok"] is False
    assert "needs exactly one key besides ctrl, alt, shift or cmd" in found["detail"]


def test_a_wayland_session_says_to_use_the_tray_menu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    found = probe_hotkey("<ctrl>+<alt>+f")
    assert found == {
        "ok": False,
        "detail": "Wayland does not allow global hotkeys: bind `trayapp run --quick-add` "
        "to a desktop keyboard shortcut, or use the tray menu",
    }
