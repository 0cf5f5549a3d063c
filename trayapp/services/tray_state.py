"""The tray icon's state: a name for each look of the icon, free of everything else, so the icon
can be drawn before the rest of the app is loaded."""

from __future__ import annotations

import enum

__all__ = ["TrayState"]


class TrayState(enum.StrEnum):
    """The tray icon's state, most urgent first: paused wins, then overdue, then due soon."""

    CLEAR = "clear"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
