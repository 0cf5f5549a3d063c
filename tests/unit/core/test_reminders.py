"""The reminder plan: heads-up, due, overdue nags, snooze, keys, catch-up and the next wake-up."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.model import Promise
from trayapp.core.promises import keep, release, renegotiate, snooze
from trayapp.core.reminders import hours as reminders_time
from trayapp.core.reminders import nags as reminders_nags
from trayapp.core.reminders.nags import nag_at, nag_count
from trayapp.core.reminders.plan import (
    Occurrence,
    OccurrenceKind,
    current_key,
    due_now,
    latest_per_promise,
    next_occurrence,
    pending,
    plan,
)
from trayapp.core.settings import ReminderSettings

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
DEFAULTS = ReminderSettings()
HEADS_UP = OccurrenceKind.HEADS_UP
DUE = OccurrenceKind.DUE
OVERDUE = OccurrenceKind.OVERDUE
SNOOZE_END = OccurrenceKind.SNOOZE_END
DAY = timedelta(days=1)


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:  # noqa: PLR0917
    """The UTC instant of an unambiguous local wall time."""
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def promise(due: datetime, pid: int = 7, created: datetime | None = None) -> Promise:
    return Promise(
        contact_id=1,
        what="send Acme feedback",
        due_at=due,
        created_at=created or due - timedelta(days=3),
        id=pid,
    )


def kinds(occurrences: list[Occurrence]) -> list[tuple[OccurrenceKind, int]]:
    return [(o.kind, o.seq) for o in occurrences]


def first_nag(due: datetime, tz: ZoneInfo) -> Occurrence:
    nags = plan(promise(due), DEFAULTS, tz, after=due, until=due + timedelta(days=2))
    assert kinds(nags) == [(OVERDUE, 1)]
    return nags[0]


# --- the shape of a plan -------------------------------------------------------------------


def test_full_plan_of_a_friday_promise() -> None:
    due = at(BERLIN, 2026, 6, 5, 15, 0)  # Friday
    occurrences = plan(promise(due), DEFAULTS, BERLIN, after=None, until=due + timedelta(days=22))
    assert kinds(occurrences) == [
        (HEADS_UP, 0),
        (DUE, 0),
        (OVERDUE, 1),
        (OVERDUE, 2),
        (OVERDUE, 3),
        (OVERDUE, 4),
        (OVERDUE, 5),
    ]
    nominal = [o.nominal_at for o in occurrences]
    assert nominal[:2] == [due - timedelta(hours=1), due]
    assert nominal[2:] == [due + timedelta(days=d) for d in (1, 3, 7, 14, 21)]
    # The Saturday nag waits for Monday morning; the rest fall inside working hours.
    assert occurrences[2].deliver_at == at(BERLIN, 2026, 6, 8, 8, 30)
    assert occurrences[2].held
    assert all(o.deliver_at == o.nominal_at for o in occurrences if o is not occurrences[2])


def test_heads_up_of_a_monday_nine_oclock_promise_is_held_to_work_start() -> None:
    due = at(BERLIN, 2026, 6, 1, 9, 0)
    heads_up = plan(promise(due), DEFAULTS, BERLIN, after=None, until=due)[0]
    assert heads_up.kind is HEADS_UP
    assert heads_up.nominal_at == at(BERLIN, 2026, 6, 1, 8, 0)
    assert heads_up.deliver_at == at(BERLIN, 2026, 6, 1, 8, 30)


@pytest.mark.parametrize(
    ("made_before_due", "heads_up_before_due"),
    [
        (timedelta(hours=3), timedelta(hours=1)),
        (timedelta(hours=1), timedelta(minutes=30)),
        (timedelta(minutes=20), timedelta(minutes=10)),
        (timedelta(minutes=2), timedelta(minutes=1)),
        (timedelta(seconds=119), timedelta(seconds=59.5)),  # "in 2 minutes", read a moment early
        (timedelta(seconds=60), timedelta(seconds=30)),
        (timedelta(seconds=59), None),
        (timedelta(0), None),
    ],
)
def test_a_promise_made_at_short_notice_gets_its_heads_up_halfway(
    made_before_due: timedelta, heads_up_before_due: timedelta | None
) -> None:
    due = at(BERLIN, 2026, 6, 1, 11, 0)
    occurrences = plan(promise(due, created=due - made_before_due), DEFAULTS, BERLIN,
                       after=None, until=due)  # fmt: skip
    if heads_up_before_due is None:
        assert kinds(occurrences) == [(DUE, 0)]
    else:
        assert kinds(occurrences) == [(HEADS_UP, 0), (DUE, 0)]
        assert occurrences[0].nominal_at == due - heads_up_before_due


def test_no_heads_up_when_it_is_turned_off() -> None:
    due = at(BERLIN, 2026, 6, 1, 11, 0)
    no_heads_up = ReminderSettings(heads_up_minutes=0)
    assert kinds(plan(promise(due), no_heads_up, BERLIN, after=None, until=due)) == [(DUE, 0)]


def test_due_on_a_weekend_is_delivered_on_monday() -> None:
    due = at(BERLIN, 2026, 6, 6, 11, 0)  # Saturday
    occurrences = plan(promise(due), DEFAULTS, BERLIN, after=None, until=due)
    assert [o.deliver_at for o in occurrences] == [at(BERLIN, 2026, 6, 8, 8, 30)] * 2


def test_pause_holds_every_occurrence_until_it_ends() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    pause_end = at(BERLIN, 2026, 6, 3, 14, 0)
    occurrences = plan(
        promise(due), DEFAULTS, BERLIN, after=None, until=pause_end, paused_until=pause_end
    )
    assert kinds(occurrences) == [(HEADS_UP, 0), (DUE, 0), (OVERDUE, 1)]
    assert {o.deliver_at for o in occurrences} == {pause_end}


def test_kept_and_released_promises_have_no_reminders() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    open_one = promise(due)
    kept, _ = keep(open_one, due)
    released, _ = release(open_one, due, "role was filled")
    for closed in (kept, released):
        assert plan(closed, DEFAULTS, BERLIN, after=None, until=due + timedelta(days=30)) == []


def test_an_empty_or_reversed_window_is_empty() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    assert plan(promise(due), DEFAULTS, BERLIN, after=due, until=due) == []
    assert plan(promise(due), DEFAULTS, BERLIN, after=due, until=due - timedelta(days=1)) == []


def test_window_bounds_are_exclusive_then_inclusive() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    assert kinds(plan(promise(due), DEFAULTS, BERLIN, after=due, until=due)) == []
    assert kinds(
        plan(promise(due), DEFAULTS, BERLIN, after=due - timedelta(seconds=1), until=due)
    ) == [(DUE, 0)]


def test_unsaved_promise_and_naive_times_are_refused() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    unsaved = dataclasses.replace(promise(due), id=None)
    with pytest.raises(BadInput, match="not been saved"):
        plan(unsaved, DEFAULTS, BERLIN, after=None, until=due)
    with pytest.raises(BadInput, match="time zone"):
        plan(promise(due), DEFAULTS, BERLIN, after=None, until=datetime(2026, 6, 3))


def test_nags_less_than_a_day_apart_are_refused() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    for bad in (ReminderSettings(then_every_days=0), ReminderSettings(overdue_nag_days=(0,))):
        with pytest.raises(BadInput, match="at least one day apart"):
            plan(promise(due), bad, BERLIN, after=None, until=due + timedelta(days=9))


def test_unsorted_nag_days_and_an_empty_back_off_list() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    shuffled = ReminderSettings(overdue_nag_days=(7, 1, 3, 3))
    assert nag_at(due, shuffled, BERLIN, 3) == due + timedelta(days=7)
    weekly = ReminderSettings(overdue_nag_days=())
    assert [nag_at(due, weekly, BERLIN, n) for n in (1, 2)] == [
        due + timedelta(days=7),
        due + timedelta(days=14),
    ]
    with pytest.raises(BadInput, match="counted from 1"):
        nag_at(due, DEFAULTS, BERLIN, 0)


# --- DST: nags keep the local wall-clock time ----------------------------------------------


@pytest.mark.parametrize(
    ("tz", "due_parts", "hours_to_first_nag"),
    [
        (BERLIN, (2026, 3, 28, 15, 0), 23),  # spring forward overnight
        (BERLIN, (2026, 10, 24, 15, 0), 25),  # fall back overnight
        (NEW_YORK, (2026, 3, 7, 15, 0), 23),
        (NEW_YORK, (2026, 10, 31, 15, 0), 25),
        (LORD_HOWE, (2026, 10, 3, 15, 0), 23.5),  # half-hour DST
        (LORD_HOWE, (2026, 4, 4, 15, 0), 24.5),
        (BERLIN, (2026, 6, 5, 15, 0), 24),
    ],
)
def test_nag_stays_at_the_same_local_wall_time(
    tz: ZoneInfo, due_parts: tuple[int, ...], hours_to_first_nag: float
) -> None:
    due = at(tz, *due_parts)
    nag = first_nag(due, tz)
    assert nag.nominal_at - due == timedelta(hours=hours_to_first_nag)
    local_due, local_nag = due.astimezone(tz), nag.nominal_at.astimezone(tz)
    assert (local_nag.hour, local_nag.minute) == (local_due.hour, local_due.minute)
    assert local_nag.date() - local_due.date() == timedelta(days=1)


def test_friday_due_nags_on_saturday_then_monday_across_spring_forward() -> None:
    due = at(BERLIN, 2026, 3, 27, 15, 0)  # Friday, CET
    nags = plan(promise(due), DEFAULTS, BERLIN, after=due, until=due + timedelta(days=4))
    assert [o.nominal_at for o in nags] == [
        at(BERLIN, 2026, 3, 28, 15, 0),
        at(BERLIN, 2026, 3, 30, 15, 0),  # CEST: 71 hours after the due time, not 72
    ]
    assert nags[1].nominal_at - due == timedelta(hours=71)
    assert nags[0].deliver_at == at(BERLIN, 2026, 3, 30, 8, 30)


def test_nag_falling_into_the_skipped_hour_moves_forward() -> None:
    due = at(BERLIN, 2026, 3, 28, 2, 30)
    nag = first_nag(due, BERLIN)
    assert nag.nominal_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST
    second = nag_at(due, DEFAULTS, BERLIN, 2)
    assert second.astimezone(BERLIN).hour == 2  # back to 02:30 on the following days
    assert second.astimezone(BERLIN).minute == 30


def test_nag_in_the_repeated_hour_takes_the_first() -> None:
    due = at(NEW_YORK, 2026, 10, 31, 1, 30)
    assert first_nag(due, NEW_YORK).nominal_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


# --- a long-overdue promise costs no more than a new one ----------------------------------


def test_year_overdue_promise_gives_the_right_nag_index_cheaply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[datetime] = []
    real = reminders_time.resolve_local

    def counting(wall: datetime, tz: ZoneInfo) -> datetime:
        calls.append(wall)
        return real(wall, tz)

    monkeypatch.setattr(reminders_nags, "resolve_local", counting)
    due = at(BERLIN, 2025, 6, 2, 10, 0)
    now = at(BERLIN, 2026, 6, 2, 12, 0)
    # +1, +3, +7, then weekly: 7 + 51 * 7 = 364 days is the 54th nag, +371 days the 55th.
    assert nag_count(due, DEFAULTS, BERLIN, now) == 54
    window = plan(promise(due), DEFAULTS, BERLIN, after=now - timedelta(days=7), until=now)
    assert kinds(window) == [(OVERDUE, 54)]
    assert window[0].nominal_at == at(BERLIN, 2026, 6, 1, 10, 0)
    assert len(calls) < 20
    ten_years = plan(
        promise(due), DEFAULTS, BERLIN, after=now + timedelta(days=3650), until=now + 3660 * DAY
    )
    # Ten years on: offsets 7 * (n - 2) days, so nags 576 and 577 fall in the window.
    assert kinds(ten_years) == [(OVERDUE, 576), (OVERDUE, 577)]
    assert len(calls) < 40


def test_nag_count_before_and_at_the_first_nag() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    assert nag_count(due, DEFAULTS, BERLIN, due - DAY) == 0
    assert nag_count(due, DEFAULTS, BERLIN, due + DAY - timedelta(seconds=1)) == 0
    assert nag_count(due, DEFAULTS, BERLIN, due + DAY) == 1
    assert nag_count(due, DEFAULTS, BERLIN, due + 14 * DAY) == 4


# --- keys: renegotiation and snoozes get fresh reminders ----------------------------------


def test_renegotiated_promise_gets_new_keys_and_its_reminders_fire() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    old = promise(due)
    now = due + 2 * DAY
    delivered = {o.key for o in plan(old, DEFAULTS, BERLIN, after=None, until=now)}
    new_due = at(BERLIN, 2026, 6, 9, 10, 0)
    moved, _ = renegotiate(old, new_due, now)
    fresh = plan(moved, DEFAULTS, BERLIN, after=None, until=new_due)
    assert kinds(fresh) == [(HEADS_UP, 0), (DUE, 0)]
    assert delivered.isdisjoint(o.key for o in fresh)
    caught = due_now(
        [moved], DEFAULTS, BERLIN, now=new_due, delivered_keys=delivered, horizon_start=now
    )
    assert kinds(caught) == [(HEADS_UP, 0), (DUE, 0)]


def test_snooze_suppresses_earlier_reminders_and_ends_with_its_own() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    asked = due - timedelta(hours=1)
    snoozed, _ = snooze(promise(due), at(BERLIN, 2026, 6, 3, 11, 0), asked, budget=3)
    occurrences = plan(snoozed, DEFAULTS, BERLIN, after=asked, until=due + 4 * DAY)
    assert kinds(occurrences) == [(SNOOZE_END, 1), (OVERDUE, 2)]
    assert occurrences[0].nominal_at == at(BERLIN, 2026, 6, 3, 11, 0)
    again, _ = snooze(snoozed, at(BERLIN, 2026, 6, 3, 13, 0), at(BERLIN, 2026, 6, 3, 11, 5), 3)
    second = plan(again, DEFAULTS, BERLIN, after=asked, until=due + 4 * DAY)
    assert kinds(second) == [(SNOOZE_END, 2), (OVERDUE, 2)]
    assert occurrences[0].key != second[0].key
    assert occurrences[1].key == second[1].key  # the same nag, delivered once


def test_snooze_end_stands_in_for_a_reminder_at_the_same_moment() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    snoozed, _ = snooze(promise(due), due, due - timedelta(hours=2), budget=3)
    occurrences = plan(snoozed, DEFAULTS, BERLIN, after=None, until=due)
    assert kinds(occurrences) == [(SNOOZE_END, 1)]


def test_keys_name_promise_due_time_kind_and_day_offset() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    nag = first_nag(due, BERLIN)
    assert nag.key == f"7:{int(due.timestamp())}:overdue:d1"
    assert nag.due_at == due


def test_a_nag_keeps_its_key_when_the_nag_days_change() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    window = {"after": due, "until": due + 8 * DAY}
    old = plan(promise(due), DEFAULTS, BERLIN, **window)
    more = dataclasses.replace(DEFAULTS, overdue_nag_days=(1, 2, 3, 7))
    new = plan(promise(due), more, BERLIN, **window)
    old_keys = {o.nominal_at: o.key for o in old}
    # The day-3 nag is the 2nd nag before and the 3rd after: same moment, same key.
    assert [old_keys.get(o.nominal_at) in (None, o.key) for o in new] == [True] * 4
    assert len({o.key for o in old} & {o.key for o in new}) == 3


def test_a_second_snooze_to_a_new_moment_has_a_new_key_after_renegotiating_back() -> None:
    due = at(BERLIN, 2026, 6, 2, 10, 0)
    now = due - 2 * DAY
    first, _ = snooze(promise(due), now + timedelta(hours=1), now, budget=3)
    moved, _ = renegotiate(first, due + DAY, now + timedelta(hours=2))
    back, _ = renegotiate(moved, due, now + timedelta(hours=3))
    second, _ = snooze(back, now + timedelta(hours=4), now + timedelta(hours=3), budget=3)
    ends = [plan(p, DEFAULTS, BERLIN, after=now, until=due)[0] for p in (first, second)]
    assert [o.kind for o in ends] == [SNOOZE_END, SNOOZE_END]
    assert ends[0].key != ends[1].key


def test_keys_recorded_in_the_older_format_read_as_the_current_ones() -> None:
    due = at(BERLIN, 2026, 3, 27, 10, 0)  # nags cross the spring-forward night
    nags = plan(promise(due), DEFAULTS, BERLIN, after=due, until=due + 15 * DAY)
    for nag in nags:
        older = f"7:{int(due.timestamp())}:overdue:{nag.seq}"
        assert current_key(older, nag.nominal_at) == nag.key
    snoozed, _ = snooze(promise(due), due - DAY, due - 2 * DAY, budget=3)
    end = plan(snoozed, DEFAULTS, BERLIN, after=None, until=due - DAY)[-1]
    older = f"7:{int(due.timestamp())}:snooze_end:1"
    assert current_key(older, end.nominal_at) == end.key
    assert current_key(end.key, end.nominal_at) == end.key
    assert current_key("digest:2026-06-02", due) == "digest:2026-06-02"


# --- catch-up and the next wake-up ---------------------------------------------------------


def test_catch_up_after_a_long_absence_returns_every_key_and_one_per_promise() -> None:
    first = promise(at(BERLIN, 2026, 6, 1, 10, 0), pid=1)
    second = promise(at(BERLIN, 2026, 6, 3, 16, 0), pid=2)
    now = at(BERLIN, 2026, 6, 11, 9, 0)
    caught = due_now(
        [second, first],
        DEFAULTS,
        BERLIN,
        now=now,
        delivered_keys=set(),
        horizon_start=now - 30 * DAY,
    )
    assert [o.deliver_at for o in caught] == sorted(o.deliver_at for o in caught)
    assert kinds([o for o in caught if o.promise_id == 1]) == [
        (HEADS_UP, 0),
        (DUE, 0),
        (OVERDUE, 1),
        (OVERDUE, 2),
        (OVERDUE, 3),
    ]
    latest = latest_per_promise(caught)
    assert [(o.promise_id, o.kind, o.seq) for o in latest] == [(1, OVERDUE, 3), (2, OVERDUE, 3)]
    delivered = {o.key for o in caught}
    again = due_now(
        [first, second],
        DEFAULTS,
        BERLIN,
        now=now,
        delivered_keys=delivered,
        horizon_start=now - 30 * DAY,
    )
    assert again == []


def test_due_now_leaves_held_reminders_for_later() -> None:
    due = at(BERLIN, 2026, 6, 6, 11, 0)  # Saturday
    sunday = at(BERLIN, 2026, 6, 7, 12, 0)
    horizon = sunday - 30 * DAY
    early = due_now(
        [promise(due)], DEFAULTS, BERLIN, now=sunday, delivered_keys=set(), horizon_start=horizon
    )
    assert early == []
    monday = at(BERLIN, 2026, 6, 8, 8, 30)
    caught = due_now(
        [promise(due)], DEFAULTS, BERLIN, now=monday, delivered_keys=set(), horizon_start=horizon
    )
    assert kinds(caught) == [(HEADS_UP, 0), (DUE, 0), (OVERDUE, 1)]


def test_next_occurrence_finds_a_held_reminder_meant_before_now() -> None:
    due = at(BERLIN, 2026, 6, 6, 11, 0)  # Saturday
    sunday = at(BERLIN, 2026, 6, 7, 12, 0)
    found = next_occurrence([promise(due)], DEFAULTS, BERLIN, after=sunday, delivered_keys=set())
    assert found is not None
    assert (found.kind, found.deliver_at) == (HEADS_UP, at(BERLIN, 2026, 6, 8, 8, 30))
    delivered = {o.key for o in plan(promise(due), DEFAULTS, BERLIN, after=None, until=sunday)}
    later = next_occurrence(
        [promise(due)], DEFAULTS, BERLIN, after=sunday, delivered_keys=delivered
    )
    assert later is not None
    assert (later.kind, later.seq) == (OVERDUE, 2)  # Tuesday 11:00, three days after the due day


def test_next_occurrence_picks_the_earliest_across_promises() -> None:
    now = at(BERLIN, 2026, 6, 1, 9, 0)
    soon = promise(at(BERLIN, 2026, 6, 1, 12, 0), pid=1)
    later = promise(at(BERLIN, 2026, 6, 2, 12, 0), pid=2)
    kept, _ = keep(promise(at(BERLIN, 2026, 6, 1, 9, 30), pid=3), now)
    found = next_occurrence([later, kept, soon], DEFAULTS, BERLIN, after=now, delivered_keys=set())
    assert found is not None
    assert (found.promise_id, found.kind) == (1, HEADS_UP)
    assert next_occurrence([kept], DEFAULTS, BERLIN, after=now, delivered_keys=set()) is None


def test_next_occurrence_during_a_pause_uses_the_horizon() -> None:
    due = at(BERLIN, 2026, 5, 4, 10, 0)
    pause_end = at(BERLIN, 2026, 6, 1, 9, 0)
    now = at(BERLIN, 2026, 5, 25, 9, 0)
    found = next_occurrence(
        [promise(due)],
        DEFAULTS,
        BERLIN,
        after=now,
        delivered_keys=set(),
        horizon_start=now - 30 * DAY,
        paused_until=pause_end,
    )
    assert found is not None
    assert (found.kind, found.deliver_at) == (HEADS_UP, pause_end)


def test_nothing_is_due_outside_working_hours_but_it_is_still_pending() -> None:
    office = dataclasses.replace(DEFAULTS, working_days=(0, 1, 2, 3, 4))
    friday = promise(at(BERLIN, 2026, 6, 5, 15, 0), pid=1)  # due Friday 15:00, a working moment
    saturday = at(BERLIN, 2026, 6, 6, 11, 0)
    back = saturday - 30 * DAY
    shown = due_now([friday], office, BERLIN, now=saturday, delivered_keys=(), horizon_start=back)
    assert shown == []
    waiting = pending([friday], office, BERLIN, now=saturday, delivered_keys=(), horizon_start=back)
    assert [o.kind for o in waiting] == [HEADS_UP, DUE]
    assert all(o.deliver_at <= saturday for o in waiting)
