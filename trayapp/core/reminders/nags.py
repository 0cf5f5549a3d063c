"""Overdue nags: when the n-th reminder about a late promise is due, computed, not counted.

Nags back off — by default one, three and seven days after the due time, then every seven days
for as long as the promise stays open. A nag keeps the due time's local wall-clock time on a
later calendar day in the user's zone: a promise due Friday 15:00 in Berlin nags on Saturday at
15:00 Berlin time, even when the clocks change overnight (23 or 25 hours later).

The index of the first nag after any instant is found arithmetically from the number of calendar
days elapsed, then confirmed with at most a few steps, so a promise that is a year overdue costs
the same as one that is a day overdue.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.reminders.hours import as_utc, resolve_local
from trayapp.core.settings import ReminderSettings

# Calendar-day slack when estimating a nag index, so that wall-clock jumps near midnight
# (a skipped day, a fall-back across midnight) can never make the estimate overshoot.
_SLACK_DAYS = 2


@dataclass(frozen=True, slots=True)
class NagSchedule:
    """Day offsets of the nags after the due day: ``steps``, then every ``every`` days."""

    steps: tuple[int, ...]
    every: int

    @classmethod
    def from_settings(cls, settings: ReminderSettings) -> NagSchedule:
        if settings.then_every_days < 1 or any(d < 1 for d in settings.overdue_nag_days):
            raise BadInput("overdue reminders must be at least one day apart")
        return cls(tuple(sorted(set(settings.overdue_nag_days))), settings.then_every_days)

    def offset(self, n: int) -> int:
        """Days after the due day of nag ``n`` (the first nag is ``n == 1``)."""
        if n < 1:
            raise BadInput(f"nags are counted from 1 (got {n})")
        if n <= len(self.steps):
            return self.steps[n - 1]
        last = self.steps[-1] if self.steps else 0
        return last + (n - len(self.steps)) * self.every

    def first_reaching(self, days: int) -> int:
        """The smallest ``n >= 1`` whose offset is at least ``days``."""
        if not self.steps or days > self.steps[-1]:
            last = self.steps[-1] if self.steps else 0
            extra = max(1, -(-(days - last) // self.every))
            return len(self.steps) + extra
        return bisect.bisect_left(self.steps, days) + 1


def nag_instant(due_at: datetime, schedule: NagSchedule, tz: ZoneInfo, n: int) -> datetime:
    """The instant (UTC) of nag ``n`` for a promise due at ``due_at``: the due time's local
    wall-clock time, ``schedule.offset(n)`` calendar days later, resolved DST-safely."""
    wall = as_utc(due_at, "due time").astimezone(tz).replace(tzinfo=None)
    return resolve_local(wall + timedelta(days=schedule.offset(n)), tz)


def first_nag_after(
    due_at: datetime, schedule: NagSchedule, tz: ZoneInfo, after: datetime | None
) -> int:
    """The index of the first nag strictly after ``after`` (1 when ``after`` is ``None``).

    Constant time: the index is estimated from the calendar days between the due day and
    ``after`` and then confirmed; nag instants grow by at least a day per index.
    """
    if after is None:
        return 1
    due_day = as_utc(due_at, "due time").astimezone(tz).date()
    elapsed = (as_utc(after).astimezone(tz).date() - due_day).days
    n = schedule.first_reaching(elapsed - _SLACK_DAYS)
    while nag_instant(due_at, schedule, tz, n) <= after:
        n += 1
    return n


def nag_at(promise_due_at: datetime, settings: ReminderSettings, tz: ZoneInfo, n: int) -> datetime:
    """The nominal instant (UTC) of overdue nag ``n`` (from 1) for a promise due at the given
    time."""
    return nag_instant(promise_due_at, NagSchedule.from_settings(settings), tz, n)


def nag_count(
    promise_due_at: datetime, settings: ReminderSettings, tz: ZoneInfo, at: datetime
) -> int:
    """How many overdue nags have a nominal time at or before ``at`` (0 before the first)."""
    schedule = NagSchedule.from_settings(settings)
    return first_nag_after(promise_due_at, schedule, tz, as_utc(at)) - 1
