"""The real tray app on a team: joined from the command line while it runs, it links to the
team ledger at once (and lets go when the desktop leaves) and keeps it in step in the
background — a teammate's call reaches it within seconds (the server nudges it), so that even
with the server gone a moment later, this desktop's check names who called."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.rig import Desktop
from tests.team.cluster import running_cluster, server_bin
from tests.team.test_team_sync import Desktop as Recruiter
from tests.team.test_team_sync import reasons
from trayapp.store.team_server import init_server, invite

pytestmark = pytest.mark.x11


def test_joined_while_running_a_teammates_call_reaches_the_app_within_seconds(
    desktop: Desktop, tmp_path: Path
) -> None:
    if server_bin() is None:
        pytest.skip("PostgreSQL's server is not installed")
    with running_cluster() as cluster:
        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE agency")
        owner = cluster.dsn("agency")
        init_server(owner)
        sam, lee = Recruiter(tmp_path / "sam"), Recruiter(tmp_path / "lee")
        sam.join(invite(owner, "sam").dsn)
        for recruiter in (sam, lee):
            recruiter.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
        lee_dsn = invite(owner, "lee").dsn
        lee.password = dict(part.split("=", 1) for part in lee_dsn.split())["password"]
        app = AppProcess([sys.executable, "-m", "trayapp", "run"], {**desktop.env, **env_of(lee)})
        try:
            app.wait_line("trayapp: ready", timeout=30)
            lee.ok("team", "join", lee_dsn)  # the running app is told, and links
            started = time.monotonic()
            sam.ok("add", "called Dana Smith")
            arrived = wait_for_team_touch(lee.data / "ledger.sqlite3")
            print(f"sam's call reached lee's running app in {arrived - started:.2f} s")
            assert wait_for_sessions(owner, "lee", present=True)
            lee.ok("team", "leave")  # the running app lets go of the server
            assert wait_for_sessions(owner, "lee", present=False)
            lee.ok("team", "join", lee_dsn)
            assert wait_for_sessions(owner, "lee", present=True)
        finally:
            app.stop()
        cluster.stop()
        offline = lee.run("check", "Dana Smith", "--json")
        assert "team ledger not reached since" in offline.stderr
        assert reasons(Recruiter(lee.data).json_of(offline.stdout))["team_recent"]["by"] == "sam"


def env_of(recruiter: Recruiter) -> dict[str, str]:
    return {
        "TRAYAPP_DATA_DIR": str(recruiter.data),
        "TRAYAPP_CONFIG_DIR": str(recruiter.data / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PGPASSWORD": recruiter.password,
    }


def wait_for_sessions(owner_dsn: str, user: str, *, present: bool, timeout: float = 15) -> bool:
    """Whether the server came to have (or not have) a session of ``user`` within the time."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", (user,)
            ).fetchone()
            if bool(row and row[0]) == present:
                return True
            time.sleep(0.1)
    return False


def wait_for_team_touch(ledger: Path, timeout: float = 20) -> float:
    """When the running app had stored a teammate's touch (it commits as it fetches)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(ledger) as conn:
            if conn.execute("SELECT count(*) FROM team_touches").fetchone()[0]:
                return time.monotonic()
        time.sleep(0.1)
    raise AssertionError("the teammate's touch never reached the running app")
