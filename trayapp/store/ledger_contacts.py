"""Contacts on the ledger's connection: the ``contacts`` table's queries.

Mixed into ``SqliteLedger``, so contacts share its connection and its transactions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from trayapp.core.errors import InvariantError, NotFound
from trayapp.core.matching import company_key
from trayapp.core.model import Contact, Promise, PromiseEvent, Touch
from trayapp.core.ports import ContactQuery
from trayapp.store import rows
from trayapp.store.rows import to_micros
from trayapp.store.team_keys import LAST_FAILED, LAST_SYNC, about_person, person_keys

_Saved = TypeVar("_Saved", Contact, Promise, PromiseEvent, Touch)

_KEY_COLUMNS = {
    ContactQuery.EMAIL: "email_key",
    ContactQuery.PHONE: "phone_key",
    ContactQuery.PHONE_ENDING: "phone_key",
    ContactQuery.NAME: "name_key",
    ContactQuery.FIRST_NAME: "first_key",
}


def need_id(ident: int | None, what: str) -> int:
    if ident is None:
        raise InvariantError(f"a {what} must be saved before it can be updated")
    return ident


def with_id(item: _Saved, new_id: int) -> _Saved:
    return dataclasses.replace(item, id=new_id)


class ContactsRepository:
    """The ``Ledger`` port's contact methods; the class using it provides the connection,
    ``atomic`` and the row helpers."""

    _conn: sqlite3.Connection

    def atomic(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def _insert(self, sql: str, params: Sequence[Any]) -> int:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def _update(self, sql: str, params: Sequence[Any], what: str, ident: int) -> None:
        raise NotImplementedError  # pragma: no cover - provided by SqliteLedger

    def add_contact(self, contact: Contact) -> Contact:
        marks = ", ".join("?" * len(rows.contact_values(contact)))
        sql = f"INSERT INTO contacts ({rows.CONTACT_COLUMNS}) VALUES ({marks})"
        new_id = self._insert(sql, rows.contact_values(contact))
        return with_id(contact, new_id)

    def update_contact(self, contact: Contact) -> Contact:
        """Save ``contact``'s fields. A changed company also re-files its touches under the
        new company, so the company cap always reads the contact's current employer."""
        ident = need_id(contact.id, "contact")
        settings = ", ".join(f"{c.strip()} = ?" for c in rows.CONTACT_COLUMNS.split(","))
        with self.atomic():
            self._update(
                f"UPDATE contacts SET {settings} WHERE id = ?",
                (*rows.contact_values(contact), ident),
                "contact",
                ident,
            )
            self._conn.execute(
                "UPDATE touches SET company_key = ? WHERE contact_id = ? AND company_key <> ?",
                (company_key(contact.company), ident, company_key(contact.company)),
            )
        return contact

    def _forget_team_rows(self, keys: tuple[str, str, str]) -> None:
        """Teammates' touches and marks about the person leave the copy here; on a team, the
        keys wait hashed for the server to delete this desktop's."""
        about, values = about_person(keys)
        if not values:
            return
        for table in ("team_touches", "team_boundaries"):
            self._conn.execute(f"DELETE FROM {table} WHERE {about}", values)
        on_team = self._conn.execute(
            "SELECT 1 FROM app_state WHERE name IN (?, ?)", (LAST_SYNC, LAST_FAILED)
        )
        if on_team.fetchone() is not None:
            self._conn.executemany(
                "INSERT OR IGNORE INTO team_erasures (key_hash) VALUES (?)",
                [(hashlib.sha256(key.encode()).hexdigest(),) for key in values],
            )

    def lift_do_not_contact(self, contact_id: int, at: datetime) -> None:
        self._conn.execute(
            "INSERT INTO dnc_lifts (contact_id, at) VALUES (?, ?)"
            " ON CONFLICT (contact_id) DO UPDATE SET at = max(at, excluded.at)",
            (contact_id, to_micros(at)),
        )

    def get_contact(self, contact_id: int) -> Contact | None:
        found = self._rows("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return rows.contact_from(found[0]) if found else None

    def get_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        """The contacts with these ids, read in one query per thousand."""
        found: dict[int, Contact] = {}
        for sql, chunk in rows.by_ids("contacts", sorted(set(contact_ids))):
            for row in self._rows(sql, chunk):
                contact = rows.contact_from(row)
                if contact.id is not None:
                    found[contact.id] = contact
        return found

    def find_contacts(self, by: ContactQuery, key: str, limit: int = 20) -> list[Contact]:
        """Contacts whose ``by`` key equals ``key`` exactly (an empty key finds nobody);
        ``PHONE_ENDING``: whose phone key ends in the same seven digits as ``key``."""
        if not key:
            return []
        column = _KEY_COLUMNS[by]
        if by is ContactQuery.PHONE_ENDING:  # the index contacts_phone_end: the last 7 digits
            sql = (
                "SELECT * FROM contacts WHERE substr(phone_key, -7) = ? AND phone_key <> ''"
                " ORDER BY name_key, id LIMIT ?"
            )
            found = self._rows(sql, (key[-7:], limit))
        else:
            sql = (
                f"SELECT * FROM contacts WHERE {column} = ? AND {column} <> ''"
                " ORDER BY name_key, id LIMIT ?"
            )
            found = self._rows(sql, (key, limit))
        return [rows.contact_from(r) for r in found]

    def names_near(self, key: str, spread: int, limit: int = 5000) -> list[tuple[int, str]]:
        """Range scans of the name indexes (contacts_name, contacts_first): only ids and keys
        are read, never whole contacts."""
        found: dict[int, str] = {}
        lengths = (len(key) - spread, len(key) + spread)
        columns = ["name_key"] if " " in key else ["name_key", "first_key"]
        for start in dict.fromkeys(key[:2].replace(" ", "")):
            for column in columns:
                sql = (
                    f"SELECT id, name_key FROM contacts WHERE {column} >= ? AND {column} < ?"
                    f" AND length({column}) BETWEEN ? AND ? LIMIT ?"
                )
                params = (start, chr(ord(start) + 1), *lengths, limit)
                found.update((int(r["id"]), str(r["name_key"])) for r in self._rows(sql, params))
        return list(found.items())

    def list_contacts(self, limit: int | None = None, offset: int = 0) -> list[Contact]:
        sql = "SELECT * FROM contacts ORDER BY name_key, id LIMIT ? OFFSET ?"
        found = self._rows(sql, (-1 if limit is None else limit, offset))
        return [rows.contact_from(r) for r in found]

    def count_contacts(self) -> int:
        return int(self._rows("SELECT count(*) AS n FROM contacts")[0]["n"])

    def delete_contact(self, contact_id: int) -> None:
        """Delete the contact with every promise, event and touch of theirs (a merge's second
        copy of a person; an erasure goes through :meth:`erase_contact`)."""
        with self.atomic():
            gone = self._conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
            if gone.rowcount != 1:
                raise NotFound(f"there is no contact number {contact_id}")

    def erase_contact(self, contact_id: int) -> None:
        """Erase the person: the contact as :meth:`delete_contact` does, and the copy here of
        teammates' touches and marks about them (found by their e-mail, phone or LinkedIn).
        When this desktop has been on a team, their keys wait, hashed, for the team ledger to
        delete this desktop's rows about them (``team_sync``)."""
        with self.atomic():
            contact = self.get_contact(contact_id)
            self.delete_contact(contact_id)
            if contact is not None:
                self._forget_team_rows(person_keys(contact))
