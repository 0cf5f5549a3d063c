"""Ends of periods, weeks and working days worked out in core, from the working week."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from trayapp.core.when_phrases import Calendar, PeriodDay, read_period, rewrite

WEDNESDAY = datetime(2026, 11, 25, 10, 0)
SUN_TO_THU = Calendar(working_days=(6, 0, 1, 2, 3), day_end=time(17, 0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4d", "in 4 days"),
        ("in 4d", "in 4 days"),
        ("2d ago", "2 days ago"),
        ("3h ago", "3 hours ago"),
        ("2w", "in 2 weeks"),
        ("3h", "in 3 hours"),
        ("90min", "in 90 minutes"),
        ("3mo", "in 3 months"),
        ("tmrw 9am", "tomorrow 9am"),
        ("a week from today", "in a week"),
        ("two weeks from now", "in two weeks"),
        ("a week tomorrow", "in 8 days"),
        ("later today", "in 3 hours"),
        ("the weekend", "sat"),
        ("later this week", "eow"),
        ("by the end of today", "eod"),
        ("first thing", "08:30"),
        ("first thing tomorrow", "tomorrow 08:30"),
        ("in 2 weeks' time", "in 2 weeks"),
        ("in half an hour", "in 30 minutes"),
        ("in a year", "in 12 months"),
        ("2y", "in 24 months"),
        ("3m", "3m"),
        ("2nd dec", "2nd dec"),
        ("in 3 days", "in 3 days"),
        ("5 may", "5 may"),
        ("1/12/26", "1/12/2026"),
        ("1.12.26 3pm", "1.12.2026 3pm"),
        ("1/12/2026", "1/12/2026"),
    ],
)
def test_short_forms_are_spelled_out(text: str, expected: str) -> None:
    assert rewrite(text) == expected


def test_first_thing_is_the_start_of_working_hours() -> None:
    early = Calendar(day_start=time(7, 0))
    assert rewrite("first thing mon", early) == "mon 07:00"


def test_a_working_week_from_sunday_to_thursday() -> None:
    assert read_period("eow", WEDNESDAY, SUN_TO_THU) == PeriodDay(date(2026, 11, 26))
    assert read_period("next week", WEDNESDAY, SUN_TO_THU) == PeriodDay(date(2026, 11, 30))
    # Thursday, Sunday, Monday
    assert read_period("3 working days", WEDNESDAY, SUN_TO_THU) == PeriodDay(date(2026, 11, 30))
    thursday_evening = datetime(2026, 11, 26, 17, 30)
    assert read_period("eow", thursday_evening, SUN_TO_THU) == PeriodDay(date(2026, 12, 3))


@pytest.mark.parametrize(
    ("text", "at"),
    [("eow 3pm", time(15)), ("eow at 9:30am", time(9, 30)), ("eom 17:00", time(17))],
)
def test_a_time_after_a_period(text: str, at: time) -> None:
    found = read_period(text, WEDNESDAY, Calendar())
    assert found is not None and found.at == at


@pytest.mark.parametrize(
    "text",
    ["eow 3", "eow 25pm", "eow flurb", "next weekend", "0 working days", "in 2 days", "fri"],
)
def test_not_a_period_or_not_a_time(text: str) -> None:
    assert read_period(text, WEDNESDAY, Calendar()) is None
