"""How the team's rows about a person are found in this ledger's copy of the team ledger: by
their folded e-mail, phone digits and LinkedIn ``in/<name>``, never by name; and the names of
the app-state entries that say this desktop has synced with a team. Kept apart from
``team_sync`` so that the guard and erasure read them without loading the database driver.
"""

from __future__ import annotations

from typing import Any

from trayapp.core.matching import email_key, linkedin_key, phone_key
from trayapp.core.model import Contact

#: When the team ledger last answered, and when it last did not.
LAST_SYNC = "team_last_sync"
LAST_FAILED = "team_last_failed"
_KEY_COLUMNS = ("email_key", "phone_key", "linkedin_key")


def person_keys(contact: Contact) -> tuple[str, str, str]:
    """The keys a team matches ``contact`` by (empty where they have none)."""
    return email_key(contact.email), phone_key(contact.phone), linkedin_key(contact.linkedin)


def about_person(keys: tuple[str, str, str]) -> tuple[str, tuple[str, ...]]:
    """The condition that finds the person's rows by the keys they have, and its values: only
    those keys (one key: one index search, already in time order), each with ``<> ''`` so
    that SQLite may use the partial index. Empty when they have none."""
    found = _held(keys)
    sql = " OR ".join(f"({column} <> '' AND {column} = ?)" for column, _key in found)
    return sql, tuple(key for _column, key in found)


def by_each_key(
    select: str, where: str, keys: tuple[str, str, str], values: tuple[Any, ...]
) -> tuple[str, tuple[Any, ...]]:
    """``select`` with ``where`` (and its ``values``) once for each key the person has, the
    parts joined by ``UNION``, and the values to bind. Each part is one search of that key's
    partial index, which holds the columns a verdict reads, where an ``OR`` of the keys reads
    every row found from the table. A row found by two keys comes once, so ``select`` names
    the row's key (``uid``) to keep two rows alike in every other column two."""
    found = _held(keys)
    sql = " UNION ".join(
        f"{select} WHERE {column} <> '' AND {column} = ? AND {where}" for column, _key in found
    )
    return sql, tuple(value for _column, key in found for value in (key, *values))


def _held(keys: tuple[str, str, str]) -> list[tuple[str, str]]:
    """Each key the person has, beside the column that holds it."""
    return [(column, key) for column, key in zip(_KEY_COLUMNS, keys, strict=True) if key]
