"""Finding the date at the end of a quick-add line and turning it into an instant.

The date is the longest run of trailing words (at most ``MAX_DATE_WORDS``) that the
``WhenParser`` accepts; the words before it are the rest of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.ports import ParsedWhen, WhenParser
from trayapp.core.quickadd_words import DATE_JOINERS

MAX_DATE_WORDS = 7
_WEEKDAY = re.compile(
    r"\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(day)?\b", re.IGNORECASE
)
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
        local = at.astimezone(self.tz)
        return self.at_local(local.date() - timedelta(days=days), local.time())


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
            return Split(trim_joiners(words[:-size]), tail, parsed)
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
    """When a promise falls due: a day alone means the end of that working day."""
    parsed = split.parsed
    if parsed.has_time:
        due = parsed.at.astimezone(UTC)
    else:
        due = reader.at_local(parsed.at.astimezone(reader.tz).date(), reader.end_of_day)
    if due <= reader.now:
        raise BadInput(f"that date is in the past: '{split.text}'")
    return due


def quiet_instant(split: Split, reader: Reader) -> datetime:
    """Until when to hold off: the time given, or the start of the day named."""
    parsed = split.parsed
    quiet = parsed.at.astimezone(UTC)
    if not parsed.has_time:
        quiet = reader.at_local(parsed.at.astimezone(reader.tz).date(), time())
    if quiet <= reader.now:
        raise BadInput(f"that date is in the past: '{split.text}'")
    return quiet


def past_instant(split: Split, reader: Reader) -> datetime:
    """When a touch happened: ``yesterday`` is this time yesterday, ``mon`` the last Monday."""
    parsed = split.parsed
    at = parsed.at.astimezone(UTC)
    if not parsed.has_time:
        day = parsed.at.astimezone(reader.tz).date()
        at = reader.at_local(day, reader.now.astimezone(reader.tz).time())
    if at > reader.now and _WEEKDAY.search(split.text):
        at = reader.days_earlier(at, 7)
    elif at > reader.now and _TIME_ONLY.match(split.text):
        at = reader.days_earlier(at, 1)
    if at > reader.now:
        raise BadInput(f"a touch is something that happened; '{split.text}' is in the future")
    return at
