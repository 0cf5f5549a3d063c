"""Reading dates from words with ``dateparser``: the ``WhenParser`` port.

Rules on top of the library, so that a wrong date is refused rather than guessed:

- the future is preferred, relative to ``now`` in the user's zone;
- a bare weekday is the next one, or today when it names today (``fri`` and ``fri 9am`` said
  on a Friday are that Friday, even when 9:00 has passed): whether a passed moment means next
  week's (a due date) or last week's (a touch) is the caller's rule (``core.quickadd_when``);
  ``next fri`` on a Friday is next week's;
- every word must be part of the date and no part may be given twice (``tomorrow by 25pm``,
  ``fri 3pm 3pm``, ``13/45`` are refused, not read as the part that makes sense);
- ``eod``, ``end of day``, ``cob`` and ``close of business`` name a day without a time (today,
  or the day they go with), which callers place at the end of the working day;
- a day without a time comes back at local midnight with ``has_time`` False;
- local wall times are placed with ``zoneinfo``: an ambiguous time (clocks going back) is the
  first occurrence, a time that does not exist (clocks going forward) moves forward by the gap;
- bare numbers, a year or a month alone, a weekday that disagrees with the date read, text that
  is too long or holds control characters: ``None``. ``parse`` never raises.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from trayapp.core.ports import ParsedWhen

MAX_LENGTH = 100
_TIMED_PERIODS = frozenset({"time", "part_of_day"})
_DAY_PERIODS = frozenset({"day", "week"})
_PARSERS = ["relative-time", "custom-formats", "absolute-time"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LONG_NUMBER = re.compile(r"\d{5,}")
_DATE_NUMBERS = re.compile(r"\d{1,4}[-/.]\d{1,2}|\d{1,2}:\d{2}")
_END_OF_DAY = re.compile(
    r"^(?:(?:by|at|on)\s+)?(?:eod|cob|end\s+of(?:\s+the)?\s+day|close\s+of\s+business)\b\s*"
    r"|\s*\b(?:eod|cob|end\s+of(?:\s+the)?\s+day|close\s+of\s+business)$",
    re.IGNORECASE,
)
_WEEKDAYS = {
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
_WORD = re.compile(r"[a-z]+")
# Every word of a date must be read: dateparser skips words it does not know ("tomorrow by
# 25pm" is tomorrow to it), so each word is checked against what dates are made of.
_MONTHS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june"
    " july august september october november december"
)
_DATE_WORDS = (
    frozenset(
        (
            _MONTHS + " today tomorrow tonight yesterday now next this last coming in on at by of"
            " the a an from after ago time day days week weeks fortnight fortnights month months"
            " year years hour hours hr hrs minute minutes min mins second seconds sec secs"
            " morning afternoon evening"
            " night noon midday midnight am pm one two three four five six seven eight nine ten"
            " eleven twelve"
        ).split()
    )
    | _WEEKDAYS.keys()
)
_ONE_EACH = (
    frozenset(("today", "tomorrow", "tonight", "yesterday")),
    frozenset(_WEEKDAYS),
    frozenset(_MONTHS.split()),
)
# "in 90 minutes": a number before a unit is a count, not a day of the month.
_UNIT_WORDS = (
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks"
    " month months"
)
_UNITS = frozenset(_UNIT_WORDS.split())
# Words that need another after them: "tomorrow by" is not a whole date.
_DANGLING_WORDS = "in on at by of the a an from after next this last coming"
_DANGLING = frozenset(_DANGLING_WORDS.split())
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")
_DAY_NUMBER = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]?")


def place_local(wall: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a naive wall time; a skipped time moves forward by the gap."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return place_local(datetime.combine(day, clock_time()), tz)


class DateparserWhenParser:
    """``WhenParser`` backed by ``dateparser`` (English only, which keeps it fast).

    ``date_order`` (``"DMY"``, ``"MDY"``, ``"YMD"``) says how to read ``1/12``; by default
    dateparser reads it month first. ISO 8601 is always read as ISO.
    """

    def __init__(self, *, date_order: str | None = None, max_length: int = MAX_LENGTH) -> None:
        self._date_order = date_order
        self._max_length = max_length

    def warm(self) -> None:
        """Import dateparser and load its English data (about 80 ms and 17 MiB, paid once per
        process): the tray app calls this on a worker thread once its icon shows, so that
        neither start-up nor the first keystroke in quick add waits for it."""
        self.parse("next friday 3pm", now=datetime.now(UTC), tz=ZoneInfo("UTC"))

    def parse(self, text: str, *, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        try:
            return self._parse(text, now, tz)
        except Exception:  # the library has raised odd errors on odd text: such text is no date
            return None

    def _parse(self, text: str, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        cleaned = " ".join(text.split())
        if not _plausible(cleaned, self._max_length):
            return None
        stripped = _END_OF_DAY.sub("", cleaned, count=1).strip()
        if stripped != cleaned:
            return self._end_of_day(stripped, now, tz)
        return self._read(cleaned, now, tz)

    def _end_of_day(self, rest: str, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        if not rest:
            return ParsedWhen(local_midnight(now.astimezone(tz).date(), tz), has_time=False)
        if _END_OF_DAY.search(rest):
            return None
        parsed = self._read(rest, now, tz)
        if parsed is None or parsed.has_time:
            return None
        return parsed

    def _read(self, text: str, now: datetime, tz: ZoneInfo) -> ParsedWhen | None:
        if not every_word_read(text):
            return None
        from dateparser.date import DateDataParser  # heavy: imported at first use, see ``warm``

        local_now = now.astimezone(tz)
        data = DateDataParser(languages=["en"], settings=self._settings(local_now)).get_date_data(
            text
        )
        found, period = data.date_obj, data.period
        if found is None or not _period_fits(period, text):
            return None
        has_time = period in _TIMED_PERIODS
        at = found.astimezone(tz) if found.tzinfo is not None else place_local(found, tz)
        if not has_time:
            at = local_midnight(at.date(), tz)
        named = _named_weekday(text)
        if named is not None:
            if at.weekday() != named:
                return None
            at = _same_day_this_week(at, local_now, text, has_time=has_time)
        return ParsedWhen(at, has_time)

    def _settings(self, local_now: datetime) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
            "RETURN_TIME_AS_PERIOD": True,
            "PARSERS": _PARSERS,
        }
        if self._date_order:
            settings["DATE_ORDER"] = self._date_order
        return settings


def _plausible(text: str, max_length: int) -> bool:
    """Cheap refusals before the library sees the text."""
    if not text or len(text) > max_length or _CONTROL.search(text):
        return False
    if _LONG_NUMBER.search(text):
        return False
    has_letter = any(ch.isalpha() for ch in text)
    return has_letter or bool(_DATE_NUMBERS.search(text))


def every_word_read(text: str) -> bool:
    """Whether each word of ``text`` is part of a date, and no part is given twice."""
    tokens = text.casefold().replace(",", " ").split()
    times = 0
    for token, after in zip(tokens, [*tokens[1:], ""], strict=True):
        if token in _DATE_WORDS or (after in _UNITS and token.isdigit() and len(token) <= 3):
            continue
        if _ISO.match(token):
            if not _iso_fits(token):
                return False
            times += "t" in token or ":" in token
            continue
        clock = _CLOCK.match(token)
        if clock and (clock[2] or clock[3]):
            if not _clock_fits(clock):
                return False
            times += 1
        elif not _number_fits(token):
            return False
    once = all(sum(t in kind for t in tokens) <= 1 for kind in _ONE_EACH)
    return once and times <= 1 and bool(tokens) and tokens[-1] not in _DANGLING


def _clock_fits(clock: re.Match[str]) -> bool:
    """``3pm``, ``3.30pm``, ``15:00``: a real time of day."""
    hour, minute = int(clock[1]), int(clock[2] or 0)
    if clock[3]:
        return 1 <= hour <= 12 and minute <= 59
    return hour <= 23 and minute <= 59


def _number_fits(token: str) -> bool:
    """A day of the month (``5``, ``1st``), a year, or a numeric date (``1/12``, ``12-01``)."""
    day = _DAY_NUMBER.match(token)
    if day:
        return 1 <= int(day[1]) <= 31
    if re.fullmatch(r"\d{4}", token):
        return int(token) >= 1900
    numeric = _NUMERIC_DATE.match(token)
    if numeric is None:
        return False
    first, second = int(numeric[1]), int(numeric[2])
    if len(numeric[1]) == 4:
        return first >= 1900 and 1 <= second <= 12
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


def _iso_fits(token: str) -> bool:
    try:
        found = datetime.fromisoformat(token.upper())
    except ValueError:
        return False
    return found.year >= 1900


def _period_fits(period: str | None, text: str) -> bool:
    """A month or a year alone is too vague to be due; ``in a month`` is fine."""
    if period in _TIMED_PERIODS or period in _DAY_PERIODS:
        return True
    return period == "month" and "month" in text.casefold()


def _named_weekday(text: str) -> int | None:
    for word in _WORD.findall(text.casefold()):
        if word in _WEEKDAYS:
            return _WEEKDAYS[word]
    return None


def _same_day_this_week(
    at: datetime, local_now: datetime, text: str, *, has_time: bool
) -> datetime:
    """``fri`` or ``fri 9am`` on a Friday is that Friday (``next fri``: next week's)."""
    if "next" in _WORD.findall(text.casefold()):
        return at
    if (at.date() - local_now.date()).days != 7:
        return at
    tz = local_now.tzinfo
    assert isinstance(tz, ZoneInfo)
    if not has_time:
        return local_midnight(local_now.date(), tz)
    return place_local(at.replace(tzinfo=None) - timedelta(days=7), tz)
