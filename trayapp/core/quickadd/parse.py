"""Quick add: one typed line read as a promise, a touch, a "no" or a "call me back".

``parse_quick_add`` is pure: the time, the user's zone and the date reader are passed in, and
nothing is looked up or saved. The contact stays as typed (a :class:`ContactRef`); the caller
resolves it against the ledger. The forms it reads::

    Dana Smith: send Acme feedback by fri 3pm     promise ("by fri" alone: end of that day)
    Dana - feedback on Acme interview tomorrow    promise
    call Dana re offer next tue 10:00             promise to call
    called Dana / vm Dana re Acme / emailed dana@acme.com / texted Dana / met Dana
    linkedin Dana / messaged Dana on linkedin     outbound touches (a trailing "yesterday",
                                                  "mon 3pm"... says when it happened)
    Dana replied / Dana called / Dana emailed     inbound touches
    Dana said no                                  inbound touch and do not contact
    Dana: call me back in two weeks               inbound touch, quiet until then, and a
                                                  promise to call back due then
    waiting on Dana re offer until tue            wait for their reply: their next inbound
                                                  touch cancels it, else it reminds then
    Dana Smith / dana@acme.com / +44 7700 900123  just a contact, to look at its verdict
    ! Dana: send offer tomorrow 9am               an urgent promise (or call-back): a leading
    Dana: send offer by 9am urgent                or trailing "!" or the word "urgent" (its
                                                  reminders come outside working hours too)

Dates: a bare weekday is the next one, or today's while its moment is still ahead (``by fri``
on a Friday morning is due that evening, ``fri 9am`` at 10:00 next week); a day without a time
is due at ``end_of_day`` that day; a due date in the past or more than ten years ahead is
refused, and so is a date with words that are not part of it (``tomorrow by 25pm``). A new
contact comes only from a clean name, an e-mail address or a phone number (the caller's
resolver checks that). An urgency mark counts only when the rest of the line makes a promise
(a promise or a call-back); any other line is read as typed (``called Dana!`` is a touch,
``called Dana re urgent`` a touch with the note "urgent"), or else without the mark.
Anything else raises :class:`UnreadLine` (a ``BadInput``) naming the part it could not read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.ports import WhenParser
from trayapp.core.quickadd.drafts import (
    CallbackDraft,
    ContactRef,
    DoNotContactDraft,
    Draft,
    LookupDraft,
    PromiseDraft,
    RefKind,
    TouchDraft,
    UnreadLine,
    WaitDraft,
)
from trayapp.core.quickadd.forms import EXAMPLES, read_words
from trayapp.core.quickadd.when import Reader
from trayapp.core.text import unsafe_character

__all__ = [
    "MAX_LINE",
    "CallbackDraft",
    "ContactRef",
    "DoNotContactDraft",
    "Draft",
    "LookupDraft",
    "PromiseDraft",
    "RefKind",
    "TouchDraft",
    "UnreadLine",
    "WaitDraft",
    "parse_quick_add",
]

MAX_LINE = 500
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_TRAILING = ".!;,"
_URGENT = "urgent"


def parse_quick_add(
    line: str, *, now: datetime, tz: ZoneInfo, when: WhenParser, end_of_day: time
) -> Draft:
    """Read one quick-add line; raises :class:`UnreadLine` (a ``BadInput``) and nothing else.

    ``now`` is an aware instant, ``tz`` the user's zone, ``end_of_day`` the local time a
    day-only due date stands for. Instants in the drafts are UTC.
    """
    words = clean_line(line)
    reader = Reader(now=now, tz=tz, when=when, end_of_day=end_of_day)
    unmarked = without_urgency(line, words)
    if unmarked is None:
        return _read(words, reader)
    try:
        draft = _read(unmarked, reader)
    except UnreadLine as marked_error:
        with contextlib.suppress(UnreadLine):
            return _read(words, reader)
        raise marked_error from None
    if isinstance(draft, PromiseDraft | CallbackDraft):
        return dataclasses.replace(draft, urgent=True)
    try:
        return _read(words, reader)
    except UnreadLine:
        return draft  # "! called Dana": the mark means nothing to a touch, as "!" at the end


def _read(words: list[str], reader: Reader) -> Draft:
    try:
        return read_words(words, reader)
    except UnreadLine:
        raise
    except BadInput as error:
        raise UnreadLine(error.message) from None


def without_urgency(line: str, words: list[str]) -> list[str] | None:
    """The line's words without its urgency mark — a leading ``!`` or ``urgent``, a trailing
    ``!`` or ``urgent`` — or ``None`` when it has none (or nothing else)."""
    rest = list(words)
    marked = line.rstrip().endswith("!")
    if rest and rest[0].startswith("!"):
        rest[0], marked = rest[0].lstrip("!"), True
    if rest and rest[0].rstrip(":").casefold() == _URGENT:
        rest[0], marked = "", True
    if rest and rest[-1].casefold() == _URGENT:
        rest[-1], marked = "", True
    rest = [word for word in rest if word]
    return rest if marked and rest else None


def clean_line(line: str) -> list[str]:
    """The line's words; refuses empty and over-long lines and control characters."""
    if len(line) > MAX_LINE:
        raise UnreadLine(f"the line is too long ({len(line)} characters, at most {MAX_LINE})")
    if _CONTROL.search(line):
        raise UnreadLine("the line contains control characters")
    unsafe, code = unsafe_character(line)
    if unsafe:
        raise UnreadLine(f"the line contains {unsafe} ({code})")
    words = line.split()
    while words and not words[-1].rstrip(_TRAILING):
        words.pop()
    if not words:
        raise UnreadLine(f"type something, {EXAMPLES}")
    words[-1] = words[-1].rstrip(_TRAILING)
    return words
