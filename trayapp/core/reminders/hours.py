"""Local wall-clock time for reminders: resolving local times, working hours and pause.

Reminders are planned in the user's own zone as calendar days ("the day after, same time"), so a
local wall time has to become a UTC instant even on the days the clock jumps. The policy is
explicit and the same everywhere:

- a local time that does not exist (the hour skipped when clocks spring forward) moves forward to
  the first moment after the gap — 02:30 on a day that jumps from 02:00 to 03:00 becomes 03:00;
- a local time that happens twice (the hour repeated when clocks fall back) takes the first.

Working hours and a pause never drop a reminder; they hold it until the next working moment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.settings import ReminderSettings

# Every working-day pattern repeats within a week; two weeks also covers a skipped calendar day.
_SEARCH_DAYS = 15

#: Working hours alone never hold a reminder longer than this (a pause can hold it longer).
MAX_HOLD = timedelta(days=_SEARCH_DAYS)


def as_utc(instant: datetime, what: str = "time") -> datetime:
    """``instant`` in UTC; a naive ``datetime`` is refused because its zone is unknown."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise BadInput(f"the {what} needs a time zone (got {instant.isoformat()})")
    return instant.astimezone(UTC)


def resolve_local(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant at which clocks in ``tz`` show the naive wall time ``wall``.

    A skipped wall time resolves to the end of the gap; a repeated one to its first occurrence.
    """
    naive = wall.replace(tzinfo=None, fold=0)
    first = naive.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    return _gap_end(naive, tz)


def _gap_end(naive: datetime, tz: ZoneInfo) -> datetime:
    """The transition instant that ends the gap ``naive`` falls into (found by bisection)."""
    # fold=1 reads ``naive`` with the offset after the jump (an instant before the transition),
    # fold=0 with the offset before it (an instant at or after the transition).
    low = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    high = int(naive.replace(tzinfo=tz, fold=0).timestamp())
    before = _offset(low, tz)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(middle, tz) == before:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _offset(epoch: int, tz: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(epoch, tz).utcoffset()


def is_working(
    instant: datetime,
    settings: ReminderSettings,
    tz: ZoneInfo,
    paused_until: datetime | None = None,
) -> bool:
    """Whether a reminder may be shown at ``instant``: a working day, inside working hours and
    not paused (the pause ends at ``paused_until``; working hours are ``[work_start, work_end)``).
    """
    utc = as_utc(instant)
    if paused_until is not None and utc < as_utc(paused_until, "pause end"):
        return False
    local = utc.astimezone(tz)
    if local.weekday() not in settings.working_days:
        return False
    return settings.work_start <= local.time() < settings.work_end


def hold(
    instant: datetime,
    settings: ReminderSettings,
    tz: ZoneInfo,
    paused_until: datetime | None = None,
) -> datetime:
    """The first moment at or after ``instant`` when a reminder may be shown (UTC).

    Inside working hours and not paused: ``instant`` itself. Otherwise the pause end, if that is
    a working moment, or else the next working day's ``work_start`` in local wall time (resolved
    DST-safely). Never earlier than ``instant``; at most a couple of weeks of calendar days are
    inspected, so the cost is constant.
    """
    earliest = as_utc(instant)
    if paused_until is not None:
        earliest = max(earliest, as_utc(paused_until, "pause end"))
    if is_working(earliest, settings, tz):
        return earliest
    day = earliest.astimezone(tz).date()
    for offset in range(_SEARCH_DAYS):
        candidate = resolve_local(
            datetime.combine(day + timedelta(days=offset), settings.work_start), tz
        )
        if candidate >= earliest and is_working(candidate, settings, tz):
            return candidate
    raise BadInput("the working hours never occur: choose at least one working day")


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant (UTC) of the local calendar date ``day`` (midnight, or the end of a gap
    that swallows midnight)."""
    return resolve_local(datetime.combine(day, time(0, 0)), tz)


def working_moment_start(day: date, settings: ReminderSettings, tz: ZoneInfo) -> datetime:
    """The first working moment of local date ``day``, or of the next working day after it.

    This is when a start-of-day digest for ``day`` is shown (UTC).
    """
    return hold(start_of_day(day, tz), settings, tz)
