"""Noticing that the machine slept: the wall clock moved on while the monotonic clock did not.

Timers (Qt's and APScheduler's) are monotonic and stand still during suspend, so after a wake
the app would sleep through what fell due. Comparing the two clocks between two ticks is the
portable signal: when the wall clock advanced more than ``slack`` beyond the monotonic clock,
the machine was asleep (or the clock was set forward) and a catch-up sweep is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["SLACK", "ClockReading", "slept_between"]

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
