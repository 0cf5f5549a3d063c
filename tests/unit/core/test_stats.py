"""Counting the week in numbers: each promise counts in the week it was made and in the week it
was kept (on time or late) or released; the rate and the median lateness follow."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from trayapp.core.model import Promise, PromiseState
from trayapp.core.stats import (
    Outcomes,
    WeekFigures,
    first_monday,
    kept_on_time_rate,
    median_lateness_hours,
    outcomes_of,
    week_edges,
    weekly_figures,
)

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 2)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def promise(made: int, due: int, **fields: Any) -> Promise:
    return dataclasses.replace(Promise(1, "x", at(due), at(made)), **fields)


def outcomes(promises: list[Promise], weeks: int, tz: ZoneInfo = LONDON) -> Outcomes:
    return outcomes_of(promises, week_edges(MONDAY, weeks, tz))


def figures(promises: list[Promise], weeks: int, tz: ZoneInfo = LONDON) -> tuple[WeekFigures, ...]:
    return weekly_figures(MONDAY, outcomes(promises, weeks, tz))


def test_each_promise_counts_where_it_happened() -> None:
    promises = [
        promise(2, 4, state=PromiseState.KEPT, kept_at=at(3)),  # made and kept on time in wk 1
        promise(3, 5, state=PromiseState.KEPT, kept_at=at(10)),  # kept late in week 2
        promise(9, 20, state=PromiseState.RELEASED, released_at=at(17)),  # released in week 3
        promise(16, 30),  # open, made in week 3
        promise(1, 2),  # made on Sunday 1 Nov: before the first week
    ]
    weeks = figures(promises, 3)
    assert [(w.week_start, w.made, w.kept_on_time, w.kept_late, w.released) for w in weeks] == [
        (date(2026, 11, 2), 2, 1, 0, 0),
        (date(2026, 11, 9), 1, 0, 1, 0),
        (date(2026, 11, 16), 1, 0, 0, 1),
    ]
    assert kept_on_time_rate(weeks) == 0.5
    assert median_lateness_hours(outcomes(promises, 3)) == 5 * 24.0


def test_weeks_follow_the_users_zone() -> None:
    # 23:30 on Sunday in London is already Monday in Tokyo
    late_sunday = Promise(1, "x", at(20), datetime(2026, 11, 8, 23, 30, tzinfo=UTC))
    london = figures([late_sunday], 2)
    tokyo = figures([late_sunday], 2, ZoneInfo("Asia/Tokyo"))
    assert [w.made for w in london] == [1, 0] and [w.made for w in tokyo] == [0, 1]


def test_nothing_kept_has_no_rate_or_median() -> None:
    weeks = figures([], 12)
    assert len(weeks) == 12 and kept_on_time_rate(weeks) is None
    assert median_lateness_hours(outcomes([], 12)) is None


def test_first_monday() -> None:
    assert first_monday(date(2026, 12, 3), 1) == date(2026, 11, 30)
    assert first_monday(date(2026, 12, 3), 12) == date(2026, 11, 30) - timedelta(weeks=11)
