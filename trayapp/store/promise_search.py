"""Promises found by what is typed into a search: the first of them in due order whose what,
contact's name or company holds the text (case aside).

Each promise keeps a copy of its contact's name and company, and the due-order index
``promises_due`` holds them beside its what, so a promise is checked from that index alone.
Triggers keep the copies as contacts are renamed and promises moved (``WORDS_SCHEMA``).

A search matches many promises (a first name, a company, a word most promises use) or few (a
whole name):

1. One or two letters: the promises are looked through in due order until the list is full.
2. Three letters or more: the first ``FIRST_LOOK`` promises due are looked through. When
   matches are many, the list is full there; otherwise the share of matches seen decides how
   the rest is read: by looking on in due order when matches are common, or, when they are
   rare, from the trigram indexes (the few promises and contacts that hold the text), the
   matches then sorted.

Both ways ignore the case of ASCII letters alike. Only the trigram indexes also fold the case
of other letters ("Ë" finds "ë"), so three letters or more with such a letter in them are read
from the indexes alone; one or two letters are matched with ``LIKE`` (ASCII case) either way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from trayapp.store import driver
from trayapp.store.rows import by_ids

__all__ = ["FIRST_LOOK", "TRIGRAM", "find"]

#: The shortest search the trigram indexes answer.
TRIGRAM = 3
#: How many of the first promises due the first look goes through.
FIRST_LOOK = 1_000
_DUE = "INDEXED BY promises_due"

_BOUND = (
    "SELECT due_at, id FROM promises INDEXED BY promises_due ORDER BY due_at, id LIMIT 1 OFFSET ?"
)
_BY_TRIGRAMS = (  # three letters or more, from the trigram indexes
    "(promises.id IN (SELECT rowid FROM promises_search WHERE promises_search MATCH ?)"
    " OR promises.contact_id IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ?))"
)
_EACH_ROW = (  # each promise looked at, on the due-order index
    "(what LIKE ? ESCAPE '\\' OR contact_name LIKE ? ESCAPE '\\'"
    " OR contact_company LIKE ? ESCAPE '\\')"
)

_COPY_WORDS = (
    "UPDATE promises SET"
    " contact_name = coalesce((SELECT name FROM contacts WHERE id = promises.contact_id), ''),"
    " contact_company = coalesce((SELECT company FROM contacts WHERE id = promises.contact_id), '')"
)
#: The contact's name and company copied onto each promise and onto its due-order index, kept
#: by triggers on every write that changes them (a promise added or moved to another contact,
#: a contact renamed or its company changed).
WORDS_SCHEMA = (
    "ALTER TABLE promises ADD COLUMN contact_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE promises ADD COLUMN contact_company TEXT NOT NULL DEFAULT ''",
    _COPY_WORDS,
    "DROP INDEX promises_due",
    "CREATE INDEX promises_due ON promises(due_at, id, state, contact_id, what, contact_name,"
    " contact_company)",
    "DROP INDEX contacts_words",
    "CREATE TRIGGER promise_words_insert AFTER INSERT ON promises BEGIN"
    f" {_COPY_WORDS} WHERE id = new.id; END",
    "CREATE TRIGGER promise_words_moved AFTER UPDATE OF contact_id ON promises BEGIN"
    f" {_COPY_WORDS} WHERE id = new.id; END",
    "CREATE TRIGGER contact_words_changed AFTER UPDATE OF name, company ON contacts BEGIN"
    " UPDATE promises SET contact_name = new.name, contact_company = new.company"
    " WHERE contact_id = new.id; END",
)


def find(
    conn: sqlite3.Connection,
    filters: Sequence[str],
    params: Sequence[Any],
    text: str,
    limit: int | None,
) -> list[sqlite3.Row]:
    """The promises meeting every clause of ``filters`` (with ``params``) that match ``text``,
    oldest due first, at most ``limit``."""
    likes = [f"%{_escape_like(text)}%"] * 3
    if len(text) < TRIGRAM:
        return _read(conn, [*filters, _EACH_ROW], [*params, *likes], limit, _DUE)
    phrase = '"' + text.replace('"', '""') + '"'
    words = [phrase, phrase]
    if limit is None or not text.isascii():
        # Every match is wanted, or letters whose case only the trigram index folds.
        return _sorted_by_index(conn, [*filters, _BY_TRIGRAMS], [*params, *words], limit)
    bound = conn.execute(_BOUND, (FIRST_LOOK - 1,)).fetchone()
    upto = [] if bound is None else ["(due_at, id) <= (?, ?)"]
    found = _read(
        conn, [*filters, *upto, _EACH_ROW], [*params, *(bound or ()), *likes], limit, _DUE
    )
    if bound is None or len(found) >= limit:
        return found
    after, left = [*filters, "(due_at, id) > (?, ?)"], limit - len(found)
    if _common(conn, len(found), left):
        return found + _read(conn, [*after, _EACH_ROW], [*params, *bound, *likes], left, _DUE)
    return found + _sorted_by_index(conn, [*after, _BY_TRIGRAMS], [*params, *bound, *words], left)


def _common(conn: sqlite3.Connection, found: int, left: int) -> bool:
    """Whether the first look found matches common enough that looking on finds the ``left``
    still wanted sooner than the indexes find every match: at the share of matches seen, about
    ``left / share`` promises looked through, against ``share × promises`` found and sorted."""
    share = found / FIRST_LOOK
    promises: int = conn.execute("SELECT max(id) FROM promises").fetchone()[0] or 0
    return share > 0 and left / share < share * promises


def _read(
    conn: sqlite3.Connection,
    clauses: Sequence[str],
    params: Sequence[Any],
    limit: int | None,
    index: str = "",
) -> list[sqlite3.Row]:
    """The promises meeting ``clauses`` in due order, through ``index`` if one is named."""
    where = " AND ".join(clauses)
    sql = f"SELECT * FROM promises {index} WHERE {where} ORDER BY due_at, id LIMIT ?"
    cursor = conn.cursor()
    cursor.row_factory = driver.Row
    found: list[sqlite3.Row] = cursor.execute(
        sql, [*params, -1 if limit is None else limit]
    ).fetchall()
    return found


def _sorted_by_index(
    conn: sqlite3.Connection, clauses: Sequence[str], params: Sequence[Any], limit: int | None
) -> list[sqlite3.Row]:
    """As ``_read``, but the matches are sorted by their ids and due dates alone, read from
    the indexes, and only the ``limit`` first are read whole."""
    sql = f"SELECT id FROM promises WHERE {' AND '.join(clauses)} ORDER BY due_at, id LIMIT ?"
    ids = [row[0] for row in conn.execute(sql, [*params, -1 if limit is None else limit])]
    cursor = conn.cursor()
    cursor.row_factory = driver.Row
    whole: dict[int, sqlite3.Row] = {}
    for read, chunk in by_ids("promises", ids):
        for row in cursor.execute(read, chunk):
            whole[row["id"]] = row
    return [whole[ident] for ident in ids]


def _escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``ESCAPE '\\'``: its own % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
