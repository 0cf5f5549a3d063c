"""Which backups rotation keeps: the newest of each of the last 7 days, 4 ISO weeks and 6
months, every backup within those months larger than all those taken after it (a ledger lost or
replaced by a smaller one must not push out the fuller ledger's backups), any dated after now (a
clock set ahead), and the newest however old. Pure policy over :class:`BackupInfo`; deleting is
``backup.rotate``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

__all__ = ["KEEP_DAILY", "KEEP_MONTHLY", "KEEP_WEEKLY", "BackupInfo", "kept_backups"]

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file and when it was taken (UTC, from its name)."""

    path: Path
    taken_at: datetime
    size: int


def kept_backups(infos: list[BackupInfo], now: datetime) -> set[Path]:
    """The backups rotation keeps: the newest per day (7), ISO week (4) and month (6), and
    within those months each one larger than every backup taken after it.

    ``infos`` must be oldest first, as :func:`list_backups` returns them.
    """
    today = now.astimezone(UTC).date()
    days = {today - timedelta(days=n) for n in range(KEEP_DAILY)}
    weeks = {_week(today - timedelta(weeks=n)) for n in range(KEEP_WEEKLY)}
    months = set(_last_months(today, KEEP_MONTHLY))
    return _newest_per_period(infos, now, days, weeks, months) | _fuller_than_later(infos, months)


def _fuller_than_later(infos: list[BackupInfo], months: set[tuple[int, int]]) -> set[Path]:
    """Backups within the kept ``months`` larger than every later one (a ledger lost or
    replaced by a smaller one must not push out the fuller ledger's backups)."""
    kept: set[Path] = set()
    largest_later = -1
    for info in reversed(infos):
        day = info.taken_at.date()
        if info.size > largest_later and (day.year, day.month) in months:
            kept.add(info.path)
        largest_later = max(largest_later, info.size)
    return kept


def _newest_per_period(
    infos: list[BackupInfo],
    now: datetime,
    days: set[date],
    weeks: set[tuple[int, int]],
    months: set[tuple[int, int]],
) -> set[Path]:
    newest: dict[tuple[object, ...], BackupInfo] = {}
    for info in infos:  # oldest first, so a later one in the same bucket wins
        day = info.taken_at.date()
        if day in days:
            newest[("day", day)] = info
        if _week(day) in weeks:
            newest[("week", *_week(day))] = info
        if (day.year, day.month) in months:
            newest[("month", day.year, day.month)] = info
    # Also kept: any from a clock set ahead, and the newest however old (data unchanged since).
    extra = (
        {info.path for info in infos if info.taken_at > now} | {infos[-1].path} if infos else set()
    )
    return extra | {info.path for info in newest.values()}


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def _last_months(today: date, count: int) -> Iterator[tuple[int, int]]:
    year, month = today.year, today.month
    for _ in range(count):
        yield year, month
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
