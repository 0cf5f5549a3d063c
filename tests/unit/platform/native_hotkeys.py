"""Stand-ins for the system libraries behind the native hotkeys, for tests on any OS: the
calls of Windows' user32 (``RegisterHotKey``...) and of macOS's Carbon framework
(``RegisterEventHotKey``...) that the adapters make, answered as the systems answer them."""

from __future__ import annotations

import ctypes
import ctypes.wintypes
from typing import Any

from trayapp.platform.hotkey import macos, windows


class FakeUser32:
    """user32 with a table of chords (modifier flags, virtual key) other programs hold."""

    ERROR_HOTKEY_ALREADY_REGISTERED = 1409

    def __init__(self, taken: set[tuple[int, int]] | None = None) -> None:
        self.taken = taken or set()
        self.registered: dict[int, tuple[int, int]] = {}
        self.last_error = 0

    def RegisterHotKey(self, hwnd: object, ident: int, flags: int, key: int) -> int:
        chord = (flags & ~windows.MOD_NOREPEAT, key)
        if chord in self.taken or ident in self.registered:
            self.last_error = self.ERROR_HOTKEY_ALREADY_REGISTERED
            return 0
        self.registered[ident] = chord
        return 1

    def UnregisterHotKey(self, hwnd: object, ident: int) -> int:
        return 1 if self.registered.pop(ident, None) else 0

    def VkKeyScanW(self, code: int) -> int:
        return {ord(","): 0xBC, ord("."): 0xBE, ord("/"): 0xBF}.get(code, -1)

    def press(self, hotkey: windows.WindowsHotkey, ident: int = windows.HOTKEY_ID) -> bool:
        """Windows posts WM_HOTKEY for ``ident``; the message goes through the app's filter."""
        msg = ctypes.wintypes.MSG()
        msg.message = windows.WM_HOTKEY
        msg.wParam = ident
        event_filter = hotkey._filter
        if event_filter is None:
            return False
        handled, _ = event_filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg))
        return handled


class FakeCarbon:
    """Carbon's event calls, with a table of (key code, modifiers) other programs hold."""

    def __init__(self, taken: set[tuple[int, int]] | None = None) -> None:
        self.taken = taken or set()
        self.handlers: dict[int, Any] = {}
        self.hotkeys: dict[int, tuple[int, int, macos.EventHotKeyID]] = {}
        self._next = 100

    def GetApplicationEventTarget(self) -> int:
        return 1

    def _ref(self, out: Any) -> int:
        self._next += 1
        out._obj.value = self._next
        return self._next

    def InstallEventHandler(  # noqa: PLR0917 (Carbon's C signature)
        self, target: int, handler: Any, n: int, spec: Any, data: object, out: Any
    ) -> int:
        self.handlers[self._ref(out)] = handler
        return 0

    def RemoveEventHandler(self, ref: ctypes.c_void_p) -> int:
        self.handlers.pop(int(ref.value or 0), None)
        return 0

    def RegisterEventHotKey(  # noqa: PLR0917 (Carbon's C signature)
        self,
        key: int,
        modifiers: int,
        ident: macos.EventHotKeyID,
        target: int,
        options: int,
        out: Any,
    ) -> int:
        if (key, modifiers) in self.taken:
            return macos.EVENT_HOT_KEY_EXISTS
        self.hotkeys[self._ref(out)] = (key, modifiers, ident)
        return 0

    def UnregisterEventHotKey(self, ref: ctypes.c_void_p) -> int:
        self.hotkeys.pop(int(ref.value or 0), None)
        return 0

    def GetEventParameter(  # noqa: PLR0917 (Carbon's C signature)
        self,
        event: int,
        name: int,
        kind: int,
        actual_type: object,
        size: int,
        actual_size: object,
        out: Any,
    ) -> int:
        if event not in self.hotkeys or kind != macos.TYPE_EVENT_HOT_KEY_ID:
            return -9870
        pressed = self.hotkeys[event][2]
        out._obj.signature, out._obj.id = pressed.signature, pressed.id
        return 0

    def press(self, key: int, modifiers: int) -> None:
        """The user presses a registered chord: Carbon calls every installed handler."""
        for ref, (k, m, _ident) in list(self.hotkeys.items()):
            if (k, m) == (key, modifiers):
                for handler in list(self.handlers.values()):
                    handler(None, ref, None)
