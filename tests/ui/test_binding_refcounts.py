"""The Qt binding must not leak or drop references on the calls the app makes all day.

A tray app emits signals and runs timer slots for weeks. A binding that drops one reference to
``True`` or ``None`` per call (PySide6 6.12.0 under Python 3.11 did, for every
``Signal.emit()``) ends the process with "Fatal Python error: bool_dealloc" after a few
thousand calls, so the installed binding is checked here with a few hundred calls.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

CALLS = 300


class _Announcer(QObject):
    happened = Signal()
    numbered = Signal(int)


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


def test_emitting_a_signal_keeps_every_reference() -> None:
    announcer = _Announcer()
    before = _counts()
    for _ in range(CALLS):
        announcer.happened.emit()
    assert _counts() == before


def test_slots_returning_none_keep_every_reference() -> None:
    announcer = _Announcer()
    seen: list[int] = []
    announcer.happened.connect(lambda: None)
    announcer.numbered.connect(seen.append)
    before = _counts()
    for n in range(CALLS):
        announcer.happened.emit()
        announcer.numbered.emit(n)
    assert _counts() == before
    assert len(seen) == CALLS
