"""The guard's suggested script: the contact's most pressing promise, and heavy contact only."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.guard.facts import facts_from_history
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import Level, ReasonCode, Situation, Tier, Verdict
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.scripts.library import choose_situation
from trayapp.core.settings import GuardSettings

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
DEFAULTS = GuardSettings()
DANA = Contact(name="Dana Smith", id=1)


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def out(at: datetime, channel: Channel = Channel.EMAIL) -> Touch:
    return Touch(contact_id=1, channel=channel, direction=Direction.OUTBOUND, at=at)


def owed(due_at: datetime, ident: int = 1, **changes: object) -> Promise:
    base = Promise(1, "send Acme feedback", due_at, created_at=ago(days=800), id=ident)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def verdict(
    touches: Sequence[Touch] = (),
    promises: Sequence[Promise] = (),
    settings: GuardSettings = DEFAULTS,
    snooze_budget: int = 3,
) -> Verdict:
    facts = facts_from_history(DANA, touches, NOW, settings, promises=promises)
    return judge(facts, settings, snooze_budget=snooze_budget)


def test_a_promise_a_year_late_gets_the_months_apology() -> None:
    v = verdict(promises=[owed(datetime(2024, 3, 1, 15, 0, tzinfo=UTC))])
    assert v.level is Level.OK
    assert (v.suggested_situation, v.suggested_tier) == (Situation.OVERDUE_APOLOGY, Tier.MONTHS)


def test_the_promise_due_first_decides_among_several() -> None:
    later, late = owed(NOW + timedelta(days=5), 1), owed(ago(days=3), 2)
    v = verdict(promises=[later, late])
    assert (v.suggested_situation, v.suggested_tier) == (Situation.OVERDUE_APOLOGY, Tier.DAYS)


def test_a_promise_that_spent_its_snoozes_suggests_renegotiating() -> None:
    snoozed = owed(ago(hours=3), snooze_count=3)
    assert verdict(promises=[snoozed]).suggested_situation is Situation.RENEGOTIATE
    assert verdict(promises=[snoozed], snooze_budget=5).suggested_tier is Tier.HOURS


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (NOW + timedelta(days=4), Situation.NO_NEWS),
        (NOW + timedelta(hours=4), Situation.CHECK_IN),
        (ago(days=20), Situation.OVERDUE_APOLOGY),
    ],
)
def test_the_verdict_suggests_what_the_promises_script_would(
    due: datetime, expected: Situation
) -> None:
    promise = owed(due)
    v = verdict([out(ago(hours=2))], promises=[promise])
    assert v.suggested_situation is expected
    assert choose_situation(promise, v, NOW) == (v.suggested_situation, v.suggested_tier)


def test_the_cap_and_the_streak_outrank_any_promise() -> None:
    chased = [out(ago(days=d)) for d in (12, 9, 6)]
    v = verdict(chased, promises=[owed(ago(days=90))])
    assert (v.suggested_situation, v.suggested_tier) == (Situation.GONE_DARK, None)


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.CALL, Channel.SMS])
def test_one_touch_today_is_not_coming_on_too_strong(channel: Channel) -> None:
    v = verdict([out(ago(hours=1), channel)], settings=GuardSettings(cool_off_days=0))
    assert ReasonCode.DAY_LIMIT in v.codes
    assert v.suggested_situation is Situation.CHECK_IN


@pytest.mark.parametrize(
    "hours_ago",
    [
        (1, 3),  # two touches close together
        (30, 80, 120),  # the week limit of 3 reached
        (50, 200, 300, 400, 500),  # five in 30 days: one short of the month limit of 6
    ],
)
def test_a_pattern_of_heavy_contact_asks_whether_it_is_too_much(hours_ago: tuple[int, ...]) -> None:
    quiet = GuardSettings(unanswered_streak_limit=0)
    v = verdict([out(ago(hours=h)) for h in hours_ago], settings=quiet)
    assert v.suggested_situation is Situation.TIME_OUT


def test_four_touches_in_a_month_spread_out_are_not_heavy() -> None:
    quiet = GuardSettings(unanswered_streak_limit=0)
    v = verdict([out(ago(days=d)) for d in (2, 9, 16, 23)], settings=quiet)
    assert v.suggested_situation is Situation.CHECK_IN


@pytest.mark.parametrize("state", [PromiseState.KEPT, PromiseState.RELEASED])
def test_a_closed_promise_never_gets_a_time_out(state: PromiseState) -> None:
    closed = owed(ago(days=400), state=state, kept_at=NOW, released_at=NOW)
    v = verdict([out(ago(hours=1)), out(ago(hours=2))], promises=[closed])
    assert v.suggested_situation is Situation.TIME_OUT, "the pacing, with no open promise"
    assert choose_situation(closed, v, NOW) == (Situation.CHECK_IN, None)
