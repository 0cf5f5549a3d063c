"""Joining two contacts that are one person (a typo made a second one), on the ledger's
connection: their promises, touches and waits move to the one kept, nothing is lost.

Mixed into ``SqliteLedger``, so the move shares its transactions.
"""

from __future__ import annotations

import contextlib
import sqlite3

from trayapp.core.errors import BadInput, NotFound
from trayapp.core.matching import company_key

#: The tables whose rows belong to a contact and move with a merge.
OWNED_TABLES = ("promises", "touches", "waits")


class MergeRepository:
    """The ``Ledger`` port's ``move_history``; the class using it provides ``atomic``."""

    _conn: sqlite3.Connection

    def atomic(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def move_history(self, from_id: int, to_id: int) -> int:
        """Move every promise, touch and wait of contact ``from_id`` to ``to_id`` (touches are
        filed under ``to_id``'s company); the number of rows moved."""
        if from_id == to_id:
            raise BadInput("a contact cannot be merged into itself")
        with self.atomic():
            found = self._conn.execute(
                "SELECT id, company FROM contacts WHERE id IN (?, ?)", (from_id, to_id)
            ).fetchall()
            companies = {row[0]: row[1] for row in found}
            for ident in (from_id, to_id):
                if ident not in companies:
                    raise NotFound(f"there is no contact number {ident}")
            moved = 0
            for table in OWNED_TABLES:
                cursor = self._conn.execute(
                    f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (to_id, from_id)
                )
                moved += cursor.rowcount
            self._conn.execute(
                "UPDATE touches SET company_key = ? WHERE contact_id = ?",
                (company_key(companies[to_id] or ""), to_id),
            )
            return moved
