"""The command line end to end: real subprocesses against a temporary data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

NOW = "2026-11-23T10:00:00+00:00"  # a Monday morning in London


class Cli:
    """Runs ``python -m trayapp`` with its own data folder and a fixed 'now'."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.now = NOW
        #: Variables set for the commands on top of the test's environment.
        self.extra_env: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        """The command's environment: this test's, with the data folder, clock and zone set."""
        env = {
            **os.environ,
            "TRAYAPP_DATA_DIR": str(self.data),
            "TRAYAPP_NOW": self.now,
            "TZ": "Europe/London",
            "PYTHONIOENCODING": "utf-8",
            **self.extra_env,
        }
        env.pop("TRAYAPP_CONFIG_DIR", None)
        settings = self.data / "config" / "settings.json"
        if not settings.exists():
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(json.dumps({"timezone": "Europe/London", "my_name": "Sam"}))
        return env

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trayapp", *args],
            capture_output=True,
            text=True,
            env=self.env(),
            input=stdin if stdin is not None else "",
            timeout=60,
            check=False,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def fails(self, code: int, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("trayapp: ") or "usage:" in done.stderr
        return done.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "profile")


def test_quick_add_promise_then_list_and_show(cli: Cli) -> None:
    cli.ok(
        "contacts",
        "add",
        "Dana Smith",
        "--company",
        "Acme",
        "--role",
        "client",
        "--email",
        "dana@acme.com",
    )
    saved = cli.json("add", "Dana Smith: send Acme feedback by fri 3pm")
    assert saved["kind"] == "promise"
    assert saved["promise"]["due_at"] == "2026-11-27T15:00:00Z"
    assert saved["verdict"] == "ok"
    listed = cli.json("list")
    assert [p["what"] for p in listed] == ["send Acme feedback"]
    assert listed[0]["contact"] == "Dana Smith"
    assert listed[0]["status"] == "open"
    assert listed[0]["days_late"] == 0
    shown = cli.json("show", str(listed[0]["id"]))
    assert shown["events"][0]["kind"] == "created"


def test_touch_forms_and_over_contact_verdict(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith", "--company", "Acme", "--email", "dana@acme.com")
    first = cli.json("add", "vm Dana re Acme")
    assert first["touch"]["channel"] == "voicemail"
    assert first["touch"]["over_limit"] is False
    second = cli.json("add", "emailed dana@acme.com")
    assert second["touch"]["over_limit"] is True
    check = cli.json("check", "dana")
    assert check["verdict"] == "caution"
    assert {r["code"] for r in check["reasons"]} == {"day_limit"}
    day = next(r for r in check["reasons"] if r["code"] == "day_limit")
    assert (day["count"], day["limit"], day["window_days"]) == (2, 1, 1)
    assert check["next_ok_at"] == "2026-11-24T10:00:00Z"
    assert check["unanswered_streak"] == 2


def test_stop_needs_reason_and_is_kept(cli: Cli) -> None:
    cli.ok("contacts", "add", "Lee Park", "--company", "Initech")
    cli.ok("contacts", "edit", "Lee", "--dnc", "--reason", "asked us to stop")
    check = cli.json("check", "Lee Park")
    assert check["verdict"] == "stop"
    assert check["next_ok_at"] is None
    assert [r["code"] for r in check["reasons"]] == ["do_not_contact"]
    logged = cli.json("touch", "Lee", "--channel", "call", "--reason", "they called about pay")
    assert logged["touch"]["over_limit"] is True
    assert logged["touch"]["override_reason"] == "they called about pay"


def test_company_limit_across_people(cli: Cli) -> None:
    for name in ("Ann One", "Bob Two", "Cat Three", "Dan Four", "Eve Five", "Fay Six"):
        cli.ok("contacts", "add", name, "--company", "Globex")
    cli.now = "2026-11-18T10:00:00+00:00"
    for name in ("Ann", "Bob", "Cat", "Dan", "Eve"):
        cli.ok("touch", name, "--channel", "email")
    cli.now = NOW
    check = cli.json("check", "Fay Six")
    assert check["verdict"] == "caution"
    assert [r["code"] for r in check["reasons"]] == ["company_limit"]


def test_year_old_promise_is_overdue_with_apology(cli: Cli) -> None:
    cli.now = "2025-11-10T09:00:00+00:00"
    cli.ok("contacts", "add", "Priya Nair", "--role", "candidate")
    cli.ok(
        "promise",
        "Priya",
        "pass your details to the client and follow up",
        "--due",
        "2025-11-14T12:00",
    )
    cli.now = NOW
    overdue = cli.json("list", "--status", "overdue")
    assert len(overdue) == 1
    assert overdue[0]["status"] == "overdue"
    assert overdue[0]["days_late"] >= 370
    script = cli.json("script", str(overdue[0]["id"]), "--channel", "voicemail")
    assert script["situation"] == "overdue_apology"
    assert script["tier"] == "months"
    assert "Priya" in script["body"]
    assert "Hi ," not in script["body"]


def test_lifecycle_kept_snooze_renegotiate_release(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    pid = str(
        cli.json("promise", "Dana", "send feedback", "--due", "tomorrow 3pm")["promise"]["id"]
    )
    for _ in range(3):
        cli.ok("snooze", pid, "in", "1", "hour")
    stderr = cli.fails(2, "snooze", pid, "in 2 hours")
    assert "used all 3 snoozes" in stderr
    moved = cli.json("renegotiate", pid, "next", "friday", "10:00")["promise"]
    assert moved["due_at"] == "2026-11-27T10:00:00Z"
    assert moved["snooze_count"] == 0
    kept = cli.json("kept", pid, "--channel", "email")
    assert kept["promise"]["status"] == "kept"
    assert kept["touch"]["promise_id"] == int(pid)
    other = str(cli.json("promise", "Dana", "intro call", "--due", "fri")["promise"]["id"])
    released = cli.json("release", other, "--reason", "role closed")["promise"]
    assert (released["status"], released["release_reason"]) == ("released", "role closed")
    history = cli.json("contacts", "show", "Dana")
    kinds = [e["kind"] for e in history["events"]]
    assert kinds.count("snoozed") == 3
    assert "renegotiated" in kinds and "kept" in kinds and "released" in kinds


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("add", ""), 2, "type something"),
        (("add", "Dana Smith: send feedback by flurbsday"), 2, "flurbsday"),
        (("promise", "Nobody", "x", "--due", "tomorrow"), 3, "no contact matches"),
        (("promise", "Dana", "x", "--due", "yesterday"), 2, "past"),
        (("promise", "Dana", "", "--due", "tomorrow"), 2, "what was promised"),
        (("show", "999"), 3, "no promise 999"),
        (("kept", "999"), 3, "no promise 999"),
        (("touch", "Dana", "--channel", "fax"), 2, "invalid choice"),
        (("touch", "Dana", "--channel", "call", "--at", "tomorrow 10am"), 2, "future"),
        (("contacts", "add", "X", "--email", "not-an-email"), 2, "e-mail"),
        (("contacts", "add", "X", "--tz", "Mars/Base"), 2, "time zone"),
        (("contacts", "add", "A\x07B"), 2, "control characters"),
        (("check", "Dana", "--at", "soonish"), 2, "soonish"),
        (("import", "contacts", "/nonexistent.csv"), 2, "no file"),
        (("add", "x" * 5000), 2, "too long"),
    ],
)
def test_bad_input_changes_nothing(cli: Cli, args: tuple[str, ...], code: int, words: str) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    before = cli.json("contacts", "show", "Dana")
    stderr = cli.fails(code, *args)
    assert words in stderr
    assert cli.json("contacts", "show", "Dana") == before
    assert cli.json("list", "--status", "all") == []


def test_ambiguous_name_lists_candidates(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith", "--company", "Acme")
    cli.ok("contacts", "add", "Dana Jones", "--company", "Globex")
    stderr = cli.fails(2, "check", "Dana")
    assert "Dana Smith (Acme)" in stderr and "Dana Jones (Globex)" in stderr


def test_import_export_round_trip(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    source.write_text(
        'Notes:\n"When exporting your connection data..."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Dana,Smith,https://www.linkedin.com/in/dana,dana@acme.com,Acme,HR,01 Jan 2026\n"
        "=cmd|' /C calc'!A0,Evil,,,Initech,,02 Jan 2026\n",
        encoding="utf-8-sig",
    )
    report = cli.json("import", "contacts", str(source))
    assert report["added"] == 2
    out = tmp_path / "all.csv"
    cli.ok("export", "--format", "csv", "--out", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert "dana@acme.com" in text
    assert "'=cmd" in text
    assert ",=cmd" not in text
    person = cli.json("export", "--contact", "dana@acme.com")
    assert [c["email"] for c in person["contacts"]] == ["dana@acme.com"]


def test_corrupt_settings_file_is_reported_and_kept(cli: Cli) -> None:
    settings = cli.data / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{ not json")
    done = cli.run("list")
    assert done.returncode == 0
    assert "settings file" in done.stderr
    assert settings.read_text() == "{ not json"


def test_doctor_reports_paths_without_a_display(cli: Cli) -> None:
    report = cli.json("doctor")
    assert report["paths"]["data"] == str(cli.data)
    assert report["database"]["exists"] in (True, False)
    assert "tray" in report and "keyring" in report


def test_backup_then_restore_brings_the_old_ledger_back(cli: Cli) -> None:
    cli.ok("contacts", "add", "Dana Smith")
    made = cli.json("backup")
    assert Path(made["path"]).is_file()
    cli.ok("contacts", "add", "Lee Park")
    restored = cli.json("restore")
    assert restored["restored_from"] == made["path"]
    assert Path(restored["replaced"]).is_file()  # the replaced ledger is kept, never deleted
    names = [c["name"] for c in cli.json("contacts", "list")]
    assert names == ["Dana Smith"]


def test_encrypt_with_a_passphrase_then_unlock_with_the_recovery_key(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("contacts", "add", "Dana Smith", "--email", "dana.secret@acme.example")
    monkeypatch.setenv("NEW_PASS", "correct horse battery")
    done = cli.run("encrypt", "--passphrase-env", "NEW_PASS")
    assert done.returncode == 0, done.stderr
    code = next(line.strip() for line in done.stdout.splitlines() if line.count("-") == 13)
    raw = b"".join(
        p.read_bytes() for p in cli.data.iterdir() if p.name.startswith("ledger.sqlite3")
    )
    assert b"dana.secret@acme.example" not in raw
    stderr = cli.fails(2, "list")
    assert "encrypted" in stderr and "recovery" in stderr
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "correct horse battery")
    assert cli.json("contacts", "show", "Dana")["contact"]["email"] == "dana.secret@acme.example"
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "forgotten")
    assert "wrong passphrase" in cli.fails(2, "list")
    monkeypatch.setenv("NEW_PASS", "a brand new passphrase")
    assert "unchanged" in cli.ok("unlock", "--recovery-key", code, "--passphrase-env", "NEW_PASS")
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", "a brand new passphrase")
    assert cli.json("contacts", "show", "Dana")["contact"]["name"] == "Dana Smith"


def test_a_settings_file_from_a_newer_app_is_reported_and_kept(cli: Cli) -> None:
    settings = cli.data / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"version": 99, "my_name": "Sam", "timezone": "Europe/London"}')
    done = cli.run("list")
    assert done.returncode == 0
    assert "was written by a newer Follow-Through (settings version 99" in done.stderr
    assert "using default settings" in done.stderr
    assert settings.read_text() == '{"version": 99, "my_name": "Sam", "timezone": "Europe/London"}'
