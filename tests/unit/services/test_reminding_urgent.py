"""Quiet hours on a real store: nothing is dropped, the held reminders arrive as one digest when
work resumes, and an urgent promise's reminders arrive on their own when meant."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.services.test_reminding import Profile
from trayapp.core.model import Contact, Promise
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.services import reminding
from trayapp.services.reminding import SweepCause, SweepResult

TUESDAY = datetime(2026, 11, 24, tzinfo=UTC)  # London is on UTC in November
TUESDAY_23 = TUESDAY + timedelta(hours=23)
WEDNESDAY_6 = TUESDAY + timedelta(days=1, hours=6)
WEDNESDAY_0830 = TUESDAY + timedelta(days=1, hours=8, minutes=30)
HALF_A_MINUTE = timedelta(seconds=30)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Profile]:
    """Default working hours: Monday to Friday, 08:30 to 18:00 London."""
    made = Profile(tmp_path, Settings(reminders=ReminderSettings()))
    yield made
    assert made.conn is not None
    made.conn.close()


def promise(profile: Profile, who: str, what: str, due: datetime, *, urgent: bool = False) -> int:
    with profile.ctx.ledger.atomic():
        contact = profile.ctx.ledger.add_contact(Contact(name=who))
        assert contact.id is not None
        made = profile.ctx.ledger.add_promise(
            Promise(contact.id, what, due, due - timedelta(days=2), urgent=urgent)
        )
    assert made.id is not None
    return made.id


def sweep_at(profile: Profile, when: datetime, cause: SweepCause) -> SweepResult:
    profile.restart()  # every sweep by a freshly started app over the same ledger
    profile.at(when)
    return reminding.sweep(profile.ctx, profile.log, cause)


def shown(result: SweepResult) -> list[tuple[str, str]]:
    return [(r.view.contact.name, r.occurrence.kind.value) for r in result.reminders]


def test_a_night_of_quiet_hours_with_one_urgent_promise(office: Profile) -> None:
    promise(office, "Ann Lee", "send shortlist", TUESDAY_23)
    promise(office, "Bo Chen", "call back", WEDNESDAY_6)
    promise(office, "Dana Smith", "send offer", TUESDAY_23, urgent=True)

    office.at(TUESDAY + timedelta(hours=21))
    assert reminding.next_wake(office.ctx, office.log) == TUESDAY + timedelta(hours=22)
    heads_up = sweep_at(office, TUESDAY + timedelta(hours=22) + HALF_A_MINUTE, SweepCause.TIMER)
    assert shown(heads_up) == [("Dana Smith", "heads_up")]
    assert reminding.next_wake(office.ctx, office.log) == TUESDAY_23

    night = sweep_at(office, TUESDAY_23 + HALF_A_MINUTE, SweepCause.TIMER)
    assert shown(night) == [("Dana Smith", "due")]
    assert (night.digest, night.recorded) == (None, 1)
    assert sweep_at(office, TUESDAY_23 + 2 * HALF_A_MINUTE, SweepCause.START) == SweepResult()
    assert reminding.next_wake(office.ctx, office.log) == WEDNESDAY_0830

    early = sweep_at(office, WEDNESDAY_6 + HALF_A_MINUTE, SweepCause.TIMER)
    assert early == SweepResult()

    morning = sweep_at(office, WEDNESDAY_0830, SweepCause.TIMER)
    assert morning.reminders == ()
    assert morning.digest is not None and morning.digest.start_of_day
    assert [v.contact.name for v in morning.digest.became_due] == ["Ann Lee", "Bo Chen"]
    assert morning.digest.overdue == 3
    assert sweep_at(office, WEDNESDAY_0830 + timedelta(minutes=1), SweepCause.START) == (
        SweepResult()
    )


def test_an_app_started_at_night_shows_the_urgent_reminder_on_its_own(office: Profile) -> None:
    promise(office, "Ann Lee", "send shortlist", TUESDAY_23)
    promise(office, "Dana Smith", "send offer", TUESDAY_23, urgent=True)
    started = sweep_at(office, TUESDAY_23 + HALF_A_MINUTE, SweepCause.START)
    assert shown(started) == [("Dana Smith", "due")]
    assert started.digest is None


def test_while_paused_an_urgent_reminder_still_comes_and_the_rest_wait(office: Profile) -> None:
    wednesday_11 = TUESDAY + timedelta(days=1, hours=11)
    promise(office, "Ann Lee", "send shortlist", wednesday_11)
    promise(office, "Dana Smith", "send offer", wednesday_11, urgent=True)
    office.at(WEDNESDAY_0830 + timedelta(minutes=5))
    reminding.sweep(office.ctx, office.log, SweepCause.START)  # today's start-of-day digest
    reminding.pause(office.ctx, office.log, wednesday_11 + timedelta(hours=2))
    paused = sweep_at(office, wednesday_11 + HALF_A_MINUTE, SweepCause.TIMER)
    assert shown(paused) == [("Dana Smith", "due")]
    resumed = sweep_at(office, wednesday_11 + timedelta(hours=2), SweepCause.TIMER)
    assert shown(resumed) == [("Ann Lee", "due")]
    assert resumed.digest is None
