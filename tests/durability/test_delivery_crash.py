"""The process dies around delivering reminders: each is shown at most once, none is lost.

A real process (``sweeper.py``) sweeps a ledger file and dies with ``os._exit(9)`` at each
step — deliveries recorded but not committed, committed but not shown, shown in part, shown
in full — and then the app "restarts": a fresh process sweeps the same file. Every promise
that fell due must then have been shown at most once, and each one is either shown or waiting
in the Missed list; the delivery log holds every occurrence exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.durability.sweeper import RULES, NoDates
from trayapp.core.clock import FixedClock
from trayapp.core.model import Contact, Promise
from trayapp.core.settings import Settings
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

SWEEPER = Path(__file__).with_name("sweeper.py")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CRASHES = ["before-commit", "after-commit", "mid-show", "after-show", "none"]
# Two promises due while the app runs (two pop-ups), or five while it was closed (a digest).
SCENARIOS = {"tick": 2, "start": 5}

pytestmark = pytest.mark.skipif(os.name != "posix", reason="os._exit(9) stands in for a kill")


def _context(path: Path, now: datetime) -> tuple[Context, SqliteReminderLog]:
    conn = open_database(path)
    settings = Settings(reminders=RULES)
    zone = ZoneInfo("Europe/London")
    ctx = Context(
        SqliteLedger(conn), FixedClock(now), settings, zone, NoDates(), LibPhoneNumbers("GB")
    )
    return ctx, SqliteReminderLog(conn)


def _seed(path: Path, count: int) -> set[int]:
    ctx, _ = _context(path, MONDAY_9)
    ids = set()
    with ctx.ledger.atomic():
        for n in range(count):
            who = ctx.ledger.add_contact(Contact(name=f"Person {n}"))
            assert who.id is not None
            due = MONDAY_9 + timedelta(minutes=10 + n)
            saved = ctx.ledger.add_promise(
                Promise(who.id, f"task {n}", due, due - timedelta(days=1))
            )
            assert saved.id is not None
            ids.add(saved.id)
    return ids


def _sweep(path: Path, now: datetime, cause: str, crash: str, shown: Path) -> int:
    done = subprocess.run(
        [sys.executable, str(SWEEPER), str(path), now.isoformat(), cause, crash, str(shown)],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert done.returncode in (0, 9), done.stderr.decode(errors="replace")[-2000:]
    return done.returncode


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("crash", CRASHES)
def test_a_crash_around_delivery_shows_each_reminder_at_most_once(
    tmp_path: Path, crash: str, scenario: str
) -> None:
    path, shown = tmp_path / "ledger.sqlite3", tmp_path / "shown.txt"
    shown.touch()
    promises = _seed(path, SCENARIOS[scenario])
    now = MONDAY_9 + timedelta(minutes=30)
    code = _sweep(path, now, scenario, crash, shown)
    assert code == (0 if crash == "none" else 9)
    assert _sweep(path, now + timedelta(minutes=1), "start", "none", shown) == 0

    lines = shown.read_text(encoding="utf-8").splitlines()
    per_notice = Counter(line.split()[0] for line in lines)
    assert max(per_notice.values(), default=0) <= 1
    per_promise = Counter(int(pid) for line in lines for pid in line.split()[1].split(","))
    assert set(per_promise) <= promises
    assert max(per_promise.values(), default=0) <= 1, f"shown twice: {lines}"

    ctx, log = _context(path, now + timedelta(minutes=2))
    missed = {view.promise.id for _, view in reminding.missed(ctx, log)}
    assert promises <= set(per_promise) | missed  # none lost
    rows = log.delivered_keys(sorted(promises))
    assert len(rows) == 2 * len(promises)  # heads-up and due of each, recorded once
    if crash in ("before-commit", "none"):
        assert set(per_promise) == promises  # the decision rolled back: all shown on restart
    if crash == "after-commit":
        assert (lines, missed) == ([], promises)  # recorded, never shown: all in Missed
