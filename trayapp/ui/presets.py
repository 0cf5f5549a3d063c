"""The snooze and pause presets offered by the tray and the card, as instants.

``"15m"`` and ``"1h"`` count from now; ``"tomorrow"`` is 9:00 tomorrow and ``"monday"`` 9:00
next Monday, both in the user's zone. Unknown presets raise ``BadInput``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from trayapp.core.errors import BadInput
from trayapp.services.context import Context

SNOOZE_PRESETS = ("15m", "1h", "tomorrow", "monday")
PAUSE_PRESETS = ("1h", "tomorrow")
SNOOZE_LABELS = {
    "15m": "Snooze 15 min",
    "1h": "Snooze 1 h",
    "tomorrow": "Snooze until tomorrow 9:00",
    "monday": "Snooze until next Monday 9:00",
}
PAUSE_LABELS = {"1h": "Pause reminders for 1 h", "tomorrow": "Pause until tomorrow"}
MORNING = time(9, 0)


def snooze_until(ctx: Context, preset: str) -> datetime:
    """The instant a snooze preset ends (aware UTC)."""
    now = ctx.now()
    if preset == "15m":
        return now + timedelta(minutes=15)
    if preset == "1h":
        return now + timedelta(hours=1)
    today = now.astimezone(ctx.tz).date()
    if preset == "tomorrow":
        day = today + timedelta(days=1)
    elif preset == "monday":
        day = today + timedelta(days=7 - today.weekday())
    else:
        raise BadInput(f"unknown snooze '{preset[:20]}'; use 15m, 1h, tomorrow or monday")
    return datetime.combine(day, MORNING, ctx.tz).astimezone(UTC)


def pause_until(ctx: Context, preset: str) -> datetime:
    """The instant a pause preset ends: in an hour, or at the start of tomorrow's work."""
    now = ctx.now()
    if preset == "1h":
        return now + timedelta(hours=1)
    if preset == "tomorrow":
        day = now.astimezone(ctx.tz).date() + timedelta(days=1)
        start = ctx.settings.reminders.work_start
        return datetime.combine(day, start, ctx.tz).astimezone(UTC)
    raise BadInput(f"unknown pause '{preset[:20]}'; use 1h or tomorrow")
