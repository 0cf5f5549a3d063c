"""Which script fits: lateness tiers and the precedence table of ``choose_situation``."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.guard.verdict import Level, Reason, ReasonCode, Situation, Verdict
from trayapp.core.model import Promise, PromiseState
from trayapp.core.scripts.library import Tier, choose_situation, lateness_tier

AT = datetime(2025, 11, 27, 12, 0, tzinfo=UTC)
HOUR = 3600
DAY = 86400


def promise(due_in: timedelta, **changes: object) -> Promise:
    base = Promise(contact_id=1, what="send feedback", due_at=AT + due_in, created_at=AT, id=1)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def verdict(
    streak: int = 0,
    codes: tuple[ReasonCode, ...] = (),
    suggested: Situation = Situation.CHECK_IN,
    streak_reason_limit: int | None = None,
    tier: Tier | None = None,
) -> Verdict:
    reasons = [Reason(code, Level.CAUTION, limit=5) for code in codes]
    if streak_reason_limit is not None:
        reasons.append(
            Reason(ReasonCode.UNANSWERED_STREAK, Level.CAUTION, streak, streak_reason_limit)
        )
    return Verdict(Level.OK, tuple(reasons), None, streak, suggested, AT, suggested_tier=tier)


@pytest.mark.parametrize(
    ("seconds", "tier"),
    [
        (-5, None),
        (0, None),
        (1, Tier.HOURS),
        (DAY - 1, Tier.HOURS),
        (DAY, Tier.DAYS),
        (7 * DAY - 1, Tier.DAYS),
        (7 * DAY, Tier.WEEKS),
        (60 * DAY - 1, Tier.WEEKS),
        (60 * DAY, Tier.MONTHS),
        (400 * DAY, Tier.MONTHS),
    ],
)
def test_lateness_tier_boundaries(seconds: float, tier: Tier | None) -> None:
    assert lateness_tier(seconds) is tier


@pytest.mark.parametrize(
    ("due_in", "expected"),
    [
        (timedelta(days=3), (Situation.NO_NEWS, None)),
        (timedelta(hours=24, seconds=1), (Situation.NO_NEWS, None)),
        (timedelta(hours=24), (Situation.CHECK_IN, None)),
        (timedelta(0), (Situation.CHECK_IN, None)),
        (timedelta(seconds=-40), (Situation.CHECK_IN, None)),
        (timedelta(minutes=-30), (Situation.CHECK_IN, None)),
        (timedelta(minutes=-31), (Situation.OVERDUE_APOLOGY, Tier.HOURS)),
        (timedelta(hours=-2), (Situation.OVERDUE_APOLOGY, Tier.HOURS)),
        (timedelta(days=-3), (Situation.OVERDUE_APOLOGY, Tier.DAYS)),
        (timedelta(days=-20), (Situation.OVERDUE_APOLOGY, Tier.WEEKS)),
        (timedelta(days=-365), (Situation.OVERDUE_APOLOGY, Tier.MONTHS)),
    ],
)
def test_open_promise_by_due_date(
    due_in: timedelta, expected: tuple[Situation, Tier | None]
) -> None:
    assert choose_situation(promise(due_in), None, AT) == expected
    assert choose_situation(promise(due_in), verdict(streak=2), AT) == expected


def test_spent_snooze_budget_asks_to_renegotiate_unless_weeks_late() -> None:
    spent = {"snooze_count": 3}
    assert choose_situation(promise(timedelta(days=2), **spent), None, AT) == (
        Situation.RENEGOTIATE,
        None,
    )
    assert choose_situation(promise(timedelta(days=-2), **spent), None, AT)[0] is (
        Situation.RENEGOTIATE
    )
    assert choose_situation(promise(timedelta(days=-30), **spent), None, AT) == (
        Situation.OVERDUE_APOLOGY,
        Tier.WEEKS,
    )
    two_left = promise(timedelta(days=2), snooze_count=1)
    assert choose_situation(two_left, None, AT, snooze_budget=1)[0] is Situation.RENEGOTIATE
    assert choose_situation(two_left, None, AT, snooze_budget=2)[0] is Situation.NO_NEWS


@pytest.mark.parametrize("due_in", [timedelta(hours=1), timedelta(days=-2), timedelta(days=-300)])
def test_three_unanswered_touches_never_get_another_check_in(due_in: timedelta) -> None:
    assert choose_situation(promise(due_in), verdict(streak=3), AT) == (Situation.GONE_DARK, None)
    assert choose_situation(None, verdict(streak=3), AT) == (Situation.GONE_DARK, None)
    assert choose_situation(promise(due_in), verdict(streak=4), AT) == (
        Situation.BALL_IN_COURT,
        None,
    )
    assert choose_situation(None, verdict(streak=9), AT)[0] is Situation.BALL_IN_COURT


def test_streak_limit_comes_from_the_verdict_reason_then_the_setting() -> None:
    assert choose_situation(None, verdict(streak=2, streak_reason_limit=2), AT)[0] is (
        Situation.GONE_DARK
    )
    assert choose_situation(None, verdict(streak=2), AT, streak_limit=2)[0] is Situation.GONE_DARK
    assert choose_situation(None, verdict(streak=2), AT)[0] is Situation.CHECK_IN


@pytest.mark.parametrize("code", [ReasonCode.HARD_CEILING, ReasonCode.MONTH_LIMIT])
def test_at_the_cap_the_script_closes_out(code: ReasonCode) -> None:
    for p in (None, promise(timedelta(hours=1)), promise(timedelta(days=-400))):
        assert choose_situation(p, verdict(codes=(code,)), AT) == (Situation.CLOSE_OUT, None)
    assert choose_situation(None, verdict(streak=5, codes=(code,)), AT)[0] is Situation.CLOSE_OUT


def test_week_limit_alone_does_not_override_a_promise() -> None:
    v = verdict(codes=(ReasonCode.WEEK_LIMIT,), suggested=Situation.TIME_OUT)
    assert choose_situation(promise(timedelta(hours=2)), v, AT)[0] is Situation.CHECK_IN
    assert choose_situation(None, v, AT) == (Situation.TIME_OUT, None)


@pytest.mark.parametrize("state", [PromiseState.KEPT, PromiseState.RELEASED])
@pytest.mark.parametrize(
    "suggested", [Situation.TIME_OUT, Situation.OVERDUE_APOLOGY, Situation.RENEGOTIATE]
)
def test_a_closed_promise_gets_the_as_promised_message(
    state: PromiseState, suggested: Situation
) -> None:
    closed = promise(timedelta(days=-40), state=state, kept_at=AT, released_at=AT)
    assert choose_situation(closed, None, AT) == (Situation.CHECK_IN, None)
    elsewhere = verdict(suggested=suggested, tier=Tier.MONTHS)
    assert choose_situation(closed, elsewhere, AT) == (Situation.CHECK_IN, None)


def test_a_closed_promise_at_the_cap_gets_the_close_out() -> None:
    kept = promise(timedelta(days=-2), state=PromiseState.KEPT, kept_at=AT)
    capped = verdict(codes=(ReasonCode.MONTH_LIMIT,), suggested=Situation.CLOSE_OUT)
    assert choose_situation(kept, capped, AT) == (Situation.CLOSE_OUT, None)


def test_no_promise_follows_the_verdict_suggestion_and_its_tier() -> None:
    for situation in Situation:
        tier = Tier.WEEKS if situation is Situation.OVERDUE_APOLOGY else None
        chosen = choose_situation(None, verdict(suggested=situation, tier=tier), AT)
        assert chosen == (situation, tier)


def test_a_streak_limit_of_zero_never_suggests_the_streak_messages() -> None:
    quiet = verdict(streak=4)
    assert choose_situation(None, quiet, AT, streak_limit=0) == (Situation.CHECK_IN, None)
    assert choose_situation(None, quiet, AT, streak_limit=3)[0] is Situation.BALL_IN_COURT


def test_the_on_time_grace_is_a_parameter() -> None:
    late = promise(timedelta(minutes=-10))
    assert choose_situation(late, None, AT, on_time_grace=timedelta(0)) == (
        Situation.OVERDUE_APOLOGY,
        Tier.HOURS,
    )
    assert choose_situation(late, None, AT) == (Situation.CHECK_IN, None)
