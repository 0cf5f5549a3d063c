"""A ledger another program holds is busy, not damaged: nothing is moved aside or restored, the
command says it is busy (exit 2) and works once the other program lets go. A ledger that can
only be read (a read-only medium) can still be listed and exported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from trayapp.core.errors import LedgerBusy
from trayapp.core.model import PromiseState

# A second program (the standard library's sqlite3, not the app) that takes the ledger for
# itself until its stdin is closed.
_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("SELECT count(*) FROM promises").fetchone()
print("held", flush=True)
sys.stdin.read()
conn.execute("COMMIT")
conn.close()
"""


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "profile")
    made.ok("contacts", "add", "Dana Smith")
    made.ok("promise", "Dana", "send the deck", "--due", "tomorrow 5pm")
    made.ok("backup")
    made.ok("promise", "Dana", "call back", "--due", "friday 10am")
    return made


@contextmanager
def held(database: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        let_go(holder)


def let_go(holder: subprocess.Popen[str]) -> None:
    holder.communicate(timeout=30)


def _folder(cli: Cli) -> list[str]:
    return sorted(p.name for p in cli.data.iterdir())


def test_a_held_ledger_is_busy_not_damaged_and_works_once_let_go(cli: Cli) -> None:
    before = _folder(cli)
    with held(cli.data / "ledger.sqlite3"):
        listed = cli.run("list")
        added = cli.run("contacts", "add", "Not Yet")

    for done in (listed, added):
        assert done.returncode == 2, done.stderr
        assert "the ledger is busy in another program" in done.stderr
        assert "nothing was changed" in done.stderr
        assert "damaged" not in done.stderr and "Traceback" not in done.stderr
    assert _folder(cli) == before
    assert not [name for name in _folder(cli) if "damaged" in name]
    after = cli.ok("list")
    assert "send the deck" in after and "call back" in after
    assert "Not Yet" not in cli.ok("contacts", "list")


def test_a_short_hold_is_waited_out_within_the_budget(cli: Cli) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(cli.data / "ledger.sqlite3")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    command = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "list"],
        env=cli.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            command.wait(timeout=1.0)  # still waiting for the holder: not refused at once
    finally:
        let_go(holder)
    out, err = command.communicate(timeout=60)
    assert command.returncode == 0, err
    assert "send the deck" in out and "call back" in out
    assert not [name for name in _folder(cli) if "damaged" in name]


def test_the_tray_apps_opening_says_busy_and_restores_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trayapp.app.unlock import open_for_app
    from trayapp.ledger import safekeeping

    monkeypatch.setenv("TRAYAPP_NOW", cli.now)
    monkeypatch.setattr(safekeeping, "_checked", set())
    before = _folder(cli)
    with (
        held(cli.data / "ledger.sqlite3"),
        ExitStack() as stack,
        pytest.raises(LedgerBusy, match="the ledger is busy"),
    ):
        open_for_app(stack, str(cli.data))
    assert _folder(cli) == before
    with ExitStack() as stack:
        opened = open_for_app(stack, str(cli.data))
        assert opened.recovery is None
        assert len(opened.ctx.ledger.list_promises([PromiseState.OPEN])) == 2


def test_the_tray_app_started_on_a_held_ledger_says_busy_and_moves_nothing(
    cli: Cli,
) -> None:
    before = _folder(cli)
    env = {**cli.env(), "QT_QPA_PLATFORM": "offscreen"}
    with held(cli.data / "ledger.sqlite3"):
        done = subprocess.run(
            [sys.executable, "-m", "trayapp", "run", "--quit-after", "5"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 1, done.stderr  # the tray app's refusal, told in words
    assert "the ledger is busy in another program" in done.stderr
    assert "damaged" not in done.stderr and "Traceback" not in done.stderr
    assert [name for name in _folder(cli) if name != "logs"] == before  # the app keeps a log


def _read_only_runner(cli: Cli) -> list[str]:
    """The command prefix that runs with the data folder read-only: chmod for a user, a
    read-only bind mount in a private mount namespace for root (skipped where neither works)."""
    if os.geteuid() != 0:
        for path in (cli.data / "ledger.sqlite3", cli.data):
            path.chmod(0o500 if path.is_dir() else 0o400)
        return []
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-m", "true"], capture_output=True, check=False)
    if unshare is None or probe.returncode != 0:
        pytest.skip("running as root without mount namespaces: no read-only medium to try")
    folder = str(cli.data)
    mount = f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' && "
    return [unshare, "-m", "sh", "-c", mount + 'exec "$@"', "sh"]


def test_a_read_only_ledger_can_still_be_listed_and_exported(cli: Cli) -> None:
    database = cli.data / "ledger.sqlite3"
    before = database.read_bytes()
    prefix = _read_only_runner(cli)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*prefix, sys.executable, "-m", "trayapp", *args]
        return subprocess.run(
            command, capture_output=True, text=True, env=cli.env(), timeout=60, check=False
        )

    try:
        listed, exported, added = run("list"), run("export"), run("contacts", "add", "Bob")
    finally:
        if os.geteuid() != 0:
            cli.data.chmod(0o700)
            database.chmod(0o600)
    assert listed.returncode == 0, listed.stderr
    assert "send the deck" in listed.stdout and "call back" in listed.stdout
    assert exported.returncode == 0, exported.stderr
    assert "Dana Smith" in exported.stdout
    assert added.returncode == 2, added.stderr
    assert "read-only" in added.stderr and "nothing was changed" in added.stderr
    assert database.read_bytes() == before
    assert not [name for name in _folder(cli) if "damaged" in name]
