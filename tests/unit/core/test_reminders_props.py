"""Properties of the reminder plan that must hold for every zone, setting and promise."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from trayapp.core.model import Promise
from trayapp.core.reminders.hours import hold, is_working, resolve_local
from trayapp.core.reminders.nags import nag_count
from trayapp.core.reminders.plan import (
    OccurrenceKind,
    due_now,
    next_occurrence,
    pending,
    plan,
    survey,
)
from trayapp.core.settings import ReminderSettings

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Chatham",
    "Asia/Kolkata",
    "Pacific/Apia",
    "UTC",
]

zones = st.sampled_from(ZONES).map(ZoneInfo)
instants = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
spans = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))


@st.composite
def reminder_settings(draw: st.DrawFn) -> ReminderSettings:
    start = draw(st.times(max_value=time(22, 0)))
    end = draw(st.times(min_value=time(start.hour + 1, 0)))
    return ReminderSettings(
        heads_up_minutes=draw(st.integers(0, 2 * 24 * 60)),
        overdue_nag_days=tuple(draw(st.lists(st.integers(1, 20), max_size=4))),
        then_every_days=draw(st.integers(1, 14)),
        working_days=tuple(draw(st.sets(st.integers(0, 6), min_size=1))),
        work_start=start,
        work_end=end,
    )


@st.composite
def promises(draw: st.DrawFn) -> Promise:
    due = draw(instants)
    snoozed = draw(st.none() | st.timedeltas(timedelta(days=-5), timedelta(days=20)))
    return Promise(
        contact_id=1,
        what="send feedback",
        due_at=due,
        created_at=due - draw(st.timedeltas(timedelta(days=-2), timedelta(days=10))),
        id=draw(st.integers(1, 3)),
        snooze_count=draw(st.integers(0, 3)),
        snoozed_until=None if snoozed is None else due + snoozed,
    )


@given(promises(), reminder_settings(), zones, spans, st.none() | spans)
@settings(max_examples=150, deadline=None)
def test_every_occurrence_is_delivered_in_working_hours_never_early(
    promise: Promise,
    rules: ReminderSettings,
    tz: ZoneInfo,
    span: timedelta,
    pause: timedelta | None,
) -> None:
    paused_until = None if pause is None else promise.due_at + pause
    start = promise.due_at - timedelta(days=3)
    occurrences = plan(
        promise, rules, tz, after=start, until=start + span, paused_until=paused_until
    )
    for occurrence in occurrences:
        assert occurrence.deliver_at >= occurrence.nominal_at
        assert is_working(occurrence.deliver_at, rules, tz, paused_until)
        assert start < occurrence.nominal_at <= start + span
    nominal = [o.nominal_at for o in occurrences]
    assert nominal == sorted(set(nominal))
    assert len({o.key for o in occurrences}) == len(occurrences)
    if promise.snoozed_until is not None:
        assert all(
            o.nominal_at > promise.snoozed_until
            for o in occurrences
            if o.kind is not OccurrenceKind.SNOOZE_END
        )


@given(promises(), reminder_settings(), zones, st.tuples(spans, spans, spans))
@settings(max_examples=150, deadline=None)
def test_windows_compose(
    promise: Promise,
    rules: ReminderSettings,
    tz: ZoneInfo,
    cuts: tuple[timedelta, timedelta, timedelta],
) -> None:
    lead, first, second = cuts
    a = promise.due_at - lead
    b, c = a + first, a + first + second
    joined = plan(promise, rules, tz, after=a, until=b) + plan(promise, rules, tz, after=b, until=c)
    assert joined == plan(promise, rules, tz, after=a, until=c)


@given(promises(), reminder_settings(), zones, st.timedeltas(timedelta(0), timedelta(days=400)))
@settings(max_examples=100, deadline=None)
def test_nag_count_agrees_with_the_plan(
    promise: Promise, rules: ReminderSettings, tz: ZoneInfo, late: timedelta
) -> None:
    unsnoozed = Promise(
        promise.contact_id, promise.what, promise.due_at, promise.created_at, id=promise.id
    )
    moment = promise.due_at + late
    nags = [
        o
        for o in plan(unsnoozed, rules, tz, after=None, until=moment)
        if o.kind is OccurrenceKind.OVERDUE
    ]
    assert [o.seq for o in nags] == list(range(1, len(nags) + 1))
    assert nag_count(promise.due_at, rules, tz, moment) == len(nags)


@given(promises(), reminder_settings(), zones, spans)
@settings(max_examples=100, deadline=None)
def test_catch_up_then_next_wake_up_delivers_everything_once(
    promise: Promise, rules: ReminderSettings, tz: ZoneInfo, span: timedelta
) -> None:
    horizon = promise.due_at - timedelta(days=40)
    now = promise.due_at + span
    waiting = pending([promise], rules, tz, now=now, delivered_keys=set(), horizon_start=horizon)
    shown = due_now([promise], rules, tz, now=now, delivered_keys=set(), horizon_start=horizon)
    assert shown == (waiting if is_working(now, rules, tz) else [])
    delivered = {o.key for o in waiting}
    again = pending([promise], rules, tz, now=now, delivered_keys=delivered, horizon_start=horizon)
    assert again == []
    upcoming = next_occurrence(
        [promise], rules, tz, after=now, delivered_keys=delivered, horizon_start=horizon
    )
    assert upcoming is not None
    assert upcoming.deliver_at > now
    assert upcoming.key not in delivered
    later = pending(
        [promise],
        rules,
        tz,
        now=upcoming.deliver_at,
        delivered_keys=delivered,
        horizon_start=horizon,
    )
    assert upcoming in later
    assert all(o.deliver_at == upcoming.deliver_at for o in later)


@given(instants, instants, reminder_settings(), zones)
@settings(max_examples=200, deadline=None)
def test_hold_is_monotone_and_idempotent(
    x: datetime, y: datetime, rules: ReminderSettings, tz: ZoneInfo
) -> None:
    early, late = min(x, y), max(x, y)
    held = hold(early, rules, tz)
    assert held >= early
    assert hold(held, rules, tz) == held
    assert held <= hold(late, rules, tz)


@given(st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2035, 12, 31)), zones)
@settings(max_examples=300, deadline=None)
def test_resolve_local_round_trips_or_moves_forward_to_the_gap_end(
    wall: datetime, tz: ZoneInfo
) -> None:
    instant = resolve_local(wall, tz)
    shown = instant.astimezone(tz).replace(tzinfo=None)
    if shown != wall:
        assert shown > wall  # a skipped wall time moves forward ...
        before = (instant - timedelta(seconds=1)).astimezone(tz)
        assert before.utcoffset() != instant.astimezone(tz).utcoffset()  # ... to the jump
        assert before.replace(tzinfo=None) < wall


@given(
    st.lists(promises(), min_size=1, max_size=3),
    reminder_settings(),
    zones,
    st.timedeltas(timedelta(days=-20), timedelta(days=60)),
    st.tuples(st.none() | spans, st.sets(st.integers(0, 5), max_size=3)),
)
@settings(max_examples=150, deadline=None)
def test_one_survey_finds_what_pending_and_next_occurrence_find(
    many: list[Promise],
    rules: ReminderSettings,
    tz: ZoneInfo,
    offset: timedelta,
    pause_and_delivered: tuple[timedelta | None, set[int]],
) -> None:
    pause, already = pause_and_delivered
    now = many[0].due_at + offset
    horizon = now - timedelta(days=30)
    pause_end = None if pause is None else now + pause
    every = pending(many, rules, tz, now=now, delivered_keys=set(), horizon_start=horizon)
    delivered = {o.key for i, o in enumerate(every) if i in already}
    found = survey(
        many, rules, tz, now=now, delivered_keys=delivered, horizon_start=horizon,
        paused_until=pause_end,
    )  # fmt: skip
    assert found.pending == pending(
        many, rules, tz, now=now, delivered_keys=delivered, horizon_start=horizon,
        paused_until=pause_end,
    )  # fmt: skip
    assert found.next == next_occurrence(
        many, rules, tz, after=now, delivered_keys=delivered, horizon_start=horizon,
        paused_until=pause_end,
    )  # fmt: skip
