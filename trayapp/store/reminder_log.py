"""``SqliteReminderLog``: which reminders were delivered, and the app's small persistent state.

It shares the ledger's connection, so a delivery recorded inside the ledger's ``atomic()``
commits (or rolls back) with the decision that made it. A key is recorded at most once: the
``deliveries`` table's primary key is the occurrence key and inserts ignore one already there.
Keys recorded in an older format are read back in the current one
(:func:`trayapp.core.reminders.plan.current_key`), so an upgrade shows nothing twice.

A delivery leaves the Missed list when it is marked acted on, when its promise is no longer
open, or when the promise's history has an action (snoozed, renegotiated) at or after it was
delivered — whichever part of the app or command line took that action.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from trayapp.core.ports import DeliveryRecord
from trayapp.core.reminders.plan import current_key
from trayapp.store.db import storage_errors
from trayapp.store.rows import from_micros, opt_instant, opt_micros, to_micros

_CHUNK = 500


class SqliteReminderLog:
    """Implements ``core.ports.ReminderLog`` on the ledger's SQLite connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def delivered_keys(self, promise_ids: Sequence[int]) -> set[str]:
        keys: set[str] = set()
        ids = list(promise_ids)
        with storage_errors():
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, nominal_at FROM deliveries WHERE promise_id IN ({marks})", chunk
                ).fetchall()
                keys.update(current_key(row[0], from_micros(row[1])) for row in rows)
        return keys

    def record_deliveries(self, records: Sequence[DeliveryRecord]) -> None:
        if not records:
            return
        values = [
            (
                r.key,
                r.promise_id,
                r.kind,
                to_micros(r.nominal_at),
                to_micros(r.delivered_at),
                opt_micros(r.acted_at),
            )
            for r in records
        ]
        with storage_errors():
            self._conn.executemany(
                "INSERT OR IGNORE INTO deliveries "
                "(key, promise_id, kind, nominal_at, delivered_at, acted_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def is_delivered(self, key: str) -> bool:
        with storage_errors():
            row = self._conn.execute("SELECT 1 FROM deliveries WHERE key = ?", (key,)).fetchone()
        return row is not None

    def unacted(self, limit: int = 100) -> list[DeliveryRecord]:
        with storage_errors():
            rows = self._conn.execute(
                "SELECT d.key, d.promise_id, d.kind, d.nominal_at, d.delivered_at, d.acted_at "
                "FROM deliveries d JOIN promises p ON p.id = d.promise_id "
                "WHERE d.acted_at IS NULL AND p.state = 'open' AND NOT EXISTS ("
                " SELECT 1 FROM promise_events e WHERE e.promise_id = d.promise_id"
                " AND e.kind <> 'created' AND e.at >= d.delivered_at) "
                "ORDER BY d.delivered_at DESC, d.nominal_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            DeliveryRecord(
                row[0],
                row[1],
                row[2],
                from_micros(row[3]),
                from_micros(row[4]),
                opt_instant(row[5]),
            )
            for row in rows
        ]

    def mark_acted(self, promise_id: int, at: datetime) -> None:
        with storage_errors():
            self._conn.execute(
                "UPDATE deliveries SET acted_at = ? WHERE promise_id = ? AND acted_at IS NULL",
                (to_micros(at), promise_id),
            )

    def get_state(self, name: str) -> str | None:
        with storage_errors():
            row = self._conn.execute(
                "SELECT value FROM app_state WHERE name = ?", (name,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, name: str, value: str | None) -> None:
        with storage_errors():
            if value is None:
                self._conn.execute("DELETE FROM app_state WHERE name = ?", (name,))
            else:
                self._conn.execute(
                    "INSERT INTO app_state (name, value) VALUES (?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    (name, value),
                )
