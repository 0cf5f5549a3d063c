"""A promise recorded long after it fell due gets one reminder at once, not a burst of nags."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.unit.services.test_reminding import ALWAYS, MONDAY_9, Profile
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact
from trayapp.core.settings import Settings
from trayapp.services import reminding
from trayapp.services.promises import make_promise
from trayapp.services.reminding import SweepCause

OWED_SINCE = datetime(2025, 7, 15, 17, 0, tzinfo=UTC)


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    made = Profile(tmp_path, Settings(reminders=ALWAYS))
    yield made
    assert made.conn is not None
    made.conn.close()


def _record_late(profile: Profile, made: datetime | None = None) -> int:
    with profile.ctx.ledger.atomic():
        dana = profile.ctx.ledger.add_contact(Contact(name="Dana Smith"))
        saved = make_promise(profile.ctx, dana, "send the deck", OWED_SINCE, made=made)
    assert saved.id is not None
    return saved.id


@pytest.mark.parametrize("made", [None, datetime(2025, 6, 20, tzinfo=UTC)])
def test_one_overdue_reminder_with_the_apology_then_the_nags_go_on(
    profile: Profile, made: datetime | None
) -> None:
    promise_id = _record_late(profile, made)
    assert reminding.next_wake(profile.ctx, profile.log) == MONDAY_9
    first = reminding.sweep(profile.ctx, profile.log, SweepCause.TICK)
    assert first.digest is None
    assert [r.view.promise.id for r in first.reminders] == [promise_id]
    assert first.reminders[0].situation is Situation.OVERDUE_APOLOGY
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).reminders == ()
    wake = reminding.next_wake(profile.ctx, profile.log)
    assert wake is not None and wake > MONDAY_9
    profile.at(wake)
    later = reminding.sweep(profile.ctx, profile.log, SweepCause.TIMER)
    assert [r.occurrence.kind.value for r in later.reminders] == ["overdue"]


def test_recorded_while_the_app_was_closed_is_named_once_at_start(profile: Profile) -> None:
    promise_id = _record_late(profile)
    profile.at(MONDAY_9 + timedelta(hours=2))
    profile.restart()
    started = reminding.sweep(profile.ctx, profile.log, SweepCause.START)
    assert started.digest is not None and started.reminders == ()
    assert [v.promise.id for v in started.digest.became_due] == [promise_id]
    assert reminding.sweep(profile.ctx, profile.log, SweepCause.TICK).reminders == ()
