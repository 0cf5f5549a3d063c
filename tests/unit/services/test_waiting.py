"""Waiting for a reply: started, answered by an inbound touch, cancelled, or reminded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import FakeWhenParser, InMemoryLedger, InMemoryReminderLog
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput, NotFound
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Channel, Contact, Direction, WaitEnd
from trayapp.core.ports import DeliveryRecord
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding, waiting
from trayapp.services.context import Context
from trayapp.services.reminding import SweepCause
from trayapp.services.touches import log_touch

TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
ALWAYS = ReminderSettings(working_days=(0, 1, 2, 3, 4, 5, 6), digest_enabled=False)
HOUR = timedelta(hours=1)


class Books:
    def __init__(self, settings: Settings) -> None:
        self.ledger = InMemoryLedger()
        self.log = InMemoryReminderLog(self.ledger)
        self.clock = FixedClock(TUESDAY_11)
        self.ctx = Context(
            self.ledger,
            self.clock,
            settings,
            ZoneInfo("Europe/London"),
            FakeWhenParser(),
            LibPhoneNumbers("GB"),
        )
        self.dana = self.ledger.add_contact(
            Contact(name="Dana Smith", created_at=TUESDAY_11 - 90 * 24 * HOUR)
        )

    def touch(self, direction: Direction, at: datetime) -> None:
        log_touch(self.ctx, self.dana, Channel.EMAIL, direction, at=at)

    def sweep(self) -> reminding.SweepResult:
        return reminding.sweep(self.ctx, self.log, SweepCause.TICK)


@pytest.fixture
def books() -> Books:
    return Books(Settings(reminders=ALWAYS))


def test_an_inbound_touch_closes_the_wait_and_it_leaves_the_list(books: Books) -> None:
    started = waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + 48 * HOUR, "the offer")
    assert [v.wait.about for v in waiting.list_waits(books.ctx)] == ["the offer"]
    books.clock.set(TUESDAY_11 + HOUR)
    books.touch(Direction.OUTBOUND, TUESDAY_11 + HOUR)
    assert len(waiting.list_waits(books.ctx)) == 1  # our own touch is no reply
    books.touch(Direction.INBOUND, TUESDAY_11 + HOUR)
    assert waiting.list_waits(books.ctx) == []
    closed = waiting.get_wait(books.ctx, started.wait.id or 0).wait
    assert closed.closed_by is WaitEnd.REPLY and closed.closed_at == TUESDAY_11 + HOUR
    assert [v.wait.closed_by for v in waiting.list_waits(books.ctx, include_closed=True)] == [
        WaitEnd.REPLY
    ]
    books.clock.set(TUESDAY_11 + 49 * HOUR)
    assert books.sweep().waits == ()


def test_an_inbound_touch_from_before_the_wait_is_no_reply_to_it(books: Books) -> None:
    waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + 48 * HOUR)
    books.touch(Direction.INBOUND, TUESDAY_11 - 24 * HOUR)
    assert len(waiting.list_waits(books.ctx)) == 1


def test_a_reply_that_cannot_be_saved_leaves_the_wait_open(books: Books) -> None:
    waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + 48 * HOUR)
    with pytest.raises(BadInput):
        log_touch(books.ctx, books.dana, Channel.EMAIL, Direction.INBOUND, note="\x1b[2J")
    assert len(waiting.list_waits(books.ctx)) == 1


def test_cancel_closes_once_and_unknown_ids_are_refused(books: Books) -> None:
    started = waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + HOUR)
    ident = started.wait.id or 0
    assert waiting.cancel_wait(books.ctx, ident).wait.closed_by is WaitEnd.CANCELLED
    with pytest.raises(BadInput, match="already closed"):
        waiting.cancel_wait(books.ctx, ident)
    with pytest.raises(NotFound):
        waiting.cancel_wait(books.ctx, ident + 7)
    books.clock.set(TUESDAY_11 + 2 * HOUR)
    assert books.sweep().waits == ()


@pytest.mark.parametrize(
    ("until", "about"),
    [(TUESDAY_11, ""), (TUESDAY_11 - HOUR, ""), (TUESDAY_11 + HOUR, "x" * 201)],
)
def test_a_bad_wait_is_refused_and_nothing_is_saved(
    books: Books, until: datetime, about: str
) -> None:
    with pytest.raises(BadInput):
        waiting.start_wait(books.ctx, books.dana, until, about)
    assert books.ledger.list_waits(open_only=False) == []


@pytest.mark.parametrize(
    ("unanswered", "situation"),
    [
        (1, Situation.CHECK_IN),
        (2, Situation.CHECK_IN),
        (3, Situation.GONE_DARK),
        (4, Situation.BALL_IN_COURT),
    ],
)
def test_the_reminder_comes_once_with_the_script_the_streak_calls_for(
    books: Books, unanswered: int, situation: Situation
) -> None:
    for n in range(unanswered):
        books.touch(Direction.OUTBOUND, TUESDAY_11 - (10 - n) * 24 * HOUR)
    started = waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + 2 * HOUR, "the offer")
    books.clock.set(TUESDAY_11 + HOUR)
    assert books.sweep().waits == ()
    assert reminding.next_wake(books.ctx, books.log) == TUESDAY_11 + 2 * HOUR
    books.clock.set(TUESDAY_11 + 2 * HOUR)
    first = books.sweep()
    assert [(r.view.wait.id, r.situation) for r in first.waits] == [(started.wait.id, situation)]
    assert first.waits[0].verdict.unanswered_streak == unanswered
    assert books.log.is_delivered(waiting.delivery_key(started.wait.id or 0))
    assert books.sweep().waits == ()
    assert waiting.list_waits(books.ctx) == []
    assert reminding.next_wake(books.ctx, books.log) is None


def test_a_wait_that_ends_at_night_reminds_at_the_next_working_moment() -> None:
    books = Books(Settings(reminders=ReminderSettings(digest_enabled=False)))
    night = datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    waiting.start_wait(books.ctx, books.dana, night)
    books.clock.set(night + HOUR)
    assert books.sweep().waits == ()
    morning = reminding.next_wake(books.ctx, books.log)
    assert morning == datetime(2026, 11, 25, 8, 30, tzinfo=UTC)  # work starts at 08:30
    books.clock.set(morning)
    assert len(books.sweep().waits) == 1
    assert books.sweep().waits == ()


def test_a_wait_already_in_the_reminder_log_is_closed_without_showing_it_again(
    books: Books,
) -> None:
    started = waiting.start_wait(books.ctx, books.dana, TUESDAY_11 + HOUR)
    key = waiting.delivery_key(started.wait.id or 0)
    books.log.record_deliveries([DeliveryRecord(key, None, "wait", TUESDAY_11, TUESDAY_11)])
    books.clock.set(TUESDAY_11 + 2 * HOUR)
    assert books.sweep().waits == ()
    assert waiting.list_waits(books.ctx) == []
    assert reminding.next_wake(books.ctx, books.log) is None
