"""Quitting cleanly on SIGINT and SIGTERM without waking the app while nothing happens.

Python runs its signal handlers only when the interpreter gets control back, and a Qt app
waits inside C++ in its event loop. Instead of a timer that hands control back several times a
second, the C-level handler writes the signal's number to one end of a socket pair
(:func:`signal.set_wakeup_fd`) and a :class:`QSocketNotifier` on the other end wakes the event
loop only when a signal has come. The numbers read from the socket are emitted as
:attr:`SignalWatcher.received` on the GUI thread; the Python handler itself does nothing (it is
there so the default action, ending the process at once, does not happen).
"""

from __future__ import annotations

import contextlib
import signal
import socket
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Signal

__all__ = ["QUIT_SIGNALS", "SignalWatcher"]

QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SignalWatcher(QObject):
    """Emits ``received(number)`` on the GUI thread for each watched signal that arrives."""

    received = Signal(int)

    def __init__(self, numbers: tuple[signal.Signals, ...] = QUIT_SIGNALS) -> None:
        super().__init__()
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, self._handle) for number in numbers}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    @staticmethod
    def _handle(_number: int, _frame: FrameType | None) -> None:
        """Nothing to do here: the signal's number already went down the socket."""

    def _drain(self) -> None:
        """The socket woke the loop: read the signal numbers written to it and tell each."""
        received = b""
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while chunk := self._reader.recv(64):
                received += chunk
        for number in received:
            self.received.emit(number)

    def close(self) -> None:
        """Put back the handlers and wake-up descriptor that were there before."""
        self._notifier.setEnabled(False)
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
