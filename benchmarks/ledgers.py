"""Synthetic ledgers for the benchmarks, written in bulk through the store's own row mapping.

Every row goes through ``trayapp.store.rows`` (the functions the ledger itself writes with), so
a column added to the schema reaches the benchmarks too. The ledger is a plain (unencrypted)
SQLite file at the path the app opens, so the app can be started on it.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from trayapp.core.clock import SystemClock
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Role, Touch
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.context import Context
from trayapp.store import rows
from trayapp.store.db import CACHE_KIB, open_database
from trayapp.store.ledger import SqliteLedger

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
HISTORY_DAYS = 730
OPEN_PROMISES = 300  # the open ones are today's work: as many in a big ledger as a small one
HEAVY_CONTACTS = 10  # people chased without ever answering: the streak query's worst case
FIRST = ("Dana", "Sam", "Alex", "José", "Kim", "Priya", "Chen", "Zoë", "Lars", "Amara")
LAST = ("Smith", "Nguyen", "Müller", "Garcia", "Okafor", "Ivanova", "Tanaka", "Silva")
BUILD_CACHE_KIB = 512 * 1024


@dataclass(frozen=True, slots=True)
class Size:
    """How big a synthetic ledger is."""

    label: str
    contacts: int
    touches: int
    promises: int
    chase: int = 0  # unanswered outbound touches to each heavy contact

    def describe(self) -> str:
        return f"{self.contacts:,} contacts, {self.touches:,} touches, {self.promises:,} promises"


def _ago(rng: random.Random, now: datetime, days: float) -> datetime:
    return now - timedelta(seconds=rng.uniform(0, days * 86_400))


def _contacts(rng: random.Random, size: Size, now: datetime) -> Iterator[tuple[Any, ...]]:
    companies = max(1, size.contacts // 10)
    for i in range(size.contacts):
        contact = Contact(
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            company=f"Company {rng.randrange(companies)}" if rng.random() < 0.8 else "",
            role=rng.choice(list(Role)),
            email=f"person{i}@example.com",
            phone=f"+1 555 {i:07d}",
            created_at=now - timedelta(days=HISTORY_DAYS),
        )
        yield rows.contact_values(contact)


def _touch(who: int, channel: Channel, direction: Direction, at: datetime, key: str) -> Any:
    return rows.touch_values(Touch(who, channel, direction, at), key)


def _touches(
    rng: random.Random, size: Size, keys: list[str], now: datetime
) -> Iterator[tuple[Any, ...]]:
    """Ordinary touches over two years, then the heavy contacts' unanswered chases."""
    heavy = min(HEAVY_CONTACTS, size.contacts)
    channels = tuple(Channel)
    for _ in range(size.touches - heavy * size.chase):
        who = rng.randrange(size.contacts) + 1
        direction = Direction.OUTBOUND if rng.random() < 0.75 else Direction.INBOUND
        at = _ago(rng, now, HISTORY_DAYS)
        yield _touch(who, rng.choice(channels), direction, at, keys[who - 1])
    for who in range(1, heavy + 1):
        for _ in range(size.chase):
            at = _ago(rng, now, HISTORY_DAYS)
            yield _touch(who, Channel.EMAIL, Direction.OUTBOUND, at, keys[who - 1])


def _promises(rng: random.Random, size: Size, now: datetime) -> Iterator[tuple[Any, ...]]:
    """A recruiter's current work (``OPEN_PROMISES`` open, due within a month either side of
    now) on top of a history of settled promises that grows with the ledger."""
    for i in range(size.promises):
        who = rng.randrange(size.contacts) + 1
        created = _ago(rng, now, HISTORY_DAYS)
        if i < OPEN_PROMISES:
            due = now + timedelta(days=rng.uniform(-30, 30))
            yield rows.promise_values(Promise(who, "send feedback", due, min(created, due)))
            continue
        due = created + timedelta(seconds=rng.randrange(1, 14 * 86_400))
        kept = rng.random() < 0.5
        yield rows.promise_values(
            Promise(
                who,
                "send feedback",
                due,
                created,
                state=PromiseState.KEPT if kept else PromiseState.RELEASED,
                kept_at=due if kept else None,
                released_at=None if kept else due,
            )
        )


def _marks(columns: str) -> str:
    return ", ".join("?" * len(columns.split(",")))


def build(path: Path, size: Size, seed: int, now: datetime = NOW) -> sqlite3.Connection:
    """A ledger of ``size`` at ``path``, written in one transaction with ``executemany``."""
    rng = random.Random(seed)
    conn = open_database(path)
    conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")  # the indexes fit in memory
    contacts = list(_contacts(rng, size, now))
    keys = [values[4] for values in contacts]  # company_key
    conn.execute("BEGIN IMMEDIATE")
    for table, columns, values in (
        ("contacts", rows.CONTACT_COLUMNS, iter(contacts)),
        ("touches", rows.TOUCH_COLUMNS, _touches(rng, size, keys, now)),
        ("promises", rows.PROMISE_COLUMNS, _promises(rng, size, now)),
    ):
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(columns)})", values)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # measure with the app's page cache
    return conn


def context(conn: sqlite3.Connection) -> Context:
    """The use cases' collaborators over a built ledger, as the app makes them (UTC, now)."""
    return Context(
        SqliteLedger(conn),
        SystemClock(),
        Settings(),
        ZoneInfo("UTC"),
        DateparserWhenParser(),
        LibPhoneNumbers("GB"),
    )
