"""Two desktops (separate data folders, separate processes) on one team ledger, through the
real command line and a real PostgreSQL: a teammate's touch changes my verdict, naming them;
people are matched by e-mail or phone however their names are typed, and a contact known by
name alone stays private; a desktop cut off from the server keeps working and catches up with
nothing lost and nothing twice; a retry after a crash sends nothing twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.team.cluster import running_cluster, server_bin
from trayapp.store.team_server import COMPANY_VERSION, init_server, invite


@dataclass
class Desktop:
    data: Path
    password: str = ""

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "TRAYAPP_DATA_DIR": str(self.data),
            "TRAYAPP_CONFIG_DIR": str(self.data / "config"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PGPASSWORD": self.password,
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trayapp", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def popen(self, *args: str) -> subprocess.Popen[str]:
        """The command started, not waited for."""
        return subprocess.Popen(
            [sys.executable, "-m", "trayapp", *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def fails_with(self, *args: str) -> str:
        """What a refused command said (exit 2: nothing changed)."""
        done = self.run(*args)
        assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
        return done.stderr

    def json(self, *args: str) -> dict[str, object]:
        return self.json_of(self.ok(*args, "--json"))

    @staticmethod
    def json_of(text: str) -> dict[str, object]:
        return dict(json.loads(text))

    def settings(self, **values: object) -> None:
        """This recruiter's settings (the rest at their defaults)."""
        settings = self.data / "config" / "settings.json"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values))

    def join(self, dsn: str) -> None:
        self.password = dict(part.split("=", 1) for part in dsn.split())["password"]
        self.ok("team", "join", dsn)


def team_of_two(owner_dsn: str, tmp_path: Path, names: tuple[str, str]) -> tuple[Desktop, Desktop]:
    init_server(owner_dsn)
    first, second = Desktop(tmp_path / names[0]), Desktop(tmp_path / names[1])
    first.join(invite(owner_dsn, names[0]).dsn)
    second.join(invite(owner_dsn, names[1]).dsn)
    return first, second


def server_rows(owner_dsn: str) -> list[tuple[object, ...]]:
    with psycopg.connect(owner_dsn) as conn:
        return conn.execute(
            "SELECT author::text, email_key, phone_key FROM team_touches"
        ).fetchall()


def reasons(verdict: dict[str, object]) -> dict[str, dict[str, object]]:
    listed = verdict["reasons"]
    assert isinstance(listed, list)
    return {str(r["code"]): r for r in listed}


def test_a_teammates_call_turns_my_check_amber_naming_them(team_db: str, tmp_path: Path) -> None:
    # Roles belong to the whole server, which the tests share: names no other test uses.
    sam, lee = team_of_two(team_db, tmp_path, ("sam1", "lee1"))
    sam.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    lee.ok("contacts", "add", "Dana S.", "--email", "DANA@Acme.example")  # typed differently
    assert lee.json("check", "Dana S.")["verdict"] == "ok"
    sam.ok("add", "called Dana Smith")  # shared as it is recorded
    verdict = lee.json("check", "Dana S.")  # fetched before judging
    assert verdict["verdict"] == "caution"
    recent = reasons(verdict)["team_recent"]
    assert recent["by"] == "sam1" and recent["channel"] == "call"
    assert str(recent["text"]).startswith("sam1 called ")
    assert reasons(verdict)["team_owner"]["by"] == "sam1"  # sam reached Dana first
    text = lee.ok("check", "Dana S.")
    assert "sam1 called" in text and "Caution" in text
    assert sam.json("check", "Dana Smith")["verdict"] == "caution"  # sam's own cool-off
    assert "team_recent" not in reasons(sam.json("check", "Dana Smith"))  # not their own


def test_phones_match_across_formats_and_a_name_alone_stays_private(
    team_db: str, tmp_path: Path
) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim2", "ana"))
    kim.settings(phone_region="GB")  # kim in London types numbers the UK way, ana in New York
    ana.settings(phone_region="US")
    kim.ok("contacts", "add", "Lee Park", "--phone", "+1 (555) 010-2030")
    kim.ok("contacts", "add", "Robin")
    kim.ok("contacts", "add", "Dana Smith", "--phone", "020 7946 0958")
    ana.ok("contacts", "add", "Lee P", "--phone", "+1 555 010 2030")
    ana.ok("contacts", "add", "Dana S", "--phone", "011 44 20 7946 0958")
    kim.ok("touch", "Lee Park", "--channel", "voicemail")
    kim.ok("touch", "Robin", "--channel", "call")
    kim.ok("touch", "Dana Smith", "--channel", "call")
    assert sorted(server_rows(team_db)) == [  # Robin is not on it
        ("kim2", "", "15550102030"),
        ("kim2", "", "442079460958"),
    ]
    assert reasons(ana.json("check", "Lee P"))["team_recent"]["by"] == "kim2"
    assert reasons(ana.json("check", "Dana S"))["team_recent"]["by"] == "kim2"
    status = kim.json("team", "status")
    assert status["joined"] is True and status["outbox"] == 1  # Robin's call, kept here


def test_the_team_together_reaches_the_limits_naming_who(team_db: str, tmp_path: Path) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim7", "ana7"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    kim.ok("touch", "Dana Smith", "--channel", "email")
    kim.ok("touch", "Dana Smith", "--channel", "call")  # kim's own day limit: a caution
    day = reasons(ana.json("check", "Dana Smith"))["team_day_limit"]
    assert (day["count"], day["limit"], day["by"]) == (2, 1, "kim7")
    assert "team_week_limit" not in reasons(ana.json("check", "Dana Smith"))
    ana.ok("touch", "Dana Smith", "--channel", "email")
    week = reasons(ana.json("check", "Dana Smith"))["team_week_limit"]
    assert (week["count"], week["limit"], week["by"]) == (3, 3, "kim7")
    assert "counting kim7's (limit 3 for the whole team)" in str(week["text"])
    assert "team_week_limit" in reasons(kim.json("check", "Dana Smith"))  # ana's reached kim


def test_the_team_together_reaches_a_companys_limit(team_db: str, tmp_path: Path) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim8", "ana8"))
    ana.settings(guard={"company_week_limit": 2})
    kim.ok("contacts", "add", "Lee Park", "--company", "Acme", "--email", "lee@acme.example")
    ana.ok("contacts", "add", "Dana Smith", "--company", "ACME ", "--email", "dana@acme.example")
    kim.ok("touch", "Lee Park", "--channel", "email")
    ana.ok("touch", "Dana Smith", "--channel", "email")
    company = reasons(ana.json("check", "Dana Smith"))["team_company_limit"]
    assert (company["count"], company["limit"], company["by"]) == (2, 2, "kim8")
    assert "team_recent" not in reasons(ana.json("check", "Dana Smith"))  # kim never reached her


def test_a_server_not_yet_upgraded_still_syncs_and_the_upgrade_adds_companies(
    team_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Desktops of this version against a team server one schema behind (its owner has not
    run 'team init' again yet): touches go both ways without their company; after the
    upgrade the company travels too."""
    from trayapp.store import team_server

    with monkeypatch.context() as older:
        older.setattr(team_server, "MIGRATIONS", team_server.MIGRATIONS[: COMPANY_VERSION - 1])
        kim, ana = team_of_two(team_db, tmp_path, ("kim9", "ana9"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--company", "Acme", "--email", "d@acme.example")
    kim.ok("touch", "Dana Smith", "--channel", "call")
    assert reasons(ana.json("check", "Dana Smith"))["team_recent"]["by"] == "kim9"
    assert init_server(team_db) >= COMPANY_VERSION
    kim.ok("touch", "Dana Smith", "--channel", "email")
    ana.ok("team", "sync")
    with sqlite3.connect(ana.data / "ledger.sqlite3") as local:
        companies = local.execute("SELECT company_key FROM team_touches ORDER BY seq").fetchall()
    assert companies == [("",), ("acme",)]


def test_cut_off_from_the_server_both_keep_working_and_catch_up_once(tmp_path: Path) -> None:
    if server_bin() is None:
        pytest.skip("PostgreSQL's server is not installed")
    with running_cluster() as cluster:
        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE offline")
        owner = cluster.dsn("offline")
        sam, lee = team_of_two(owner, tmp_path, ("sam", "lee"))
        for desk in (sam, lee):
            desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
        sam.ok("touch", "Dana Smith", "--channel", "email")
        assert sam.json("doctor")["team"]["detail"].endswith("as sam; it answers")  # type: ignore[index]
        cluster.stop()  # the network is pulled
        said = sam.json_of(sam.run("doctor", "--json").stdout)["team"]
        assert "could not be reached" in said["detail"]  # type: ignore[index]
        offline = sam.run("touch", "Dana Smith", "--channel", "call")
        assert offline.returncode == 0 and "team ledger not reached since" in offline.stderr
        lee.ok("touch", "Dana Smith", "--channel", "sms", "--reason", "they asked me to text")
        assert "could not be reached" in lee.run("team", "sync").stderr
        cluster.start()  # back
        for desk in (sam, lee, sam, lee):
            desk.ok("team", "sync")
        authors = sorted(str(row[0]) for row in server_rows(owner))
        assert authors == ["lee", "sam", "sam"]  # every touch, once
        assert sam.json("team", "status")["team_touches"] == 1  # lee's sms
        assert lee.json("team", "status")["team_touches"] == 2  # sam's e-mail and call


def test_the_server_killed_mid_push_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    """10,000 touches waiting (an import); the server is killed (an immediate shutdown: no
    checkpoint, every connection cut) once part of them is in and the push still going; after
    a restart and a sync, the server holds each of them exactly once and the outbox is empty."""
    if server_bin() is None:
        pytest.skip("PostgreSQL's server is not installed")
    many = 10_000
    with running_cluster() as cluster:
        with psycopg.connect(cluster.dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE killed")
        owner = cluster.dsn("killed")
        init_server(owner)
        sam = Desktop(tmp_path / "sam")
        sam.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
        sam.join(invite(owner, "sam").dsn)
        start = datetime(2025, 1, 1, tzinfo=UTC)
        rows = (
            f"Dana Smith,email,out,{start + timedelta(minutes=i):%Y-%m-%dT%H:%M}Z"
            for i in range(many)
        )
        (tmp_path / "touches.csv").write_text("contact,channel,direction,at\n" + "\n".join(rows))
        sam.ok("import", "touches", str(tmp_path / "touches.csv"))
        assert sam.json("team", "status")["outbox"] == many
        syncing = sam.popen("team", "sync")
        arrived = wait_for_rows(owner, at_least=1)
        pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGQUIT)  # an immediate shutdown, as a crash
        _out, said = syncing.communicate(timeout=60)
        assert syncing.returncode != 0 and "team ledger" in said  # the push was cut, and said
        print(f"the server was killed with {arrived:,} of {many:,} touches in")
        assert 0 < arrived < many  # in the middle of it
        cluster.start()  # recovers from its log
        sam.ok("team", "sync")
        with psycopg.connect(owner) as conn:
            counted = conn.execute("SELECT count(*), count(DISTINCT uid) FROM team_touches")
            assert counted.fetchone() == (many, many)
        assert sam.json("team", "status")["outbox"] == 0


def wait_for_rows(owner_dsn: str, at_least: int, timeout: float = 60) -> int:
    """How many touches the server holds, once it holds ``at_least``."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            found = conn.execute("SELECT count(*) FROM team_touches").fetchone()
            if found and int(found[0]) >= at_least:
                return int(found[0])
            time.sleep(0.005)
    raise AssertionError(f"the server never held {at_least} touches")


def test_a_retry_after_a_crash_sends_nothing_twice(team_db: str, tmp_path: Path) -> None:
    kim, _ana = team_of_two(team_db, tmp_path, ("kim3", "ana3"))
    kim.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    kim.ok("touch", "Dana Smith", "--channel", "call")
    assert len(server_rows(team_db)) == 1
    # As if the desktop died after the server committed but before the outbox was cleared.
    with sqlite3.connect(kim.data / "ledger.sqlite3") as conn:
        conn.execute("INSERT INTO team_outbox (uid) SELECT uid FROM touches")
    kim.ok("team", "sync")
    assert len(server_rows(team_db)) == 1
    assert kim.json("team", "status")["outbox"] == 0


def test_leaving_keeps_every_touch(team_db: str, tmp_path: Path) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim4", "ana4"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    kim.ok("touch", "Dana Smith", "--channel", "call")
    ana.ok("team", "sync")
    assert ana.ok("team", "leave").startswith("Left the team ledger.")
    assert ana.json("team", "status")["joined"] is False
    assert ana.json("team", "status")["team_touches"] == 1
    assert reasons(ana.json("check", "Dana Smith"))["team_recent"]["by"] == "kim4"


def test_joining_and_syncing_tell_a_running_app_to_look_again(
    team_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The running tray app starts its link to the team when this desktop joins, and redraws
    after a sync fetched the team's touches (tests/cli/test_command_table.py calls the rest)."""
    from trayapp.cli import main as cli

    init_server(team_db)
    dsn = invite(team_db, "kim6").dsn
    told: list[tuple[Path, str]] = []

    def tell_running(data_dir: Path, action: str, timeout_ms: int = 300) -> bool:
        told.append((data_dir, action))
        return True

    monkeypatch.setattr("trayapp.platform.single_instance.tell_running", tell_running)
    monkeypatch.setenv("PGPASSWORD", dict(part.split("=", 1) for part in dsn.split())["password"])
    data = tmp_path / "data"  # the profile the autouse fixture points at
    assert cli.main(["team", "join", dsn]) == 0
    assert told == [(data, "refresh")]
    assert cli.main(["team", "sync"]) == 0
    assert told == [(data, "refresh")] * 2


def test_a_teammates_do_not_contact_and_quiet_until_stop_me_with_who_and_why(
    team_db: str, tmp_path: Path
) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim5", "ana5"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
        desk.ok("contacts", "add", "Lee Park", "--phone", "+44 20 7946 0958")
    kim.ok("contacts", "edit", "Dana Smith", "--dnc", "--reason", "placed elsewhere")
    kim.ok("contacts", "edit", "Lee Park", "--quiet-until", "in 3 weeks")
    dana = ana.json("check", "Dana Smith")
    assert dana["verdict"] == "stop" and dana["next_ok_at"] is None
    mark = reasons(dana)["team_do_not_contact"]
    assert mark["by"] == "kim5"
    assert mark["text"] == "kim5 recorded that they asked not to be contacted (placed elsewhere)"
    assert dana["suggested_situation"] == "close_out"
    lee = ana.json("check", "Lee Park")
    assert lee["verdict"] == "stop" and reasons(lee)["team_quiet_until"]["by"] == "kim5"
    kim.ok("team", "sync")
    ana.ok("team", "sync")
    assert ana.json("team", "status")["team_touches"] == 0  # marks are not touches
    with psycopg.connect(team_db) as conn:  # sent at every sync, kept once
        assert conn.execute("SELECT count(*) FROM team_boundaries").fetchone() == (2,)


def test_a_do_not_contact_lifted_by_anyone_reaches_the_whole_team(
    team_db: str, tmp_path: Path
) -> None:
    """Dana asked kim not to be contacted; later she tells ana she may be contacted again:
    ana lifts it, and kim's check (his own mark included) says OK; kim marking her again
    later stops everyone again."""
    kim, ana = team_of_two(team_db, tmp_path, ("kim11", "ana11"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    kim.ok("contacts", "edit", "Dana Smith", "--dnc", "--reason", "placed elsewhere")
    assert ana.json("check", "Dana Smith")["verdict"] == "stop"
    ana.ok("contacts", "edit", "Dana Smith", "--no-dnc")  # a teammate's mark: lifted here
    assert "team_do_not_contact" not in reasons(ana.json("check", "Dana Smith"))
    kim_sees = kim.json("check", "Dana Smith")
    assert "do_not_contact" not in reasons(kim_sees) and kim_sees["verdict"] != "stop"
    assert "nothing to change" in ana.fails_with("contacts", "edit", "Dana Smith", "--no-dnc")
    kim.ok("contacts", "edit", "Dana Smith", "--dnc", "--reason", "asked again")
    assert reasons(ana.json("check", "Dana Smith"))["team_do_not_contact"]["by"] == "kim11"


def test_erasing_a_person_erases_my_rows_about_them_on_the_team_ledger(
    team_db: str, tmp_path: Path
) -> None:
    kim, ana = team_of_two(team_db, tmp_path, ("kim12", "ana12"))
    for desk in (kim, ana):
        desk.ok("contacts", "add", "Dana Smith", "--email", "dana@acme.example")
    kim.ok("touch", "Dana Smith", "--channel", "call")
    kim.ok("contacts", "edit", "Dana Smith", "--quiet-until", "in 3 weeks")
    ana.ok("touch", "Dana Smith", "--channel", "email", "--reason", "she asked for the brief")
    kim.ok("team", "sync")
    assert sorted(str(r[0]) for r in server_rows(team_db)) == ["ana12", "kim12"]
    password, kim.password = kim.password, "not-the-password"  # cut off from the server
    erased = kim.run("contacts", "erase", "Dana Smith", "--yes")
    assert erased.returncode == 0 and "team ledger not reached" in erased.stderr
    assert len(server_rows(team_db)) == 2  # not yet
    kim.password = password
    kim.ok("team", "sync")
    assert [str(r[0]) for r in server_rows(team_db)] == ["ana12"]  # ana's row is hers
    with psycopg.connect(team_db) as conn:
        assert conn.execute("SELECT count(*) FROM team_boundaries").fetchone() == (0,)
    with sqlite3.connect(kim.data / "ledger.sqlite3") as local:
        left = [
            local.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("team_touches", "team_boundaries", "team_erasures")
        ]
    assert left == [0, 0, 0]
