"""Properties of the cadence guard over generated histories, judged through the reference facts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from trayapp.core.guard.facts import company_cap, facts_from_history, project, recent_cap
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import Level, ReasonCode, Verdict
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.settings import GuardSettings

START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_MINUTES = 400 * 24 * 60  # a year and more: every DST change of the zones below
HISTORY_MINUTES = 40 * 24 * 60  # touches fall within the 40 days before the judged instant
ZONES = [None, "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]
CONVERSATIONS = [c for c in Channel if c.is_conversation]
TALKLESS = [c for c in Channel if not c.is_conversation]

instants = st.integers(0, SPAN_MINUTES).map(lambda m: START + timedelta(minutes=m))


def before(at: datetime) -> st.SearchStrategy[datetime]:
    """Instants up to 40 days before ``at``, ``at`` itself included."""
    return st.integers(0, HISTORY_MINUTES).map(lambda m: at - timedelta(minutes=m))


def around(at: datetime) -> st.SearchStrategy[datetime]:
    """Instants within 40 days either side of ``at``."""
    return st.integers(-HISTORY_MINUTES, HISTORY_MINUTES).map(lambda m: at + timedelta(minutes=m))


def touches_for(contact_id: int, at: datetime) -> st.SearchStrategy[Touch]:
    return st.builds(
        Touch,
        contact_id=st.just(contact_id),
        channel=st.sampled_from(Channel),
        direction=st.sampled_from(Direction),
        at=before(at),
    )


def calling_hours() -> st.SearchStrategy[tuple[time, time]]:
    quarters = st.lists(st.integers(0, 24 * 4 - 1), min_size=2, max_size=2, unique=True)
    return quarters.map(sorted).map(lambda q: (_quarter(q[0]), _quarter(q[1])))


def _quarter(q: int) -> time:
    return time(q // 4, q % 4 * 15)


@st.composite
def guard_settings(draw: st.DrawFn, default_hours: bool = False) -> GuardSettings:
    hours = st.just((time(8), time(21)))
    start, end = draw(hours if default_hours else st.one_of(hours, calling_hours()))
    return GuardSettings(
        day_limit=draw(st.integers(1, 3)),
        week_limit=draw(st.integers(1, 5)),
        month_limit=draw(st.integers(1, 9)),
        hard_ceiling=draw(st.integers(1, 9)),
        cool_off_days=draw(st.integers(0, 10)),
        unanswered_streak_limit=draw(st.integers(0, 4)),
        streak_wait_days=draw(st.integers(0, 10)),
        company_week_limit=draw(st.integers(0, 6)),
        calling_start=start,
        calling_end=end,
    )


@st.composite
def contacts(draw: st.DrawFn, at: datetime) -> Contact:
    return Contact(
        name="Dana Smith",
        id=1,
        company=draw(st.sampled_from(["", "Acme"])),
        tz=draw(st.sampled_from(ZONES)),
        dnc_at=draw(before(at)) if draw(st.integers(0, 5)) == 0 else None,
        quiet_until=draw(st.one_of(st.none(), around(at))),
    )


@st.composite
def promises(draw: st.DrawFn, at: datetime) -> Promise:
    return Promise(
        contact_id=1,
        what="feedback",
        due_at=draw(around(at)),
        created_at=START,
        state=draw(st.sampled_from(PromiseState)),
    )


@dataclasses.dataclass(frozen=True)
class Case:
    """A generated history, judged at ``at``; only what happened by then is kept."""

    contact: Contact
    settings: GuardSettings
    at: datetime
    touches: tuple[Touch, ...]
    company: tuple[Touch, ...]
    promises: tuple[Promise, ...]

    def verdict(
        self,
        at: datetime | None = None,
        extra: tuple[Touch, ...] = (),
        channel: Channel | None = None,
    ) -> Verdict:
        when = self.at if at is None else at
        facts = facts_from_history(
            self.contact,
            self.touches + extra,
            when,
            self.settings,
            company_touches=self.company,
            promises=self.promises,
        )
        return judge(facts, self.settings, channel=channel)


@st.composite
def cases(draw: st.DrawFn, max_touches: int = 25, default_hours: bool = False) -> Case:
    at = draw(instants)
    return Case(
        contact=draw(contacts(at)),
        settings=draw(guard_settings(default_hours)),
        at=at,
        touches=tuple(draw(st.lists(touches_for(1, at), max_size=max_touches))),
        company=tuple(draw(st.lists(touches_for(2, at), max_size=max_touches))),
        promises=tuple(draw(st.lists(promises(at), max_size=3))),
    )


channels = st.one_of(st.none(), st.sampled_from(Channel))


@given(case=cases(), back=st.integers(0, HISTORY_MINUTES), channel=st.sampled_from(Channel))
def test_an_inbound_touch_never_makes_the_verdict_stricter(
    case: Case, back: int, channel: Channel
) -> None:
    when = case.at - timedelta(minutes=back)
    reply = Touch(contact_id=1, channel=channel, direction=Direction.INBOUND, at=when)
    before, after = case.verdict(), case.verdict(extra=(reply,))
    assert after.level.rank <= before.level.rank
    assert set(after.codes) <= set(before.codes)
    assert after.next_ok_at is None or (
        before.next_ok_at is not None and after.next_ok_at <= before.next_ok_at
    )


@settings(max_examples=200)
@given(case=cases(), channel=channels)
def test_at_next_ok_at_the_verdict_is_ok(case: Case, channel: Channel | None) -> None:
    verdict = case.verdict(channel=channel)
    if ReasonCode.DO_NOT_CONTACT in verdict.codes:
        assert verdict.next_ok_at is None
        return
    assert verdict.next_ok_at is not None
    assert verdict.next_ok_at >= case.at
    assert (verdict.next_ok_at == case.at) is (verdict.level is Level.OK)
    assert case.verdict(at=verdict.next_ok_at, channel=channel).level is Level.OK


@settings(max_examples=200)
@given(case=cases(default_hours=True), channel=channels)  # no zone's clock jumps into 08-21
def test_next_ok_at_is_the_earliest_such_instant(case: Case, channel: Channel | None) -> None:
    verdict = case.verdict(channel=channel)
    assume(verdict.next_ok_at is not None and verdict.next_ok_at > case.at)
    assert verdict.next_ok_at is not None
    just_before = verdict.next_ok_at - timedelta(microseconds=1)
    assert case.verdict(at=just_before, channel=channel).level is not Level.OK


@settings(max_examples=200)
@given(
    case=cases(default_hours=True),
    channel=channels,
    share=st.floats(0, 1, exclude_max=True),
)
def test_no_instant_before_next_ok_at_is_ok(
    case: Case, channel: Channel | None, share: float
) -> None:
    """Sampled between now and ``next_ok_at`` (or anywhere later, when a person must lift it),
    even when a promise falls due in between."""
    verdict = case.verdict(channel=channel)
    assume(verdict.level is not Level.OK)
    end = verdict.next_ok_at or case.at + timedelta(minutes=SPAN_MINUTES)
    sample = case.at + (end - case.at) * share
    assume(sample < end)
    assert case.verdict(at=sample, channel=channel).level is not Level.OK


@given(case=cases(), step=st.integers(0, SPAN_MINUTES))
def test_projected_facts_judge_like_rebuilt_facts(case: Case, step: int) -> None:
    """Exact even when a promise falls due in between: the facts know when the next one does."""
    later = case.at + timedelta(minutes=step)
    facts = facts_from_history(
        case.contact,
        case.touches,
        case.at,
        case.settings,
        company_touches=case.company,
        promises=case.promises,
    )
    rebuilt = facts_from_history(
        case.contact,
        case.touches,
        later,
        case.settings,
        company_touches=case.company,
        promises=case.promises,
    )
    moved = project(facts, later)
    assert (moved.promise_due, moved.next_due_at) == (rebuilt.promise_due, rebuilt.next_due_at)
    projected = judge(moved, case.settings)
    expected = judge(rebuilt, case.settings)
    assert [(r.code, r.until) for r in projected.reasons] == [
        (r.code, r.until) for r in expected.reasons
    ]
    assert projected.next_ok_at == expected.next_ok_at


@given(case=cases())
def test_verdicts_are_consistent(case: Case) -> None:
    verdict = case.verdict()
    top = max((r.level.rank for r in verdict.reasons), default=0)
    assert verdict.level.rank == top
    assert all(r.until is None or r.until > case.at for r in verdict.reasons)
    assert len(set(verdict.codes)) == len(verdict.codes)


@settings(max_examples=30)
@given(case=cases(max_touches=400))
def test_facts_stay_bounded_whatever_the_history(case: Case) -> None:
    facts = facts_from_history(
        case.contact, case.touches, case.at, case.settings, company_touches=case.company
    )
    assert len(facts.recent_outbound) <= recent_cap(case.settings)
    assert len(facts.company_recent_outbound) <= company_cap(case.settings)
    assert list(facts.recent_outbound) == sorted(facts.recent_outbound, reverse=True)
