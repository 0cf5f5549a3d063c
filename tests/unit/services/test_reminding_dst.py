"""Reminders across clock changes, at the service level with the machine's clock travelled.

A promise is due at 02:30 local on the day the clocks change, in zones with a one-hour jump
(Berlin, New York) and a half-hour one (Lord Howe). The sweep is driven like the running app
drives it — at every wake-up the service asks for, and every half hour through the night of
the change — and every reminder must arrive once, at a working moment, none skipped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from trayapp.core.clock import SystemClock
from trayapp.core.model import Contact, Promise
from trayapp.core.reminders.hours import is_working, resolve_local
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.reminding import SweepCause
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
ALL_DAY = ReminderSettings(
    working_days=EVERY_DAY, work_start=time(0, 0), work_end=time(23, 59), digest_enabled=False
)
OFFICE = ReminderSettings(working_days=EVERY_DAY, work_start=time(8, 30), work_end=time(18, 0))
NAG_DAYS = (1, 3, 7)

CHANGES = [  # (zone, the local date the clocks change)
    ("Europe/Berlin", date(2026, 3, 29)),  # 02:00 -> 03:00
    ("Europe/Berlin", date(2026, 10, 25)),  # 03:00 -> 02:00
    ("America/New_York", date(2026, 3, 8)),  # 02:00 -> 03:00
    ("America/New_York", date(2026, 11, 1)),  # 02:00 -> 01:00
    ("Australia/Lord_Howe", date(2026, 4, 5)),  # 02:00 -> 01:30
    ("Australia/Lord_Howe", date(2026, 10, 4)),  # 02:00 -> 02:30
]


@dataclass
class Shown:
    at: datetime
    kind: str
    key: str


class Ledger:
    def __init__(self, path: Path, tz: ZoneInfo, rules: ReminderSettings) -> None:
        self.conn: sqlite3.Connection = open_database(path)
        self.ctx = Context(
            SqliteLedger(self.conn),
            SystemClock(),
            Settings(reminders=rules),
            tz,
            DateparserWhenParser(),
            LibPhoneNumbers("GB"),
        )
        self.log = SqliteReminderLog(self.conn)

    def promise(self, due: datetime) -> Promise:
        with self.ctx.ledger.atomic():
            who = self.ctx.ledger.add_contact(Contact(name="Dana Smith"))
            assert who.id is not None
            return self.ctx.ledger.add_promise(
                Promise(who.id, "send feedback", due, created_at=due - timedelta(days=3))
            )

    def sweep(self, cause: SweepCause) -> list[Shown]:
        """One sweep: every occurrence it recorded, as the user would have it shown."""
        before = self._keys()
        result = reminding.sweep(self.ctx, self.log, cause)
        now = self.ctx.now()
        rows = self.conn.execute(
            "SELECT key, kind FROM deliveries WHERE promise_id IS NOT NULL"
        ).fetchall()
        return [Shown(now, kind, key) for key, kind in rows if key not in before] + (
            [Shown(now, "digest", result.digest.key)] if result.digest else []
        )

    def _keys(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT key FROM deliveries")}


@pytest.fixture(params=CHANGES, ids=lambda c: f"{c[0]}-{c[1]}")
def change(request: pytest.FixtureRequest) -> tuple[ZoneInfo, date]:
    zone, day = request.param
    return ZoneInfo(zone), day


def _run(ledger: Ledger, start: datetime, end: datetime, night: date) -> list[Shown]:
    """Sweep at every wake-up the service asks for, and every half hour on ``night``."""
    tz = ledger.ctx.tz
    ticks = [
        resolve_local(datetime.combine(night, time(0, 0)), tz) + timedelta(minutes=30 * n)
        for n in range(48)
    ]
    shown: list[Shown] = []
    with time_machine.travel(start, tick=False) as traveller:
        shown += ledger.sweep(SweepCause.START)
        while True:
            now = datetime.now(UTC)
            wake = reminding.next_wake(ledger.ctx, ledger.log)
            upcoming = [t for t in ticks if t > now] + ([wake] if wake else [])
            nxt = min(upcoming)
            if nxt > end:
                return shown
            traveller.move_to(nxt)
            shown += ledger.sweep(SweepCause.TIMER if nxt == wake else SweepCause.TICK)


def _due_0230(day: date, tz: ZoneInfo) -> datetime:
    return resolve_local(datetime.combine(day, time(2, 30)), tz)


def test_every_reminder_once_on_time_across_the_change(
    tmp_path: Path, change: tuple[ZoneInfo, date]
) -> None:
    tz, day = change
    ledger = Ledger(tmp_path / "l.sqlite3", tz, ALL_DAY)
    due = _due_0230(day, tz)
    ledger.promise(due)
    shown = _run(ledger, due - timedelta(days=1), due + timedelta(days=9), day)
    kinds = [s.kind for s in shown]
    assert kinds == ["heads_up", "due", "overdue", "overdue", "overdue"]
    assert len({s.key for s in shown}) == 5
    assert shown[0].at == due - timedelta(hours=1)
    assert shown[1].at == due
    wall = due.astimezone(tz).time()
    for offset, nag in zip(NAG_DAYS, shown[2:], strict=True):
        local = nag.at.astimezone(tz)
        assert (local.date() - day).days == offset  # no day skipped or repeated
        assert local.time() == wall  # the due time's wall-clock time
    ledger.conn.close()


def test_held_by_working_hours_and_caught_up_after_the_night(
    tmp_path: Path, change: tuple[ZoneInfo, date]
) -> None:
    tz, day = change
    ledger = Ledger(tmp_path / "l.sqlite3", tz, OFFICE)
    due = _due_0230(day, tz)
    ledger.promise(due)
    # The app is closed from the evening before until 07:00 the day after the change: the
    # heads-up and due reminder (held to 08:30 on the day) and the first nag all wait.
    after = day + timedelta(days=1)
    with time_machine.travel(resolve_local(datetime.combine(after, time(7, 0)), tz), tick=False):
        early = ledger.sweep(SweepCause.START)
        assert early == []
        wake = reminding.next_wake(ledger.ctx, ledger.log)
    assert wake == resolve_local(datetime.combine(after, time(8, 30)), tz)
    shown = _run(ledger, wake, due + timedelta(days=9), day)
    first = sorted(s.kind for s in shown if s.at == wake)
    assert first == ["digest", "due", "heads_up", "overdue"]  # one catch-up, at work's start
    nags = [s for s in shown if s.kind == "overdue"]
    assert [(s.at.astimezone(tz).date() - day).days for s in nags] == list(NAG_DAYS)
    assert all(s.at.astimezone(tz).time() == time(8, 30) for s in nags)
    assert all(is_working(s.at, OFFICE, tz) for s in shown)
    assert len({s.key for s in shown}) == len(shown)
    ledger.conn.close()
