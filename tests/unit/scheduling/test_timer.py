"""The wake-up timer fires once at the armed instant, late instants at once, never when disarmed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from trayapp.scheduling.timer import WakeTimer

WAIT = 10.0


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.threads: list[str] = []
        self.event = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.threads.append(threading.current_thread().name)
        self.event.set()


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def timer(calls: Calls) -> Iterator[WakeTimer]:
    wake = WakeTimer(calls)
    yield wake
    wake.shutdown()


def test_fires_once_at_the_armed_instant_on_a_worker_thread(timer: WakeTimer, calls: Calls) -> None:
    at = datetime.now(UTC) + timedelta(milliseconds=300)
    timer.arm(at)
    assert timer.armed_at == at
    assert calls.event.wait(WAIT)
    assert datetime.now(UTC) >= at
    threading.Event().wait(0.5)
    assert calls.count == 1
    assert calls.threads[0] != threading.main_thread().name
    assert timer.armed_at is None


def test_an_instant_already_past_fires_at_once_rather_than_being_dropped(
    timer: WakeTimer, calls: Calls
) -> None:
    timer.arm(datetime.now(UTC) - timedelta(hours=3))
    assert calls.event.wait(WAIT)
    assert calls.count == 1


def test_rearming_replaces_the_earlier_instant(timer: WakeTimer, calls: Calls) -> None:
    timer.arm(datetime.now(UTC) + timedelta(milliseconds=200))
    later = datetime.now(UTC) + timedelta(hours=1)
    timer.arm(later)
    assert not calls.event.wait(1.0)
    assert timer.armed_at == later


def test_disarming_and_shutdown_stop_it(timer: WakeTimer, calls: Calls) -> None:
    timer.arm(datetime.now(UTC) + timedelta(milliseconds=200))
    timer.arm(None)
    assert timer.armed_at is None
    assert not calls.event.wait(1.0)
    timer.shutdown()
    timer.arm(datetime.now(UTC))
    assert not calls.event.wait(0.5)


def test_a_naive_instant_is_refused(timer: WakeTimer) -> None:
    with pytest.raises(ValueError, match="aware"):
        timer.arm(datetime(2030, 1, 1))


def test_a_failing_callback_leaves_the_timer_working() -> None:
    seen = threading.Event()
    runs: list[int] = []

    def flaky() -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("boom")
        seen.set()

    wake = WakeTimer(flaky)
    try:
        wake.arm(datetime.now(UTC))
        for _ in range(100):
            if runs:
                break
            threading.Event().wait(0.05)
        wake.arm(datetime.now(UTC))
        assert seen.wait(WAIT)
    finally:
        wake.shutdown()
