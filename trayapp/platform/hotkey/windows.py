"""The global hotkey on Windows: ``RegisterHotKey``, no keyboard hook.

The chord is registered for the GUI thread (no window handle), so Windows posts ``WM_HOTKEY``
to that thread's queue; Qt's event loop takes it from there and hands it to a
``QAbstractNativeEventFilter``, which calls ``on_pressed`` and swallows the message. Unlike a
low-level keyboard hook, nothing here runs for every key pressed, and Windows never drops it
for being slow. A chord that another program has registered is refused by Windows: ``start``
returns False and :meth:`WindowsHotkey.refusal` says so.
"""

from __future__ import annotations

import ctypes
import ctypes.wintypes
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication

from trayapp.platform.hotkey.chord import parse_chord
from trayapp.platform.hotkey.keys import windows_virtual_key

__all__ = ["MODIFIER_FLAGS", "WM_HOTKEY", "WindowsHotkey"]

log = logging.getLogger(__name__)

WM_HOTKEY = 0x0312
MOD_NOREPEAT = 0x4000
MODIFIER_FLAGS = {"alt": 0x0001, "ctrl": 0x0002, "shift": 0x0004, "cmd": 0x0008}
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
#: The id this app registers its chord under (any number of the app's own, 0x0000-0xBFFF).
HOTKEY_ID = 0x4654


class _WmHotkeyFilter(QAbstractNativeEventFilter):
    """Calls ``on_pressed`` for ``WM_HOTKEY`` with our id; lets every other message through."""

    def __init__(self, ident: int, on_pressed: Callable[[], None]) -> None:
        super().__init__()
        self._ident = ident
        self._on_pressed = on_pressed

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        name = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if name != b"windows_generic_MSG" or not message:
            return False, 0
        msg = ctypes.wintypes.MSG.from_address(int(message))
        if msg.message != WM_HOTKEY or msg.wParam != self._ident:
            return False, 0
        try:
            self._on_pressed()
        except Exception:
            log.exception("global hotkey: handling a press failed")
        return True, 0


def _user32() -> Any:
    return ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]


def _system_last_error() -> int:
    return int(ctypes.get_last_error())  # type: ignore[attr-defined,unused-ignore]


class WindowsHotkey:
    """A chord in the settings' spelling, registered with ``RegisterHotKey``.

    ``user32`` is the DLL (``RegisterHotKey``, ``UnregisterHotKey``, ``VkKeyScanW``) and
    ``last_error`` reads the error of the last call; both default to the system's.
    """

    def __init__(self, user32: Any = None, last_error: Callable[[], int] | None = None) -> None:
        self._user32 = user32
        self._last_error = last_error or _system_last_error
        self._filter: _WmHotkeyFilter | None = None
        self._refusal: str | None = None

    def refusal(self) -> str | None:
        return self._refusal

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        self.stop()
        user32 = self._user32 = self._user32 or _user32()
        try:
            wanted = parse_chord(chord)
            key = windows_virtual_key(wanted.key, lambda ch: int(user32.VkKeyScanW(ord(ch))))
            flags = MOD_NOREPEAT
            for modifier in wanted.modifiers:
                if modifier not in MODIFIER_FLAGS:
                    raise ValueError(f"Windows has no {modifier} modifier for a hotkey")
                flags |= MODIFIER_FLAGS[modifier]
        except ValueError as error:
            return self._refuse(chord, str(error))
        if not user32.RegisterHotKey(None, HOTKEY_ID, flags, key):
            code = self._last_error()
            if code == ERROR_HOTKEY_ALREADY_REGISTERED:
                return self._refuse(chord, f"{chord} is taken by another program")
            return self._refuse(chord, f"Windows refused {chord} (error {code})")
        app = QCoreApplication.instance()
        self._filter = _WmHotkeyFilter(HOTKEY_ID, on_pressed)
        if app is not None:
            app.installNativeEventFilter(self._filter)
        self._refusal = None
        return True

    def _refuse(self, chord: str, why: str) -> bool:
        log.warning("global hotkey %s not registered: %s", chord, why)
        self._refusal = why
        return False

    def stop(self) -> None:
        if self._filter is None:
            return
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self._filter)
        self._user32.UnregisterHotKey(None, HOTKEY_ID)
        self._filter = None
