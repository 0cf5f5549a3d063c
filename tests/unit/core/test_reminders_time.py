"""Local wall-clock resolution, working hours and pause for reminders, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.reminders.hours import (
    MAX_HOLD,
    as_utc,
    hold,
    is_working,
    resolve_local,
    start_of_day,
    working_moment_start,
)
from trayapp.core.settings import ReminderSettings

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
SANTIAGO = ZoneInfo("America/Santiago")
APIA = ZoneInfo("Pacific/Apia")
DEFAULTS = ReminderSettings()


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:  # noqa: PLR0917
    """The UTC instant of an unambiguous local wall time."""
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def wall(instant: datetime, tz: ZoneInfo) -> tuple[int, int, int, int, int]:
    local = instant.astimezone(tz)
    return local.year, local.month, local.day, local.hour, local.minute


@pytest.mark.parametrize(
    ("tz", "local", "expected"),
    [
        # Spring forward: the skipped wall time moves to the end of the gap.
        (BERLIN, datetime(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1, 0)),
        (BERLIN, datetime(2026, 3, 29, 2, 0), utc(2026, 3, 29, 1, 0)),
        (NEW_YORK, datetime(2026, 3, 8, 2, 45), utc(2026, 3, 8, 7, 0)),
        (LORD_HOWE, datetime(2026, 10, 4, 2, 15), utc(2026, 10, 3, 15, 30)),
        (SANTIAGO, datetime(2026, 9, 6, 0, 0), utc(2026, 9, 6, 4, 0)),
        (APIA, datetime(2011, 12, 30, 10, 0), utc(2011, 12, 30, 10, 0)),
        # Fall back: the repeated wall time takes its first occurrence.
        (BERLIN, datetime(2026, 10, 25, 2, 30), utc(2026, 10, 25, 0, 30)),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30)),
        (LORD_HOWE, datetime(2026, 4, 5, 1, 45), utc(2026, 4, 4, 14, 45)),
        # Ordinary days: the wall time as it is.
        (BERLIN, datetime(2026, 3, 29, 3, 0), utc(2026, 3, 29, 1, 0)),
        (BERLIN, datetime(2026, 7, 1, 9, 15), utc(2026, 7, 1, 7, 15)),
    ],
)
def test_resolve_local_policy(tz: ZoneInfo, local: datetime, expected: datetime) -> None:
    assert resolve_local(local, tz) == expected


def test_resolve_local_ignores_a_fold_and_a_zone_on_the_wall_time() -> None:
    second = datetime(2026, 10, 25, 2, 30, fold=1)
    assert resolve_local(second, BERLIN) == utc(2026, 10, 25, 0, 30)
    assert resolve_local(second.replace(tzinfo=NEW_YORK), BERLIN) == utc(2026, 10, 25, 0, 30)


def test_as_utc_refuses_a_naive_time() -> None:
    with pytest.raises(BadInput, match="needs a time zone"):
        as_utc(datetime(2026, 1, 1, 9, 0), "due time")
    assert as_utc(at(BERLIN, 2026, 1, 1, 9)).tzinfo is UTC


def test_heads_up_before_work_start_is_held_to_work_start() -> None:
    monday_8 = at(BERLIN, 2026, 6, 1, 8, 0)
    assert hold(monday_8, DEFAULTS, BERLIN) == at(BERLIN, 2026, 6, 1, 8, 30)


def test_inside_working_hours_nothing_waits() -> None:
    monday_noon = at(BERLIN, 2026, 6, 1, 12, 0)
    assert hold(monday_noon, DEFAULTS, BERLIN) == monday_noon
    assert hold(at(BERLIN, 2026, 6, 1, 8, 30), DEFAULTS, BERLIN) == at(BERLIN, 2026, 6, 1, 8, 30)


def test_work_end_is_already_outside_working_hours() -> None:
    friday_18 = at(BERLIN, 2026, 6, 5, 18, 0)
    assert not is_working(friday_18, DEFAULTS, BERLIN)
    assert hold(friday_18, DEFAULTS, BERLIN) == at(BERLIN, 2026, 6, 8, 8, 30)


def test_weekend_holds_to_monday_across_spring_forward() -> None:
    saturday = at(BERLIN, 2026, 3, 28, 15, 0)  # CET; Monday is CEST
    held = hold(saturday, DEFAULTS, BERLIN)
    assert held == utc(2026, 3, 30, 6, 30)
    assert wall(held, BERLIN) == (2026, 3, 30, 8, 30)


def test_weekend_holds_to_monday_across_fall_back_in_new_york() -> None:
    saturday = at(NEW_YORK, 2026, 10, 31, 20, 0)  # EDT; Monday is EST
    assert hold(saturday, DEFAULTS, NEW_YORK) == utc(2026, 11, 2, 13, 30)


def test_pause_holds_until_it_ends() -> None:
    monday_10 = at(BERLIN, 2026, 6, 1, 10, 0)
    pause_end = at(BERLIN, 2026, 6, 2, 11, 15)
    assert hold(monday_10, DEFAULTS, BERLIN, paused_until=pause_end) == pause_end
    assert not is_working(monday_10, DEFAULTS, BERLIN, paused_until=pause_end)


def test_pause_ending_on_a_weekend_holds_to_monday() -> None:
    pause_end = at(BERLIN, 2026, 6, 6, 11, 0)  # Saturday
    held = hold(at(BERLIN, 2026, 6, 5, 10, 0), DEFAULTS, BERLIN, paused_until=pause_end)
    assert held == at(BERLIN, 2026, 6, 8, 8, 30)


def test_a_pause_in_the_past_changes_nothing() -> None:
    monday_10 = at(BERLIN, 2026, 6, 1, 10, 0)
    earlier = monday_10 - timedelta(hours=1)
    assert hold(monday_10, DEFAULTS, BERLIN, paused_until=earlier) == monday_10


def test_work_start_inside_a_dst_gap_moves_to_the_end_of_the_gap() -> None:
    nightly = ReminderSettings(working_days=tuple(range(7)), work_start=time(2, 30))
    sunday_1 = at(BERLIN, 2026, 3, 29, 1, 0)
    assert wall(hold(sunday_1, nightly, BERLIN), BERLIN) == (2026, 3, 29, 3, 0)


def test_a_single_working_day_holds_almost_a_week_within_max_hold() -> None:
    mondays = ReminderSettings(working_days=(0,))
    tuesday = at(BERLIN, 2026, 6, 2, 9, 0)
    held = hold(tuesday, mondays, BERLIN)
    assert held == at(BERLIN, 2026, 6, 8, 8, 30)
    assert held - tuesday < MAX_HOLD


def test_no_working_day_is_a_clear_error() -> None:
    with pytest.raises(BadInput, match="at least one working day"):
        hold(at(BERLIN, 2026, 6, 1, 7, 0), ReminderSettings(working_days=()), BERLIN)


def test_skipped_calendar_day_is_stepped_over() -> None:
    every_day = ReminderSettings(working_days=tuple(range(7)))
    # Samoa skipped Friday 2011-12-30 entirely.
    thursday_evening = datetime(2011, 12, 29, 20, 0, tzinfo=APIA)
    held = hold(thursday_evening, every_day, APIA)
    assert wall(held, APIA) == (2011, 12, 31, 8, 30)


def test_start_of_day_when_midnight_does_not_exist() -> None:
    assert wall(start_of_day(date(2026, 9, 6), SANTIAGO), SANTIAGO) == (2026, 9, 6, 1, 0)
    assert start_of_day(date(2026, 6, 1), BERLIN) == utc(2026, 5, 31, 22, 0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 5), (2026, 6, 5, 8, 30)),  # Friday
        (date(2026, 6, 6), (2026, 6, 8, 8, 30)),  # Saturday -> Monday
        (date(2026, 3, 29), (2026, 3, 30, 8, 30)),  # spring-forward Sunday -> Monday
        (date(2026, 10, 26), (2026, 10, 26, 8, 30)),  # Monday after fall-back
    ],
)
def test_working_moment_start(day: date, expected: tuple[int, ...]) -> None:
    assert wall(working_moment_start(day, DEFAULTS, BERLIN), BERLIN) == expected


def test_working_moment_start_with_work_from_midnight_in_a_gap() -> None:
    every_day = ReminderSettings(working_days=tuple(range(7)), work_start=time(0, 0))
    start = working_moment_start(date(2026, 9, 6), every_day, SANTIAGO)
    assert wall(start, SANTIAGO) == (2026, 9, 6, 1, 0)
