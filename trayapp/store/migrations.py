"""The ledger's schema, as numbered forward-only migrations tracked in ``PRAGMA user_version``.

Each step runs in one ``BEGIN IMMEDIATE`` transaction together with the new ``user_version``,
so a crash leaves the file at the old version or the new one, never between. Before an
existing database is upgraded, a copy is written beside it through SQLite's backup API. A
database written by a newer app is refused rather than guessed at.

To change the schema, append a :class:`Migration` to ``MIGRATIONS``; never edit a shipped one.

Instants are stored as integer microseconds since the Unix epoch, UTC (exact for Python's
``datetime``, compact, and compared as plain integers by the indexes). Enumerations are stored
by value without CHECK lists, so a later version can add a channel or a state without
rebuilding a table.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from trayapp.core.errors import StorageError
from trayapp.store.backup import backup_copy
from trayapp.store.levels import LEVELS_SCHEMA
from trayapp.store.promise_search import WORDS_SCHEMA
from trayapp.store.tallies import TALLY_SCHEMA

#: Written into the file header so the app recognises its own databases ("FoLT").
APPLICATION_ID = 0x466F4C54


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: the version it produces and the statements that get there."""

    version: int
    summary: str
    statements: tuple[str, ...]


_V1_TABLES = (
    """CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        first_key TEXT NOT NULL,
        company TEXT NOT NULL DEFAULT '',
        company_key TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        email_key TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_key TEXT NOT NULL DEFAULT '',
        linkedin TEXT NOT NULL DEFAULT '',
        tz TEXT,
        notes TEXT NOT NULL DEFAULT '',
        dnc_at INTEGER,
        dnc_reason TEXT NOT NULL DEFAULT '',
        quiet_until INTEGER,
        created_at INTEGER
    )""",
    """CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        what TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        kept_at INTEGER,
        released_at INTEGER,
        release_reason TEXT NOT NULL DEFAULT '',
        snooze_count INTEGER NOT NULL DEFAULT 0,
        snoozed_until INTEGER,
        original_due_at INTEGER
    )""",
    """CREATE TABLE promise_events (
        id INTEGER PRIMARY KEY,
        promise_id INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        at INTEGER NOT NULL,
        old_due_at INTEGER,
        new_due_at INTEGER,
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE touches (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        at INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        promise_id INTEGER REFERENCES promises(id) ON DELETE SET NULL,
        over_limit INTEGER NOT NULL DEFAULT 0 CHECK (over_limit IN (0, 1)),
        override_reason TEXT NOT NULL DEFAULT '',
        company_key TEXT NOT NULL DEFAULT ''
    )""",
)

_V1_INDEXES = (
    # Lookups return matches in name order straight from the index, however common the name.
    "CREATE INDEX contacts_name ON contacts(name_key)",
    "CREATE INDEX contacts_first ON contacts(first_key, name_key)",
    "CREATE INDEX contacts_email ON contacts(email_key) WHERE email_key <> ''",
    "CREATE INDEX contacts_phone ON contacts(phone_key) WHERE phone_key <> ''",
    "CREATE INDEX contacts_company ON contacts(company_key) WHERE company_key <> ''",
    "CREATE INDEX promises_state_due ON promises(state, due_at)",
    "CREATE INDEX promises_contact ON promises(contact_id, state, due_at)",
    "CREATE INDEX promise_events_promise ON promise_events(promise_id, at)",
    # The guard: windows of one direction, a person's timeline, conversations, the company cap.
    "CREATE INDEX touches_contact_direction ON touches(contact_id, direction, at)",
    "CREATE INDEX touches_contact_at ON touches(contact_id, at)",
    "CREATE INDEX touches_conversation ON touches(contact_id, at)"
    " WHERE channel IN ('call', 'meeting')",
    "CREATE INDEX touches_company ON touches(company_key, direction, at) WHERE company_key <> ''",
    # Everyone reached lately (the tray's "cooling down" list), newest first.
    "CREATE INDEX touches_direction_at ON touches(direction, at, contact_id)",
    # Lets ON DELETE SET NULL find a deleted promise's touches without a scan.
    "CREATE INDEX touches_promise ON touches(promise_id) WHERE promise_id IS NOT NULL",
)

_V2_REMINDERS = (
    # One row per reminder occurrence (or digest) shown: the key makes delivery exactly-once.
    """CREATE TABLE deliveries (
        key TEXT PRIMARY KEY,
        promise_id INTEGER REFERENCES promises(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        nominal_at INTEGER NOT NULL,
        delivered_at INTEGER NOT NULL,
        acted_at INTEGER
    ) WITHOUT ROWID""",
    "CREATE INDEX deliveries_promise ON deliveries(promise_id, acted_at)",
    "CREATE INDEX deliveries_unacted ON deliveries(delivered_at) WHERE acted_at IS NULL",
    # Small named values that must survive a restart: the pause, the last check.
    "CREATE TABLE app_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)

_V3_PHONE_ENDINGS = (
    # A number typed without its country code ("555 010 2030") is found among the numbers
    # stored with one ("+1 (555) 010-2030") by their last seven digits.
    "CREATE INDEX contacts_phone_end ON contacts(substr(phone_key, -7)) WHERE phone_key <> ''",
)

_V4_URGENT = (
    # An urgent promise's reminders are shown when meant, outside working hours and pause too.
    "ALTER TABLE promises ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0",
)

_V5_WAITS = (
    # Waiting for a reply: closed by the contact's next inbound touch, a cancel, or the one
    # reminder when ``until`` comes.
    """CREATE TABLE waits (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        about TEXT NOT NULL DEFAULT '',
        until INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        closed_at INTEGER,
        closed_by TEXT
    )""",
    "CREATE INDEX waits_open_until ON waits(until, id) WHERE closed_at IS NULL",
    "CREATE INDEX waits_contact ON waits(contact_id, until)",
)

_V6_TEAM = (
    # Every touch gets a globally unique id (UUIDv7); the ones already recorded get one made
    # from their own time.
    "ALTER TABLE touches ADD COLUMN uid TEXT",
    """UPDATE touches SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        (at / 1000) >> 16, (at / 1000) & 65535, abs(random() % 4096),
        32768 | abs(random() % 16384), abs(random() % 281474976710656))""",
    "CREATE UNIQUE INDEX touches_uid ON touches(uid)",
    # Touches not yet on the team's server (written with the touch, removed once it is there).
    "CREATE TABLE team_outbox (uid TEXT PRIMARY KEY) WITHOUT ROWID",
    "INSERT INTO team_outbox (uid) SELECT uid FROM touches",
    # Teammates' touches pulled from the server, found by a contact's e-mail or phone.
    """CREATE TABLE team_touches (
        uid TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        author TEXT NOT NULL,
        email_key TEXT NOT NULL DEFAULT '',
        phone_key TEXT NOT NULL DEFAULT '',
        linkedin_key TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL,
        direction TEXT NOT NULL,
        at INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX team_touches_email ON team_touches(email_key, at) WHERE email_key <> ''",
    "CREATE INDEX team_touches_phone ON team_touches(phone_key, at) WHERE phone_key <> ''",
    "CREATE INDEX team_touches_linkedin ON team_touches(linkedin_key, at) WHERE linkedin_key <> ''",
)

_V7_TEAM_BOUNDARIES = (
    # Teammates' do-not-contact and quiet-until marks, pulled from the team ledger.
    """CREATE TABLE team_boundaries (
        uid TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        author TEXT NOT NULL,
        email_key TEXT NOT NULL DEFAULT '',
        phone_key TEXT NOT NULL DEFAULT '',
        linkedin_key TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        until INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        at INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "CREATE INDEX team_boundaries_email ON team_boundaries(email_key) WHERE email_key <> ''",
    "CREATE INDEX team_boundaries_phone ON team_boundaries(phone_key) WHERE phone_key <> ''",
    "CREATE INDEX team_boundaries_linkedin ON team_boundaries(linkedin_key)"
    " WHERE linkedin_key <> ''",
)


def _search_index(table: str, index: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """A trigram full-text index over ``table``'s ``columns``, kept by triggers: a search for
    any three or more letters inside them is answered from the index, not by reading the
    whole table."""
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return (
        f"CREATE VIRTUAL TABLE {index} USING fts5({listed}, content='{table}',"
        " content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN"
        f" INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN"
        f" INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {listed} ON {table} BEGIN"
        f" INSERT INTO {index}({index}, rowid, {listed}) VALUES ('delete', old.id, {old});"
        f" INSERT INTO {index}(rowid, {listed}) VALUES (new.id, {new}); END",
    )


_V8_SEARCH = (
    *_search_index("promises", "promises_search", ("what",)),
    *_search_index("contacts", "contacts_search", ("name", "company")),
)

_V9_TEAM_COMPANIES = (
    # The company of teammates' touches (folded), for the team-wide company limit.
    "ALTER TABLE team_touches ADD COLUMN company_key TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX team_touches_company ON team_touches(company_key, at) WHERE company_key <> ''",
)

_V10_DNC_LIFTS = (
    # When a do-not-contact was lifted here (the person said they may be contacted again),
    # for the team: it voids the do-not-contact marks recorded before it.
    """CREATE TABLE dnc_lifts (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        at INTEGER NOT NULL
    )""",
)

_V11_TEAM_ERASURES = (
    # People erased here whose touches this desktop shared: their keys, hashed (SHA-256 of
    # the key, hex), until the team ledger has deleted this desktop's rows about them.
    """CREATE TABLE team_erasures (
        key_hash TEXT PRIMARY KEY
    ) WITHOUT ROWID""",
)

_V12_TEAM_COVERING = tuple(
    # Teammates' touches found by a key, in time order, read from the index alone.
    statement
    for column, name in (
        ("email_key", "email"),
        ("phone_key", "phone"),
        ("linkedin_key", "linkedin"),
        ("company_key", "company"),
    )
    for statement in (
        f"DROP INDEX team_touches_{name}",
        f"CREATE INDEX team_touches_{name} ON team_touches({column}, at, direction, author,"
        f" channel) WHERE {column} <> ''",
    )
)

# Every promise in due order: the "All" list and short searches read its first rows, unsorted.
_V13_PROMISES_BY_DUE = ("CREATE INDEX promises_due ON promises(due_at, id)",)

# A search looks through the first promises due on their index, which holds what each is and
# whose, and checks each one's contact in an index as narrow as a name and a company.
_V14_SEARCH_BY_INDEX = (
    "DROP INDEX promises_due",
    "CREATE INDEX promises_due ON promises(due_at, id, state, contact_id, what)",
    "CREATE INDEX contacts_words ON contacts(id, name, company)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "contacts, promises, promise events and touches",
        (*_V1_TABLES, *_V1_INDEXES, f"PRAGMA application_id = {APPLICATION_ID}"),
    ),
    Migration(2, "reminder deliveries and the app's persistent state", _V2_REMINDERS),
    Migration(3, "phone numbers found by their last seven digits", _V3_PHONE_ENDINGS),
    Migration(4, "urgent promises, reminded outside working hours", _V4_URGENT),
    Migration(5, "waiting for a reply", _V5_WAITS),
    Migration(6, "touches with global ids, and the team ledger's outbox and mirror", _V6_TEAM),
    Migration(7, "teammates' do-not-contact and quiet-until marks", _V7_TEAM_BOUNDARIES),
    Migration(8, "search as you type from a trigram index", _V8_SEARCH),
    Migration(9, "the company of teammates' touches", _V9_TEAM_COMPANIES),
    Migration(10, "do-not-contact lifted, for the team", _V10_DNC_LIFTS),
    Migration(11, "people erased, to be erased from the team ledger too", _V11_TEAM_ERASURES),
    Migration(12, "teammates' touches read from their indexes alone", _V12_TEAM_COVERING),
    Migration(13, "promises in due order", _V13_PROMISES_BY_DUE),
    Migration(14, "search from the indexes alone", _V14_SEARCH_BY_INDEX),
    Migration(
        15, "the week in numbers kept as the ledger is written", (*TALLY_SCHEMA, *LEVELS_SCHEMA)
    ),
    Migration(16, "each promise's contact name and company beside it, for search", WORDS_SCHEMA),
)

LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(
    conn: sqlite3.Connection,
    path: Path | None = None,
    migrations: tuple[Migration, ...] = MIGRATIONS,
) -> int:
    """Bring ``conn`` up to the last of ``migrations``; return the version it ends at.

    ``path`` is the database file: when given and the database already holds data, a backup
    copy is written beside it before the first step.
    """
    latest = migrations[-1].version
    current = check_usable(conn, latest)
    if current == latest:
        return current
    if current > 0 and path is not None:
        try:
            backup_copy(conn, path, current)
        except OSError as exc:
            raise StorageError(
                f"no backup could be written before upgrading the ledger ({exc.strerror}); "
                "nothing was changed"
            ) from exc
    for step in migrations:
        if step.version > current:
            _apply(conn, step)
    return schema_version(conn)


def check_usable(conn: sqlite3.Connection, latest: int = LATEST_VERSION) -> int:
    """Return the database's schema version, or raise :class:`StorageError` when this app
    must not touch it: written by a newer version, or by another program. Reads only."""
    current = schema_version(conn)
    if current > latest:
        raise StorageError(
            f"this data was written by a newer Follow-Through (schema {current}); "
            f"this version understands up to {latest}"
        )
    app_id: int = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise StorageError("this SQLite file belongs to another program, not Follow-Through")
    if current == 0:
        _refuse_unknown_tables(conn)
    return current


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    with _immediate(conn):
        if schema_version(conn) >= step.version:
            return  # another process upgraded it while we waited for the lock
        for statement in step.statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(step.version)}")


@contextlib.contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _refuse_unknown_tables(conn: sqlite3.Connection) -> None:
    """A version-0 file must be empty: tables there were made by some other program."""
    row = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if row[0]:
        raise StorageError(
            "this SQLite file holds tables Follow-Through did not create; "
            "it was left untouched — choose another data folder"
        )
