"""Dates as people type them into quick-capture tools, read before the date library sees them.

Two small steps, both pure:

``rewrite`` turns short forms into phrases the library reads: ``4d`` is ``in 4 days``, ``2w``
two weeks, ``3h`` three hours, ``90min`` ninety minutes, ``3mo`` three months (``3m`` alone is
not read: minutes or months?); ``tmr``/``tmrw`` is tomorrow; ``a week from today``, ``2 weeks
from now`` and ``a week today`` count from today; ``later today`` is in three hours; ``this
weekend`` is Saturday; ``this week`` and ``later this week`` are the end of the week; ``first
thing tomorrow`` is the start of working hours; ``in 3 days' time``, ``in half an hour``, ``1y``
and ``in a year`` are read too; a year of two digits in a numeric date is this century's
(``1/12/26``).

``read_period`` works out what the library does not know, from the working days in settings
(weeks start on Monday):

- ``end of the week`` (``eow``, ``end of week``, ``by the end of the week``): the last working day
  of this working week (Friday for a Monday-to-Friday week, Thursday for Sunday-to-Thursday),
  which callers place at the end of working hours; once that moment has passed, the next
  week's. ``end of next week``: the one after next Monday.
- ``end of the month`` (``eom``, ``end of month``): the last working day of this month; once
  passed, next month's.
- ``next week``: the first working day of next week (Monday by default).
- ``mon next week``, ``next week mon``, ``tue in 2 weeks``: that weekday in that week.
- ``in 3 working days``, ``3 business days``, ``in 3 weekdays``: counted over working days,
  starting tomorrow.

Each may be followed by a time (``eow 3pm``, ``mon next week at 9am``, ``next week noon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

#: Shown when a date cannot be read: phrases that work.
DATE_EXAMPLES = (
    "'fri 3pm', 'tomorrow 9am', '4d', 'in 2 weeks', 'eow', 'end of month', "
    "'mon next week', 'in 3 working days' or 2026-12-01"
)
MAX_COUNT = 999
_WEEKDAY_NAMES = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ONE = frozenset({"a", "an", "one", "1"})
_COUNT = r"(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_SHORT_UNITS = {
    "d": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "min": "minutes",
    "mins": "minutes",
    "mo": "months",
    "mos": "months",
    "y": "years",
    "yr": "years",
    "yrs": "years",
}
_SHORT = re.compile(r"(?:\bin\s+)?\b(\d{1,3})\s?(d|wks?|w|hrs?|h|mins?|mos?|yrs?|y)\b(\s+ago\b)?")
_MINUTES_OR_MONTHS = re.compile(r"\b(\d{1,3})\s?m\b")
_TOMORROW = re.compile(r"\btmrw?\b")
_SHORT_YEAR = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2})\b")
_FROM_TODAY = re.compile(
    rf"^(?:in\s+)?{_COUNT}\s+(day|week|fortnight|month)s?\s+from\s+(?:today|now)$"
)
_A_WEEK_TODAY = re.compile(r"^(?:a|one)\s+week\s+(today|tomorrow)$")
_FIRST_THING = re.compile(r"^first\s+thing(?:\s+(.+))?$")
_TIME_AFTER = re.compile(r"\b(days?|weeks?|months?|hours?)'?\s+time$")
_YEARS = re.compile(r"\bin\s+(a|an|one|two|three|\d)\s+years?$")
#: Whole phrases said another way.
_WHOLE = (
    (re.compile(r"^later\s+today$"), "in 3 hours"),
    (re.compile(r"^(?:(?:at|on|over)\s+)?(?:this|the)?\s*weekend$"), "sat"),
    (re.compile(r"^(?:(?:by|at)\s+)?(?:the\s+)?end\s+of\s+today$"), "eod"),
    (re.compile(r"^(?:by\s+)?(?:later\s+)?this\s+week$"), "eow"),
)

_END = r"(?:(?:by|at|before|until|till)\s+)?(?:the\s+)?"
_END_OF_WEEK = re.compile(rf"^{_END}(?:eow|end\s+of\s+(?:the\s+|this\s+)?week)\b")
_END_OF_NEXT_WEEK = re.compile(rf"^{_END}end\s+of\s+next\s+week\b")
_END_OF_MONTH = re.compile(rf"^{_END}(?:eom|end\s+of\s+(?:the\s+|this\s+)?month)\b")
_DAY = rf"(?P<day>{'|'.join(_WEEKDAY_NAMES)})"
_WEEKS = rf"(?P<weeks>next\s+week|in\s+{_COUNT}\s+weeks?|in\s+a\s+fortnight)"
_DAY_OF_WEEK = re.compile(rf"^(?:on\s+)?{_DAY}\s+{_WEEKS}\b")
_WEEK_THEN_DAY = re.compile(rf"^{_WEEKS}\s+(?:on\s+)?{_DAY}\b")
_NEXT_WEEK = re.compile(r"^(?:(?:by|on|in)\s+)?next\s+week\b")
_WORKING_DAYS = re.compile(
    rf"^(?:(?:in|within)\s+)?{_COUNT}\s+(?:working|business|work|week)\s*days?\b"
)
_CLOCK = re.compile(r"^(?:at\s+)?(?:(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?|(noon|midday))$")


@dataclass(frozen=True, slots=True)
class Calendar:
    """Which weekdays are worked (0 = Monday) and when the working day ends and starts."""

    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    day_end: clock_time = clock_time(18, 0)
    day_start: clock_time = clock_time(8, 30)

    def works(self, day: date) -> bool:
        return day.weekday() in self.working_days


@dataclass(frozen=True, slots=True)
class PeriodDay:
    """A day worked out from a phrase, and the time given with it (``None``: a day alone)."""

    day: date
    at: clock_time | None = None


def unread(text: str, what: str = "date") -> str:
    """The message for words that are not a date: what was typed, and phrases that work."""
    said = f"could not read a {what} in '{text}'"
    minutes_or_months = _MINUTES_OR_MONTHS.search(text.casefold())
    if minutes_or_months:
        count = minutes_or_months[1]
        return f"{said}: minutes or months? Write {count}min or {count}mo"
    return f"{said}; dates read are such as {DATE_EXAMPLES}"


def rewrite(text: str, calendar: Calendar | None = None) -> str:
    """``text`` with short forms spelled out as phrases the date library (or ``read_period``)
    reads; ``first thing`` is the start of working hours in ``calendar``."""
    folded = " ".join(text.casefold().split())
    for pattern, replacement in _WHOLE:
        if pattern.match(folded):
            return replacement
    week_today = _A_WEEK_TODAY.match(folded)
    if week_today:
        return "in 1 week" if week_today[1] == "today" else "in 8 days"
    from_today = _FROM_TODAY.match(folded)
    if from_today:
        count, unit = from_today[1], from_today[2]
        return f"in {count} {unit}" if count in _ONE else f"in {count} {unit}s"
    first_thing = _FIRST_THING.match(folded)
    if first_thing:
        start = (calendar or Calendar()).day_start
        folded = f"{first_thing[1] or ''} {start:%H:%M}".strip()
    folded = _SHORT_YEAR.sub(r"\1\2\3\g<2>20\4", folded)
    folded = _TOMORROW.sub("tomorrow", folded)
    folded = _TIME_AFTER.sub(r"\1", folded).replace("half an hour", "30 minutes")
    folded = _SHORT.sub(_spelled_out, folded)
    return _YEARS.sub(lambda m: f"in {12 * _count(m[1])} months", folded)


def _spelled_out(short: re.Match[str]) -> str:
    """``4d`` -> ``in 4 days``; ``2d ago`` -> ``2 days ago``."""
    unit = _SHORT_UNITS[short[2]]
    return f"{short[1]} {unit} ago" if short[3] else f"in {short[1]} {unit}"


def read_period(text: str, now: datetime, calendar: Calendar) -> PeriodDay | None:
    """The day a period phrase names, seen from the local wall time ``now``; ``None`` when
    ``text`` is not one (or a time after it cannot be read)."""
    folded = " ".join(text.casefold().split())
    for reader in _READERS:
        found = reader(folded, now, calendar)
        if found is not None:
            day, rest = found
            if not rest:
                return PeriodDay(day)
            at = _clock(rest)
            return None if at is None else PeriodDay(day, at)
    return None


_Found = tuple[date, str] | None


def _end_of_week(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _END_OF_WEEK.match(text)
    if match is None:
        return None
    day = _week_end(now.date(), calendar)
    if not _still_ahead(day, now, calendar):
        day = _week_end(day + timedelta(days=1), calendar)
    return _with_rest(day, text, match)


def _end_of_next_week(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _END_OF_NEXT_WEEK.match(text)
    if match is None:
        return None
    return _with_rest(_week_end(_monday(now.date()) + timedelta(days=7), calendar), text, match)


def _end_of_month(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _END_OF_MONTH.match(text)
    if match is None:
        return None
    first = now.date().replace(day=1)
    day = _last_working_day(first, _month_length(first), calendar)
    if day is None or not _still_ahead(day, now, calendar):
        following = _next_month(first)
        day = _last_working_day(following, _month_length(following), calendar)
    return _with_rest(day, text, match)


def _weekday_in_week(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _DAY_OF_WEEK.match(text) or _WEEK_THEN_DAY.match(text)
    if match is None:
        return None
    ahead = _weeks_ahead(match["weeks"])
    day = _monday(now.date()) + timedelta(days=7 * ahead + _WEEKDAY_NAMES[match["day"]])
    return _with_rest(day, text, match)


def _next_week(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _NEXT_WEEK.match(text)
    if match is None:
        return None
    monday = _monday(now.date()) + timedelta(days=7)
    day = next((d for d in _days(monday, 7) if calendar.works(d)), monday)
    return _with_rest(day, text, match)


def _working_days(text: str, now: datetime, calendar: Calendar) -> _Found:
    match = _WORKING_DAYS.match(text)
    if match is None:
        return None
    count = _count(match[1])
    if not 1 <= count <= MAX_COUNT or not calendar.working_days:
        return None
    day = now.date()
    while count:
        day += timedelta(days=1)
        count -= calendar.works(day)
    return _with_rest(day, text, match)


_READERS = (
    _end_of_next_week,
    _end_of_week,
    _end_of_month,
    _weekday_in_week,
    _next_week,
    _working_days,
)


def _with_rest(day: date | None, text: str, match: re.Match[str]) -> _Found:
    if day is None:
        return None
    return day, text[match.end() :].strip(" ,")


def _clock(rest: str) -> clock_time | None:
    """``3pm``, ``at 9:30am``, ``15:00``, ``noon``: a time of day (a bare ``3`` is not one)."""
    match = _CLOCK.match(rest)
    if match is None:
        return None
    if match[4]:
        return clock_time(12, 0)
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half is None and match[2] is None:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return clock_time(hour, minute)


def _still_ahead(day: date, now: datetime, calendar: Calendar) -> bool:
    """Whether the end of the working day ``day`` is still to come."""
    return day > now.date() or (day == now.date() and now.time() < calendar.day_end)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


def _week_end(first: date, calendar: Calendar) -> date:
    """The last working day of the run of working days at or after ``first`` (Friday, for a
    Monday-to-Friday week); the Sunday when every day is worked."""
    for day in _days(first, 7):
        if calendar.works(day) and not calendar.works(day + timedelta(days=1)):
            return day
    return _monday(first) + timedelta(days=6)


def _last_working_day(first: date, count: int, calendar: Calendar) -> date | None:
    worked = [d for d in _days(first, count) if calendar.works(d)]
    return worked[-1] if worked else None


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def _month_length(first: date) -> int:
    return (_next_month(first) - first).days


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _weeks_ahead(phrase: str) -> int:
    words = phrase.split()
    if words[0] == "next":
        return 1
    if words[-1] == "fortnight":
        return 2
    return _count(words[1])
