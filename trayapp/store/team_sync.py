"""Syncing this desktop's ledger with the team's server: push the outbox, pull what is new.

Pushing sends the touches in ``team_outbox`` whose contact has an e-mail address, a phone
number or a LinkedIn profile (the keys the team matches people by; a contact known by name
alone stays private) with ``INSERT … ON CONFLICT DO NOTHING``, and removes them from the outbox
only once the server has committed them: a retry after a crash or a cut connection sends them
again and the server keeps one. Pulling asks for every teammate's touch after the last server
number this desktop has, and stores it with that number in one local transaction, keyed by
its id: pulling twice keeps one. A touch is deleted only when the person is erased: the
server then deletes this desktop's own rows about them (found by their keys' hashes).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg

from trayapp.core.matching import linkedin_key
from trayapp.store.rows import from_micros, to_micros
from trayapp.store.team_keys import LAST_FAILED, LAST_SYNC
from trayapp.store.team_server import (
    COMPANY_VERSION,
    ERASE_VERSION,
    LIFT_VERSION,
    TeamServerError,
    connect,
    schema_version,
)

#: Touches sent or fetched per round trip.
BATCH = 1000
CURSOR = "team_cursor"

_OUTBOX = """
SELECT t.uid, t.channel, t.direction, t.at, c.email_key, c.phone_key, c.linkedin, t.company_key
FROM team_outbox o JOIN touches t ON t.uid = o.uid JOIN contacts c ON c.id = t.contact_id
WHERE o.uid > ? ORDER BY o.uid LIMIT ?
"""
_PUSH = """
INSERT INTO team_touches
    (uid, email_key, phone_key, linkedin_key, channel, direction, at, company_key)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uid) DO NOTHING
"""
#: To a server not yet at COMPANY_VERSION: the same without the company.
_PUSH_WITHOUT_COMPANY = """
INSERT INTO team_touches (uid, email_key, phone_key, linkedin_key, channel, direction, at)
VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uid) DO NOTHING
"""
_PULL = """
SELECT seq, uid::text, author::text, email_key, phone_key, linkedin_key, channel, direction, at,
    {company}
FROM team_touches WHERE seq > %s AND author <> current_user ORDER BY seq LIMIT %s
"""


@dataclass(frozen=True, slots=True)
class SyncResult:
    pushed: int
    pulled: int
    private: int  # touches of contacts with no e-mail, phone or LinkedIn: kept here only


def sync(local: sqlite3.Connection, dsn: str) -> SyncResult:
    """Push, then pull; the time of success is kept (and of a failure, for "not reached
    since"). Raises :class:`TeamServerError` when the server cannot be reached or refuses."""
    try:
        with connect(dsn) as server:
            version = schema_version(server)
            if version == 0:
                raise TeamServerError("the team ledger is not set up on that server")
            companies = version >= COMPANY_VERSION
            pushed, private = _push(local, server, companies=companies)
            _push_boundaries(local, server, lifts=version >= LIFT_VERSION)
            if version >= ERASE_VERSION:
                _push_erasures(local, server)
            pulled = _pull(local, server, companies) + _pull_boundaries(local, server)
    except (TeamServerError, psycopg.Error) as error:
        _set_state(local, LAST_FAILED, _now())
        if isinstance(error, TeamServerError):
            raise
        raise TeamServerError(f"the team ledger stopped answering: {_first(error)}") from None
    _set_state(local, LAST_SYNC, _now())
    return SyncResult(pushed, pulled, private)


def _push(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]], *, companies: bool
) -> tuple[int, int]:
    """The outbox, batch by batch; with ``companies``, each touch with its person's company."""
    after, pushed, private = "", 0, 0
    push = _PUSH if companies else _PUSH_WITHOUT_COMPANY
    while True:
        rows = local.execute(_OUTBOX, (after, BATCH)).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        shared = []
        for uid, channel, direction, at, email, phone, linkedin, company in rows:
            keys = (email or "", phone or "", linkedin_key(linkedin or ""))
            if not any(keys):
                private += 1
                continue
            row = (uid, *keys, channel, direction, from_micros(at))
            shared.append((*row, company or "") if companies else row)
        with server.transaction():
            server.cursor().executemany(push, shared)
        # Committed on the server: now, and only now, off the outbox.
        with _local_transaction(local):
            local.executemany("DELETE FROM team_outbox WHERE uid = ?", [(r[0],) for r in shared])
        pushed += len(shared)
    # Touches erased here since they were recorded leave the outbox too.
    with _local_transaction(local):
        local.execute(
            "DELETE FROM team_outbox"
            " WHERE uid NOT IN (SELECT uid FROM touches WHERE uid IS NOT NULL)"
        )
    return pushed, private


def _pull(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]], companies: bool
) -> int:
    """Teammates' touches after the touch cursor, into the copy of the team's touches (from a
    server not yet at COMPANY_VERSION, without their company)."""
    company = "company_key" if companies else "'' AS company_key"
    mirror = dataclasses.replace(_TOUCHES, query=_PULL.format(company=company))
    return _pull_table(local, server, mirror)


@dataclass(frozen=True, slots=True)
class _Mirror:
    """A server table copied here: the query (``seq`` first, then the columns but ``seq``),
    the cursor's name, and the local table and its columns."""

    query: str
    cursor: str
    table: str
    columns: str


def _pull_table(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]], mirror: _Mirror
) -> int:
    """The server's rows after the cursor, batch by batch, each batch with its cursor in one
    local transaction; a row already here (same uid) is kept once. Instants are stored as the
    ledger stores them."""
    columns, cursor_name, query = mirror.columns, mirror.cursor, mirror.query
    table = mirror.table
    marks = ", ".join("?" * len(columns.split(",")))
    insert = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})"
    pulled = 0
    while True:
        cursor = int(_get_state(local, cursor_name) or 0)
        rows = server.execute(query, (cursor, BATCH)).fetchall()
        if not rows:
            return pulled
        with _local_transaction(local):
            for seq, uid, *rest in rows:
                values = [to_micros(v) if isinstance(v, datetime) else v for v in rest]
                local.execute(insert, (uid, seq, *values))
            _set_state(local, cursor_name, str(rows[-1][0]))
        pulled += len(rows)


_MARKED = """
SELECT email_key, phone_key, linkedin, dnc_at, dnc_reason, quiet_until FROM contacts
WHERE (dnc_at IS NOT NULL OR quiet_until IS NOT NULL)
  AND (email_key <> '' OR phone_key <> '' OR linkedin <> '')
"""
_LIFTED = """
SELECT c.email_key, c.phone_key, c.linkedin, l.at FROM dnc_lifts l
JOIN contacts c ON c.id = l.contact_id
WHERE c.email_key <> '' OR c.phone_key <> '' OR c.linkedin <> ''
"""
_PUSH_BOUNDARY = """
INSERT INTO team_boundaries (uid, email_key, phone_key, linkedin_key, kind, until, reason, at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (uid) DO NOTHING
"""
_PULL_BOUNDARIES = """
SELECT seq, uid::text, author::text, email_key, phone_key, linkedin_key, kind, until, reason, at
FROM team_boundaries WHERE seq > %s AND author <> current_user ORDER BY seq LIMIT %s
"""
BOUNDARY_CURSOR = "team_boundary_cursor"
_BOUNDARY_IDS = uuid.UUID("5b0c3c1e-4a57-4f6e-9d0e-7f2a1c9b6d41")


def _push_boundaries(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]], *, lifts: bool
) -> None:
    """Every do-not-contact and quiet-until mark set here on a person the team can match, and
    (to a server that takes them) every do-not-contact lifted here; each mark's id comes from
    what it says, so sending it again adds nothing."""
    marks: list[tuple[object, ...]] = []
    for email, phone, linkedin, at in local.execute(_LIFTED) if lifts else ():
        keys = (email or "", phone or "", linkedin_key(linkedin or ""))
        marks.append((*keys, "do_not_contact_lifted", None, "", from_micros(at)))
    for email, phone, linkedin, dnc_at, dnc_reason, quiet in local.execute(_MARKED):
        keys = (email or "", phone or "", linkedin_key(linkedin or ""))
        if dnc_at is not None:
            marks.append((*keys, "do_not_contact", None, dnc_reason or "", from_micros(dnc_at)))
        if quiet is not None:
            until = from_micros(quiet)
            marks.append((*keys, "quiet_until", until, "", until))
    rows = [(_mark_id(m), *m) for m in marks]
    with server.transaction():
        server.cursor().executemany(_PUSH_BOUNDARY, rows)


_ERASE = """
DELETE FROM {table} WHERE author = current_user AND (
    encode(sha256(convert_to(email_key, 'UTF8')), 'hex') = ANY(%(hashes)s)
    OR encode(sha256(convert_to(phone_key, 'UTF8')), 'hex') = ANY(%(hashes)s)
    OR encode(sha256(convert_to(linkedin_key, 'UTF8')), 'hex') = ANY(%(hashes)s))
"""


def _push_erasures(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]]
) -> None:
    """People erased here: the server deletes this desktop's touches and marks about them
    (found by their keys' hashes; a teammate's rows stay theirs), then the hashes go."""
    hashes = [str(row[0]) for row in local.execute("SELECT key_hash FROM team_erasures")]
    if not hashes:
        return
    with server.transaction():
        for table in ("team_touches", "team_boundaries"):
            server.execute(_ERASE.format(table=table), {"hashes": hashes})
    with _local_transaction(local):
        local.executemany("DELETE FROM team_erasures WHERE key_hash = ?", [(h,) for h in hashes])


def _mark_id(mark: tuple[object, ...]) -> str:
    return str(uuid.uuid5(_BOUNDARY_IDS, "|".join(str(part) for part in mark)))


def _pull_boundaries(
    local: sqlite3.Connection, server: psycopg.Connection[tuple[object, ...]]
) -> int:
    """Teammates' do-not-contact and quiet-until marks after their own cursor."""
    return _pull_table(local, server, _BOUNDARIES)


_TOUCHES = _Mirror(
    _PULL,
    CURSOR,
    "team_touches",
    "uid, seq, author, email_key, phone_key, linkedin_key, channel, direction, at, company_key",
)
_BOUNDARIES = _Mirror(
    _PULL_BOUNDARIES,
    BOUNDARY_CURSOR,
    "team_boundaries",
    "uid, seq, author, email_key, phone_key, linkedin_key, kind, until, reason, at",
)


class _local_transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` on the autocommit connection (rolled back on error)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_rest: object) -> None:
        self._conn.execute("ROLLBACK" if kind is not None else "COMMIT")


def _get_state(local: sqlite3.Connection, name: str) -> str | None:
    row = local.execute("SELECT value FROM app_state WHERE name = ?", (name,)).fetchone()
    return None if row is None else str(row[0])


def _set_state(local: sqlite3.Connection, name: str, value: str) -> None:
    local.execute(
        "INSERT INTO app_state (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _first(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


@dataclass(frozen=True, slots=True)
class LocalState:
    outbox: int
    mirrored: int
    last_sync: datetime | None
    last_failed: datetime | None
    #: Of ``outbox``, the touches the team can match (the rest stay private).
    outbox_shareable: int = 0
    #: Keys of people erased here whose rows the team ledger has yet to delete.
    erasures: int = 0

    @property
    def waiting(self) -> bool:
        """Whether something here waits for the team ledger."""
        return bool(self.outbox_shareable or self.erasures)


def local_state(local: sqlite3.Connection) -> LocalState:
    """What this desktop holds of the team: touches waiting to go, teammates' touches here,
    and when the server last answered (or did not)."""

    def instant(name: str) -> datetime | None:
        value = _get_state(local, name)
        return datetime.fromisoformat(value) if value else None

    outbox = int(local.execute("SELECT count(*) FROM team_outbox").fetchone()[0])
    mirrored = int(local.execute("SELECT count(*) FROM team_touches").fetchone()[0])
    shareable = int(local.execute(_SHAREABLE).fetchone()[0])
    erasures = int(local.execute("SELECT count(*) FROM team_erasures").fetchone()[0])
    return LocalState(
        outbox, mirrored, instant(LAST_SYNC), instant(LAST_FAILED), shareable, erasures
    )


_SHAREABLE = """
SELECT count(*) FROM team_outbox o JOIN touches t ON t.uid = o.uid
JOIN contacts c ON c.id = t.contact_id
WHERE c.email_key <> '' OR c.phone_key <> '' OR c.linkedin <> ''
"""
