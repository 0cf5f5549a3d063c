"""Instants and small builders shared by the ``Ledger`` and ``ReminderLog`` contracts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.core.ports import Ledger, ReminderLog

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


class Boom(Exception):
    """Raised on purpose inside a transaction."""


@dataclass(frozen=True)
class Books:
    """A ledger and the reminder log that shares its storage."""

    ledger: Ledger
    log: ReminderLog


def saved_id(ident: int | None) -> int:
    """The id of something the ledger has saved."""
    assert ident is not None
    return ident


def add_person(ledger: Ledger, name: str = "Dana Smith", **fields: Any) -> Contact:
    return ledger.add_contact(Contact(name, created_at=T0 - 90 * DAY, **fields))


def add_promise(ledger: Ledger, who: Contact, what: str, due: datetime, **fields: Any) -> Promise:
    promise = Promise(saved_id(who.id), what, due, created_at=T0 - 10 * DAY)
    return ledger.add_promise(replace(promise, **fields))


def touch(
    ledger: Ledger,
    who: Contact,
    at: datetime,
    direction: Direction = Direction.OUTBOUND,
    channel: Channel = Channel.EMAIL,
) -> Touch:
    return ledger.add_touch(Touch(saved_id(who.id), channel, direction, at))
