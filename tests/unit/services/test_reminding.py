"""Delivering reminders exactly once, catch-up digests and the Missed list, on a real store."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.clock import FixedClock
from trayapp.core.model import Contact, Promise
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.promises import keep, snooze
from trayapp.services.reminding import SweepCause
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALWAYS = ReminderSettings(working_days=(0, 1, 2, 3, 4, 5, 6), digest_enabled=False)


class Profile:
    """A ledger on disk that can be closed and reopened like an app restart."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.path = folder / "ledger.sqlite3"
        self.clock = FixedClock(MONDAY_9)
        self.settings = settings
        self.conn: sqlite3.Connection | None = None
        self.restart()

    def restart(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = open_database(self.path)
        self.ctx = Context(
            SqliteLedger(self.conn), self.clock, self.settings, LONDON, DateparserWhenParser()
        )
        self.log = SqliteReminderLog(self.conn)

    def promise(self, what: str, due: datetime, contact: Contact | None = None) -> Promise:
        with self.ctx.ledger.atomic():
            who = contact or self.ctx.ledger.add_contact(Contact(name=f"Person {what}"))
            assert who.id is not None
            return self.ctx.ledger.add_promise(
                Promise(who.id, what, due, created_at=due - timedelta(days=10))
            )

    def at(self, when: datetime) -> None:
        self.clock.set(when)


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    made = Profile(tmp_path, Settings(reminders=ALWAYS))
    yield made
    assert made.conn is not None
    made.conn.close()


def test_heads_up_due_then_nothing_twice(profile: Profile) -> None:
    p = profile.promise("send feedback", MONDAY_9 + timedelta(hours=2))
    profile.at(MONDAY_9 + timedelta(hours=1, minutes=1))
    first = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert [r.occurrence.kind.value for r in first.reminders] == ["heads_up"]
    assert first.reminders[0].view.promise.id == p.id
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).reminders == ()
    profile.at(MONDAY_9 + timedelta(hours=2))
    due = reminding.sweep(profile.ctx, profile.log, SweepCause.TIMER)
    assert [r.occurrence.kind.value for r in due.reminders] == ["due"]
    profile.restart()
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.START).recorded == 0


def test_week_away_with_100_due_occurrences_is_one_digest(profile: Profile) -> None:
    start = MONDAY_9
    for n in range(50):
        profile.promise(f"task {n}", start + timedelta(hours=2 + n))
    profile.restart()
    profile.at(start + timedelta(days=2, hours=3))
    result = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
    assert result.reminders == ()
    assert result.digest is not None and result.digest.catch_up
    assert len(result.digest.became_due) == 50
    assert result.recorded >= 100  # heads-up and due for each, plus the first nags
    oldest = result.digest.became_due[0]
    assert oldest.promise.what == "task 0"
    profile.restart()
    again = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
    assert again.recorded == 0
    assert again.digest is None


def test_crash_before_commit_loses_nothing_and_shows_once(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.promise("call back", MONDAY_9 + timedelta(minutes=30))
    profile.at(MONDAY_9 + timedelta(minutes=31))

    def crash(*_: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(profile.log, "set_state", crash)
    with pytest.raises(RuntimeError):
        reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    monkeypatch.undo()
    profile.restart()
    shown = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
    kinds = sorted(r.occurrence.kind.value for r in shown.reminders)
    assert kinds == ["due"]  # the heads-up and due of one promise: the latest is shown once
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).recorded == 0


def test_crash_after_commit_keeps_it_in_missed(profile: Profile) -> None:
    p = profile.promise("send offer", MONDAY_9 + timedelta(minutes=30))
    profile.at(MONDAY_9 + timedelta(minutes=31))
    decided = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert decided.reminders  # recorded, then the app dies before showing it
    profile.restart()
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.START).recorded == 0
    missed = reminding.missed(profile.ctx, profile.log)
    assert [view.promise.id for _, view in missed] == [p.id]
    assert p.id is not None
    reminding.acted_on(profile.ctx, profile.log, p.id)
    assert reminding.missed(profile.ctx, profile.log) == []


def test_paused_reminders_are_held_not_dropped(profile: Profile) -> None:
    profile.promise("update", MONDAY_9 + timedelta(minutes=10))
    reminding.pause(profile.ctx, profile.log, MONDAY_9 + timedelta(hours=1))
    profile.at(MONDAY_9 + timedelta(minutes=30))
    held = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert held.recorded == 0
    profile.at(MONDAY_9 + timedelta(hours=1, minutes=1))
    released = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert [r.occurrence.kind.value for r in released.reminders] == ["due"]


def test_snooze_then_kept_ends_reminders(profile: Profile) -> None:
    p = profile.promise("references", MONDAY_9 + timedelta(minutes=5))
    assert p.id is not None
    profile.at(MONDAY_9 + timedelta(minutes=6))
    reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    snooze(profile.ctx, p.id, MONDAY_9 + timedelta(minutes=21))
    profile.at(MONDAY_9 + timedelta(minutes=21))
    woke = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert [r.occurrence.kind.value for r in woke.reminders] == ["snooze_end"]
    keep(profile.ctx, p.id)
    profile.at(MONDAY_9 + timedelta(days=9))
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).recorded == 0
    assert reminding.next_wake(profile.ctx, profile.log) is None


def test_start_of_day_digest_once_per_day(tmp_path: Path) -> None:
    settings = Settings(reminders=ReminderSettings())
    profile = Profile(tmp_path, settings)
    try:
        profile.promise("old promise", MONDAY_9 - timedelta(days=3))
        profile.at(datetime(2026, 11, 24, 8, 31, tzinfo=UTC))  # Tuesday 08:31 London
        morning = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
        assert morning.digest is not None and morning.digest.start_of_day
        assert morning.digest.overdue == 1
        profile.at(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
        assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).digest is None
    finally:
        assert profile.conn is not None
        profile.conn.close()
