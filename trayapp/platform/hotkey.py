"""The global hotkey (quick add from anywhere): pynput where it can listen, else nothing.

``pynput`` raises at import time without a display, so it is imported only when a hotkey is
started. Its callback runs on pynput's own thread; the app passes a Qt signal's ``emit``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from trayapp.core.ports import GlobalHotkey

__all__ = ["NullHotkey", "PynputHotkey", "make_hotkey"]

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


def make_hotkey(
    platform: str = sys.platform, environ: Mapping[str, str] = os.environ
) -> GlobalHotkey:
    """pynput where it can work (macOS, Windows, X11); nothing on a display-less or Wayland-only
    Linux."""
    if platform.startswith("linux") and not environ.get("DISPLAY"):
        return NullHotkey()
    return PynputHotkey()
