"""Waiting for a reply, on the ledger's connection: the ``waits`` table's queries.

Mixed into ``SqliteLedger``, so the waits share its connection and its transactions: a wait
closed by an inbound touch is closed in the transaction that records the touch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from trayapp.core.errors import InvariantError, NotFound
from trayapp.core.model import WaitEnd, WaitingForReply
from trayapp.store import driver, rows
from trayapp.store.db import storage_errors


class WaitsRepository:
    """The ``Ledger`` port's wait methods; the class using it provides ``atomic``."""

    _conn: sqlite3.Connection

    def atomic(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def _wait_rows(self, sql: str, params: Sequence[Any]) -> list[WaitingForReply]:
        with storage_errors():
            cursor = self._conn.cursor()
            cursor.row_factory = driver.Row
            return [rows.wait_from(r) for r in cursor.execute(sql, params).fetchall()]

    def add_wait(self, wait: WaitingForReply) -> WaitingForReply:
        values = rows.wait_values(wait)
        sql = f"INSERT INTO waits ({rows.WAIT_COLUMNS}) VALUES ({', '.join('?' * len(values))})"
        with self.atomic():
            known = self._conn.execute("SELECT 1 FROM contacts WHERE id = ?", (wait.contact_id,))
            if known.fetchone() is None:
                raise NotFound(f"there is no contact number {wait.contact_id}")
            new_id = self._conn.execute(sql, values).lastrowid
        if new_id is None:
            raise InvariantError("an insert returned no row id")
        return dataclasses.replace(wait, id=new_id)

    def get_wait(self, wait_id: int) -> WaitingForReply | None:
        found = self._wait_rows("SELECT * FROM waits WHERE id = ?", (wait_id,))
        return found[0] if found else None

    def list_waits(
        self,
        *,
        open_only: bool = True,
        contact_id: int | None = None,
        until_by: datetime | None = None,
        limit: int | None = None,
    ) -> list[WaitingForReply]:
        """Waits for a reply, soonest ``until`` first; with ``until_by``, only those whose
        time has come by then."""
        clauses = ["1"]
        params: list[Any] = []
        if open_only:
            clauses.append("closed_at IS NULL")
        if contact_id is not None:
            clauses.append("contact_id = ?")
            params.append(contact_id)
        if until_by is not None:
            clauses.append("until <= ?")
            params.append(rows.to_micros(until_by))
        params.append(-1 if limit is None else limit)
        where = " AND ".join(clauses)
        return self._wait_rows(
            f"SELECT * FROM waits WHERE {where} ORDER BY until, id LIMIT ?", params
        )

    def close_waits(
        self, wait_ids: Sequence[int], at: datetime, by: WaitEnd
    ) -> list[WaitingForReply]:
        """Close the open ones among ``wait_ids``; return those closed now."""
        closed: list[WaitingForReply] = []
        with self.atomic():
            for ident in wait_ids:
                done = self._conn.execute(
                    "UPDATE waits SET closed_at = ?, closed_by = ? "
                    "WHERE id = ? AND closed_at IS NULL",
                    (rows.to_micros(at), by.value, ident),
                )
                if done.rowcount == 1:
                    closed.extend(self._wait_rows("SELECT * FROM waits WHERE id = ?", (ident,)))
        return closed

    def _waits_of(self, contact_id: int) -> tuple[WaitingForReply, ...]:
        sql = "SELECT * FROM waits WHERE contact_id = ? ORDER BY created_at, id"
        return tuple(self._wait_rows(sql, (contact_id,)))
