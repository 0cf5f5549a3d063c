"""Exporting the ledger: one person's dispute-ready history, or everything.

JSON (``format_version`` 1, keys sorted, instants ISO 8601 in UTC)::

    {"contacts": [CONTACT, ...], "exported_at": "...", "format_version": 1}

where CONTACT is the profile's fields plus ``promises`` (each with its ``status``, original and
current due dates and its ``events``), ``touches`` and ``waits`` (waiting for a reply: until when,
and how each ended). ``export_contact`` uses the same shape
with one contact, so one reader handles both.

CSV is UTF-8 with a BOM (Excel reads it as such) and every cell that a spreadsheet would run
as a formula (starting with ``= + - @``, tab or CR) is prefixed with ``'``.

- One contact: a timeline table, ``TIMELINE_COLUMNS``: ``profile`` rows (``what`` is the
  field, ``note`` its value), then ``promise``, promise event (``created``, ``snoozed``,
  ``renegotiated``, ``kept``, ``released``), ``touch`` and ``wait`` rows in time order (a
  wait's ``what`` is what it is about, ``due_at`` its time, ``status`` open or how it ended).
- Everything: one table, ``ALL_COLUMNS``, whose ``record`` column says what each row is:
  ``contact``, ``promise``, ``event``, ``touch`` or ``wait``; every row carries its
  ``contact_id``.

Contacts are read a page at a time; ``export_all_chunks`` yields the export in pieces so a
large ledger can be written to a file without being held in memory whole. The pages are not
one snapshot: a contact added while an export runs may or may not be in it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Literal, overload

from trayapp.core.errors import BadInput, NotFound
from trayapp.core.model import (
    Contact,
    ContactHistory,
    Promise,
    PromiseEvent,
    Touch,
    WaitingForReply,
)
from trayapp.core.ports import Ledger
from trayapp.core.promises import days_late, status_at
from trayapp.core.text import json_escaped
from trayapp.services.transfer.columns import (
    ALL_COLUMNS,
    TIMELINE_COLUMNS,
)

FORMAT_VERSION = 1
PAGE = 500
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | bool | None
Record = dict[str, object]
#: Writes an instant (or None) as text.
Instant = Callable[[datetime | None], str | None]


def iso(at: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC, or ``None``."""
    return None if at is None else at.astimezone(UTC).isoformat()


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would read as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _check_format(fmt: str) -> None:
    if fmt not in ("json", "csv"):
        raise BadInput(f"export format '{fmt[:20]}' is not one of: json, csv")


@overload
def export_contact(
    ledger: Ledger, contact_id: int, *, fmt: Literal["json"], now: datetime
) -> str: ...
@overload
def export_contact(
    ledger: Ledger, contact_id: int, *, fmt: Literal["csv"], now: datetime
) -> bytes: ...
@overload
def export_contact(ledger: Ledger, contact_id: int, *, fmt: str, now: datetime) -> str | bytes: ...
def export_contact(ledger: Ledger, contact_id: int, *, fmt: str, now: datetime) -> str | bytes:
    """One person's full history: JSON text, or CSV bytes (a timeline table)."""
    _check_format(fmt)
    if ledger.get_contact(contact_id) is None:
        raise NotFound(f"there is no contact {contact_id}")
    history = ledger.history(contact_id)
    if fmt == "json":
        return "".join(_json_parts([[history]], now))
    rows = [_timeline_row(c, history.contact.name) for c in timeline(history, now)]
    return (BOM + _csv_text([TIMELINE_COLUMNS, *rows])).encode("utf-8")


@overload
def export_all(ledger: Ledger, fmt: Literal["json"], now: datetime) -> str: ...
@overload
def export_all(ledger: Ledger, fmt: Literal["csv"], now: datetime) -> bytes: ...
@overload
def export_all(ledger: Ledger, fmt: str, now: datetime) -> str | bytes: ...
def export_all(ledger: Ledger, fmt: str, now: datetime) -> str | bytes:
    """Every contact's history: JSON text, or CSV bytes (one table with a ``record`` column)."""
    chunks = export_all_chunks(ledger, fmt, now)
    joined = b"".join(chunks)
    return joined.decode("utf-8") if fmt == "json" else joined


def export_all_chunks(ledger: Ledger, fmt: str, now: datetime) -> Iterator[bytes]:
    """``export_all`` as UTF-8 pieces, reading ``PAGE`` contacts at a time."""
    _check_format(fmt)
    pages = _history_pages(ledger)
    parts = _json_parts(pages, now) if fmt == "json" else _all_csv_parts(pages, now)
    for part in parts:
        yield part.encode("utf-8")


def _history_pages(ledger: Ledger) -> Iterator[list[ContactHistory]]:
    offset = 0
    while page := ledger.list_contacts(limit=PAGE, offset=offset):
        yield [ledger.history(c.id) for c in page if c.id is not None]
        offset += len(page)


def _json_parts(pages: Iterable[Sequence[ContactHistory]], now: datetime) -> Iterator[str]:
    """The text of ``json.dumps(export, indent=2, sort_keys=True, ensure_ascii=False)``, in
    pieces, with control and invisible formatting characters (a right-to-left override...)
    written as ``\\u`` escapes, so that no reader of the file sees text reordered."""
    yield '{\n  "contacts": ['
    first = True
    for page in pages:
        for history in page:
            record = contact_record(history, now)
            text = json_escaped(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False))
            yield ("\n" if first else ",\n") + _indent(text, 4)
            first = False
    yield "]" if first else "\n  ]"
    yield f',\n  "exported_at": {json.dumps(iso(now))},\n  "format_version": {FORMAT_VERSION}\n}}'


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def contact_record(history: ContactHistory, now: datetime) -> Record:
    """One contact's profile, promises (with events) and touches, ready for ``json.dumps``."""
    events: dict[int, list[PromiseEvent]] = {}
    for event in history.events:
        events.setdefault(event.promise_id, []).append(event)
    record: Record = dict(profile(history.contact))
    record["promises"] = [
        {**promise_fields(p, now), "events": [event_fields(e) for e in events.get(p.id or 0, [])]}
        for p in history.promises
    ]
    record["touches"] = [touch_fields(t) for t in history.touches]
    record["waits"] = [wait_fields(w) for w in history.waits]
    return record


def profile(contact: Contact, instant: Instant = iso) -> dict[str, Cell]:
    """A contact's fields: the one shape of a contact, for the export and for the command
    line (which writes instants its own way and leaves ``created_at`` out)."""
    return {
        "id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "role": contact.role.value,
        "email": contact.email,
        "phone": contact.phone,
        "linkedin": contact.linkedin,
        "tz": contact.tz,
        "notes": contact.notes,
        "do_not_contact": contact.do_not_contact,
        "dnc_at": instant(contact.dnc_at),
        "dnc_reason": contact.dnc_reason,
        "quiet_until": instant(contact.quiet_until),
        "created_at": instant(contact.created_at),
    }


def promise_fields(promise: Promise, now: datetime) -> dict[str, Cell]:
    return {
        "promise_id": promise.id,
        "what": promise.what,
        "state": promise.state.value,
        "status": status_at(promise, now).value,
        "created_at": iso(promise.created_at),
        "due_at": iso(promise.due_at),
        "original_due_at": iso(promise.original_due_at or promise.due_at),
        "days_late": days_late(promise, now),
        "kept_at": iso(promise.kept_at),
        "released_at": iso(promise.released_at),
        "release_reason": promise.release_reason,
        "snooze_count": promise.snooze_count,
        "snoozed_until": iso(promise.snoozed_until),
        "urgent": promise.urgent,
    }


def event_fields(event: PromiseEvent) -> dict[str, Cell]:
    return {
        "event_id": event.id,
        "promise_id": event.promise_id,
        "kind": event.kind.value,
        "at": iso(event.at),
        "old_due_at": iso(event.old_due_at),
        "new_due_at": iso(event.new_due_at),
        "note": event.note,
    }


def touch_fields(touch: Touch) -> dict[str, Cell]:
    return {
        "touch_id": touch.id,
        "at": iso(touch.at),
        "channel": touch.channel.value,
        "direction": touch.direction.value,
        "note": touch.note,
        "promise_id": touch.promise_id,
        "over_limit": touch.over_limit,
        "override_reason": touch.override_reason,
    }


def wait_fields(wait: WaitingForReply) -> dict[str, Cell]:
    return {
        "wait_id": wait.id,
        "about": wait.about,
        "created_at": iso(wait.created_at),
        "until": iso(wait.until),
        "closed_at": iso(wait.closed_at),
        "closed_by": None if wait.closed_by is None else wait.closed_by.value,
    }


def _wait_cells(wait: WaitingForReply) -> dict[str, Cell]:
    """A wait in the timeline's columns: about as ``what``, its time as ``due_at``."""
    status = "open" if wait.closed_by is None else wait.closed_by.value
    return {"what": wait.about, "due_at": iso(wait.until), "status": status}


def timeline(history: ContactHistory, now: datetime) -> list[dict[str, Cell]]:
    """Profile rows, then promises, their events and touches by time (ties keep that order)."""
    head = [
        {"kind": "profile", "what": field, "note": value}
        for field, value in profile(history.contact).items()
    ]
    dated: list[tuple[datetime, int, dict[str, Cell]]] = []
    for promise in history.promises:
        row = {k: v for k, v in promise_fields(promise, now).items() if k in TIMELINE_COLUMNS}
        row.update(kind="promise", at=iso(promise.created_at))
        dated.append((promise.created_at, 0, row))
    for event in history.events:
        row = {k: v for k, v in event_fields(event).items() if k in TIMELINE_COLUMNS}
        dated.append((event.at, 1, {**row, "kind": event.kind.value}))
    for touch in history.touches:
        row = {k: v for k, v in touch_fields(touch).items() if k in TIMELINE_COLUMNS}
        dated.append((touch.at, 2, {**row, "kind": "touch"}))
    for wait in history.waits:
        cells = {**_wait_cells(wait), "kind": "wait", "at": iso(wait.created_at)}
        dated.append((wait.created_at, 3, cells))
    dated.sort(key=lambda item: (item[0], item[1]))
    return head + [row for _, _, row in dated]


def _timeline_row(cells: dict[str, Cell], name: str) -> list[str]:
    return [_cell(cells.get(c)) if c != "contact" else name for c in TIMELINE_COLUMNS]


def _all_csv_parts(pages: Iterable[Sequence[ContactHistory]], now: datetime) -> Iterator[str]:
    yield BOM + _csv_text([ALL_COLUMNS])
    for page in pages:
        rows: list[list[str]] = []
        for history in page:
            rows.extend(_all_rows(history, now))
        yield _csv_text(rows)


def _all_rows(history: ContactHistory, now: datetime) -> Iterator[list[str]]:
    contact = dict(profile(history.contact))
    contact["contact_notes"] = contact.pop("notes")
    contact["contact_created_at"] = contact.pop("created_at")
    cid = contact.pop("id")
    yield _all_row("contact", cid, contact)
    events: dict[int, list[PromiseEvent]] = {}
    for event in history.events:
        events.setdefault(event.promise_id, []).append(event)
    for promise in history.promises:
        yield _all_row("promise", cid, promise_fields(promise, now))
        for event in events.get(promise.id or 0, []):
            yield _all_row("event", cid, event_fields(event))
    for touch in history.touches:
        yield _all_row("touch", cid, touch_fields(touch))
    for wait in history.waits:
        cells = {**wait_fields(wait), "what": wait.about, "created_at": iso(wait.created_at)}
        yield _all_row("wait", cid, cells)


def _all_row(record: str, contact_id: Cell, cells: dict[str, Cell]) -> list[str]:
    cells = {**cells, "record": record, "contact_id": contact_id}
    return [_cell(cells.get(c)) for c in ALL_COLUMNS]


def _cell(value: Cell | object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralise(c) for c in row] for row in rows)
    return buffer.getvalue()
