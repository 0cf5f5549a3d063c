"""Converting between the ledger's rows and the domain's frozen dataclasses.

Instants are integer microseconds since the Unix epoch in UTC; they come back as aware UTC
``datetime`` objects. A naive ``datetime`` reaching the store is a bug and is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from trayapp.core.errors import InvariantError
from trayapp.core.ids import uuid7
from trayapp.core.matching import company_key, email_key, first_name_key, name_key, phone_key
from trayapp.core.model import (
    Channel,
    Contact,
    Direction,
    Promise,
    PromiseEvent,
    PromiseEventKind,
    PromiseState,
    Role,
    Touch,
    WaitEnd,
    WaitingForReply,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Rows read by id in one query (well under SQLite's limit on parameters).
IDS_PER_QUERY = 1000
_MICROSECOND = timedelta(microseconds=1)


def to_micros(at: datetime) -> int:
    """Exact integer microseconds since the epoch for an aware instant."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvariantError(f"the ledger stores aware instants only, not {at!r}")
    return (at - EPOCH) // _MICROSECOND


def opt_micros(at: datetime | None) -> int | None:
    return None if at is None else to_micros(at)


def span_micros(span: timedelta) -> int:
    """A length of time in whole microseconds (as instants are stored)."""
    return span // _MICROSECOND


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def opt_instant(value: int | None) -> datetime | None:
    return None if value is None else from_micros(value)


CONTACT_COLUMNS = (
    "name, name_key, first_key, company, company_key, role, email, email_key, phone, "
    "phone_key, linkedin, tz, notes, dnc_at, dnc_reason, quiet_until, created_at"
)


def contact_values(c: Contact) -> tuple[Any, ...]:
    """Values for ``CONTACT_COLUMNS``, with the search keys derived from the fields."""
    return (
        c.name,
        name_key(c.name),
        first_name_key(c.name),
        c.company,
        company_key(c.company),
        c.role.value,
        c.email,
        email_key(c.email),
        c.phone,
        phone_key(c.phone),
        c.linkedin,
        c.tz,
        c.notes,
        opt_micros(c.dnc_at),
        c.dnc_reason,
        opt_micros(c.quiet_until),
        opt_micros(c.created_at),
    )


def contact_from(row: sqlite3.Row) -> Contact:
    return Contact(
        id=row["id"],
        name=row["name"],
        company=row["company"],
        role=Role(row["role"]),
        email=row["email"],
        phone=row["phone"],
        linkedin=row["linkedin"],
        tz=row["tz"],
        notes=row["notes"],
        dnc_at=opt_instant(row["dnc_at"]),
        dnc_reason=row["dnc_reason"],
        quiet_until=opt_instant(row["quiet_until"]),
        created_at=opt_instant(row["created_at"]),
    )


PROMISE_COLUMNS = (
    "contact_id, what, due_at, created_at, state, kept_at, released_at, release_reason, "
    "snooze_count, snoozed_until, original_due_at, urgent"
)


def promise_values(p: Promise) -> tuple[Any, ...]:
    return (
        p.contact_id,
        p.what,
        to_micros(p.due_at),
        to_micros(p.created_at),
        p.state.value,
        opt_micros(p.kept_at),
        opt_micros(p.released_at),
        p.release_reason,
        p.snooze_count,
        opt_micros(p.snoozed_until),
        opt_micros(p.original_due_at),
        int(p.urgent),
    )


def promise_from(row: sqlite3.Row) -> Promise:
    return Promise(
        id=row["id"],
        contact_id=row["contact_id"],
        what=row["what"],
        due_at=from_micros(row["due_at"]),
        created_at=from_micros(row["created_at"]),
        state=PromiseState(row["state"]),
        kept_at=opt_instant(row["kept_at"]),
        released_at=opt_instant(row["released_at"]),
        release_reason=row["release_reason"],
        snooze_count=row["snooze_count"],
        snoozed_until=opt_instant(row["snoozed_until"]),
        original_due_at=opt_instant(row["original_due_at"]),
        urgent=bool(row["urgent"]),
    )


EVENT_COLUMNS = "promise_id, kind, at, old_due_at, new_due_at, note"


def event_values(e: PromiseEvent) -> tuple[Any, ...]:
    return (
        e.promise_id,
        e.kind.value,
        to_micros(e.at),
        opt_micros(e.old_due_at),
        opt_micros(e.new_due_at),
        e.note,
    )


def event_from(row: sqlite3.Row) -> PromiseEvent:
    return PromiseEvent(
        id=row["id"],
        promise_id=row["promise_id"],
        kind=PromiseEventKind(row["kind"]),
        at=from_micros(row["at"]),
        old_due_at=opt_instant(row["old_due_at"]),
        new_due_at=opt_instant(row["new_due_at"]),
        note=row["note"],
    )


TOUCH_COLUMNS = (
    "contact_id, channel, direction, at, note, promise_id, over_limit, override_reason,"
    " company_key, uid"
)


def touch_values(t: Touch, company: str) -> tuple[Any, ...]:
    """Values for ``TOUCH_COLUMNS``; ``company`` is the contact's company key."""
    return (
        t.contact_id,
        t.channel.value,
        t.direction.value,
        to_micros(t.at),
        t.note,
        t.promise_id,
        int(t.over_limit),
        t.override_reason,
        company,
        t.uid or uuid7(t.at),
    )


def touch_from(row: sqlite3.Row) -> Touch:
    return Touch(
        id=row["id"],
        contact_id=row["contact_id"],
        channel=Channel(row["channel"]),
        direction=Direction(row["direction"]),
        at=from_micros(row["at"]),
        note=row["note"],
        promise_id=row["promise_id"],
        over_limit=bool(row["over_limit"]),
        override_reason=row["override_reason"],
        uid=row["uid"] or "",
    )


WAIT_COLUMNS = "contact_id, about, until, created_at, closed_at, closed_by"


def wait_values(w: WaitingForReply) -> tuple[Any, ...]:
    return (
        w.contact_id,
        w.about,
        to_micros(w.until),
        to_micros(w.created_at),
        opt_micros(w.closed_at),
        None if w.closed_by is None else w.closed_by.value,
    )


def wait_from(row: sqlite3.Row) -> WaitingForReply:
    return WaitingForReply(
        id=row["id"],
        contact_id=row["contact_id"],
        about=row["about"],
        until=from_micros(row["until"]),
        created_at=from_micros(row["created_at"]),
        closed_at=opt_instant(row["closed_at"]),
        closed_by=None if row["closed_by"] is None else WaitEnd(row["closed_by"]),
    )


def by_ids(table: str, ids: Sequence[int]) -> Iterator[tuple[str, list[int]]]:
    """The queries that read the rows of ``table`` with these ``ids``, one per thousand ids,
    each with its parameters."""
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = list(ids[start : start + IDS_PER_QUERY])
        yield f"SELECT * FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})", chunk
