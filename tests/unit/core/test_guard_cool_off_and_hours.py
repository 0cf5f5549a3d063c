"""The cool-off (whose conversation starts it, what ends it); which channels keep calling hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.guard.facts import facts_from_history
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import Level, ReasonCode, Verdict
from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.core.settings import GuardSettings

NOW = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)
#: Only the cool-off and calling hours, to see them alone.
TALK = GuardSettings(day_limit=0, unanswered_streak_limit=0, cool_off_days=7)
COLE = Contact(name="Cole Porter", id=1)


def touch(at: datetime, channel: Channel, direction: Direction = Direction.OUTBOUND) -> Touch:
    return Touch(contact_id=1, channel=channel, direction=direction, at=at)


def verdict(
    touches: Sequence[Touch],
    *,
    at: datetime = NOW,
    promises: Sequence[Promise] = (),
    contact: Contact = COLE,
    channel: Channel | None = None,
) -> Verdict:
    facts = facts_from_history(contact, touches, at, TALK, promises=promises)
    return judge(facts, TALK, channel=channel)


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.MEETING])
def test_a_conversation_they_started_starts_no_cool_off(channel: Channel) -> None:
    v = verdict([touch(NOW - timedelta(hours=1), channel, Direction.INBOUND)])
    assert (v.level, v.reasons, v.next_ok_at) == (Level.OK, (), NOW)


@pytest.mark.parametrize("channel", [Channel.CALL, Channel.MEETING])
def test_a_conversation_you_had_starts_one(channel: Channel) -> None:
    spoke = NOW - timedelta(days=2)
    v = verdict([touch(spoke, channel)])
    assert v.codes == (ReasonCode.COOL_OFF,)
    assert v.next_ok_at == spoke + timedelta(days=7)


@pytest.mark.parametrize("gap", [timedelta(0), timedelta(hours=5)])
def test_when_they_reach_out_the_cool_off_ends(gap: timedelta) -> None:
    spoke = NOW - timedelta(days=2)
    reply = touch(spoke + gap, Channel.EMAIL, Direction.INBOUND)
    assert verdict([touch(spoke, Channel.CALL), reply]).level is Level.OK


def test_an_earlier_reply_does_not_end_a_later_cool_off() -> None:
    spoke = NOW - timedelta(days=2)
    reply = touch(spoke - timedelta(minutes=1), Channel.EMAIL, Direction.INBOUND)
    assert verdict([reply, touch(spoke, Channel.CALL)]).codes == (ReasonCode.COOL_OFF,)


def test_the_cool_off_lifts_when_a_promise_falls_due() -> None:
    due = datetime(2025, 3, 12, 18, 0, tzinfo=UTC)
    offer = Promise(1, "send the offer", due, created_at=NOW - timedelta(days=3), id=1)
    called = [touch(datetime(2025, 3, 10, 12, 0, tzinfo=UTC), Channel.CALL)]
    v = verdict(called, promises=[offer])
    assert v.codes == (ReasonCode.COOL_OFF,)
    assert v.reasons[0].until == v.next_ok_at == due
    assert verdict(called, promises=[offer], at=due - timedelta(microseconds=1)).codes
    assert verdict(called, promises=[offer], at=due).level is Level.OK


NIGHT = datetime(2025, 3, 12, 23, 0, tzinfo=UTC)  # 23:00 in London
LONDON = Contact(name="Fay Night", id=1, tz="Europe/London")


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.LINKEDIN, Channel.MEETING])
def test_calling_hours_do_not_pace_what_does_not_ring(channel: Channel) -> None:
    v = verdict([], at=NIGHT, contact=LONDON, channel=channel)
    assert (v.level, v.next_ok_at) == (Level.OK, NIGHT)


@pytest.mark.parametrize(
    "channel", [None, Channel.CALL, Channel.VOICEMAIL, Channel.SMS, Channel.OTHER]
)
def test_calling_hours_pace_what_rings_and_an_unnamed_channel(channel: Channel | None) -> None:
    v = verdict([], at=NIGHT, contact=LONDON, channel=channel)
    assert v.codes == (ReasonCode.OUTSIDE_CALLING_HOURS,)
    assert v.next_ok_at == datetime(2025, 3, 13, 8, 0, tzinfo=UTC)
