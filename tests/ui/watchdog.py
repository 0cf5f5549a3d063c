"""A watchdog on the GUI thread for widget tests: how long the app's own work holds it.

Every event the application delivers goes through :meth:`WatchedApplication.notify`. The time
from the start of an outermost delivery to its end is the GUI thread doing the app's work
(timers firing, queued sweeps, clicks and keys handled, windows painted); while a nested event
loop waits for events (a dialog's ``exec``, ``qtbot.wait`` inside a slot) the thread is free, so
the event dispatcher's ``aboutToBlock`` ends a stretch and ``awake`` starts the next one. Test
code that calls the app directly, outside the event loop, is not counted: the test caused it.

A stretch counts as blocking when the GUI thread spent more than the threshold of its own CPU
time in it (``TRAYAPP_GUI_BLOCK_MS``, default 100), or waited (a sleep, a lock, a slow call)
for more than five times that in wall time. CPU time, not wall time, is the first measure
because the tests share a busy machine: another process running on our core makes a stretch
longer but not busier.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication

__all__ = ["Block", "WatchedApplication", "threshold_ms"]

WAIT_FACTOR = 5


def threshold_ms() -> float:
    return float(os.environ.get("TRAYAPP_GUI_BLOCK_MS", "100"))


@dataclass(frozen=True, slots=True)
class Block:
    """One stretch the GUI thread was held: by what, for how long (CPU and wall)."""

    what: str
    cpu_ms: float
    wall_ms: float

    def __str__(self) -> str:
        return f"{self.what}: {self.cpu_ms:.0f} ms CPU, {self.wall_ms:.0f} ms in all"


class WatchedApplication(QApplication):
    """A QApplication that times each outermost event delivery on the GUI thread."""

    def __init__(self, args: list[str]) -> None:
        super().__init__(args)
        self.blocks: list[Block] = []
        self.watching = False
        self._depth = 0
        self._what = ""
        self._open = False
        self._cpu = self._wall = 0.0
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if dispatcher is not None:
            dispatcher.aboutToBlock.connect(self._end_stretch)  # a nested loop waits: free
            dispatcher.awake.connect(self._start_stretch)  # ... and has work again

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        outermost = self.watching and not self._depth
        if outermost:
            self._what = f"{type(receiver).__name__} {event.type().name}"
        self._depth += 1
        if outermost:
            self._start_stretch()
        try:
            return super().notify(receiver, event)
        finally:
            if outermost:
                self._end_stretch()
            self._depth -= 1

    def _start_stretch(self) -> None:
        if self._depth and not self._open:
            self._open = True
            self._cpu, self._wall = time.thread_time(), time.perf_counter()

    def _end_stretch(self) -> None:
        if not (self._depth and self._open):
            return
        self._open = False
        cpu_ms = (time.thread_time() - self._cpu) * 1000
        wall_ms = (time.perf_counter() - self._wall) * 1000
        limit = threshold_ms()
        if cpu_ms > limit or wall_ms > WAIT_FACTOR * limit:
            self.blocks.append(Block(self._what, cpu_ms, wall_ms))
