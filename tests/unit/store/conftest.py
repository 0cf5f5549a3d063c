"""Fixtures for the store's tests: a fresh ledger file in the test's own folder."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "ledger.sqlite3"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(db_path)
    yield connection
    connection.close()


@pytest.fixture
def ledger(conn: sqlite3.Connection) -> SqliteLedger:
    return SqliteLedger(conn)
