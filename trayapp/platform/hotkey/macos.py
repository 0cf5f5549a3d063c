"""The global hotkey on macOS: Carbon's ``RegisterEventHotKey``, no keyboard hook.

A registered hot key needs no Accessibility permission (a keyboard event tap does, and macOS
silently withholds keys from one without it). The press arrives as a Carbon event on the
application's event target, which the Cocoa run loop under Qt dispatches on the main thread; a
handler installed for ``kEventHotKeyPressed`` checks the key's id and calls ``on_pressed``.
A chord that another program has registered is refused (``eventHotKeyExistsErr``): ``start``
returns False and :meth:`CarbonHotkey.refusal` says so.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from trayapp.platform.hotkey.chord import parse_chord
from trayapp.platform.hotkey.keys import mac_key_code

__all__ = ["CARBON_MODIFIERS", "CarbonHotkey", "EventHotKeyID", "EventTypeSpec"]

log = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"
CARBON_MODIFIERS = {"cmd": 0x0100, "shift": 0x0200, "alt": 0x0800, "ctrl": 0x1000}
EVENT_HOT_KEY_EXISTS = -9878
NO_ERR = 0
K_EVENT_HOT_KEY_PRESSED = 5


def four_char_code(text: str) -> int:
    """A Carbon four-character code (``'keyb'``) as its number."""
    return int.from_bytes(text.encode("ascii"), "big")


K_EVENT_CLASS_KEYBOARD = four_char_code("keyb")
K_EVENT_PARAM_DIRECT_OBJECT = four_char_code("----")
TYPE_EVENT_HOT_KEY_ID = four_char_code("hkid")
SIGNATURE = four_char_code("FTqa")
HOTKEY_ID = 1


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


EventHandlerProc = ctypes.CFUNCTYPE(
    ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)


def _carbon() -> Any:
    carbon = ctypes.cdll.LoadLibrary(CARBON)
    carbon.GetApplicationEventTarget.restype = ctypes.c_void_p
    carbon.InstallEventHandler.argtypes = [
        ctypes.c_void_p,
        EventHandlerProc,
        ctypes.c_uint32,
        ctypes.POINTER(EventTypeSpec),
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    carbon.RegisterEventHotKey.argtypes = [
        ctypes.c_uint32,
        ctypes.c_uint32,
        EventHotKeyID,
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.POINTER(ctypes.c_void_p),
    ]
    carbon.GetEventParameter.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_uint32,
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    carbon.UnregisterEventHotKey.argtypes = [ctypes.c_void_p]
    carbon.RemoveEventHandler.argtypes = [ctypes.c_void_p]
    return carbon


class CarbonHotkey:
    """A chord in the settings' spelling, registered with ``RegisterEventHotKey``.

    ``carbon`` is the Carbon framework (loaded with ctypes by default).
    """

    def __init__(self, carbon: Any = None) -> None:
        self._carbon = carbon
        self._hotkey_ref: ctypes.c_void_p | None = None
        self._handler_ref: ctypes.c_void_p | None = None
        self._handler: Any = None  # the C callback: kept alive while it is installed
        self._on_pressed: Callable[[], None] | None = None
        self._refusal: str | None = None

    def refusal(self) -> str | None:
        return self._refusal

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        self.stop()
        try:
            wanted = parse_chord(chord)
            key = mac_key_code(wanted.key)
            modifiers = 0
            for modifier in wanted.modifiers:
                if modifier not in CARBON_MODIFIERS:
                    raise ValueError(f"macOS has no {modifier} modifier for a hotkey")
                modifiers |= CARBON_MODIFIERS[modifier]
        except ValueError as error:
            return self._refuse(chord, str(error))
        try:
            carbon = self._carbon = self._carbon or _carbon()
        except OSError as error:
            return self._refuse(chord, f"Carbon could not be loaded ({error})")
        target = carbon.GetApplicationEventTarget()
        self._on_pressed = on_pressed
        self._handler = EventHandlerProc(self._handle)
        spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOT_KEY_PRESSED)
        handler_ref = ctypes.c_void_p()
        status = carbon.InstallEventHandler(
            target, self._handler, 1, ctypes.byref(spec), None, ctypes.byref(handler_ref)
        )
        if status != NO_ERR:
            self._handler = None
            return self._refuse(chord, f"macOS refused the hotkey handler (error {status})")
        self._handler_ref = handler_ref
        hotkey_ref = ctypes.c_void_p()
        status = carbon.RegisterEventHotKey(
            key, modifiers, EventHotKeyID(SIGNATURE, HOTKEY_ID), target, 0,
            ctypes.byref(hotkey_ref),
        )  # fmt: skip
        if status != NO_ERR:
            self.stop()
            if status == EVENT_HOT_KEY_EXISTS:
                return self._refuse(chord, f"{chord} is taken by another program")
            return self._refuse(chord, f"macOS refused {chord} (error {status})")
        self._hotkey_ref = hotkey_ref
        self._refusal = None
        return True

    def _handle(self, _call: int | None, event: int | None, _data: int | None) -> int:
        """Carbon's call for a hot key press: ours (by signature and id) calls back."""
        pressed = EventHotKeyID()
        status = self._carbon.GetEventParameter(
            event, K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOT_KEY_ID, None,
            ctypes.sizeof(pressed), None, ctypes.byref(pressed),
        )  # fmt: skip
        if status == NO_ERR and (pressed.signature, pressed.id) == (SIGNATURE, HOTKEY_ID):
            try:
                if self._on_pressed is not None:
                    self._on_pressed()
            except Exception:
                log.exception("global hotkey: handling a press failed")
        return NO_ERR

    def _refuse(self, chord: str, why: str) -> bool:
        log.warning("global hotkey %s not registered: %s", chord, why)
        self._refusal = why
        return False

    def stop(self) -> None:
        if self._hotkey_ref is not None:
            self._carbon.UnregisterEventHotKey(self._hotkey_ref)
            self._hotkey_ref = None
        if self._handler_ref is not None:
            self._carbon.RemoveEventHandler(self._handler_ref)
            self._handler_ref = None
        self._handler = None
        self._on_pressed = None
