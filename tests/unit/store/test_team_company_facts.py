"""Teammates' touches to a company, as the guard reads them from this ledger's copy of the team
ledger: the newest up to the company limit, and how many in the last 7 days however many
there are."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.matching import company_key
from trayapp.core.model import Contact
from trayapp.core.settings import GuardSettings
from trayapp.store import driver
from trayapp.store.ledger import SqliteLedger
from trayapp.store.migrations import migrate
from trayapp.store.rows import to_micros

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    conn = driver.connect(":memory:", isolation_level=None)
    migrate(conn)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def ledger(conn: sqlite3.Connection) -> SqliteLedger:
    return SqliteLedger(conn)


def _team_calls(conn: sqlite3.Connection, company: str, ages: list[timedelta]) -> None:
    conn.executemany(
        "INSERT INTO team_touches (uid, seq, author, email_key, company_key, channel, direction,"
        " at) VALUES (?, ?, ?, ?, ?, 'call', 'out', ?)",
        [_row(n, company, NOW - age) for n, age in enumerate(ages, start=1)],
    )


def _row(n: int, company: str, at: datetime) -> tuple[object, ...]:
    return (
        str(uuid.uuid4()),
        n,
        f"r{n}",
        f"p{n}@acme.example",
        company_key(company),
        to_micros(at),
    )


@pytest.mark.parametrize("teammates", [0, 1, 3, 4, 25])
def test_company_facts_count_every_touch_of_the_week_and_keep_the_newest(
    conn: sqlite3.Connection, ledger: SqliteLedger, teammates: int
) -> None:
    settings = GuardSettings(company_week_limit=3)
    ages = [timedelta(hours=5 * n + 1) for n in range(teammates)]
    _team_calls(conn, "Acme Ltd", [*ages, timedelta(days=8), timedelta(days=30)])
    dana = ledger.add_contact(Contact("Dana", company="Acme Ltd", email="dana@acme.example"))
    facts = ledger.guard_facts(dana, NOW, settings)
    assert facts.team_company_week_count == teammates
    assert [t.at for t in facts.team_company_outbound] == [NOW - a for a in ages[:3]]


def test_without_a_company_limit_nothing_is_read(
    conn: sqlite3.Connection, ledger: SqliteLedger
) -> None:
    _team_calls(conn, "Acme Ltd", [timedelta(hours=1)])
    dana = ledger.add_contact(Contact("Dana", company="Acme Ltd", email="dana@acme.example"))
    facts = ledger.guard_facts(dana, NOW, GuardSettings(company_week_limit=0))
    assert facts.team_company_week_count == 0
    assert facts.team_company_outbound == ()
