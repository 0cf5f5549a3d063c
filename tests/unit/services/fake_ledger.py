"""Ledgers for the import and export tests: a real SQLite ledger in the test's folder, and one
that fails on a chosen write, to prove that an import is all or nothing."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from trayapp.core.model import Contact, Touch
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger


@contextlib.contextmanager
def connection(folder: Path) -> Iterator[sqlite3.Connection]:
    """A fresh ledger database under ``folder``, closed afterwards."""
    conn = open_database(folder / "ledger.sqlite3")
    try:
        yield conn
    finally:
        conn.close()


class WriteFailed(RuntimeError):
    """The failure a :class:`FailingLedger` raises."""


class FailingLedger(SqliteLedger):
    """A real ledger whose ``fail_at``-th contact or touch write raises :class:`WriteFailed`."""

    def __init__(self, conn: sqlite3.Connection, fail_at: int) -> None:
        super().__init__(conn)
        self.fail_at = fail_at
        self.writes = 0

    def _count(self) -> None:
        self.writes += 1
        if self.writes == self.fail_at:
            raise WriteFailed(f"write {self.writes} failed")

    def add_contact(self, contact: Contact) -> Contact:
        self._count()
        return super().add_contact(contact)

    def update_contact(self, contact: Contact) -> Contact:
        self._count()
        return super().update_contact(contact)

    def add_touch(self, touch: Touch) -> Touch:
        self._count()
        return super().add_touch(touch)
