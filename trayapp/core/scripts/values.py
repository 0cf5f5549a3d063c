"""The values a script's placeholders are filled with, in words, in the user's time zone.

Dates and durations are spelled in English by this module (not by the C library's locale),
so a script reads the same on every machine: "Friday 27 November", "2 weeks", "about a year".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from trayapp.core.model import Contact, Promise
from trayapp.core.promises import days_late
from trayapp.core.scripts.template import PLACEHOLDERS, clean_value
from trayapp.core.settings import Settings

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# "Send Acme feedback" reads "I said I'd send Acme feedback": these verbs lose their capital.
_LEADING_VERBS = frozenset(
    [
        "arrange",
        "ask",
        "book",
        "call",
        "chase",
        "check",
        "come",
        "confirm",
        "email",
        "e-mail",
        "find",
        "follow",
        "forward",
        "get",
        "give",
        "introduce",
        "let",
        "look",
        "pass",
        "phone",
        "ring",
        "send",
        "set",
        "share",
        "speak",
        "submit",
        "talk",
        "update",
    ]
)
_DAY = 86400


@dataclass(frozen=True, slots=True)
class ScriptValues:
    """Placeholder values; an empty string means "not known" (see ``scripts_template``)."""

    first_name: str = ""
    name: str = ""
    my_name: str = ""
    my_company: str = ""
    topic: str = ""
    promised_on: str = ""
    due: str = ""
    days_late: str = ""
    time_late: str = ""
    company: str = ""

    def as_mapping(self) -> dict[str, str]:
        """Cleaned values by placeholder name: one line, no control characters, bounded."""
        return {name: clean_value(getattr(self, name)) for name in PLACEHOLDERS}

    @classmethod
    def for_contact(cls, contact: Contact, settings: Settings) -> ScriptValues:
        """Values that need no promise: names and companies."""
        return cls(
            first_name=contact.first_name,
            name=contact.name,
            my_name=settings.my_name,
            my_company=settings.my_company,
            company=contact.company,
        )

    @classmethod
    def from_promise(
        cls,
        promise: Promise | None,
        contact: Contact,
        settings: Settings,
        at: datetime,
        tz: ZoneInfo,
    ) -> ScriptValues:
        """Values for ``promise`` to ``contact`` as they stand at ``at``, dates in ``tz``."""
        base = cls.for_contact(contact, settings)
        if promise is None:
            return base
        late = promise.lateness(at)
        return dataclasses.replace(
            base,
            topic=topic_words(promise.what),
            promised_on=date_words(promise.due_at, tz, at),
            due=due_words(promise.due_at, tz, at),
            days_late=str(days_late(promise, at)) if late >= _DAY else "",
            time_late=lateness_words(late) if late > 0 else "",
        )


def topic_words(what: str) -> str:
    """What was promised, ready to follow "I said I'd": a leading verb loses its capital."""
    text = " ".join(what.split())
    first, _, rest = text.partition(" ")
    if first.lower() in _LEADING_VERBS and first[:1].isupper() and first[1:].islower():
        return " ".join(part for part in (first.lower(), rest) if part)
    return text


def date_words(at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """``Friday 27 November`` in ``tz``, with the year when it is not ``now``'s year."""
    local = at.astimezone(tz)
    text = f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"
    if local.year != now.astimezone(tz).year:
        text = f"{text} {local.year}"
    return text


def due_words(at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """``Friday 27 November at 15:00``; just the date when the time is the start or end of day."""
    local = at.astimezone(tz)
    day = date_words(at, tz, now)
    if local.time() == time(0, 0) or local.time() >= time(23, 59):
        return day
    return f"{day} at {local:%H:%M}"


def lateness_words(seconds: float) -> str:
    """A rounded, spoken duration: ``3 hours``, ``a day``, ``2 weeks``, ``about a year``."""
    seconds = max(0.0, seconds)
    days = seconds / _DAY
    if seconds < 3600:
        return "less than an hour"
    if seconds < _DAY:
        hours = int(seconds // 3600)
        return "an hour" if hours == 1 else f"{hours} hours"
    if days < 14:
        return "a day" if int(days) == 1 else f"{int(days)} days"
    if days < 60:
        return f"{int(days // 7)} weeks"
    if days < 330:
        return f"{max(2, round(days / 30.44))} months"
    years = round(days / 365.25)
    return "about a year" if years <= 1 else f"about {years} years"
