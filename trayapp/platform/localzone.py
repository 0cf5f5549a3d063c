"""The user's own time zone: the setting when given, else the machine's IANA zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal

from trayapp.core.settings import Settings


def local_zone(settings: Settings) -> ZoneInfo:
    if settings.timezone:
        return ZoneInfo(settings.timezone)
    try:
        return ZoneInfo(tzlocal.get_localzone_name() or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")
