"""The week in numbers: what happened to promises, week by week, and how late the late ones
were. Pure counting over promises; weeks start on Monday in the user's zone."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.model import Promise, PromiseState

__all__ = [
    "MAX_WEEKS",
    "WeekFigures",
    "first_monday",
    "kept_on_time_rate",
    "median_lateness_hours",
    "weekly_figures",
]

#: The longest span the figures cover, in weeks (about five years).
MAX_WEEKS = 260


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """One week: promises made, kept on time, kept late and released in it."""

    week_start: date
    made: int = 0
    kept_on_time: int = 0
    kept_late: int = 0
    released: int = 0


def first_monday(today: date, weeks: int) -> date:
    """The Monday that starts the oldest of ``weeks`` weeks ending with ``today``'s."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def weekly_figures(
    promises: Iterable[Promise], first: date, weeks: int, tz: ZoneInfo
) -> tuple[WeekFigures, ...]:
    """Counts per week from the Monday ``first`` on, oldest first: each promise counts as made
    in the week it was made, and as kept (on time or late) or released in the week that
    happened."""
    counts = [[0, 0, 0, 0] for _ in range(weeks)]

    def week_of(at: datetime | None) -> int | None:
        if at is None:
            return None
        index = (at.astimezone(tz).date() - first).days // 7
        return index if 0 <= index < weeks else None

    for promise in promises:
        made = week_of(promise.created_at)
        if made is not None:
            counts[made][0] += 1
        if promise.state is PromiseState.KEPT and promise.kept_at is not None:
            kept = week_of(promise.kept_at)
            if kept is not None:
                counts[kept][1 if promise.kept_on_time() else 2] += 1
        elif promise.state is PromiseState.RELEASED:
            released = week_of(promise.released_at)
            if released is not None:
                counts[released][3] += 1
    return tuple(WeekFigures(first + timedelta(weeks=i), *row) for i, row in enumerate(counts))


def kept_on_time_rate(weeks: Iterable[WeekFigures]) -> float | None:
    """Of the promises kept in these weeks, the share kept on time (None when none was kept)."""
    on_time = late = 0
    for week in weeks:
        on_time += week.kept_on_time
        late += week.kept_late
    return on_time / (on_time + late) if on_time + late else None


def median_lateness_hours(promises: Iterable[Promise], since: datetime) -> float | None:
    """How late the promises kept late since ``since`` were, the median in hours."""
    hours = [
        (p.kept_at - p.due_at).total_seconds() / 3600
        for p in promises
        if p.state is PromiseState.KEPT
        and p.kept_at is not None
        and p.kept_at >= since
        and p.kept_at > p.due_at
    ]
    return round(statistics.median(hours), 1) if hours else None
