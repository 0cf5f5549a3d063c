"""The dateparser-backed WhenParser: phrases, ISO 8601, weekdays, DST and refusals."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trayapp.core.ports import ParsedWhen
from trayapp.platform.dates import DateparserWhenParser, place_local

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)
PARSER = DateparserWhenParser()


def read(text: str, now: datetime = SUNDAY) -> ParsedWhen | None:
    return PARSER.parse(text, now=now, tz=LONDON)


def local(text: str, now: datetime = SUNDAY) -> tuple[str, bool]:
    parsed = read(text, now)
    assert parsed is not None, text
    return parsed.at.astimezone(LONDON).strftime("%a %Y-%m-%d %H:%M"), parsed.has_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri 3pm", ("Fri 2026-11-27 15:00", True)),
        ("tomorrow", ("Mon 2026-11-23 00:00", False)),
        ("next tue 10:00", ("Tue 2026-11-24 10:00", True)),
        ("in two weeks", ("Sun 2026-12-06 00:00", False)),
        ("in 2 weeks", ("Sun 2026-12-06 00:00", False)),
        ("friday", ("Fri 2026-11-27 00:00", False)),
        ("Friday", ("Fri 2026-11-27 00:00", False)),
        ("next monday", ("Mon 2026-11-23 00:00", False)),
        ("sunday", ("Sun 2026-11-22 00:00", False)),  # today: see test_a_weekday_naming_today
        ("in 3 days", ("Wed 2026-11-25 00:00", False)),
        ("tonight", ("Sun 2026-11-22 20:00", True)),
        ("3pm", ("Sun 2026-11-22 15:00", True)),
        ("9am", ("Mon 2026-11-23 09:00", True)),
        ("in 2 hours", ("Sun 2026-11-22 12:00", True)),
        ("dec 1", ("Tue 2026-12-01 00:00", False)),
        ("in a month", ("Tue 2026-12-22 00:00", False)),
        ("2026-12-01", ("Tue 2026-12-01 00:00", False)),
        ("2026-12-01T10:00", ("Tue 2026-12-01 10:00", True)),
        ("2026-12-01T10:00Z", ("Tue 2026-12-01 10:00", True)),
        ("2026-12-01T10:00+05:00", ("Tue 2026-12-01 05:00", True)),
        ("  fri   3pm  ", ("Fri 2026-11-27 15:00", True)),
        ("in 90 minutes", ("Sun 2026-11-22 11:30", True)),
        ("in 48 hours", ("Tue 2026-11-24 10:00", True)),
        ("in 90 seconds", ("Sun 2026-11-22 10:01", True)),
        ("in 30 secs", ("Sun 2026-11-22 10:00", True)),
        ("tomorrow, 3pm", ("Mon 2026-11-23 15:00", True)),
        ("fri at 3 pm", ("Fri 2026-11-27 15:00", True)),
        ("1st dec", ("Tue 2026-12-01 00:00", False)),
    ],
)
def test_reads_phrases_from_a_sunday(text: str, expected: tuple[str, bool]) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eod", ("Sun 2026-11-22 00:00", False)),
        ("end of day", ("Sun 2026-11-22 00:00", False)),
        ("by eod", ("Sun 2026-11-22 00:00", False)),
        ("close of business", ("Sun 2026-11-22 00:00", False)),
        ("eod fri", ("Fri 2026-11-27 00:00", False)),
        ("fri eod", ("Fri 2026-11-27 00:00", False)),
    ],
)
def test_end_of_day_is_a_day_without_a_time(text: str, expected: tuple[str, bool]) -> None:
    assert local(text) == expected


def test_end_of_day_with_a_time_is_refused() -> None:
    assert read("fri 3pm eod") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Today, with or without a time, even a time gone by (the caller decides what a
        # moment gone by means: next week for a due date, last week for a touch).
        ("fri 3pm", ("Fri 2026-11-27 15:00", True)),
        ("friday at 3pm", ("Fri 2026-11-27 15:00", True)),
        ("fri 9am", ("Fri 2026-11-27 09:00", True)),
        ("fri", ("Fri 2026-11-27 00:00", False)),
        # "next": next week's.
        ("next fri 3pm", ("Fri 2026-12-04 15:00", True)),
        ("sat", ("Sat 2026-11-28 00:00", False)),
    ],
)
def test_a_weekday_naming_today(text: str, expected: tuple[str, bool]) -> None:
    assert local(text, FRIDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "asdf",
        "99:99",
        "feb 30",
        "a",
        "1",
        "5",
        "2026",
        "Jan",
        "monday 9",
        "on the 5th",
        "fri 25:00",
        "Dana",
        "April",
        "send Acme feedback by fri 3pm",
        "+44 7700 900123",
        "1700000000",
        "",
        "   ",
        "fri\x00 3pm",
        "fri\x1b 3pm",
        "x" * 101,
        "tomorrow " + "x" * 100,
    ],
)
def test_refuses_what_is_not_a_date(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow by 25pm",
        "tomorrow at 99",
        "tomorrow 3pm 3pm",
        "tomorrow tomorrow",
        "fri sat",
        "13/45",
        "32/1",
        "tomorrow by",
        "tomorrow blah",
        "fri 13:60",
        "2026-02-30",
    ],
)
def test_every_word_must_be_part_of_the_date(text: str) -> None:
    assert read(text) is None


def test_line_breaks_count_as_spaces() -> None:
    assert local("fri\n3pm\n") == ("Fri 2026-11-27 15:00", True)


def test_the_result_is_aware_and_in_the_zone() -> None:
    parsed = read("fri 3pm")
    assert parsed is not None
    assert parsed.at.utcoffset() is not None
    assert parsed.at.astimezone(UTC) == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def test_relative_to_now_in_the_users_zone() -> None:
    # 02:00 UTC on Monday is still Sunday 21:00 in New York: "tomorrow" is Monday there.
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    parsed = PARSER.parse("tomorrow 9am", now=now, tz=NEW_YORK)
    assert parsed is not None
    assert parsed.at.astimezone(NEW_YORK).strftime("%a %d %H:%M") == "Mon 23 09:00"


def test_a_time_skipped_by_the_clocks_moves_forward() -> None:
    # London springs forward 01:00 -> 02:00 on 29 March 2026: 01:30 does not exist.
    parsed = read("2026-03-29T01:30")
    assert parsed is not None
    assert parsed.at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert parsed.at.astimezone(LONDON).hour == 2


def test_an_ambiguous_time_is_its_first_occurrence() -> None:
    # London falls back 02:00 -> 01:00 on 25 October 2026: 01:30 happens twice.
    parsed = read("2026-10-25T01:30")
    assert parsed is not None
    assert parsed.at.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_day_across_the_clock_change_is_local_midnight() -> None:
    now = datetime(2026, 3, 27, 12, 0, tzinfo=LONDON)
    parsed = read("in 3 days", now)
    assert parsed is not None
    assert parsed.at == datetime(2026, 3, 30, 0, 0, tzinfo=LONDON)
    assert parsed.at.utcoffset() is not None
    assert parsed.at.astimezone(UTC).hour == 23  # BST midnight is 23:00 UTC the day before


def test_place_local_keeps_a_normal_wall_time() -> None:
    assert place_local(datetime(2026, 7, 1, 9, 0), LONDON).hour == 9


def test_date_order_can_be_day_first() -> None:
    day_first = DateparserWhenParser(date_order="DMY")
    parsed = day_first.parse("1/12/2026", now=SUNDAY, tz=LONDON)
    assert parsed is not None
    assert (parsed.at.month, parsed.at.day) == (12, 1)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    parsed = read(text)
    assert parsed is None or parsed.at.utcoffset() is not None


def test_the_library_is_imported_at_the_first_date_or_by_warm() -> None:
    """Opening the ledger does not pay for the date library; ``warm`` (on any thread) does."""
    code = (
        "import sys, threading\n"
        "import trayapp.ledger.opening\n"
        "from trayapp.platform.dates import DateparserWhenParser\n"
        "parser = DateparserWhenParser()\n"
        "print('dateparser' in sys.modules)\n"
        "worker = threading.Thread(target=parser.warm)\n"
        "worker.start(); worker.join()\n"
        "print('dateparser.date' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "True"]
