"""The global hotkey on Linux: an X11 key grab on the root window, through python-xlib.

The chord's key is grabbed once for each state of Caps Lock and Num Lock, so that the chord
works with either lock on. A thread of its own waits on the X connection and calls
``on_pressed`` once per press (holding the chord down does not repeat it); the app passes a Qt
signal's ``emit``, which hands the press to the GUI thread. ``stop`` wakes that thread through a
pipe, waits for it, releases the grab and closes the connection.

A chord another program has already grabbed, a key the keyboard does not have or no X server
at all: ``start`` logs why and returns False, and quick add stays in the tray menu.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import select
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from trayapp.platform.hotkey.chord import Chord, parse_chord

if TYPE_CHECKING:
    from Xlib.display import Display

__all__ = ["X11Hotkey"]

log = logging.getLogger(__name__)

#: X keysyms of the keys whose modifier bit each chord modifier stands for, first found wins.
_MODIFIER_KEYSYMS = {
    "alt": ("Alt_L", "Alt_R", "Meta_L"),
    "cmd": ("Super_L", "Super_R"),
    "alt_gr": ("ISO_Level3_Shift", "Mode_switch"),
}


class HotkeyRefused(Exception):
    """The X server or the keyboard cannot give this chord; the message says why."""


def _keysym(key: str | int) -> int:
    from Xlib import XK

    if isinstance(key, int):
        return key
    if len(key) == 1:  # Latin-1 keysyms are the character's code; others are Unicode keysyms
        return ord(key) if ord(key) < 0x100 else 0x01000000 | ord(key)
    XK.load_keysym_group("xf86")
    return XK.string_to_keysym(key)


def _modifier_bit(display: Display, keysyms: tuple[str, ...]) -> int:
    """The modifier mask bit a key (one of `keysyms`) is mapped to on this keyboard, or 0."""
    from Xlib import XK

    mapping = display.get_modifier_mapping()
    for name in keysyms:
        code = display.keysym_to_keycode(XK.string_to_keysym(name))
        for index, codes in enumerate(mapping):
            if code and code in codes:
                return 1 << index
    return 0


def _modifier_mask(display: Display, chord: Chord) -> int:
    from Xlib import X

    mask = 0
    for modifier in chord.modifiers:
        if modifier == "ctrl":
            bit = X.ControlMask
        elif modifier == "shift":
            bit = X.ShiftMask
        else:
            bit = _modifier_bit(display, _MODIFIER_KEYSYMS[modifier])
        if not bit:
            raise HotkeyRefused(f"this keyboard has no {modifier} modifier")
        mask |= bit
    return mask


def _lock_variants(display: Display) -> Iterator[int]:
    """Every combination of Caps Lock and Num Lock, so the chord works whatever their state."""
    from Xlib import X

    locks = [X.LockMask, _modifier_bit(display, ("Num_Lock",))]
    for on in itertools.product((False, True), repeat=len(locks)):
        yield sum(bit for bit, used in zip(locks, on, strict=True) if used)


class _Grab:
    """One open connection holding the chord's grab, and the thread that waits for presses."""

    def __init__(self, display: Display, chord: Chord, on_pressed: Callable[[], None]) -> None:
        self._display = display
        self._on_pressed = on_pressed
        keysym = _keysym(chord.key)
        self._keycode = display.keysym_to_keycode(keysym)
        if not keysym or not self._keycode:
            raise HotkeyRefused(f"this keyboard has no {chord.key!r} key")
        chord_mask = _modifier_mask(display, chord)
        self._masks = sorted({chord_mask | lock for lock in _lock_variants(display)})
        self._released_at = -1
        self._wake: tuple[int, int] | None = None
        self._thread = threading.Thread(target=self._wait, name="global-hotkey", daemon=True)

    def grab(self) -> None:
        """Grab every variant, or none: a chord another program holds is refused, not shared."""
        from Xlib import X, error

        refused = error.CatchError(error.BadAccess)
        root = self._display.screen().root
        for mask in self._masks:
            root.grab_key(self._keycode, mask, True, X.GrabModeAsync, X.GrabModeAsync, refused)
        self._display.sync()
        if refused.get_error() is not None:
            self._ungrab()
            raise HotkeyRefused("another program already uses this chord")
        self._wake = os.pipe()
        self._thread.start()

    def _wait(self) -> None:
        assert self._wake is not None
        try:
            while True:
                while self._display.pending_events():
                    self._handle(self._display.next_event())
                ready, _, _ = select.select([self._display.fileno(), self._wake[0]], [], [])
                if self._wake[0] in ready:
                    return
        except Exception:  # the X server went away: no more presses, nothing else to do
            log.warning("global hotkey stopped: the X connection was lost", exc_info=True)

    def _handle(self, event: object) -> None:
        from Xlib.protocol.event import KeyPress, KeyRelease

        if isinstance(event, KeyRelease) and event.detail == self._keycode:
            self._released_at = event.time
        elif isinstance(event, KeyPress) and event.detail == self._keycode:
            if event.time == self._released_at:  # released and pressed at once: auto-repeat
                return
            try:
                self._on_pressed()
            except Exception:
                log.exception("global hotkey: handling a press failed")

    def _ungrab(self) -> None:
        root = self._display.screen().root
        for mask in self._masks:
            root.ungrab_key(self._keycode, mask)
        self._display.sync()

    def close(self) -> None:
        """Wake the thread, wait for it, then release the grab and the connection."""
        if self._wake is not None:
            os.write(self._wake[1], b"x")
            self._thread.join()
            for end in self._wake:
                os.close(end)
            self._wake = None
        try:
            self._ungrab()
            self._display.close()
        except Exception:  # a lost connection has no grab left to release
            log.debug("global hotkey: the X connection was already gone", exc_info=True)


class X11Hotkey:
    """A chord in the settings' spelling, grabbed on the X display named by ``DISPLAY``."""

    def __init__(self) -> None:
        self._grab: _Grab | None = None
        self._refusal: str | None = None

    def refusal(self) -> str | None:
        return self._refusal

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool:
        self.stop()
        try:
            wanted = parse_chord(chord)
        except ValueError as error:
            return self._refuse(chord, str(error))
        try:
            from Xlib.display import Display

            display = Display()
        except Exception as error:  # no X server, no permission, python-xlib missing
            return self._refuse(chord, f"the X display could not be reached ({error})")
        try:
            grab = _Grab(display, wanted, on_pressed)
            grab.grab()
        except Exception as error:  # refused, or the X server failed us half-way
            with contextlib.suppress(Exception):
                display.close()
            return self._refuse(chord, str(error) or type(error).__name__)
        self._grab = grab
        self._refusal = None
        return True

    def _refuse(self, chord: str, why: str) -> bool:
        log.warning("global hotkey %s not started: %s", chord, why)
        self._refusal = why
        return False

    def stop(self) -> None:
        if self._grab is not None:
            self._grab.close()
            self._grab = None
