"""Importing past touches (calls, e-mails, messages) from a CSV file.

Columns: ``contact`` (a name, e-mail or phone that names exactly one contact on file, found as
the command line finds it: a full or unique first name, an e-mail, a phone number's digits),
``channel``, ``direction`` (in/out), ``at`` (ISO 8601) and an optional ``note``. A time without
a UTC offset is read in the ``tz`` given to :func:`import_touches`, or refused when none is.
Touches are facts that happened: a time in the future is refused. A touch already on file
(same contact, channel, direction and instant) is not added twice. All accepted rows are
written in one transaction; an inbound one closes the contact's waits for a reply started before it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from trayapp.core.errors import Ambiguous, BadInput, NotFound
from trayapp.core.model import Channel, Direction, Touch
from trayapp.core.ports import Ledger
from trayapp.core.text import clean_text
from trayapp.services.resolve import find_contact
from trayapp.services.transfer.read import ImportReport, Row, RowProblem, Source, read_table
from trayapp.services.waiting import close_on_reply

MAX_NOTE = 2000

_ALIASES = {
    "contact": ("contact", "name", "who", "person", "email", "e mail", "phone"),
    "channel": ("channel", "via", "medium", "type"),
    "direction": ("direction", "dir", "in out"),
    "at": ("at", "when", "date", "time", "timestamp", "datetime", "date time"),
    "note": ("note", "notes", "comment", "comments", "summary"),
}
TOUCH_COLUMNS = {alias: field for field, names in _ALIASES.items() for alias in names}
_REQUIRED = ("contact", "channel", "direction", "at")

_CHANNELS = {
    "phone": Channel.CALL,
    "phone call": Channel.CALL,
    "vm": Channel.VOICEMAIL,
    "voice mail": Channel.VOICEMAIL,
    "e mail": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "linked in": Channel.LINKEDIN,
    "inmail": Channel.LINKEDIN,
    "text": Channel.SMS,
    "message": Channel.SMS,
    "in person": Channel.MEETING,
    "video": Channel.MEETING,
}
_DIRECTIONS = {
    "in": Direction.INBOUND,
    "inbound": Direction.INBOUND,
    "incoming": Direction.INBOUND,
    "received": Direction.INBOUND,
    "out": Direction.OUTBOUND,
    "outbound": Direction.OUTBOUND,
    "outgoing": Direction.OUTBOUND,
    "sent": Direction.OUTBOUND,
}

_Key = tuple[int, Channel, Direction, datetime]
_T = TypeVar("_T")


def _recognises(fields: frozenset[str]) -> bool:
    return "contact" in fields and len(fields & set(_REQUIRED)) >= 2


def import_touches(
    ledger: Ledger, data: Source, *, now: datetime, tz: ZoneInfo | None = None
) -> ImportReport:
    """Import touches from CSV bytes or a binary stream; see the module docstring.

    Raises BadInput (and writes nothing) for an unreadable file, a missing column or a broken
    limit.
    """
    table = read_table(data, TOUCH_COLUMNS, _recognises)
    missing = [field for field in _REQUIRED if field not in table.fields]
    if missing:
        raise BadInput(f"the file has no {', '.join(missing)} column. Nothing was imported.")
    with ledger.atomic():
        plan = _Plan(ledger, now, tz)
        for row in table.rows():
            plan.take(row)
        for touch in plan.touches:
            ledger.add_touch(touch)
            if not touch.outbound:
                close_on_reply(ledger, touch.contact_id, touch.at, now)
    return ImportReport(
        added=len(plan.touches),
        unchanged=plan.unchanged,
        skipped=tuple(plan.problems),
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows=plan.rows,
        ignored_columns=table.ignored,
    )


class _RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class _Plan:
    """The touches to add, with what is known of the contacts and their touches so far."""

    def __init__(self, ledger: Ledger, now: datetime, tz: ZoneInfo | None) -> None:
        self.ledger = ledger
        self.now = now
        self.tz = tz
        self.touches: list[Touch] = []
        self.problems: list[RowProblem] = []
        self.unchanged = 0
        self.rows = 0
        self._contacts: dict[str, int | _RowError] = {}
        self._known: dict[int, set[_Key]] = {}

    def take(self, row: Row) -> None:
        self.rows += 1
        if row.unreadable is not None:
            self.problems.append(row.unreadable)
            return
        try:
            touch = self._touch(row)
        except _RowError as err:
            self.problems.append(RowProblem(row.number, err.field, err.message))
            return
        known = self._known_for(touch.contact_id)
        key = (touch.contact_id, touch.channel, touch.direction, touch.at)
        if key in known:
            self.unchanged += 1
            return
        known.add(key)
        self.touches.append(touch)

    def _touch(self, row: Row) -> Touch:
        contact_id = self._contact(row.get("contact"))
        channel = _parse(row.get("channel"), "channel", _channel)
        direction = _parse(row.get("direction"), "direction", _direction)
        at = _instant(row.get("at"), self.tz)
        if at > self.now:
            raise _RowError("at", "a touch is something that happened; its time is in the future")
        try:
            note = clean_text(row.get("note"), "note", MAX_NOTE, multiline=True)
        except BadInput as err:
            raise _RowError("note", err.message) from None
        return Touch(contact_id, channel, direction, at, note=note)

    def _contact(self, text: str) -> int:
        found = self._contacts.get(text)
        if found is None:
            found = _resolve(self.ledger, text)
            self._contacts[text] = found
        if isinstance(found, _RowError):
            raise found
        return found

    def _known_for(self, contact_id: int) -> set[_Key]:
        known = self._known.get(contact_id)
        if known is None:
            touches = self.ledger.history(contact_id).touches
            known = {(t.contact_id, t.channel, t.direction, t.at) for t in touches}
            self._known[contact_id] = known
        return known


def _resolve(ledger: Ledger, text: str) -> int | _RowError:
    """The id of the one contact ``text`` names, found as ``trayapp check`` finds it, or the
    row error to report."""
    if not text:
        return _RowError("contact", "say who the touch was with (a name, e-mail or phone)")
    try:
        contact = find_contact(text, ledger)
    except NotFound as err:
        return _RowError("contact", f"{err.message}; add or import it first")
    except Ambiguous as err:
        names = "; ".join(err.candidates[:5])
        return _RowError(
            "contact", f"'{text[:80]}' matches more than one contact ({names}); use the e-mail"
        )
    except BadInput as err:
        return _RowError("contact", err.message)
    if contact.id is None:
        return _RowError("contact", f"'{text[:80]}' has not been saved")
    return contact.id


def _parse(text: str, field: str, parse: Callable[[str], _T | None]) -> _T:
    value = parse(" ".join(text.casefold().replace("-", " ").replace("_", " ").split()))
    if value is None:
        if not text:
            raise _RowError(field, f"the {field} is missing")
        raise _RowError(field, f"{field} '{text[:40]}' is not understood")
    return value


def _channel(text: str) -> Channel | None:
    if text in _CHANNELS:
        return _CHANNELS[text]
    try:
        return Channel(text.replace(" ", ""))
    except ValueError:
        return None


def _direction(text: str) -> Direction | None:
    return _DIRECTIONS.get(text)


def _instant(text: str, tz: ZoneInfo | None) -> datetime:
    """An ISO 8601 time as aware UTC; a time without an offset is read in ``tz``."""
    if not text:
        raise _RowError("at", "the time is missing (ISO 8601, e.g. 2024-05-01T14:30:00+02:00)")
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise _RowError("at", f"'{text[:40]}' is not an ISO 8601 time") from None
    if at.tzinfo is None:
        if tz is None:
            raise _RowError(
                "at", f"'{text[:40]}' has no UTC offset; add one (e.g. +02:00) or give a time zone"
            )
        at = at.replace(tzinfo=tz)
    try:
        return at.astimezone(UTC)
    except OverflowError:
        raise _RowError("at", f"'{text[:40]}' is out of range") from None
