"""Contacts' wall clocks for the cadence guard: their zone, and the UTC instants their clock
reads a given time (calling hours start and end by them), with care on the days clocks jump."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trayapp.core.guard.facts import DAY

__all__ = ["next_calling_start", "wall_instants", "zone_of"]


def zone_of(name: str | None) -> ZoneInfo | None:
    """The contact's zone; a name that cannot be loaded means their clock is unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def next_calling_start(at: datetime, zone: ZoneInfo, start: time) -> datetime:
    """The first instant after ``at`` at which the wall clock in ``zone`` reaches ``start``.

    Wall times are turned into UTC with care: a start that falls in a spring-forward gap
    begins when the gap ends; a start that happens twice on a fall-back day counts both times.
    """
    day = at.astimezone(zone).date()
    for offset in range(3):
        for instant in wall_instants(day + timedelta(days=offset), start, zone):
            if instant > at:
                return instant
    return at + DAY  # unreachable: some start falls within the next three local days


def wall_instants(day: date, wall: time, zone: ZoneInfo) -> list[datetime]:
    """The UTC instants, earliest first, at which ``zone``'s clock first reads ``wall`` on ``day``.

    One instant normally; two when the wall time happens twice (fall back); for a wall time that
    never happens (spring forward) the instant the clock jumps past it.
    """
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return [first]
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return sorted([first, second])
    return [_gap_end(second, first, naive, zone)]


def _gap_end(before: datetime, after: datetime, naive: datetime, zone: ZoneInfo) -> datetime:
    """The first instant in ``(before, after]`` whose wall clock reads ``naive`` or later."""
    lo, hi = before, after
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(zone).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return hi
