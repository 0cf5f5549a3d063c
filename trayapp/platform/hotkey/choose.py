"""The global hotkey (quick add from anywhere), registered with the system rather than read
from a keyboard hook: an X11 grab on Linux, ``RegisterHotKey`` on Windows, Carbon's
``RegisterEventHotKey`` on macOS; nothing where the system allows no global hotkey (no
display, Wayland), where ``trayapp run --quick-add`` bound to a desktop shortcut does the job.

The callback may run on a thread of the hotkey's own (X11); the app passes a Qt signal's
``emit``, which hands the press to the GUI thread.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping

from trayapp.core.ports import GlobalHotkey
from trayapp.platform.hotkey.x11 import X11Hotkey

__all__ = ["NullHotkey", "check_chord", "hotkey_backend", "hotkey_unavailable", "make_hotkey"]

#: What to do where no global hotkey can listen.
USE_THE_COMMAND = (
    "bind `trayapp run --quick-add` to a desktop keyboard shortcut, or use the tray menu"
)

log = logging.getLogger(__name__)


class NullHotkey:
    """No global hotkey on this system; the tray menu still offers quick add."""

    def __init__(self, reason: str = "no global hotkey on this system") -> None:
        self._reason = reason

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        return False

    def refusal(self) -> str | None:
        return self._reason

    def stop(self) -> None:
        return None


def hotkey_unavailable(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> str | None:
    """Why this system allows no global hotkey, or None when it does."""
    if not platform.startswith("linux"):
        return None
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return f"Wayland does not allow global hotkeys: {USE_THE_COMMAND}"
    if not environ.get("DISPLAY"):
        return f"no X display: {USE_THE_COMMAND}"
    return None


def hotkey_backend(platform: str = sys.platform) -> str:
    """What registers the global hotkey on this platform."""
    if platform == "win32":
        return "RegisterHotKey"
    if platform == "darwin":
        return "RegisterEventHotKey"
    return "python-xlib"


def check_chord(chord: str, platform: str = sys.platform) -> None:
    """ValueError, naming the fault, when ``chord`` cannot be registered on ``platform``
    (whether another program holds it shows only when the app registers it)."""
    from trayapp.platform.hotkey.chord import parse_chord
    from trayapp.platform.hotkey.keys import mac_key_code, windows_virtual_key

    wanted = parse_chord(chord)
    if platform == "win32":
        windows_virtual_key(wanted.key, lambda _character: 0)
    elif platform == "darwin":
        mac_key_code(wanted.key)


def make_hotkey(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> GlobalHotkey:
    """An X11 grab on Linux, RegisterHotKey on Windows, RegisterEventHotKey on macOS, nothing
    where none can work."""
    reason = hotkey_unavailable(platform, environ)
    if reason is not None:
        log.info("global hotkey unavailable: %s", reason)
        return NullHotkey(reason)
    if platform == "win32":
        from trayapp.platform.hotkey.windows import WindowsHotkey

        return WindowsHotkey()
    if platform == "darwin":
        from trayapp.platform.hotkey.macos import CarbonHotkey

        return CarbonHotkey()
    return X11Hotkey()
