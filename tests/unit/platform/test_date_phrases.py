"""Phrases people type into other quick-capture tools, read as due dates.

Gathered from the tools' own documentation: Things ("4d", "2w", "Mon next week", "Tue in 2
weeks"), Todoist ("next week", "end of week", "end of month", "day after tomorrow at 2pm"),
Missive's snooze ("later today", "in X weekdays", "next Tuesday at 3pm", "weekend") and
TaskTrove's quick add ("tomorrow 2PM", "jan 15", "14:30"), plus the short forms recruiters
type. Each is read as ``promise --due`` reads it, at a fixed now: Wednesday 25 November 2026,
10:00 in London, with the default working week (Monday to Friday, until 18:00). A day without
a time is due at the end of that working day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.ledger import InMemoryLedger
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.context import Context

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)

PHRASES = [
    # short forms (Things: "short variants like 4d, 2w")
    ("4d", "Sun 2026-11-29 18:00"),
    ("2w", "Wed 2026-12-09 18:00"),
    ("3h", "Wed 2026-11-25 13:00"),
    ("90min", "Wed 2026-11-25 11:30"),
    ("3mo", "Thu 2027-02-25 18:00"),
    ("in 2d", "Fri 2026-11-27 18:00"),
    ("tmr", "Thu 2026-11-26 18:00"),
    # counts from today
    ("in 1 week", "Wed 2026-12-02 18:00"),
    ("in 2 weeks", "Wed 2026-12-09 18:00"),
    ("2 weeks", "Wed 2026-12-09 18:00"),
    ("3 months", "Thu 2027-02-25 18:00"),
    ("in a fortnight", "Wed 2026-12-09 18:00"),
    ("a week from today", "Wed 2026-12-02 18:00"),
    ("2 weeks from now", "Wed 2026-12-09 18:00"),
    ("a week today", "Wed 2026-12-02 18:00"),
    ("in 3 hours", "Wed 2026-11-25 13:00"),
    ("in 2 hours", "Wed 2026-11-25 12:00"),
    ("later today", "Wed 2026-11-25 13:00"),
    # ends of periods: the last working day, at the end of working hours
    ("end of the week", "Fri 2026-11-27 18:00"),
    ("end of week", "Fri 2026-11-27 18:00"),
    ("by the end of the week", "Fri 2026-11-27 18:00"),
    ("eow", "Fri 2026-11-27 18:00"),
    ("eow 3pm", "Fri 2026-11-27 15:00"),
    ("end of next week", "Fri 2026-12-04 18:00"),
    ("end of month", "Mon 2026-11-30 18:00"),
    ("end of the month", "Mon 2026-11-30 18:00"),
    ("eom", "Mon 2026-11-30 18:00"),
    ("eod", "Wed 2026-11-25 18:00"),
    # weeks and weekdays in them
    ("next week", "Mon 2026-11-30 18:00"),
    ("next week noon", "Mon 2026-11-30 12:00"),
    ("mon next week", "Mon 2026-11-30 18:00"),
    ("monday next week at 9am", "Mon 2026-11-30 09:00"),
    ("next week fri", "Fri 2026-12-04 18:00"),
    ("tue in 2 weeks", "Tue 2026-12-08 18:00"),
    ("next tue", "Tue 2026-12-01 18:00"),
    ("next tuesday at 3pm", "Tue 2026-12-01 15:00"),
    ("next monday at 9am", "Mon 2026-11-30 09:00"),
    ("this friday at 5pm", "Fri 2026-11-27 17:00"),
    ("fri 3pm", "Fri 2026-11-27 15:00"),
    ("monday", "Mon 2026-11-30 18:00"),
    ("thursday", "Thu 2026-11-26 18:00"),
    ("wednesday", "Wed 2026-11-25 18:00"),
    ("this weekend", "Sat 2026-11-28 18:00"),
    ("weekend", "Sat 2026-11-28 18:00"),
    # working days
    ("in 3 working days", "Mon 2026-11-30 18:00"),
    ("3 business days", "Mon 2026-11-30 18:00"),
    ("in 3 weekdays", "Mon 2026-11-30 18:00"),
    ("in 10 business days", "Wed 2026-12-09 18:00"),
    # days and times of day
    ("today", "Wed 2026-11-25 18:00"),
    ("today at 5pm", "Wed 2026-11-25 17:00"),
    ("tomorrow", "Thu 2026-11-26 18:00"),
    ("tomorrow 9am", "Thu 2026-11-26 09:00"),
    ("tomorrow 2PM", "Thu 2026-11-26 14:00"),
    ("tomorrow at noon", "Thu 2026-11-26 12:00"),
    ("the day after tomorrow", "Fri 2026-11-27 18:00"),
    ("day after tomorrow at 2pm", "Fri 2026-11-27 14:00"),
    ("in 2 days at 3pm", "Fri 2026-11-27 15:00"),
    ("noon", "Wed 2026-11-25 12:00"),
    ("tonight", "Wed 2026-11-25 20:00"),
    ("this evening", "Wed 2026-11-25 18:00"),
    ("14:30", "Wed 2026-11-25 14:30"),
    ("9am", "Thu 2026-11-26 09:00"),
    ("jan 15", "Fri 2027-01-15 18:00"),
    # said the British way, or the way recruiters say it
    ("this week", "Fri 2026-11-27 18:00"),
    ("later this week", "Fri 2026-11-27 18:00"),
    ("end of today", "Wed 2026-11-25 18:00"),
    ("first thing tomorrow", "Thu 2026-11-26 08:30"),
    ("first thing monday", "Mon 2026-11-30 08:30"),
    ("first thing next week", "Mon 2026-11-30 08:30"),
    ("in 3 days' time", "Sat 2026-11-28 18:00"),
    ("in half an hour", "Wed 2026-11-25 10:30"),
    ("in a year", "Thu 2027-11-25 18:00"),
    ("1y", "Thu 2027-11-25 18:00"),
    ("monday morning", "Mon 2026-11-30 09:00"),
    ("5pm tomorrow", "Thu 2026-11-26 17:00"),
    ("12/25", "Fri 2026-12-25 18:00"),
]


def context(now: datetime = WEDNESDAY, parser: DateparserWhenParser | None = None) -> Context:
    when = parser or DateparserWhenParser()
    return Context(
        InMemoryLedger(), FixedClock(now), Settings(), LONDON, when, LibPhoneNumbers("GB")
    )


def due(text: str, now: datetime = WEDNESDAY, parser: DateparserWhenParser | None = None) -> str:
    at = context(now, parser).parse_when(text, what="due date", late=True)
    return at.astimezone(LONDON).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_phrases_from_quick_capture_tools(text: str, expected: str) -> None:
    assert due(text) == expected


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # Friday after work: this week's end has passed, so next week's
        (datetime(2026, 11, 27, 19, 0, tzinfo=LONDON), "eow", "Fri 2026-12-04 18:00"),
        # Friday before the end of work: today
        (datetime(2026, 11, 27, 9, 0, tzinfo=LONDON), "end of the week", "Fri 2026-11-27 18:00"),
        # Saturday: next week's
        (datetime(2026, 11, 28, 9, 0, tzinfo=LONDON), "end of the week", "Fri 2026-12-04 18:00"),
        # the month's last working day after work: next month's
        (datetime(2026, 11, 30, 19, 0, tzinfo=LONDON), "eom", "Thu 2026-12-31 18:00"),
        # Sunday: next week is tomorrow's week
        (datetime(2026, 11, 29, 9, 0, tzinfo=LONDON), "mon next week", "Mon 2026-11-30 18:00"),
        # Friday: three working days skip the weekend
        (datetime(2026, 11, 27, 9, 0, tzinfo=LONDON), "3 business days", "Wed 2026-12-02 18:00"),
    ],
)
def test_periods_seen_from_other_days(now: datetime, text: str, expected: str) -> None:
    assert due(text, now) == expected


def test_a_week_from_today_is_never_in_the_past() -> None:
    for now in (WEDNESDAY, datetime(2026, 11, 29, 23, 0, tzinfo=LONDON)):
        assert context(now).parse_when("a week from today", what="due date") > now


def test_the_date_order_decides_how_1_12_reads() -> None:
    uk = DateparserWhenParser(date_order="DMY")
    us = DateparserWhenParser(date_order="MDY")
    assert due("1/12", parser=uk) == "Tue 2026-12-01 18:00"
    assert due("1/12", parser=us) == "Tue 2027-01-12 18:00"
    assert due("25/12", parser=uk) == "Fri 2026-12-25 18:00"
    assert due("1/12/26", parser=uk) == "Tue 2026-12-01 18:00"
    assert due("12/1/26", parser=us) == "Tue 2026-12-01 18:00"
    assert due("2026/12/1", parser=uk) == due("2026/12/1", parser=us) == "Tue 2026-12-01 18:00"
    assert due("2026-12-01", parser=uk) == due("2026-12-01", parser=us)


@pytest.mark.parametrize("text", ["in 3 flurbs", "end of the flurb", "mon next week 25pm"])
def test_what_cannot_be_read_names_phrases_that_work(text: str) -> None:
    with pytest.raises(BadInput) as caught:
        due(text)
    message = caught.value.message
    assert f"could not read a due date in '{text}'" in message
    assert "'4d'" in message and "'eow'" in message and "'in 3 working days'" in message


def test_minutes_or_months_is_asked() -> None:
    with pytest.raises(BadInput, match=r"minutes or months\? Write 3min or 3mo"):
        due("3m")


def test_an_explicit_past_date_is_still_a_late_promise() -> None:
    assert due("2025-07-15") == "Tue 2025-07-15 18:00"
