"""Sleep shows as a wall clock that ran ahead of the monotonic clock."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from trayapp.scheduling.wake import SLACK, ClockReading, SleepWatch, slept_between

T0 = ClockReading(wall=1_800_000_000.0, monotonic=5_000.0)


def later(wall: float, monotonic: float) -> ClockReading:
    return ClockReading(T0.wall + wall, T0.monotonic + monotonic)


def test_a_normal_minute_is_not_a_sleep() -> None:
    assert not slept_between(T0, later(60.0, 60.0))
    assert not slept_between(T0, later(60.4, 60.0))  # small drift, NTP slew


def test_a_night_asleep_is_noticed() -> None:
    assert slept_between(T0, later(8 * 3600.0, 60.0))


def test_the_slack_is_the_boundary() -> None:
    gap = SLACK.total_seconds()
    assert not slept_between(T0, later(60.0 + gap, 60.0))
    assert slept_between(T0, later(60.0 + gap + 1, 60.0))
    assert slept_between(T0, later(70.0, 60.0), slack=timedelta(seconds=5))


def test_a_clock_set_backwards_is_not_a_sleep() -> None:
    assert not slept_between(T0, later(-3600.0, 60.0))


@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
)
def test_it_is_a_sleep_when_the_wall_gains_clearly_more_than_the_slack(
    tick: float, gained: float
) -> None:
    slack = SLACK.total_seconds()
    assume(abs(gained - slack) > 0.01)
    assert slept_between(T0, later(tick + gained, tick)) is (gained > slack)


def test_a_windows_sleep_shows_as_a_gap_between_ticks() -> None:
    # Windows' monotonic clock counts through suspend: both clocks moved by eight hours.
    watch = SleepWatch(2.0, T0)
    assert not watch.observe(later(2.0, 2.0))
    assert not watch.observe(later(4.1, 4.1))  # a tick a little late is no sleep
    assert watch.slept(later(4.1 + 8 * 3600, 4.1 + 8 * 3600))
    assert watch.observe(later(4.1 + 8 * 3600, 4.1 + 8 * 3600))
    assert not watch.observe(later(6.1 + 8 * 3600, 6.1 + 8 * 3600))  # told once


def test_a_linux_or_macos_sleep_shows_as_clocks_apart() -> None:
    watch = SleepWatch(2.0, T0)
    assert watch.observe(later(8 * 3600.0, 2.0))


def test_slept_does_not_move_the_last_reading() -> None:
    watch = SleepWatch(2.0, T0)
    asleep = later(3600.0, 3600.0)
    assert watch.slept(asleep) and watch.slept(asleep)
