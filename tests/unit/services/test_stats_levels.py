"""How many people are at caution or stop, from the levels the ledger keeps: always the same
as judging everyone afresh, whatever is written and however time moves on between two looks."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import memory_ledger
from trayapp.core.clock import FixedClock
from trayapp.core.guard.rules import level_now
from trayapp.core.matching import company_key, email_key
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.settings import GuardSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import stats
from trayapp.services.context import Context
from trayapp.store.ledger import SqliteLedger
from trayapp.store.rows import to_micros

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
# Small limits, so that cautions and stops are common.
TIGHT = GuardSettings(
    day_limit=1,
    week_limit=2,
    month_limit=4,
    hard_ceiling=3,
    cool_off_days=2,
    unanswered_streak_limit=2,
    streak_wait_days=1,
    company_week_limit=2,
    ownership_days=3,
    calling_start=time(9, 0),
    calling_end=time(17, 0),
)
LOOSE = dataclasses.replace(TIGHT, day_limit=0, week_limit=3, hard_ceiling=5)
PEOPLE = (
    Contact("Dana Smith", company="Acme", email="dana@acme.example"),
    Contact("Lee Park", company="Acme", tz="Asia/Kolkata"),
    Contact("Sam Okafor", company="Beta", tz="America/New_York", email="sam@beta.example"),
    Contact("Kim Lund"),
)
CHANNELS = (Channel.CALL, Channel.EMAIL, Channel.MEETING)
AGO = st.integers(-3 * 60, 40 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))
DUE = st.integers(-5 * 24 * 60, 5 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))

Step = Callable[[Context, list[int]], None]


def _touch(who: int, direction: Direction, channel: Channel, ago: timedelta) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        at = ctx.now() - ago
        ctx.ledger.add_touch(Touch(ids[who % len(ids)], channel, direction, at))

    return step


def _promise(who: int, due: timedelta, state: PromiseState) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        now = ctx.now()
        saved = ctx.ledger.add_promise(
            Promise(ids[who % len(ids)], "call back", due_at=now + due, created_at=now)
        )
        if state is not PromiseState.OPEN:
            kept = state is PromiseState.KEPT
            done = dataclasses.replace(
                saved, state=state, kept_at=now if kept else None, released_at=None if kept else now
            )
            ctx.ledger.update_promise(done)

    return step


def _move_due(who: int, due: timedelta) -> Step:
    """The person's first open promise falls due at another time (renegotiated)."""

    def step(ctx: Context, ids: list[int]) -> None:
        found = ctx.ledger.list_promises([PromiseState.OPEN], contact_id=ids[who % len(ids)])
        if found:
            ctx.ledger.update_promise(dataclasses.replace(found[0], due_at=ctx.now() + due))

    return step


def _contact(who: int, change: str, later: timedelta) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        contact = ctx.ledger.get_contact(ids[who % len(ids)])
        assert contact is not None
        now = ctx.now()
        changes: dict[str, Any] = {  # type: ignore[assignment]
            "dnc": {"dnc_at": now, "dnc_reason": "asked"},
            "quiet": {"quiet_until": now + later},
            "company": {"company": "Beta" if contact.company == "Acme" else "Acme"},
            "zone": {"tz": None if contact.tz else "Asia/Kathmandu"},
        }[change]
        ctx.ledger.update_contact(dataclasses.replace(contact, **changes))

    return step


def _lift(who: int) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        ctx.ledger.lift_do_not_contact(ids[who % len(ids)], ctx.now())

    return step


def _teammate(email: str, company: str, ago: timedelta) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        assert isinstance(ctx.ledger, SqliteLedger)
        ctx.ledger._conn.execute(
            "INSERT INTO team_touches (uid, seq, author, email_key, company_key, channel,"
            " direction, at) VALUES (?, 1, 'kim7', ?, ?, 'call', 'out', ?)",
            (str(uuid.uuid4()), email_key(email), company_key(company), to_micros(ctx.now() - ago)),
        )

    return step


def _team_mark(email: str, kind: str, ago: timedelta) -> Step:
    """A teammate's do-not-contact, quiet-until (as long ahead as ``ago`` back) or lift."""

    def step(ctx: Context, ids: list[int]) -> None:
        assert isinstance(ctx.ledger, SqliteLedger)
        _mark(ctx.ledger, email, kind, ctx.now() - ago, ctx.now() + ago)

    return step


def _mark(ledger: SqliteLedger, email: str, kind: str, at: datetime, until: datetime) -> None:
    ledger._conn.execute(
        "INSERT INTO team_boundaries (uid, seq, author, email_key, kind, until, at)"
        " VALUES (?, 1, 'kim7', ?, ?, ?, ?)",
        (str(uuid.uuid4()), email_key(email), kind, to_micros(until), to_micros(at)),
    )


def _erase(who: int) -> Step:
    def step(ctx: Context, ids: list[int]) -> None:
        if len(ids) > 1:
            ctx.ledger.delete_contact(ids.pop(who % len(ids)))

    return step


WHO = st.integers(0, len(PEOPLE) - 1)
WRITES = st.one_of(
    st.builds(_touch, WHO, st.sampled_from(list(Direction)), st.sampled_from(CHANNELS), AGO),
    st.builds(_promise, WHO, DUE, st.sampled_from(list(PromiseState))),
    st.builds(_move_due, WHO, DUE),
    st.builds(
        _contact,
        WHO,
        st.sampled_from(["dnc", "quiet", "company", "zone"]),
        st.integers(1, 5 * 24 * 60).map(lambda m: timedelta(minutes=m)),
    ),
    st.builds(_lift, WHO),
    st.builds(
        _teammate,
        st.sampled_from(["dana@acme.example", "sam@beta.example", "nobody@x.example"]),
        st.sampled_from(["Acme", "Beta", ""]),
        AGO,
    ),
    st.builds(
        _team_mark,
        st.sampled_from(["dana@acme.example", "sam@beta.example"]),
        st.sampled_from(["do_not_contact", "quiet_until", "do_not_contact_lifted"]),
        AGO,
    ),
    st.builds(_erase, WHO),
)
# Between two looks: nothing, a few minutes (within the hour a rule lifts), hours or days.
WAITS = st.one_of(
    st.just(timedelta(0)),
    st.integers(1, 90).map(lambda m: timedelta(minutes=m)),
    st.integers(1, 30).map(lambda h: timedelta(hours=h)),
    st.integers(1, 12).map(lambda d: timedelta(days=d)),
)
ROUNDS = st.lists(
    st.tuples(st.lists(WRITES, max_size=3), WAITS, st.sampled_from([TIGHT, TIGHT, LOOSE])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds=ROUNDS, limit=st.sampled_from([2, 2000]))
def test_kept_levels_count_what_judging_everyone_counts(
    rounds: list[tuple[list[Step], timedelta, GuardSettings]], limit: int
) -> None:
    clock = FixedClock(T0)
    saved_limit, stats.MAX_JUDGED = stats.MAX_JUDGED, limit
    try:
        with memory_ledger() as ledger:
            ids = [ledger.add_contact(p).id or 0 for p in PEOPLE]
            ctx = _context(ledger, clock, TIGHT)
            for writes, wait, guard in rounds:
                ctx = _context(ledger, clock, guard)
                for write in writes:
                    write(ctx, ids)
                clock.set(clock.now() + wait)
                now = clock.now()
                assert stats.levels_kept(ctx, now) == stats.levels_judged_afresh(ctx, now)
                assert _held(ledger, now) == _judged(ledger, now, guard)
    finally:
        stats.MAX_JUDGED = saved_limit


@pytest.fixture
def ledger() -> Iterator[SqliteLedger]:
    with memory_ledger() as opened:
        yield opened


def test_a_second_look_with_nothing_written_judges_no_one(ledger: SqliteLedger) -> None:
    clock = FixedClock(T0)
    ctx = _context(ledger, clock, TIGHT)
    dana, kim = (ledger.add_contact(p).id or 0 for p in (PEOPLE[0], PEOPLE[3]))
    for who, ago in ((dana, 1), (dana, 3), (kim, 5)):
        ledger.add_touch(Touch(who, Channel.EMAIL, Direction.OUTBOUND, T0 - timedelta(hours=ago)))
    since = T0 - timedelta(days=stats.JUDGED_DAYS)
    assert len(ledger.kept_levels(since, 10, T0, TIGHT).to_judge) == 2
    assert stats.levels_kept(ctx, T0) == (2, 0)  # each touched today: the day limit reached
    assert ledger.kept_levels(since, 10, T0, TIGHT).to_judge == ()
    assert ledger.kept_levels(since, 10, T0, LOOSE).afresh, "other settings void them"
    ledger.add_touch(Touch(kim, Channel.EMAIL, Direction.INBOUND, T0))
    assert ledger.kept_levels(since, 10, T0, TIGHT).to_judge == (kim,)
    assert stats.levels_kept(ctx, T0) == (2, 0)
    # Kim's day limit lifts when his touch is a day old: his level may change then.
    assert ledger.kept_levels(since, 10, T0 + timedelta(hours=18), TIGHT).to_judge == ()
    assert ledger.kept_levels(since, 10, T0 + timedelta(hours=19), TIGHT).to_judge == (kim,)


def test_a_level_kept_lapses_when_the_persons_calling_hours_end(ledger: SqliteLedger) -> None:
    clock = FixedClock(T0)  # 14:30 in Kolkata: inside Lee's calling hours (9:00 to 17:00)
    ctx = _context(ledger, clock, TIGHT)
    lee = _touched(ledger, PEOPLE[1], Channel.EMAIL, timedelta(days=3))
    assert stats.levels_kept(ctx, T0) == (0, 0)
    evening = T0 + timedelta(hours=3)  # 17:30 in Kolkata
    since = evening - timedelta(days=stats.JUDGED_DAYS)
    assert ledger.kept_levels(since, 10, evening, TIGHT).to_judge == (lee,)
    assert stats.levels_kept(ctx, evening) == (1, 0)


def test_a_promise_moved_later_brings_back_the_cool_off_it_had_lifted(ledger: SqliteLedger) -> None:
    clock = FixedClock(T0)
    ctx = _context(ledger, clock, LOOSE)
    kim = _touched(ledger, PEOPLE[3], Channel.CALL, timedelta(days=1))
    due = ledger.add_promise(Promise(kim, "send the role", T0 - timedelta(hours=1), T0))
    assert stats.levels_kept(ctx, T0) == (0, 0), "the promise due lifts the cool-off"
    ledger.update_promise(dataclasses.replace(due, due_at=T0 + timedelta(days=3)))
    assert stats.levels_kept(ctx, T0) == (1, 0)


def test_a_lift_here_voids_a_teammates_earlier_do_not_contact(ledger: SqliteLedger) -> None:
    ctx = _context(ledger, FixedClock(T0), LOOSE)
    dana = _touched(ledger, PEOPLE[0], Channel.EMAIL, timedelta(days=3))
    _mark(ledger, "dana@acme.example", "do_not_contact", T0 - timedelta(days=1), T0)
    assert stats.levels_kept(ctx, T0) == (0, 1)
    ledger.lift_do_not_contact(dana, T0)  # she told this desktop she may be contacted again
    assert stats.levels_kept(ctx, T0) == (0, 0)


def test_a_ledger_that_cannot_be_written_gets_everyone_judged(ledger: SqliteLedger) -> None:
    clock = FixedClock(T0)
    ctx = _context(ledger, clock, TIGHT)
    dana = _touched(ledger, PEOPLE[0], Channel.CALL, timedelta(hours=2))
    ledger._conn.execute("PRAGMA query_only = ON")  # as a read-only file would be
    assert stats.levels_kept(ctx, T0) == (1, 0)
    since = T0 - timedelta(days=stats.JUDGED_DAYS)
    assert ledger.kept_levels(since, 10, T0, TIGHT).to_judge == (dana,), "nothing kept"


def _touched(ledger: SqliteLedger, person: Contact, channel: Channel, ago: timedelta) -> int:
    """``person`` saved, with one outbound touch ``ago`` before ``T0``; their id."""
    ident = ledger.add_contact(person).id or 0
    ledger.add_touch(Touch(ident, channel, Direction.OUTBOUND, T0 - ago))
    return ident


def _held(ledger: SqliteLedger, now: datetime) -> dict[int, str]:
    """Every level the ledger holds as still good at ``now``, by person."""
    found = ledger._conn.execute(
        "SELECT contact_id, level FROM contact_levels WHERE changes = judged"
        " AND (until IS NULL OR until > ?) AND last_out >= ?",
        (to_micros(now), to_micros(now - timedelta(days=stats.JUDGED_DAYS))),
    )
    return dict(found.fetchall())


def _judged(ledger: SqliteLedger, now: datetime, guard: GuardSettings) -> dict[int, str]:
    """The same people's levels, judged now."""
    held = ledger.get_contacts(_held(ledger, now))
    facts = ledger.guard_facts_many(list(held.values()), now, guard)
    return {f.contact.id or 0: level_now(f, guard).value for f in facts}


def _context(ledger: SqliteLedger, clock: FixedClock, guard: GuardSettings) -> Context:
    return Context(
        ledger,
        clock,
        Settings(guard=guard),
        ZoneInfo("UTC"),
        DateparserWhenParser(),
        LibPhoneNumbers("GB"),
    )
