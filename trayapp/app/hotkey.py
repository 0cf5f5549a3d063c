"""Quick add's global hotkey in the running app: registered at start, registered again at once
when Settings change the chord, and a refusal told in words instead of lost.

A chord another program holds (or a key the system cannot register) is told once per chord as
a notification at start; in Settings the new chord is tried before anything is saved, and a
refused one is not saved (the old chord keeps working). Where the system has no global hotkeys
at all (Wayland, no display) the chord is saved for later and ``doctor`` explains.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from trayapp.core.errors import BadInput
from trayapp.core.ports import GlobalHotkey
from trayapp.platform.hotkey.choose import NullHotkey

__all__ = ["QuickAddHotkey"]

log = logging.getLogger(__name__)


class QuickAddHotkey:
    """The chord that opens quick add from anywhere."""

    def __init__(self, hotkey: GlobalHotkey, pressed: Callable[[], None]) -> None:
        self._hotkey = hotkey
        self._pressed = pressed
        self.chord: str | None = None
        self.on = False

    @property
    def system_has_none(self) -> bool:
        """Whether this system offers no global hotkeys at all."""
        return isinstance(self._hotkey, NullHotkey)

    def start(self, chord: str) -> bool:
        """Register ``chord``; whether it works (``refusal`` says why not)."""
        self.chord = chord
        self.on = self._hotkey.start(chord, self._pressed)
        return self.on

    def refusal(self) -> str | None:
        return None if self.on else self._hotkey.refusal()

    def change(self, chord: str) -> None:
        """Use ``chord`` from now on. Raises :class:`BadInput` when the system refuses it while
        the old chord works; the old one is registered again, so nothing is lost."""
        if chord == self.chord and (self.on or self.system_has_none):
            return
        old, was_on = self.chord, self.on
        if self.start(chord) or not was_on or old is None:
            return
        why = self._hotkey.refusal() or "the system refused it"
        self.start(old)
        raise BadInput(f"the quick add hotkey {chord} cannot be used: {why}")

    def stop(self) -> None:
        self._hotkey.stop()
        self.on = False
