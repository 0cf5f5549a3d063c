"""Finding the date at the end of a quick-add line and turning it into an instant.

The date is the longest run of trailing words (at most ``MAX_DATE_WORDS``) that the
``WhenParser`` accepts; the words before it are the rest of the line. A weekday alone names
the next such day or today (``fri`` on a Friday): a due date on a today whose moment has
passed (``fri 9am`` at 10:00, ``fri`` after the end of the working day) is next week's, a
touch on a today still to come (``called Dana fri 3pm`` at 10:00) was last week's. A due date
more than ``MAX_YEARS_AHEAD`` years ahead is refused. A due date in the past is refused too,
unless it names its year (``2025-07-15``, ``15 July 2025``, ``7/15/2025``): that is a promise
already owed, recorded late. A relative phrase never is (``fri`` on a Saturday is next Friday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.ports import ParsedWhen, WhenParser
from trayapp.core.quickadd.vocabulary import DATE_JOINERS

MAX_DATE_WORDS = 7
MAX_YEARS_AHEAD = 10
HORIZON_DAYS = 3653  # ten years
_WEEKDAY = re.compile(
    r"\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(day)?\b", re.IGNORECASE
)
_NEXT_OR_LAST = re.compile(r"\b(next|last|this|coming)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d:.])(19|20)\d{2}(?![\d:])")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)", re.IGNORECASE)
_TIME_ONLY = re.compile(r"^(at\s+)?(\d{1,2}([:.]\d{2})?\s*(am|pm)?|noon|midday)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reader:
    """What reading dates needs: the time, the user's zone, the parser, the end of the day."""

    now: datetime
    tz: ZoneInfo
    when: WhenParser
    end_of_day: time

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        object.__setattr__(self, "now", self.now.astimezone(UTC))

    def parse(self, text: str) -> ParsedWhen | None:
        return self.when.parse(text, now=self.now, tz=self.tz)

    def at_local(self, day: date, wall: time) -> datetime:
        """``day`` at ``wall`` in the user's zone, as UTC; a skipped time moves forward."""
        placed = datetime.combine(day, wall).replace(tzinfo=self.tz, fold=0)
        return placed.astimezone(UTC)

    def days_earlier(self, at: datetime, days: int) -> datetime:
        """The same wall time ``days`` earlier in the user's zone."""
        return days_later(at, -days, self.tz)


def days_later(at: datetime, days: int, tz: ZoneInfo) -> datetime:
    """The same wall time ``days`` later in ``tz`` (UTC); a skipped time moves forward."""
    local = at.astimezone(tz)
    wall = datetime.combine(local.date() + timedelta(days=days), local.time())
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def names_its_year(text: str, year: int) -> bool:
    """Whether a date as typed spells out ``year``, the year it was read as (``2025-07-15``,
    ``15 July 2025``): that year and a month or day beside it (``2030`` alone may be a time;
    ``2000-01-01S0000 yesterday`` names a year, but was read as yesterday)."""
    for found in _YEAR.finditer(text):
        if int(found.group()) != year:
            continue
        rest = text[: found.start()] + text[found.end() :]
        if any(ch.isdigit() for ch in rest) or _MONTH.search(rest) is not None:
            return True
    return False


def future_instant(
    at: datetime,
    text: str,
    now: datetime,
    tz: ZoneInfo,
    what: str = "that date",
    *,
    late: bool = False,
) -> datetime:
    """``at`` as a moment to come: a weekday naming today whose moment has passed is next
    week's; refuses the past and more than ``MAX_YEARS_AHEAD`` years ahead. With ``late`` a
    past date that names its year is kept as it is (a promise already owed)."""
    if late and at <= now and names_its_year(text, at.astimezone(tz).year):
        return at
    if at <= now and _WEEKDAY.search(text) and not _NEXT_OR_LAST.search(text):
        at = days_later(at, 7, tz)
    if at <= now:
        raise BadInput(f"{what} is in the past: '{text}'")
    horizon = now + timedelta(days=HORIZON_DAYS)
    if at > horizon:
        raise BadInput(
            f"{what} '{text}' is more than {MAX_YEARS_AHEAD} years ahead; give one before "
            f"{horizon.astimezone(tz):%d %b %Y}"
        )
    return at


@dataclass(frozen=True, slots=True)
class Split:
    """A line cut in two: the words before the date, and the date."""

    head: list[str]
    date_words: list[str]
    parsed: ParsedWhen

    @property
    def text(self) -> str:
        return " ".join(self.date_words)


def split_date(words: list[str], reader: Reader, *, keep: int = 1) -> Split | None:
    """The longest trailing date, leaving at least ``keep`` words before it."""
    longest = min(MAX_DATE_WORDS, len(words) - keep)
    for size in range(longest, 0, -1):
        tail = words[-size:]
        if tail[0].casefold() in DATE_JOINERS:
            continue
        parsed = reader.parse(" ".join(tail))
        if parsed is not None:
            head = trim_joiners(words[:-size])
            _refuse_two_dates(head, words[len(head) :], reader)
            return Split(head, tail, parsed)
    return None


def _refuse_two_dates(head: list[str], tail: list[str], reader: Reader) -> None:
    """``by tomorrow 3pm 3pm``: a date just before the date read means it was not one date."""
    for size in range(min(3, len(head)), 0, -1):
        if reader.parse(" ".join(head[-size:])) is not None:
            shown = " ".join([*head[-size:], *tail])
            raise BadInput(f"could not read '{shown}' as one date")


def words_after_a_date(words: list[str], reader: Reader) -> tuple[str, str] | None:
    """``send x tomorrow blah`` -> (``tomorrow``, ``blah``): a date followed by words that are
    not part of it, near the end of the line."""
    first = max(0, len(words) - MAX_DATE_WORDS - 3)
    for start in range(first, len(words) - 1):
        if words[start].casefold() in DATE_JOINERS:
            continue
        for end in range(min(len(words) - 1, start + MAX_DATE_WORDS), start, -1):
            if reader.parse(" ".join(words[start:end])) is not None:
                return " ".join(words[start:end]), " ".join(words[end:])
    return None


def trim_joiners(words: list[str]) -> list[str]:
    """Drop trailing ``by``/``on``/``at``... left over once the date is cut off."""
    end = len(words)
    while end and words[end - 1].casefold().rstrip(",") in DATE_JOINERS:
        end -= 1
    return words[:end]


def unread_date(words: list[str]) -> str:
    """The words that were probably meant as a date: from the last ``by``/``on``/``at``."""
    for index in range(len(words) - 1, max(-1, len(words) - MAX_DATE_WORDS - 2), -1):
        if words[index].casefold() in DATE_JOINERS and index < len(words) - 1:
            return " ".join(words[index:])
    return ""


def due_instant(split: Split, reader: Reader) -> datetime:
    """When a promise falls due: a day alone means the end of that working day; a past date
    that names its year is a promise already owed."""
    parsed = split.parsed
    if parsed.has_time:
        due = parsed.at.astimezone(UTC)
    else:
        due = reader.at_local(parsed.at.astimezone(reader.tz).date(), reader.end_of_day)
    return future_instant(due, split.text, reader.now, reader.tz, late=True)


def until_instant(split: Split, reader: Reader) -> datetime:
    """Until when to wait for a reply: as a due date (a day alone is the end of that working
    day), but always still ahead."""
    parsed = split.parsed
    until = parsed.at.astimezone(UTC)
    if not parsed.has_time:
        until = reader.at_local(parsed.at.astimezone(reader.tz).date(), reader.end_of_day)
    return future_instant(until, split.text, reader.now, reader.tz, what="the time to wait until")


def quiet_instant(split: Split, reader: Reader) -> datetime:
    """Until when to hold off: the time given, or the start of the day named."""
    parsed = split.parsed
    quiet = parsed.at.astimezone(UTC)
    if not parsed.has_time:
        quiet = reader.at_local(parsed.at.astimezone(reader.tz).date(), time())
    return future_instant(quiet, split.text, reader.now, reader.tz)


def past_weekday(at: datetime, text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """A weekday still to come (``fri 3pm`` on a Friday morning), said of something that
    happened: last week's."""
    if at > now and _WEEKDAY.search(text):
        return days_later(at, -7, tz)
    return at


def past_instant(split: Split, reader: Reader) -> datetime:
    """When a touch happened: ``yesterday`` is this time yesterday, ``mon`` the last Monday."""
    parsed = split.parsed
    at = parsed.at.astimezone(UTC)
    if not parsed.has_time:
        day = parsed.at.astimezone(reader.tz).date()
        at = reader.at_local(day, reader.now.astimezone(reader.tz).time())
    at = past_weekday(at, split.text, reader.now, reader.tz)
    if at > reader.now and _TIME_ONLY.match(split.text):
        at = reader.days_earlier(at, 1)
    if at > reader.now:
        raise BadInput(f"a touch is something that happened; '{split.text}' is in the future")
    return at
