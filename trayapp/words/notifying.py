"""How reminders reach the user, in words for the Settings tab: the desktop's notifications,
or balloons from the tray icon; and when the desktop does not let the app notify, what to do."""

from __future__ import annotations

from trayapp import APP_NAME

__all__ = ["CHECKING", "notifications_state"]

CHECKING = "Asking the desktop whether notifications are allowed…"
BALLOONS = (
    "Reminders show as balloons from the tray icon: no notification service answered when "
    f"{APP_NAME} started."
)
NATIVE = "Reminders show as the desktop's own notifications, with their buttons."
NOT_ALLOWED = (
    f"Notifications are not allowed for {APP_NAME}. Allow them in System Settings › "
    f"Notifications › {APP_NAME}; until then reminders show from the menu bar icon only."
)
UNKNOWN = (
    "The desktop did not say whether notifications are allowed; reminders that it refuses show "
    "from the tray icon instead."
)


def notifications_state(kind: str, allowed: bool | None) -> tuple[str, bool]:
    """The sentence for a notifier of ``kind`` ("native" or "balloon") and the desktop's
    answer, and whether it is a problem the user should act on."""
    if kind != "native":
        return BALLOONS, False
    if allowed is None:
        return UNKNOWN, False
    return (NATIVE, False) if allowed else (NOT_ALLOWED, True)
