"""Urgent promises: their reminders come when meant, outside working hours and pause too."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.model import Promise
from trayapp.core.promises import snooze
from trayapp.core.reminders.plan import OccurrenceKind, due_now, next_occurrence, plan, showable
from trayapp.core.settings import ReminderSettings

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = ReminderSettings()  # Monday to Friday, 08:30 to 18:00
DAY = timedelta(days=1)
DUE = OccurrenceKind.DUE
HEADS_UP = OccurrenceKind.HEADS_UP


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:  # noqa: PLR0917
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def promise(due: datetime, pid: int = 7, *, urgent: bool = False) -> Promise:
    return Promise(1, "send the offer", due, due - 3 * DAY, id=pid, urgent=urgent)


WEDNESDAY_23 = at(BERLIN, 2026, 6, 3, 23, 0)
SUNDAY_23 = at(BERLIN, 2026, 6, 7, 23, 0)
THURSDAY_0830 = at(BERLIN, 2026, 6, 4, 8, 30)
FAR = at(BERLIN, 2026, 6, 20, 12, 0)  # the end of a long pause


def test_urgent_reminders_at_night_are_delivered_when_meant() -> None:
    for due, paused_until in [(WEDNESDAY_23, None), (SUNDAY_23, None), (WEDNESDAY_23, FAR)]:
        occurrences = plan(
            promise(due, urgent=True),
            OFFICE,
            BERLIN,
            after=None,
            until=due,
            paused_until=paused_until,
        )
        assert [(o.kind, o.deliver_at) for o in occurrences] == [
            (HEADS_UP, due - timedelta(hours=1)),
            (DUE, due),
        ]
        assert not any(o.held for o in occurrences)
        assert all(o.urgent for o in occurrences)


def test_the_same_promise_not_urgent_is_held_until_work_starts() -> None:
    occurrences = plan(promise(WEDNESDAY_23), OFFICE, BERLIN, after=None, until=WEDNESDAY_23)
    assert {o.deliver_at for o in occurrences} == {THURSDAY_0830}
    sunday = plan(promise(SUNDAY_23), OFFICE, BERLIN, after=None, until=SUNDAY_23)
    assert {o.deliver_at for o in sunday} == {at(BERLIN, 2026, 6, 8, 8, 30)}


def test_a_pause_does_not_hold_an_urgent_reminder() -> None:
    due = at(BERLIN, 2026, 6, 3, 11, 0)  # Wednesday, inside working hours
    pause_end = at(BERLIN, 2026, 6, 5, 12, 0)
    urgent = plan(
        promise(due, urgent=True), OFFICE, BERLIN, after=None, until=due, paused_until=pause_end
    )
    assert [o.deliver_at for o in urgent] == [due - timedelta(hours=1), due]
    calm = plan(promise(due), OFFICE, BERLIN, after=None, until=due, paused_until=pause_end)
    assert {o.deliver_at for o in calm} == {pause_end}


def test_nags_and_a_snooze_end_at_night_come_when_meant() -> None:
    urgent, _ = snooze(promise(WEDNESDAY_23, urgent=True), WEDNESDAY_23 + 2 * DAY, WEDNESDAY_23, 3)
    occurrences = plan(urgent, OFFICE, BERLIN, after=WEDNESDAY_23, until=WEDNESDAY_23 + 4 * DAY)
    assert [o.kind for o in occurrences] == [OccurrenceKind.SNOOZE_END, OccurrenceKind.OVERDUE]
    assert [o.deliver_at for o in occurrences] == [WEDNESDAY_23 + 2 * DAY, WEDNESDAY_23 + 3 * DAY]


def test_at_night_only_the_urgent_ones_are_due_now() -> None:
    promises = [promise(WEDNESDAY_23, pid=1), promise(WEDNESDAY_23, pid=2, urgent=True)]
    now = WEDNESDAY_23 + timedelta(seconds=30)
    shown = due_now(promises, OFFICE, BERLIN, now=now, delivered_keys=(), horizon_start=now - DAY)
    assert [(o.promise_id, o.kind) for o in shown] == [(2, HEADS_UP), (2, DUE)]
    delivered = {o.key for o in shown}
    morning = due_now(
        promises,
        OFFICE,
        BERLIN,
        now=THURSDAY_0830,
        delivered_keys=delivered,
        horizon_start=now - DAY,
    )
    assert [(o.promise_id, o.kind) for o in morning] == [(1, HEADS_UP), (1, DUE)]


def test_while_paused_only_the_urgent_ones_are_due_now() -> None:
    due = at(BERLIN, 2026, 6, 3, 11, 0)
    promises = [promise(due, pid=1), promise(due, pid=2, urgent=True)]
    shown = due_now(
        promises,
        OFFICE,
        BERLIN,
        now=due,
        delivered_keys=(),
        horizon_start=due - DAY,
        paused_until=due + DAY,
    )
    assert {o.promise_id for o in shown} == {2}


def test_the_next_wake_up_at_night_is_the_urgent_reminder() -> None:
    evening = at(BERLIN, 2026, 6, 3, 19, 0)
    promises = [promise(WEDNESDAY_23, pid=1), promise(WEDNESDAY_23, pid=2, urgent=True)]
    found = next_occurrence(promises, OFFICE, BERLIN, after=evening, delivered_keys=())
    assert found is not None
    assert (found.promise_id, found.kind, found.deliver_at) == (
        2,
        HEADS_UP,
        at(BERLIN, 2026, 6, 3, 22),
    )
    calm = next_occurrence(promises[:1], OFFICE, BERLIN, after=evening, delivered_keys=())
    assert calm is not None and calm.deliver_at == THURSDAY_0830


def test_showable_keeps_everything_at_work_and_only_urgent_ones_otherwise() -> None:
    both = plan(promise(WEDNESDAY_23, pid=1), OFFICE, BERLIN, after=None, until=WEDNESDAY_23)
    both += plan(
        promise(WEDNESDAY_23, pid=2, urgent=True), OFFICE, BERLIN, after=None, until=WEDNESDAY_23
    )
    assert showable(both, working=True) == both
    assert {o.promise_id for o in showable(both, working=False)} == {2}
    assert dataclasses.replace(both[0], urgent=True) in showable(
        [dataclasses.replace(both[0], urgent=True)], working=False
    )
