"""Noticing that the machine slept, so that what fell due meanwhile comes as one catch-up.

Two signals, because the systems differ. On Linux and macOS the monotonic clock stands still
during suspend: when the wall clock advanced more than ``slack`` beyond it, the machine was
asleep (or the clock was set forward). On Windows the monotonic clock counts through suspend,
so only the wall clock's gap between two readings of a steady tick tells: a gap longer than the
tick by more than ``slack`` means the tick could not run, the machine was asleep.
:class:`SleepWatch` keeps the last reading and checks both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["SLACK", "ClockReading", "SleepWatch", "slept_between"]

SLACK = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class ClockReading:
    """Both clocks read at one moment, in seconds (``time.time()`` and ``time.monotonic()``)."""

    wall: float
    monotonic: float


def slept_between(before: ClockReading, after: ClockReading, slack: timedelta = SLACK) -> bool:
    """Whether the wall clock ran ahead of the monotonic clock by more than ``slack``.

    A wall clock set backwards is not a sleep (nothing new can have fallen due), so only a
    forward gap counts.
    """
    wall = after.wall - before.wall
    monotonic = after.monotonic - before.monotonic
    return wall - monotonic > slack.total_seconds()


class SleepWatch:
    """Readings of both clocks, taken at a steady tick of ``tick_seconds`` (and whenever else
    the app asks); :meth:`observe` says whether the machine slept since the last one."""

    def __init__(self, tick_seconds: float, first: ClockReading, slack: timedelta = SLACK) -> None:
        self._tick = tick_seconds
        self._slack = slack
        self._last = first

    def slept(self, now: ClockReading) -> bool:
        """Whether the machine slept between the last reading and ``now``: the wall clock ran
        ahead of the monotonic one, or it moved on longer than a tick could have waited."""
        gap = now.wall - self._last.wall
        return slept_between(self._last, now, self._slack) or (
            gap - self._tick > self._slack.total_seconds()
        )

    def observe(self, now: ClockReading) -> bool:
        """:meth:`slept`, then ``now`` becomes the last reading."""
        slept = self.slept(now)
        self._last = now
        return slept
