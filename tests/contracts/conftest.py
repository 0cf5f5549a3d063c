"""The ledgers every ``Ledger`` and ``ReminderLog`` contract runs against: the SQLite store on a
file in the test's folder, and the in-memory fakes of ``tests.fakes``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contracts.ledger_support import Books
from tests.fakes import InMemoryLedger, InMemoryReminderLog
from trayapp.core.ports import Ledger
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog


@pytest.fixture(params=["sqlite", "memory"])
def books(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Books]:
    if request.param == "memory":
        fake = InMemoryLedger()
        yield Books(fake, InMemoryReminderLog(fake))
        return
    conn = open_database(tmp_path / "ledger.sqlite3")
    try:
        yield Books(SqliteLedger(conn), SqliteReminderLog(conn))
    finally:
        conn.close()


@pytest.fixture
def ledger(books: Books) -> Ledger:
    return books.ledger
