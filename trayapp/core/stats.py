"""The week in numbers: what happened to promises, week by week, and how late the late ones
were. Weeks start on Monday in the user's zone; :func:`outcomes_of` is the definition of what
counts where, which the ledger's own reading (``Ledger.promise_outcomes``) must equal."""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.verdict import Level
from trayapp.core.model import Promise, PromiseState

__all__ = [
    "MAX_WEEKS",
    "JudgedLevel",
    "KeptLevels",
    "Outcomes",
    "WeekFigures",
    "first_monday",
    "kept_on_time_rate",
    "median_lateness_hours",
    "outcomes_of",
    "week_edges",
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


def week_edges(first: date, weeks: int, tz: ZoneInfo) -> tuple[datetime, ...]:
    """The instants the weeks start at (Monday 00:00 in ``tz``), and the one the last ends at:
    ``weeks + 1`` of them, in UTC."""
    return tuple(
        datetime.combine(first + timedelta(weeks=i), time(0), tz).astimezone(UTC)
        for i in range(weeks + 1)
    )


@dataclass(frozen=True, slots=True)
class Outcomes:
    """What happened to promises in a run of spans: for each span, how many were made in it,
    kept in it on time, kept in it late and released in it; and how late each promise kept
    late since the first span began was."""

    counts: tuple[tuple[int, int, int, int], ...]
    late_by: tuple[timedelta, ...]


def outcomes_of(promises: Iterable[Promise], edges: Sequence[datetime]) -> Outcomes:
    """The reference definition of :class:`Outcomes` over the spans between ``edges``: a
    promise counts as made in the span its ``created_at`` falls in, and as kept (on time when
    kept by its due time) or released in the span that happened in."""
    counts = [[0, 0, 0, 0] for _ in range(len(edges) - 1)]
    late_by = []

    def span(at: datetime | None) -> int | None:
        if at is None or not edges[0] <= at < edges[-1]:
            return None
        return bisect.bisect_right(edges, at) - 1

    for promise in promises:
        made = span(promise.created_at)
        if made is not None:
            counts[made][0] += 1
        if promise.state is PromiseState.KEPT and promise.kept_at is not None:
            kept = span(promise.kept_at)
            if kept is not None:
                counts[kept][1 if promise.kept_on_time() else 2] += 1
            if promise.kept_at >= edges[0] and promise.kept_at > promise.due_at:
                late_by.append(promise.kept_at - promise.due_at)
        elif promise.state is PromiseState.RELEASED:
            released = span(promise.released_at)
            if released is not None:
                counts[released][3] += 1
    return Outcomes(tuple((a, b, c, d) for a, b, c, d in counts), tuple(sorted(late_by)))


def weekly_figures(first: date, outcomes: Outcomes) -> tuple[WeekFigures, ...]:
    """The weeks from the Monday ``first`` on, oldest first, from what happened in each."""
    return tuple(
        WeekFigures(first + timedelta(weeks=i), *row) for i, row in enumerate(outcomes.counts)
    )


def kept_on_time_rate(weeks: Iterable[WeekFigures]) -> float | None:
    """Of the promises kept in these weeks, the share kept on time (None when none was kept)."""
    on_time = late = 0
    for week in weeks:
        on_time += week.kept_on_time
        late += week.kept_late
    return on_time / (on_time + late) if on_time + late else None


def median_lateness_hours(outcomes: Outcomes) -> float | None:
    """How late the promises kept late were, the median in hours (None when none was)."""
    hours = [late.total_seconds() / 3600 for late in outcomes.late_by]
    return round(statistics.median(hours), 1) if hours else None


@dataclass(frozen=True, slots=True)
class JudgedLevel:
    """One person's level now, and how long it holds if nothing is written (``None``: until
    something is)."""

    contact_id: int
    level: Level
    holds_until: datetime | None


@dataclass(frozen=True, slots=True)
class KeptLevels:
    """The levels the ledger keeps for the people contacted recently.

    When every one of them still holds, ``caution`` and ``stop`` count them and ``to_judge``
    is empty. Otherwise ``to_judge`` names the people to judge again, with ``marks``: how
    often each one's facts had changed when read (a level judged is kept only if they have not
    changed since). ``afresh`` when no kept level holds (the guard's settings or the team's
    touches changed); ``under`` names the settings and the team's state they were read under.
    """

    caution: int
    stop: int
    to_judge: tuple[int, ...] = ()
    marks: tuple[int, ...] = ()
    under: str = ""
    afresh: bool = False
