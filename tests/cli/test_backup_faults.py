"""Backups under a shifted clock and under faults, with real processes: a clock set ahead
deletes no real backup and stops none; a committed change exits 0 even when the backup after
it fails; backups taken at once never spoil each other."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from trayapp.store.backup import list_backups, stamp

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX limits and locks")


def _real_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _backups(cli: Cli) -> list[str]:
    return sorted(p.name for p in (cli.data / "backups").iterdir())


def _seed_history(cli: Cli, *ages: timedelta) -> list[str]:
    """A ledger with a contact, and backups of it taken ``ages`` ago (real time)."""
    cli.ok("contacts", "add", "Dana Smith")
    shutil.rmtree(cli.data / "backups", ignore_errors=True)
    (cli.data / "backups").mkdir(mode=0o700)
    names = []
    for age in ages:
        name = f"ledger-{stamp(_real_now() - age)}.sqlite3"
        shutil.copyfile(cli.data / "ledger.sqlite3", cli.data / "backups" / name)
        names.append(name)
    return sorted(names)


def test_a_clock_ten_years_ahead_deletes_no_backup_and_writes_none(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    cli.now = _real_now().isoformat()
    history = _seed_history(cli, *(timedelta(days=d) for d in (2, 9, 40, 100, 300)))
    cli.now = (_real_now() + timedelta(days=3653)).isoformat()
    cli.ok("contacts", "add", "Lee Park")
    cli.ok("backups")
    assert _backups(cli) == history


def test_a_backup_dated_in_the_future_does_not_stop_automatic_backups(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    cli.now = _real_now().isoformat()
    history = _seed_history(cli, timedelta(days=2))
    future = cli.data / "backups" / f"ledger-{stamp(_real_now() + timedelta(days=3653))}.sqlite3"
    shutil.copyfile(cli.data / "backups" / history[0], future)
    cli.now = _real_now().isoformat()
    cli.ok("contacts", "add", "Lee Park")
    made = sorted(set(_backups(cli)) - {*history, future.name})
    assert len(made) == 1  # today's, though a backup dated ten years ahead exists
    assert future.exists() and (cli.data / "backups" / history[0]).exists()


def _limit_file_size(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def test_a_saved_change_exits_0_when_the_backup_after_it_fails(tmp_path: Path) -> None:
    """A disk that cannot take the backup (no file may grow past the ledger's size): the
    promise is saved and said, the backup's failure is a warning, and the exit code is 0."""
    cli = Cli(tmp_path / "profile")
    source = tmp_path / "people.csv"
    rows = "\n".join(f"Person {n},p{n}@example.com" for n in range(400))
    source.write_text(f"name,email\n{rows}\n", encoding="utf-8")
    cli.ok("import", "contacts", str(source))
    shutil.rmtree(cli.data / "backups")
    size = (cli.data / "ledger.sqlite3").stat().st_size
    done = subprocess.run(
        [sys.executable, "-m", "trayapp", "promise", "Person 7", "send the offer", "--due", "fri"],
        capture_output=True,
        text=True,
        env=cli.env(),
        timeout=60,
        check=False,
        preexec_fn=lambda: _limit_file_size(size - 8192),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Saved promise #1 to Person 7")
    assert "trayapp: warning: the automatic backup did not work" in done.stderr
    assert "what was done is saved" in done.stderr and "Traceback" not in done.stderr
    assert "send the offer" in cli.ok("list")
    leftovers = (
        [p.name for p in (cli.data / "backups").iterdir()]
        if (cli.data / "backups").exists()
        else []
    )
    assert not [name for name in leftovers if name.endswith((".tmp", ".tmp-journal"))]


def test_backups_taken_at_once_all_succeed_and_all_check(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "profile")
    source = tmp_path / "people.csv"
    rows = "\n".join(f"Person {n},p{n}@example.com" for n in range(2000))
    source.write_text(f"name,email\n{rows}\n", encoding="utf-8")
    cli.ok("import", "contacts", str(source))
    command = [sys.executable, "-m", "trayapp", "backup"]
    running = [
        subprocess.Popen(command, env=cli.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else b"") for p in running]
    for p in running:
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    kept = list_backups(cli.data / "backups")
    assert kept and not [p for p in (cli.data / "backups").iterdir() if ".tmp" in p.name]
    for info in kept:
        with sqlite3.connect(info.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
