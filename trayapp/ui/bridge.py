"""Signals that other threads emit and the GUI thread receives.

The wake-up timer, the notification loop and the hotkey listener run on threads of their own.
They never touch a widget or the database: they emit one of these signals, and Qt delivers it
(queued) on the thread that owns the bridge — the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

__all__ = ["Bridge"]


class Bridge(QObject):
    """Thread-safe announcements; payloads are plain values."""

    wake_due = Signal()
    """The wake-up timer reached its instant: sweep now."""

    notice_acted = Signal(str, str)
    """A notification was clicked or a button pressed: (notice key, NoticeAction value)."""

    notice_failed = Signal(object)
    """A native notification was refused; payload: the ``core.ports.Notice`` to show otherwise."""

    hotkey_pressed = Signal()
    """The global quick-add chord was pressed."""
