"""The team ledger's server side, on PostgreSQL: its schema, its roles and their rights.

One database holds a team. Its owner (the one who runs ``trayapp team init``) owns the tables;
every recruiter is a login role of their own, member of the team's group role. Touches are
append-only facts keyed by a globally unique id, numbered by the server (``seq``) so that a
desktop pulls everything after the last number it has. Row-level security lets a recruiter
read every row and insert only rows whose author is themselves: a forged author is refused
by the server, whatever the program that sends it.

The schema moves forward only: ``MIGRATIONS[n]`` takes it from version ``n`` to ``n + 1``,
each in its own transaction, and a server newer than this program is refused.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from trayapp.core.errors import BadInput, UserFacingError

#: Seconds to wait for the server before saying it could not be reached.
CONNECT_TIMEOUT = 2
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_SCHEMA_TABLE = "ft_schema"

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: touches, shared; each recruiter writes only their own.
    """
    CREATE TABLE team_touches (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uid uuid NOT NULL UNIQUE,
        author name NOT NULL DEFAULT current_user,
        email_key text NOT NULL DEFAULT '',
        phone_key text NOT NULL DEFAULT '',
        linkedin_key text NOT NULL DEFAULT '',
        channel text NOT NULL CHECK (channel IN
            ('call', 'voicemail', 'email', 'sms', 'linkedin', 'meeting', 'other')),
        direction text NOT NULL CHECK (direction IN ('out', 'in')),
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (email_key <> '' OR phone_key <> '' OR linkedin_key <> '')
    );
    CREATE INDEX team_touches_email ON team_touches (email_key, at) WHERE email_key <> '';
    CREATE INDEX team_touches_phone ON team_touches (phone_key, at) WHERE phone_key <> '';
    CREATE INDEX team_touches_linkedin ON team_touches (linkedin_key, at)
        WHERE linkedin_key <> '';
    ALTER TABLE team_touches ENABLE ROW LEVEL SECURITY;
    CREATE POLICY team_reads_all ON team_touches FOR SELECT TO {group} USING (true);
    CREATE POLICY author_writes_own ON team_touches FOR INSERT TO {group}
        WITH CHECK (author = current_user);
    GRANT SELECT, INSERT ON team_touches TO {group};
    """,
    # 1 -> 2: every new touch nudges the listening desktops to fetch (LISTEN ft_team).
    """
    CREATE FUNCTION ft_team_nudge() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('ft_team', NEW.seq::text);
        RETURN NEW;
    END $$;
    CREATE TRIGGER team_touches_nudge AFTER INSERT ON team_touches
        FOR EACH ROW EXECUTE FUNCTION ft_team_nudge();
    """,
    # 2 -> 3: boundaries a person set (do not contact, quiet until), with who recorded them,
    # when and why; shared like touches, append-only, each recruiter writing only their own.
    """
    CREATE TABLE team_boundaries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uid uuid NOT NULL UNIQUE,
        author name NOT NULL DEFAULT current_user,
        email_key text NOT NULL DEFAULT '',
        phone_key text NOT NULL DEFAULT '',
        linkedin_key text NOT NULL DEFAULT '',
        kind text NOT NULL CHECK (kind IN ('do_not_contact', 'quiet_until')),
        until timestamptz,
        reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
        at timestamptz NOT NULL,
        CHECK (email_key <> '' OR phone_key <> '' OR linkedin_key <> '')
    );
    ALTER TABLE team_boundaries ENABLE ROW LEVEL SECURITY;
    CREATE POLICY team_reads_all ON team_boundaries FOR SELECT TO {group} USING (true);
    CREATE POLICY author_writes_own ON team_boundaries FOR INSERT TO {group}
        WITH CHECK (author = current_user);
    GRANT SELECT, INSERT ON team_boundaries TO {group};
    CREATE TRIGGER team_boundaries_nudge AFTER INSERT ON team_boundaries
        FOR EACH ROW EXECUTE FUNCTION ft_team_nudge();
    """,
    # 3 -> 4: the company a touch's person works for (folded), for the team-wide company limit;
    # desktops that do not send it leave it empty.
    """
    ALTER TABLE team_touches ADD COLUMN company_key text NOT NULL DEFAULT ''
        CHECK (length(company_key) <= 200);
    CREATE INDEX team_touches_company ON team_touches (company_key, at) WHERE company_key <> '';
    """,
    # 4 -> 5: a do-not-contact lifted (the person said they may be contacted again): it voids
    # the do-not-contact marks recorded before it, whoever recorded them.
    """
    ALTER TABLE team_boundaries DROP CONSTRAINT team_boundaries_kind_check;
    ALTER TABLE team_boundaries ADD CONSTRAINT team_boundaries_kind_check
        CHECK (kind IN ('do_not_contact', 'quiet_until', 'do_not_contact_lifted'));
    """,
    # 5 -> 6: a recruiter who erases a person deletes their own rows about them (the right to
    # erasure); a teammate's rows stay theirs.
    """
    CREATE POLICY author_deletes_own ON team_touches FOR DELETE TO {group}
        USING (author = current_user);
    CREATE POLICY author_deletes_own ON team_boundaries FOR DELETE TO {group}
        USING (author = current_user);
    GRANT DELETE ON team_touches, team_boundaries TO {group};
    """,
)
#: The first schema version whose touches carry the company.
COMPANY_VERSION = 4
#: The first schema version that takes a lifted do-not-contact.
LIFT_VERSION = 5
#: The first schema version that lets a recruiter delete their own rows (erasure).
ERASE_VERSION = 6
#: The channel the server nudges desktops on when a touch arrives.
NUDGE_CHANNEL = "ft_team"


class TeamServerError(UserFacingError):
    """The team ledger's server refused or could not be reached; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Invitation:
    """A recruiter's role on the team server and the address they join with."""

    name: str
    dsn: str


def group_role(dbname: str) -> str:
    """The team's group role: one per team database (roles are shared by a whole server)."""
    return f"ft_team_{re.sub(r'[^a-z0-9_]', '_', dbname.lower())}"[:63]


def parse_dsn(dsn: str) -> dict[str, str]:
    """The parts of a PostgreSQL address (``postgresql://…`` or ``key=value …``); BadInput
    when it is not one."""
    text = dsn.strip()
    if not text or len(text) > 2000:
        raise BadInput("give the team server's address, e.g. postgresql://sam@db.example/team")
    try:
        parts = {k: str(v) for k, v in conninfo_to_dict(text).items() if v is not None}
    except psycopg.ProgrammingError as error:
        raise BadInput(f"not a PostgreSQL address: {_first_line(error)}") from None
    if not parts.get("dbname"):
        raise BadInput("the address names no database: add it, e.g. …/team")
    return parts


@contextmanager
def connect(dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection that says plainly when the server cannot be reached or refuses."""
    parts = parse_dsn(dsn)
    parts.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    parts.setdefault("application_name", "Follow-Through")
    try:
        conn = psycopg.connect(make_conninfo(**parts), autocommit=True)
    except psycopg.OperationalError as error:
        where = f"{parts.get('host', 'localhost')}:{parts.get('port', '5432')}"
        raise TeamServerError(
            f"the team ledger at {where} could not be reached: {_first_line(error)}"
        ) from None
    try:
        yield conn
    finally:
        conn.close()


def schema_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The team schema's version on the server; 0 when it is not set up."""
    try:
        found = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (_SCHEMA_TABLE,)).fetchone()
        if not found or not found[0]:
            return 0
        table = sql.Identifier(_SCHEMA_TABLE)
        version = conn.execute(sql.SQL("SELECT version FROM {}").format(table)).fetchone()
    except psycopg.Error as error:
        raise TeamServerError(f"the team ledger refused: {_first_line(error)}") from None
    return int(str(version[0])) if version else 0


def init_server(dsn: str) -> int:
    """Set the team database up (as its owner), or bring its schema up to date; the schema
    version it is at. Running it again changes nothing."""
    with connect(dsn) as conn:
        dbname = str(conn.info.dbname)
        group = group_role(dbname)
        try:
            with conn.transaction():
                _ensure_group(conn, group)
                conn.execute(
                    sql.SQL("CREATE TABLE IF NOT EXISTS {} (version integer NOT NULL)").format(
                        sql.Identifier(_SCHEMA_TABLE)
                    )
                )
                conn.execute(
                    sql.SQL("GRANT SELECT ON {} TO {}").format(
                        sql.Identifier(_SCHEMA_TABLE), sql.Identifier(group)
                    )
                )
            version = schema_version(conn)
            if version > len(MIGRATIONS):
                raise TeamServerError(
                    f"the team ledger's schema is version {version}, newer than this program "
                    f"knows ({len(MIGRATIONS)}): update Follow-Through"
                )
            for step in range(version, len(MIGRATIONS)):
                _migrate(conn, step, group)
        except psycopg.errors.InsufficientPrivilege as error:
            raise TeamServerError(
                f"not allowed to set the team ledger up: {_first_line(error)} — run "
                "'trayapp team init' as the database's owner"
            ) from None
        return len(MIGRATIONS)


def _ensure_group(conn: psycopg.Connection[tuple[object, ...]], group: str) -> None:
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone()
    if exists is None:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))


def _migrate(conn: psycopg.Connection[tuple[object, ...]], step: int, group: str) -> None:
    with conn.transaction():
        statements = MIGRATIONS[step].replace("{group}", '"' + group.replace('"', '""') + '"')
        conn.execute(statements.encode())
        table = sql.Identifier(_SCHEMA_TABLE)
        conn.execute(sql.SQL("DELETE FROM {}").format(table))
        conn.execute(sql.SQL("INSERT INTO {} VALUES (%s)").format(table), (step + 1,))


def invite(dsn: str, name: str) -> Invitation:
    """Create ``name``'s login role in the team (as the owner) with a new password; the
    address they join with."""
    role = name.strip().lower()
    if not _NAME.match(role):
        raise BadInput(
            "a recruiter's name on the team server is 1 to 31 lower-case letters, digits or "
            "_, starting with a letter (e.g. sam or dana_k)"
        )
    password = secrets.token_urlsafe(24)
    with connect(dsn) as conn:
        group = group_role(str(conn.info.dbname))
        if schema_version(conn) == 0:
            raise TeamServerError("the team ledger is not set up yet: run 'trayapp team init'")
        taken = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if taken is not None:
            raise BadInput(f"'{role}' already has a role on the team server: choose another name")
        statement = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql.Identifier(role), sql.Literal(password), sql.Identifier(group)
        )
        try:
            conn.execute(statement)
        except psycopg.errors.InsufficientPrivilege as error:
            raise TeamServerError(
                f"not allowed to add a recruiter: {_first_line(error)} — invite as the owner"
            ) from None
    parts = {k: v for k, v in parse_dsn(dsn).items() if k not in ("user", "password")}
    return Invitation(role, make_conninfo(**parts, user=role, password=password))


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
