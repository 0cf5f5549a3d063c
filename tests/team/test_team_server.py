"""The team ledger's server side on a real PostgreSQL: ``trayapp team init`` sets a database
up (again: nothing changes), ``trayapp team invite NAME`` gives a recruiter a role and the
address to join with; row-level security lets a recruiter read everyone's touches and write
only their own — a forged author is refused by the server itself."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.team.test_team_sync import Desktop
from trayapp.store.team_server import MIGRATIONS

INSERT = (
    "INSERT INTO team_touches (uid, author, email_key, channel, direction, at)"
    " VALUES (%s, %s, 'dana@acme.example', 'call', 'out', now())"
)


def trayapp(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return Desktop(data).run(*args)


def test_init_then_invite_two_recruiters(team_db: str, tmp_path: Path) -> None:
    owner = tmp_path / "owner"
    first = trayapp(owner, "team", "init", team_db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Team ledger ready on 127.0.0.1:")
    assert f"(schema {len(MIGRATIONS)})" in first.stdout
    again = trayapp(owner, "team", "init", team_db, "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["schema_version"] == len(MIGRATIONS)
    saved = (owner / "config" / "team-server.json").read_text()
    assert "owner-secret" not in saved  # the address is kept, never its password

    sam = trayapp(owner, "team", "invite", "Sam", "--server", team_db, "--json")
    assert sam.returncode == 0, sam.stderr
    invited = json.loads(sam.stdout)
    assert invited["name"] == "sam" and "user=sam" in invited["dsn"]
    taken = trayapp(owner, "team", "invite", "sam", "--server", team_db)
    assert taken.returncode == 2 and "already has a role" in taken.stderr

    with psycopg.connect(invited["dsn"], autocommit=True) as conn:
        conn.execute(INSERT, (uuid.uuid4(), "sam"))
        assert conn.execute("SELECT author FROM team_touches").fetchall() == [("sam",)]


def test_a_forged_author_is_refused_by_the_server(team_db: str, tmp_path: Path) -> None:
    from trayapp.store.team_server import init_server, invite

    init_server(team_db)
    # Roles belong to the whole server: names no other test uses.
    kim, lee = invite(team_db, "kim"), invite(team_db, "lee")
    with psycopg.connect(lee.dsn, autocommit=True) as conn:
        conn.execute(INSERT, (uuid.uuid4(), "lee"))
    with psycopg.connect(kim.dsn, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(INSERT, (uuid.uuid4(), "lee"))
        # Only one's own rows may be deleted (erasing a person): Lee's stay.
        assert conn.execute("DELETE FROM team_touches").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE team_touches SET author = 'kim'")
        # Kim reads the team's rows, Lee's included.
        assert conn.execute("SELECT author FROM team_touches").fetchall() == [("lee",)]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("team", "init", "not an address at all"), "not a PostgreSQL address"),
        (
            ("team", "init", "postgresql://127.0.0.1:1/team?connect_timeout=2"),
            "could not be reached",
        ),
        (("team", "invite", "sam"), "run 'trayapp team init ADDRESS' first"),
    ],
)
def test_bad_addresses_are_told_and_nothing_is_kept(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    done = trayapp(tmp_path / "data", *args)
    assert done.returncode in (2, 3), done.stderr
    assert said in done.stderr
    assert not (tmp_path / "data" / "config" / "team-server.json").exists()


def test_a_bad_recruiter_name_is_refused(team_db: str, tmp_path: Path) -> None:
    from trayapp.store.team_server import init_server

    init_server(team_db)
    done = trayapp(
        tmp_path / "d",
        "team",
        "invite",
        "Robert'); DROP TABLE team_touches;--",
        "--server",
        team_db,
    )
    assert done.returncode == 2 and "lower-case letters" in done.stderr
    with psycopg.connect(team_db, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM team_touches").fetchone() == (0,)
