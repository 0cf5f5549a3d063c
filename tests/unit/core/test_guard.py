"""The cadence guard, rule by rule, in combination, at window edges and across DST changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.guard.facts import facts_from_history, project
from trayapp.core.guard.rules import judge, next_ok_at
from trayapp.core.guard.verdict import Level, ReasonCode, Situation, Verdict
from trayapp.core.guard.wall_clock import next_calling_start, wall_instants
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.settings import GuardSettings

NOW = datetime(2024, 6, 12, 12, 0, tzinfo=UTC)  # a Wednesday; 14:00 in Berlin
DEFAULTS = GuardSettings()
#: The defaults with the streak and cool-off rules off, to see one rule at a time.
ALONE = GuardSettings(unanswered_streak_limit=0, cool_off_days=0)
DANA = Contact(name="Dana Smith", id=1)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def out(at: datetime, channel: Channel = Channel.EMAIL, contact_id: int = 1) -> Touch:
    return Touch(contact_id=contact_id, channel=channel, direction=Direction.OUTBOUND, at=at)


def inbound(at: datetime, channel: Channel = Channel.EMAIL, contact_id: int = 1) -> Touch:
    return Touch(contact_id=contact_id, channel=channel, direction=Direction.INBOUND, at=at)


def promise(due_at: datetime, state: PromiseState = PromiseState.OPEN) -> Promise:
    return Promise(
        contact_id=1, what="feedback", due_at=due_at, created_at=ago(days=20), state=state
    )


def verdict(
    touches: Sequence[Touch] = (),
    *,
    at: datetime = NOW,
    contact: Contact = DANA,
    settings: GuardSettings = ALONE,
    company_touches: Sequence[Touch] = (),
    promises: Sequence[Promise] = (),
) -> Verdict:
    facts = facts_from_history(
        contact, touches, at, settings, company_touches=company_touches, promises=promises
    )
    return judge(facts, settings)


def only(v: Verdict, code: ReasonCode) -> None:
    assert v.codes == (code,), v.codes


# --- no rule ---------------------------------------------------------------------------------


def test_empty_history_is_ok_now_with_a_check_in() -> None:
    v = verdict(settings=DEFAULTS)
    assert v.level is Level.OK
    assert v.reasons == ()
    assert v.next_ok_at == NOW
    assert v.suggested_situation is Situation.CHECK_IN
    assert v.last_touch_at is None
    assert v.unanswered_streak == 0


def test_verdict_carries_counts_and_last_touch() -> None:
    touches = [out(ago(days=10)), out(ago(days=3)), inbound(ago(days=2))]
    v = verdict(touches, promises=[promise(NOW + timedelta(days=2))])
    assert v.last_touch_at == ago(days=2)
    assert (v.week_count, v.month_count, v.open_promises) == (1, 2, 1)


# --- windows ---------------------------------------------------------------------------------


def test_one_touch_today_reaches_the_day_limit() -> None:
    v = verdict([out(ago(hours=2))])
    only(v, ReasonCode.DAY_LIMIT)
    reason = v.reasons[0]
    assert v.level is Level.CAUTION
    assert (reason.count, reason.limit, reason.window_days) == (1, 1, 1.0)
    assert reason.until == ago(hours=2) + timedelta(hours=24)
    assert v.next_ok_at == reason.until
    assert v.suggested_situation is Situation.CHECK_IN, "one touch is not coming on too strong"


def test_a_touch_exactly_24_hours_ago_has_left_the_day() -> None:
    assert verdict([out(ago(hours=24))]).level is Level.OK
    only(verdict([out(ago(hours=24) + timedelta(microseconds=1))]), ReasonCode.DAY_LIMIT)


def test_week_limit_lifts_when_the_limit_th_newest_touch_leaves() -> None:
    touches = [out(ago(days=6.5)), out(ago(days=6)), out(ago(days=4)), out(ago(days=2))]
    v = verdict(touches)
    only(v, ReasonCode.WEEK_LIMIT)
    reason = v.reasons[0]
    assert (reason.count, reason.limit, reason.window_days) == (4, 3, 7.0)
    assert reason.until == ago(days=6) + timedelta(days=7)
    assert v.next_ok_at == reason.until
    assert verdict(touches, at=reason.until).level is Level.OK
    assert verdict(touches, at=reason.until - timedelta(microseconds=1)).level is Level.CAUTION


def test_two_touches_in_a_week_are_fine() -> None:
    assert verdict([out(ago(days=5)), out(ago(days=2))]).level is Level.OK


def test_month_limit_suggests_closing_out() -> None:
    touches = [out(ago(days=d)) for d in (29, 24, 19, 14, 9, 2)]
    v = verdict(touches)
    only(v, ReasonCode.MONTH_LIMIT)
    reason = v.reasons[0]
    assert (reason.count, reason.limit, reason.window_days) == (6, 6, 30.0)
    assert reason.until == ago(days=29) + timedelta(days=30)
    assert v.suggested_situation is Situation.CLOSE_OUT


def test_hard_ceiling_stops_but_lifts_by_itself() -> None:
    settings = dataclasses.replace(ALONE, day_limit=9, week_limit=9, month_limit=9)
    touches = [out(ago(hours=h), Channel.SMS) for h in range(1, 8)]
    v = verdict(touches, settings=settings)
    only(v, ReasonCode.HARD_CEILING)
    assert v.level is Level.STOP
    assert v.reasons[0].until == ago(hours=7) + timedelta(days=7)
    assert v.next_ok_at == v.reasons[0].until
    assert v.suggested_situation is Situation.CLOSE_OUT


def test_seven_touches_in_a_week_break_every_window_with_defaults() -> None:
    touches = [out(ago(hours=20 * i + 1)) for i in range(7)]
    v = verdict(touches)
    assert v.codes == (
        ReasonCode.HARD_CEILING,
        ReasonCode.DAY_LIMIT,
        ReasonCode.WEEK_LIMIT,
        ReasonCode.MONTH_LIMIT,
    )
    assert v.level is Level.STOP
    assert v.next_ok_at == max(r.until for r in v.reasons if r.until is not None)


def test_inbound_touches_never_count_against_the_windows() -> None:
    v = verdict([inbound(ago(hours=h)) for h in range(1, 12)])
    assert v.level is Level.OK
    assert (v.week_count, v.month_count) == (0, 0)


# --- unanswered streak -----------------------------------------------------------------------

STREAK = GuardSettings(day_limit=9, week_limit=9, month_limit=9, hard_ceiling=9, cool_off_days=0)


@pytest.mark.parametrize(
    ("sent", "wait_days", "situation"),
    [
        (3, 7, Situation.GONE_DARK),
        (4, 14, Situation.BALL_IN_COURT),
        (5, 28, Situation.BALL_IN_COURT),
    ],
)
def test_unanswered_streak_waits_and_doubles(
    sent: int, wait_days: int, situation: Situation
) -> None:
    touches = [out(ago(days=i + 1)) for i in range(sent)]
    v = verdict(touches, settings=STREAK)
    only(v, ReasonCode.UNANSWERED_STREAK)
    reason = v.reasons[0]
    assert (reason.count, reason.limit, reason.window_days) == (sent, 3, float(wait_days))
    assert reason.until == ago(days=1) + timedelta(days=wait_days)
    assert v.unanswered_streak == sent
    assert v.suggested_situation is situation


def test_two_unanswered_touches_are_fine() -> None:
    v = verdict([out(ago(days=3)), out(ago(days=2))], settings=STREAK)
    assert (v.level, v.unanswered_streak, v.suggested_situation) == (
        Level.OK,
        2,
        Situation.CHECK_IN,
    )


def test_after_the_wait_the_streak_only_shapes_the_suggestion() -> None:
    touches = [out(ago(days=d)) for d in (12, 10, 8)]
    v = verdict(touches, settings=STREAK)
    assert v.level is Level.OK
    assert v.suggested_situation is Situation.GONE_DARK


@pytest.mark.parametrize(
    "answer",
    [
        inbound(ago(days=3), Channel.EMAIL),
        inbound(ago(days=3), Channel.VOICEMAIL),
        out(ago(days=3), Channel.CALL),
        out(ago(days=3), Channel.MEETING),
    ],
)
def test_an_answer_resets_the_streak(answer: Touch) -> None:
    touches = [out(ago(days=5)), out(ago(days=4)), out(ago(days=3.5)), answer, out(ago(days=1))]
    v = verdict(touches, settings=STREAK)
    assert v.unanswered_streak == 1
    assert ReasonCode.UNANSWERED_STREAK not in v.codes


def test_a_voicemail_left_is_not_an_answer() -> None:
    touches = [out(ago(days=3), Channel.VOICEMAIL), out(ago(days=2)), out(ago(days=1), Channel.SMS)]
    assert verdict(touches, settings=STREAK).unanswered_streak == 3


def test_a_touch_at_the_same_instant_as_the_answer_is_answered() -> None:
    touches = [out(ago(days=2)), inbound(ago(days=1)), out(ago(days=1))]
    assert verdict(touches, settings=STREAK).unanswered_streak == 0


# --- cool-off --------------------------------------------------------------------------------


def test_a_conversation_starts_a_cool_off() -> None:
    settings = dataclasses.replace(ALONE, cool_off_days=7)
    v = verdict([out(ago(days=2), Channel.CALL)], settings=settings)
    only(v, ReasonCode.COOL_OFF)
    assert v.reasons[0].until == ago(days=2) + timedelta(days=7)
    assert v.reasons[0].window_days == 7.0
    assert v.suggested_situation is Situation.CHECK_IN, "a cool-off moves the time, not the words"


def test_cool_off_with_an_open_promise_suggests_no_news() -> None:
    settings = dataclasses.replace(ALONE, cool_off_days=7)
    later = promise(NOW + timedelta(days=3))
    v = verdict([out(ago(days=2), Channel.MEETING)], settings=settings, promises=[later])
    only(v, ReasonCode.COOL_OFF)
    assert v.suggested_situation is Situation.NO_NEWS


@pytest.mark.parametrize("due", [NOW, ago(days=1)])
def test_a_due_promise_is_never_silenced_by_cool_off(due: datetime) -> None:
    settings = dataclasses.replace(ALONE, cool_off_days=7)
    v = verdict([out(ago(days=2), Channel.CALL)], settings=settings, promises=[promise(due)])
    assert v.level is Level.OK


def test_a_kept_promise_does_not_lift_cool_off() -> None:
    settings = dataclasses.replace(ALONE, cool_off_days=7)
    kept = promise(ago(days=1), PromiseState.KEPT)
    v = verdict([out(ago(days=2), Channel.CALL)], settings=settings, promises=[kept])
    only(v, ReasonCode.COOL_OFF)
    assert v.open_promises == 0


def test_cool_off_ends_exactly_after_its_days() -> None:
    settings = dataclasses.replace(ALONE, cool_off_days=7)
    assert verdict([out(ago(days=7), Channel.CALL)], settings=settings).level is Level.OK
    email_reply = verdict([inbound(ago(days=1), Channel.EMAIL)], settings=settings)
    assert email_reply.level is Level.OK


# --- boundaries set by a person --------------------------------------------------------------


def test_do_not_contact_stops_and_only_a_person_lifts_it() -> None:
    contact = dataclasses.replace(DANA, dnc_at=ago(days=100), dnc_reason="asked")
    v = verdict([out(ago(hours=1))], contact=contact)
    assert v.codes == (ReasonCode.DO_NOT_CONTACT, ReasonCode.DAY_LIMIT)
    assert v.level is Level.STOP
    assert v.reasons[0].until is None
    assert v.next_ok_at is None
    assert v.suggested_situation is Situation.CLOSE_OUT


def test_quiet_until_stops_until_then() -> None:
    contact = dataclasses.replace(DANA, quiet_until=NOW + timedelta(days=10))
    v = verdict(contact=contact)
    only(v, ReasonCode.QUIET_UNTIL)
    assert (v.level, v.next_ok_at) == (Level.STOP, NOW + timedelta(days=10))
    assert v.suggested_situation is Situation.CHECK_IN
    assert verdict(contact=contact, at=NOW + timedelta(days=10)).level is Level.OK


# --- company ---------------------------------------------------------------------------------

ACME_DANA = dataclasses.replace(DANA, company="Acme")


def test_company_limit_counts_everyone_at_the_company() -> None:
    others = [out(ago(days=d), contact_id=2 + i) for i, d in enumerate((6, 5, 4, 3))]
    v = verdict([out(ago(days=2))], contact=ACME_DANA, company_touches=others)
    only(v, ReasonCode.COMPANY_LIMIT)
    reason = v.reasons[0]
    assert (reason.count, reason.limit, reason.window_days) == (5, 5, 7.0)
    assert reason.until == ago(days=6) + timedelta(days=7)
    assert v.suggested_situation is Situation.CHECK_IN, "other people's touches say nothing of hers"


def test_company_rule_ignores_inbound_and_contacts_without_a_company() -> None:
    others = [out(ago(days=d), contact_id=2) for d in (6, 5, 4, 3, 2)]
    assert verdict(company_touches=others).level is Level.OK
    replies = [inbound(ago(days=d), contact_id=2) for d in (6, 5, 4, 3, 2)]
    assert verdict(contact=ACME_DANA, company_touches=replies).level is Level.OK


def test_a_zero_company_limit_switches_the_rule_off() -> None:
    settings = dataclasses.replace(ALONE, company_week_limit=0)
    others = [out(ago(days=d), contact_id=2) for d in (6, 5, 4, 3, 2)]
    assert verdict(contact=ACME_DANA, company_touches=others, settings=settings).reasons == ()


# --- calling hours ---------------------------------------------------------------------------


def in_zone(zone: ZoneInfo) -> Contact:
    return dataclasses.replace(DANA, tz=zone.key)


def local(zone: ZoneInfo, *wall: int) -> datetime:
    """The UTC instant of a wall-clock time (year, month, day, hour, minute[, second])."""
    year, month, day, hour, minute, *rest = wall
    second = rest[0] if rest else 0
    return datetime(year, month, day, hour, minute, second, tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(
    ("wall", "outside"),
    [((8, 0, 0), False), ((7, 59, 59), True), ((20, 59, 59), False), ((21, 0, 0), True)],
)
def test_calling_hours_are_start_inclusive_end_exclusive(
    wall: tuple[int, int, int], outside: bool
) -> None:
    at = local(BERLIN, 2024, 6, 12, *wall)
    v = verdict(contact=in_zone(BERLIN), at=at)
    assert (ReasonCode.OUTSIDE_CALLING_HOURS in v.codes) is outside


def test_outside_calling_hours_waits_for_their_next_morning() -> None:
    at = local(BERLIN, 2024, 6, 12, 21, 30)
    v = verdict(contact=in_zone(BERLIN), at=at)
    only(v, ReasonCode.OUTSIDE_CALLING_HOURS)
    assert v.reasons[0].until == local(BERLIN, 2024, 6, 13, 8, 0)
    early = verdict(contact=in_zone(BERLIN), at=local(BERLIN, 2024, 6, 12, 6, 0))
    assert early.next_ok_at == local(BERLIN, 2024, 6, 12, 8, 0)


def test_no_zone_or_an_unknown_zone_means_no_calling_hours() -> None:
    at = local(BERLIN, 2024, 6, 12, 23, 0)
    assert verdict(at=at).level is Level.OK
    unknown = dataclasses.replace(DANA, tz="Mars/Olympus_Mons")
    assert verdict(contact=unknown, at=at).level is Level.OK


@pytest.mark.parametrize(
    ("zone", "evening", "morning_utc"),
    [
        # spring forward: the night is an hour shorter
        (BERLIN, (2024, 3, 30, 21, 30), datetime(2024, 3, 31, 6, 0, tzinfo=UTC)),
        (NEW_YORK, (2024, 3, 9, 23, 0), datetime(2024, 3, 10, 12, 0, tzinfo=UTC)),
        # fall back: the night is an hour longer
        (BERLIN, (2024, 10, 26, 22, 0), datetime(2024, 10, 27, 7, 0, tzinfo=UTC)),
        (NEW_YORK, (2024, 11, 2, 22, 0), datetime(2024, 11, 3, 13, 0, tzinfo=UTC)),
    ],
)
def test_calling_hours_across_dst_changes(
    zone: ZoneInfo, evening: tuple[int, ...], morning_utc: datetime
) -> None:
    v = verdict(contact=in_zone(zone), at=local(zone, *evening))
    only(v, ReasonCode.OUTSIDE_CALLING_HOURS)
    assert v.next_ok_at == morning_utc
    assert morning_utc.astimezone(zone).time() == time(8, 0)


@pytest.mark.parametrize(
    ("zone", "night_utc", "gap_end_utc"),
    [
        (BERLIN, datetime(2024, 3, 31, 0, 30, tzinfo=UTC), datetime(2024, 3, 31, 1, 0, tzinfo=UTC)),
        (
            NEW_YORK,
            datetime(2024, 3, 10, 6, 0, tzinfo=UTC),
            datetime(2024, 3, 10, 7, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_start_inside_the_spring_gap_begins_when_the_gap_ends(
    zone: ZoneInfo, night_utc: datetime, gap_end_utc: datetime
) -> None:
    settings = dataclasses.replace(ALONE, calling_start=time(2, 30))
    v = verdict(contact=in_zone(zone), at=night_utc, settings=settings)
    only(v, ReasonCode.OUTSIDE_CALLING_HOURS)
    assert v.next_ok_at == gap_end_utc
    assert verdict(contact=in_zone(zone), at=gap_end_utc, settings=settings).level is Level.OK


def test_a_start_that_happens_twice_counts_both_times() -> None:
    day = datetime(2024, 10, 27).date()
    first, second = wall_instants(day, time(2, 30), BERLIN)
    assert (first, second) == (
        datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
        datetime(2024, 10, 27, 1, 30, tzinfo=UTC),
    )
    before_first = datetime(2024, 10, 26, 23, 0, tzinfo=UTC)  # 01:00 CEST
    assert next_calling_start(before_first, BERLIN, time(2, 30)) == first
    between = datetime(2024, 10, 27, 1, 10, tzinfo=UTC)  # 02:10 CET, the second time round
    assert next_calling_start(between, BERLIN, time(2, 30)) == second


def test_an_ordinary_wall_time_has_one_instant() -> None:
    assert wall_instants(datetime(2024, 6, 12).date(), time(8), NEW_YORK) == [
        datetime(2024, 6, 12, 12, 0, tzinfo=UTC)
    ]


# --- combinations ----------------------------------------------------------------------------


def test_a_week_that_clears_late_at_night_waits_for_calling_hours() -> None:
    # The third-newest touch leaves the week at 21:00 UTC, 23:00 in Berlin.
    touches = [out(datetime(2024, 6, 5, 21, 0, tzinfo=UTC)), out(ago(days=5)), out(ago(days=3))]
    v = verdict(touches, contact=in_zone(BERLIN))
    only(v, ReasonCode.WEEK_LIMIT)
    assert v.reasons[0].until == datetime(2024, 6, 12, 21, 0, tzinfo=UTC)
    assert v.next_ok_at == local(BERLIN, 2024, 6, 13, 8, 0)
    assert verdict(touches, contact=in_zone(BERLIN), at=v.next_ok_at).level is Level.OK


def test_streak_window_and_cool_off_together() -> None:
    touches = [
        out(ago(days=3), Channel.CALL),
        out(ago(days=2)),
        out(ago(days=1.5)),
        out(ago(days=1.2)),
    ]
    v = verdict(touches, settings=DEFAULTS)
    assert v.codes == (
        ReasonCode.WEEK_LIMIT,
        ReasonCode.UNANSWERED_STREAK,
        ReasonCode.COOL_OFF,
    )
    assert v.level is Level.CAUTION
    assert v.next_ok_at == ago(days=1.2) + timedelta(days=7)
    assert v.suggested_situation is Situation.GONE_DARK
    assert verdict(touches, settings=DEFAULTS, at=v.next_ok_at).level is Level.OK


def test_a_person_held_rule_leaves_no_next_ok_time() -> None:
    contact = dataclasses.replace(
        DANA, dnc_at=ago(days=1), quiet_until=NOW + timedelta(days=3), tz="Europe/Berlin"
    )
    v = verdict([out(ago(hours=3))], contact=contact, at=local(BERLIN, 2024, 6, 12, 23, 0))
    assert ReasonCode.DO_NOT_CONTACT in v.codes
    assert v.next_ok_at is None


# --- facts -----------------------------------------------------------------------------------


def test_facts_ignore_later_touches_and_other_contacts() -> None:
    touches = [out(NOW + timedelta(minutes=1)), out(ago(hours=1), contact_id=9), out(ago(days=2))]
    facts = facts_from_history(DANA, touches, NOW, DEFAULTS)
    assert (facts.day_count, facts.week_count, facts.unanswered_streak) == (0, 1, 1)
    assert facts.recent_outbound == (ago(days=2),)


def test_facts_keep_only_the_newest_instants() -> None:
    touches = [out(ago(hours=h)) for h in range(1, 200)]
    others = [out(ago(hours=h), contact_id=2) for h in range(1, 200)]
    facts = facts_from_history(ACME_DANA, touches, NOW, DEFAULTS, company_touches=others)
    assert facts.recent_outbound == tuple(ago(hours=h) for h in range(1, 8))
    assert len(facts.company_recent_outbound) == 5
    assert (facts.week_count, facts.month_count, facts.company_week_count) == (167, 199, 334)


def test_facts_without_a_company_have_no_company_counts() -> None:
    facts = facts_from_history(DANA, [out(ago(days=1))], NOW, DEFAULTS)
    assert (facts.company_week_count, facts.company_recent_outbound) == (0, ())


def test_facts_name_the_latest_touch_of_each_kind() -> None:
    touches = [inbound(ago(days=4), Channel.CALL), out(ago(days=3)), inbound(ago(days=2))]
    facts = facts_from_history(DANA, touches, NOW, DEFAULTS)
    assert facts.last_outbound_at == ago(days=3)
    assert facts.last_inbound_at == ago(days=2)
    assert facts.last_conversation_at == ago(days=4)


def test_projection_slides_the_windows_forward_only() -> None:
    facts = facts_from_history(DANA, [out(ago(days=6)), out(ago(hours=2))], NOW, DEFAULTS)
    later = project(facts, NOW + timedelta(days=1))
    assert (later.day_count, later.week_count, later.month_count) == (0, 1, 2)
    with pytest.raises(BadInput):
        project(facts, ago(seconds=1))


def test_times_without_a_zone_are_refused() -> None:
    naive = datetime(2024, 6, 12, 12, 0)
    with pytest.raises(BadInput):
        facts_from_history(DANA, [], naive, DEFAULTS)
    facts = facts_from_history(DANA, [], NOW, DEFAULTS)
    with pytest.raises(BadInput):
        judge(dataclasses.replace(facts, at=naive), DEFAULTS)


def test_inconsistent_counts_still_give_a_safe_until() -> None:
    facts = dataclasses.replace(facts_from_history(DANA, [], NOW, ALONE), week_count=3)
    v = judge(facts, ALONE)
    only(v, ReasonCode.WEEK_LIMIT)
    assert v.reasons[0].until == NOW + timedelta(days=7)
    assert next_ok_at(facts, ALONE) == NOW + timedelta(days=7)
    stale = (ago(days=1), ago(days=8), ago(days=9))
    v = judge(dataclasses.replace(facts, recent_outbound=stale), ALONE)
    assert v.reasons[0].until == NOW + timedelta(days=7)
