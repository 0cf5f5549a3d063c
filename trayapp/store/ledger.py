"""``SqliteLedger``: the ledger port on one SQLite connection.

Transactions: ``atomic()`` opens ``BEGIN IMMEDIATE`` (the write lock up front, so a write never
fails half-way on a lock) and commits on a normal exit or rolls back on an exception. A nested
``atomic()`` joins the outer transaction through a savepoint: an exception inside it undoes the
inner block's writes, and the whole stays uncommitted until the outermost block ends. A write
outside ``atomic()`` is its own transaction. SQLite's operational failures (disk full,
read-only, locked) surface as :class:`StorageError` with a plain message.

The connection belongs to one thread (the GUI thread in the app).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from trayapp.core.errors import InvariantError, NotFound, StorageError
from trayapp.core.guard.verdict import GuardFacts
from trayapp.core.model import Contact, ContactHistory, Promise, PromiseEvent, PromiseState, Touch
from trayapp.core.settings import GuardSettings
from trayapp.core.stats import JudgedLevel, KeptLevels, Outcomes
from trayapp.store import driver, levels, promise_search, rows
from trayapp.store.db import storage_errors
from trayapp.store.ledger_contacts import ContactsRepository, need_id, with_id
from trayapp.store.ledger_guard import read_guard_facts
from trayapp.store.ledger_guard_many import read_guard_facts_many
from trayapp.store.ledger_merge import MergeRepository
from trayapp.store.ledger_waits import WaitsRepository
from trayapp.store.tallies import read_tallied_outcomes


class SqliteLedger(ContactsRepository, WaitsRepository, MergeRepository):
    """The contacts, promises and touches of one SQLite database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        if conn.isolation_level is not None:
            raise InvariantError("the ledger needs a connection in autocommit mode")
        self._conn = conn
        self._depth = 0

    # -- transactions -------------------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction around the block; nested blocks join it through a savepoint.

        A transaction already open on the connection (begun by another repository sharing
        it) is joined the same way.
        """
        if self._depth or self._conn.in_transaction:
            with self._savepoint():
                yield
            return
        with storage_errors():
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            with storage_errors():
                yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"atomic_{self._depth}"
        with storage_errors():
            self._conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            with storage_errors():
                yield
        except BaseException:
            self._depth -= 1
            with storage_errors():
                self._conn.execute(f"ROLLBACK TO {name}")
                self._conn.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        with storage_errors():
            self._conn.execute(f"RELEASE {name}")

    def _commit(self) -> None:
        try:
            with storage_errors():
                self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            with storage_errors():
                self._conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """A consistent snapshot for several reads (joins a transaction already open)."""
        if self._conn.in_transaction:
            with storage_errors():
                yield
            return
        with storage_errors():
            self._conn.execute("BEGIN")
            try:
                yield
            finally:
                self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with storage_errors():
            cursor = self._conn.cursor()
            cursor.row_factory = driver.Row
            found: list[sqlite3.Row] = cursor.execute(sql, params).fetchall()
            return found

    def _insert(self, sql: str, params: Sequence[Any]) -> int:
        with self.atomic():
            rowid = self._conn.execute(sql, params).lastrowid
            if rowid is None:
                raise InvariantError("an insert returned no row id")
            return rowid

    def _update(self, sql: str, params: Sequence[Any], what: str, ident: int) -> None:
        with self.atomic():
            if self._conn.execute(sql, params).rowcount != 1:
                raise NotFound(f"there is no {what} number {ident}")

    # -- promises and their events ------------------------------------------------------

    def add_promise(self, promise: Promise) -> Promise:
        marks = ", ".join("?" * len(rows.promise_values(promise)))
        sql = f"INSERT INTO promises ({rows.PROMISE_COLUMNS}) VALUES ({marks})"
        return with_id(promise, self._insert(sql, rows.promise_values(promise)))

    def update_promise(self, promise: Promise) -> Promise:
        ident = need_id(promise.id, "promise")
        settings = ", ".join(f"{c.strip()} = ?" for c in rows.PROMISE_COLUMNS.split(","))
        sql = f"UPDATE promises SET {settings} WHERE id = ?"
        self._update(sql, (*rows.promise_values(promise), ident), "promise", ident)
        return promise

    def get_promise(self, promise_id: int) -> Promise | None:
        found = self._rows("SELECT * FROM promises WHERE id = ?", (promise_id,))
        return rows.promise_from(found[0]) if found else None

    def list_promises(
        self,
        states: Sequence[PromiseState],
        *,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        due_from: datetime | None = None,
        snoozed_by: datetime | None = None,
        matching: str | None = None,
        limit: int | None = None,
    ) -> list[Promise]:
        """Promises in ``states``, oldest due first; ``due_from <= due_at < due_before``;
        with ``snoozed_by``, only those snoozed until then or earlier; with ``matching``, only
        those whose what, contact name or company holds that text (case aside)."""
        if not states:
            return []
        clauses: list[str] = []
        params: list[Any] = []
        if set(states) != set(PromiseState):  # every state: read in due order from its index
            clauses.append(f"state IN ({', '.join('?' * len(states))})")
            params += [s.value for s in states]
        if contact_id is not None:
            clauses.append("contact_id = ?")
            params.append(contact_id)
        if due_from is not None:
            clauses.append("due_at >= ?")
            params.append(rows.to_micros(due_from))
        if due_before is not None:
            clauses.append("due_at < ?")
            params.append(rows.to_micros(due_before))
        if snoozed_by is not None:
            clauses.append("snoozed_until <= ?")
            params.append(rows.to_micros(snoozed_by))
        if matching:
            with self._reading():
                found = promise_search.find(self._conn, clauses, params, matching, limit)
            return [rows.promise_from(r) for r in found]
        params.append(-1 if limit is None else limit)
        where = " AND ".join(clauses) or "1"
        sql = f"SELECT * FROM promises WHERE {where} ORDER BY due_at, id LIMIT ?"
        return [rows.promise_from(r) for r in self._rows(sql, params)]

    def promise_outcomes(self, edges: Sequence[datetime]) -> Outcomes:
        with self._reading():
            return read_tallied_outcomes(self._conn, edges)

    def kept_levels(
        self, since: datetime, limit: int, now: datetime, settings: GuardSettings
    ) -> KeptLevels:
        with self._reading():
            return levels.kept_levels(self._conn, since, limit, now, repr(settings))

    def keep_levels(
        self, kept: KeptLevels, judged: Sequence[JudgedLevel], since: datetime, now: datetime
    ) -> None:
        with self.atomic():
            levels.keep_levels(self._conn, kept, judged, since, now)

    def add_event(self, event: PromiseEvent) -> PromiseEvent:
        marks = ", ".join("?" * len(rows.event_values(event)))
        sql = f"INSERT INTO promise_events ({rows.EVENT_COLUMNS}) VALUES ({marks})"
        return with_id(event, self._insert(sql, rows.event_values(event)))

    def events_for(self, promise_id: int) -> list[PromiseEvent]:
        sql = "SELECT * FROM promise_events WHERE promise_id = ? ORDER BY at, id"
        return [rows.event_from(r) for r in self._rows(sql, (promise_id,))]

    # -- touches ------------------------------------------------------------------------

    def add_touch(self, touch: Touch) -> Touch:
        """Record ``touch``, filed under its contact's current company for the company cap."""
        with self.atomic():
            found = self._conn.execute(
                "SELECT company_key FROM contacts WHERE id = ?", (touch.contact_id,)
            ).fetchone()
            if found is None:
                raise NotFound(f"there is no contact number {touch.contact_id}")
            values = rows.touch_values(touch, found[0])
            marks = ", ".join("?" * len(values))
            sql = f"INSERT INTO touches ({rows.TOUCH_COLUMNS}) VALUES ({marks})"
            new_id = self._conn.execute(sql, values).lastrowid
            uid = str(values[-1])
            # Shared with the team when it has one: the outbox row commits with the touch.
            self._conn.execute("INSERT OR IGNORE INTO team_outbox (uid) VALUES (?)", (uid,))
        return with_id(replace(touch, uid=uid), need_id(new_id, "touch"))

    def recent_touches(self, contact_id: int, limit: int) -> list[Touch]:
        """The contact's latest touches, newest first."""
        sql = "SELECT * FROM touches WHERE contact_id = ? ORDER BY at DESC, id DESC LIMIT ?"
        return [rows.touch_from(r) for r in self._rows(sql, (contact_id, limit))]

    def contacts_touched_since(self, since: datetime, limit: int) -> list[Contact]:
        """Contacts with an outbound touch at or after ``since``, most recent first.

        Walks the outbound touches newest first and stops at ``limit`` different people, so
        the cost follows the recent activity read, not the length of the window.
        """
        newest = (
            "SELECT contact_id FROM touches WHERE direction = 'out' AND at >= ?"
            " ORDER BY at DESC, contact_id DESC"
        )
        order: dict[int, None] = {}
        with self._reading():
            cursor = self._conn.execute(newest, (rows.to_micros(since),))
            try:
                for (ident,) in cursor:
                    if len(order) >= limit:
                        break
                    order.setdefault(ident)
            finally:
                cursor.close()
            found = self.get_contacts(order)
        return [found[ident] for ident in order if ident in found]

    def guard_facts(self, contact: Contact, at: datetime, settings: GuardSettings) -> GuardFacts:
        """The facts the cadence guard needs, from indexed queries bounded by the limits."""
        with self._reading():
            return read_guard_facts(self._conn, contact, at, settings)

    def guard_facts_many(
        self, contacts: Sequence[Contact], at: datetime, settings: GuardSettings
    ) -> list[GuardFacts]:
        """The facts for each saved contact, from a few set-wise queries."""
        with self._reading():
            return read_guard_facts_many(self._conn, contacts, at, settings)

    def history(self, contact_id: int) -> ContactHistory:
        """Everything held about one contact, oldest first."""
        with self._reading():
            contact = self.get_contact(contact_id)
            if contact is None:
                raise NotFound(f"there is no contact number {contact_id}")
            promises = self._rows(
                "SELECT * FROM promises WHERE contact_id = ? ORDER BY created_at, id",
                (contact_id,),
            )
            events = self._rows(
                "SELECT e.* FROM promise_events e JOIN promises p ON p.id = e.promise_id "
                "WHERE p.contact_id = ? ORDER BY e.at, e.id",
                (contact_id,),
            )
            touches = self._rows(
                "SELECT * FROM touches WHERE contact_id = ? ORDER BY at, id", (contact_id,)
            )
            waits = self._waits_of(contact_id)
        return ContactHistory(
            contact=contact,
            promises=tuple(rows.promise_from(r) for r in promises),
            events=tuple(rows.event_from(r) for r in events),
            touches=tuple(rows.touch_from(r) for r in touches),
            waits=waits,
        )

    # -- erasure and retention ----------------------------------------------------------

    def compact(self) -> None:
        """Rewrite the file so deleted rows leave no bytes behind in it or in its WAL.

        Merges the search indexes, checkpoints the WAL into the file and truncates it, rebuilds
        the file with ``VACUUM``, then checkpoints again (VACUUM itself goes through the WAL).
        It runs outside any transaction; inside one it is refused, and SQLite's failures are a
        StorageError.
        """
        if self._depth or self._conn.in_transaction:
            raise StorageError("the ledger cannot be compacted while a change is in progress")
        with storage_errors():
            # The search indexes merge their pieces: a deleted row's words leave them too.
            for index in ("promises_search", "contacts_search"):
                self._conn.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")
            self._checkpoint()
            self._conn.execute("VACUUM")
            self._checkpoint()

    def _checkpoint(self) -> None:
        busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy is not None and busy[0]:
            raise StorageError(
                "another program is reading the ledger, so it could not be compacted; "
                "close it and try again"
            )

    def stale_contacts(self, untouched_since: datetime, limit: int) -> list[Contact]:
        """Contacts created and last touched before ``untouched_since`` with no open promise,
        the longest untouched first (a contact never touched counts from its creation)."""
        cutoff = rows.to_micros(untouched_since)
        sql = (
            "SELECT c.*, coalesce((SELECT max(t.at) FROM touches t WHERE t.contact_id = c.id),"
            " c.created_at, 0) AS last_at FROM contacts c"
            " WHERE coalesce(c.created_at, 0) < ?"
            " AND NOT EXISTS (SELECT 1 FROM touches t WHERE t.contact_id = c.id AND t.at >= ?)"
            " AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.contact_id = c.id"
            " AND p.state = ?)"
            " ORDER BY last_at, c.id LIMIT ?"
        )
        params = (cutoff, cutoff, PromiseState.OPEN.value, limit)
        return [rows.contact_from(r) for r in self._rows(sql, params)]
