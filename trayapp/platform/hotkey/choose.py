"""The global hotkey (quick add from anywhere): an X11 grab on Linux, pynput on Windows and
macOS, nothing where the system allows no global hotkey (no display, Wayland).

``pynput`` raises at import time without a display, so it is imported only when a hotkey is
started. Either way the callback runs on a thread of the hotkey's own; the app passes a Qt
signal's ``emit``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from trayapp.core.ports import GlobalHotkey
from trayapp.platform.hotkey.x11 import X11Hotkey

__all__ = ["NullHotkey", "PynputHotkey", "hotkey_backend", "hotkey_unavailable", "make_hotkey"]

log = logging.getLogger(__name__)


class NullHotkey:
    """No global hotkey on this system; the tray menu still offers quick add."""

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        return False

    def stop(self) -> None:
        return None


class PynputHotkey:
    """A chord in pynput's spelling, e.g. ``<ctrl>+<alt>+f``."""

    def __init__(self) -> None:
        self._listener: Any = None

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        self.stop()
        try:
            from pynput import keyboard
        except Exception as error:  # no display, no backend: no hotkey, not a crash
            log.warning("global hotkey unavailable (%s)", type(error).__name__)
            return False
        try:
            listener = keyboard.GlobalHotKeys({chord: on_pressed})
            listener.daemon = True
            listener.start()
            listener.wait()
        except Exception as error:  # a bad chord, or the platform refused to listen
            log.warning("global hotkey not started (%s)", type(error).__name__)
            return False
        self._listener = listener
        return True

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None


def hotkey_unavailable(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> str | None:
    """Why this system allows no global hotkey, or None when it does."""
    if not platform.startswith("linux"):
        return None
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return "Wayland does not allow global hotkeys; use the tray menu"
    if not environ.get("DISPLAY"):
        return "no X display; use the tray menu"
    return None


def hotkey_backend(platform: str = sys.platform) -> str:
    """The package that provides the global hotkey on this platform."""
    return "python-xlib" if platform.startswith("linux") else "pynput"


def make_hotkey(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> GlobalHotkey:
    """An X11 grab on Linux, pynput on macOS and Windows, nothing where neither can work."""
    reason = hotkey_unavailable(platform, environ)
    if reason is not None:
        log.info("global hotkey unavailable: %s", reason)
        return NullHotkey()
    if platform.startswith("linux"):
        return X11Hotkey()
    return PynputHotkey()
