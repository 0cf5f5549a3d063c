"""Delivering reminders exactly once, catch-up digests and the Missed list, on a real store."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.clock import FixedClock
from trayapp.core.model import Contact, Promise
from trayapp.core.ports import DeliveryRecord
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.promises import keep, renegotiate, snooze
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
            SqliteLedger(self.conn),
            self.clock,
            self.settings,
            LONDON,
            DateparserWhenParser(),
            LibPhoneNumbers("GB"),
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


def _rows(profile: Profile, where: str) -> int:
    assert profile.conn is not None
    return int(profile.conn.execute(f"SELECT count(*) FROM deliveries WHERE {where}").fetchone()[0])


def test_week_away_with_100_due_occurrences_is_one_digest(tmp_path: Path) -> None:
    # One occurrence each: no heads-up, and the first nag comes a week after the due time.
    rules = dataclasses.replace(ALWAYS, heads_up_minutes=0, overdue_nag_days=(8,))
    profile = Profile(tmp_path, Settings(reminders=rules))
    try:
        for n in range(100):
            profile.promise(f"task {n}", MONDAY_9 + timedelta(minutes=90 * n + 30))
        profile.restart()
        profile.at(MONDAY_9 + timedelta(days=7))
        result = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
        assert result.reminders == ()
        assert result.digest is not None and result.digest.catch_up
        assert len(result.digest.became_due) == 100
        assert result.digest.became_due[0].promise.what == "task 0"
        assert result.recorded == 100
        assert _rows(profile, "promise_id IS NOT NULL") == 100
        assert _rows(profile, "kind = 'digest'") == 1
        profile.restart()
        for cause in (SweepCause.START, SweepCause.TICK):
            again = reminding.sweep(profile.ctx, profile.log, cause)
            assert (again.recorded, again.reminders, again.digest) == (0, (), None)
        assert _rows(profile, "1") == 101
    finally:
        assert profile.conn is not None
        profile.conn.close()


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
    # After a restart even one reminder comes as the catch-up digest, showing the latest of its
    # occurrences (the heads-up and the due) once.
    assert shown.digest is not None and shown.reminders == ()
    assert shown.digest.catch_up
    assert [view.promise.what for view in shown.digest.became_due] == ["call back"]
    assert shown.recorded == 2
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


def test_reminders_held_by_a_pause_arrive_together_as_one_digest(profile: Profile) -> None:
    for minutes, what in ((10, "update"), (20, "send offer"), (40, "call back")):
        profile.promise(what, MONDAY_9 + timedelta(minutes=minutes))
    reminding.pause(profile.ctx, profile.log, MONDAY_9 + timedelta(hours=1))
    for minutes in (15, 30, 45):
        profile.at(MONDAY_9 + timedelta(minutes=minutes))
        assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).recorded == 0
    profile.at(MONDAY_9 + timedelta(hours=1, seconds=30))
    released = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert released.reminders == () and released.digest is not None
    assert released.digest.catch_up
    assert sorted(v.promise.what for v in released.digest.became_due) == [
        "call back",
        "send offer",
        "update",
    ]
    profile.restart()
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.START).recorded == 0


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


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Profile]:
    """Default working hours: Monday to Friday, 08:30 to 18:00 London."""
    made = Profile(tmp_path, Settings(reminders=ReminderSettings()))
    yield made
    assert made.conn is not None
    made.conn.close()


TUESDAY = datetime(2026, 11, 24, tzinfo=UTC)  # London is on UTC in November


def test_catch_up_in_the_evening_waits_for_the_next_working_morning(office: Profile) -> None:
    office.promise("send shortlist", TUESDAY + timedelta(hours=15))
    office.promise("call back", TUESDAY + timedelta(hours=16))
    office.at(TUESDAY + timedelta(hours=21, minutes=30))
    evening = reminding.sweep(office.ctx, office.log, SweepCause.START)
    assert (evening.reminders, evening.digest, evening.recorded) == ((), None, 0)
    wednesday = TUESDAY + timedelta(days=1, hours=8, minutes=30)
    assert reminding.next_wake(office.ctx, office.log) == wednesday
    office.restart()
    office.at(wednesday)
    morning = reminding.sweep(office.ctx, office.log, SweepCause.TIMER)
    assert morning.reminders == ()
    digest = morning.digest
    assert digest is not None and digest.catch_up and digest.start_of_day
    assert digest.key == "digest:2026-11-25"
    assert [v.promise.what for v in digest.became_due] == ["send shortlist", "call back"]
    assert morning.recorded == 4  # heads-up and due of each, held overnight, recorded now


def test_a_friday_nag_missed_while_closed_waits_for_monday(office: Profile) -> None:
    p = office.promise("feedback", TUESDAY + timedelta(days=2, hours=10))  # Thursday 10:00
    office.at(TUESDAY + timedelta(days=2, hours=10))
    assert reminding.sweep(office.ctx, office.log, SweepCause.TICK).recorded == 2
    saturday = TUESDAY + timedelta(days=4, hours=11)
    office.restart()
    office.at(saturday)
    weekend = reminding.sweep(office.ctx, office.log, SweepCause.START)
    assert (weekend.reminders, weekend.digest, weekend.recorded) == ((), None, 0)
    monday = TUESDAY + timedelta(days=6, hours=8, minutes=30)
    assert reminding.next_wake(office.ctx, office.log) == monday
    office.at(monday)
    result = reminding.sweep(office.ctx, office.log, SweepCause.TIMER)
    digest = result.digest
    assert digest is not None and digest.start_of_day
    assert [v.promise.id for v in digest.became_due] == [p.id]
    assert result.recorded == 2  # the nags of Friday and Sunday, one line in one digest


def test_the_start_of_day_digest_never_arrives_in_the_evening(office: Profile) -> None:
    office.promise("old promise", TUESDAY - timedelta(days=3))
    office.at(TUESDAY + timedelta(hours=21, minutes=30))
    assert reminding.sweep(office.ctx, office.log, SweepCause.START).digest is None


def test_before_the_working_day_the_timer_waits_for_its_start_today(office: Profile) -> None:
    office.promise("due this evening", TUESDAY + timedelta(hours=17))
    office.at(TUESDAY + timedelta(hours=7))
    assert reminding.sweep(office.ctx, office.log, SweepCause.START).digest is None
    start = TUESDAY + timedelta(hours=8, minutes=30)
    assert reminding.next_wake(office.ctx, office.log) == start
    office.at(start)
    digest = reminding.sweep(office.ctx, office.log, SweepCause.TIMER).digest
    assert digest is not None and (digest.start_of_day, digest.due_today) == (True, 1)


def test_a_snooze_ends_on_time_even_when_the_due_date_is_far(profile: Profile) -> None:
    p = profile.promise("contract", MONDAY_9 + timedelta(days=40))
    assert p.id is not None
    snooze(profile.ctx, p.id, MONDAY_9 + timedelta(hours=1))
    assert reminding.next_wake(profile.ctx, profile.log) == MONDAY_9 + timedelta(hours=1)
    profile.at(MONDAY_9 + timedelta(hours=1))
    ended = reminding.sweep(profile.ctx, profile.log, SweepCause.TIMER)
    assert [r.occurrence.kind.value for r in ended.reminders] == ["snooze_end"]


def test_any_action_on_the_promise_takes_it_off_the_missed_list(profile: Profile) -> None:
    first = profile.promise("send offer", MONDAY_9 + timedelta(minutes=30))
    second = profile.promise("call Lee", MONDAY_9 + timedelta(minutes=30))
    assert first.id is not None and second.id is not None
    profile.at(MONDAY_9 + timedelta(minutes=31))
    reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert {v.promise.id for _, v in reminding.missed(profile.ctx, profile.log)} == {
        first.id,
        second.id,
    }
    profile.at(MONDAY_9 + timedelta(minutes=40))
    snooze(profile.ctx, first.id, MONDAY_9 + timedelta(hours=2))
    renegotiate(profile.ctx, second.id, MONDAY_9 + timedelta(days=2))
    assert reminding.missed(profile.ctx, profile.log) == []
    profile.at(MONDAY_9 + timedelta(hours=2))
    reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)  # the snooze ends, unheeded
    assert [v.promise.id for _, v in reminding.missed(profile.ctx, profile.log)] == [first.id]


def test_a_digest_counts_only_what_became_due(profile: Profile) -> None:
    profile.promise("overdue one", MONDAY_9 - timedelta(hours=2))
    profile.promise("later today", MONDAY_9 + timedelta(minutes=40))
    profile.restart()
    result = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
    digest = result.digest
    assert digest is not None and digest.catch_up
    assert [v.promise.what for v in digest.became_due] == ["overdue one"]
    assert [v.promise.what for v in digest.coming_up] == ["later today"]


def test_nags_recorded_under_the_older_key_format_are_not_shown_again(profile: Profile) -> None:
    due = MONDAY_9 - timedelta(days=4)
    p = profile.promise("old promise", due)
    assert p.id is not None
    epoch = int(due.timestamp())
    older = [  # what an earlier version recorded: nags by index, a snooze end by count
        (f"{p.id}:{epoch}:heads_up:0", "heads_up", due - timedelta(hours=1)),
        (f"{p.id}:{epoch}:due:0", "due", due),
        (f"{p.id}:{epoch}:overdue:1", "overdue", due + timedelta(days=1)),
        (f"{p.id}:{epoch}:overdue:2", "overdue", due + timedelta(days=3)),
    ]
    with profile.ctx.ledger.atomic():
        profile.log.record_deliveries(
            [DeliveryRecord(key, p.id, kind, at, at) for key, kind, at in older]
        )
    profile.restart()
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.START).recorded == 0
    nag = reminding.next_wake(profile.ctx, profile.log)
    assert nag == due + timedelta(days=7)
