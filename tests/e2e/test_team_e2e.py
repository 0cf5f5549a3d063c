"""The real tray app on a team: it keeps the team ledger in step in the background — a
teammate's call reaches it within seconds (the server nudges it), so that even with the server
gone a moment later, this desktop's check names who called."""

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
from tests.team.test_team_sync import reasons, team_of_two

pytestmark = pytest.mark.x11


def test_a_teammates_call_reaches_the_running_app_within_seconds(
    desktop: Desktop, tmp_path: Path
) -> None:
    if server_bin() is None:
        pytest.skip("PostgreSQL's server is not installed")
    with running_cluster() as cluster:
        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE agency")
        sam, lee = team_of_two(cluster.dsn("agency"), tmp_path, ("sam", "lee"))
        for recruiter in (sam, lee):
            recruiter.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
        app = AppProcess([sys.executable, "-m", "trayapp", "run"], {**desktop.env, **env_of(lee)})
        try:
            app.wait_line("trayapp: ready", timeout=30)
            started = time.monotonic()
            sam.ok("add", "called Dana Smith")
            arrived = wait_for_team_touch(lee.data / "ledger.sqlite3")
            print(f"sam's call reached lee's running app in {arrived - started:.2f} s")
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


def wait_for_team_touch(ledger: Path, timeout: float = 20) -> float:
    """When the running app had stored a teammate's touch (it commits as it fetches)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(ledger) as conn:
            if conn.execute("SELECT count(*) FROM team_touches").fetchone()[0]:
                return time.monotonic()
        time.sleep(0.1)
    raise AssertionError("the teammate's touch never reached the running app")
