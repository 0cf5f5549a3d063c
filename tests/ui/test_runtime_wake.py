"""After the machine slept, whatever sweep comes first — the periodic look at the clocks or the
wake-up timer — brings one catch-up digest, not one pop-up per promise; while nothing happens,
nothing is swept."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from tests.fakes import FakeNotifier
from tests.ui.conftest import LONDON, NOW
from trayapp.app import runtime as app_runtime
from trayapp.app.runtime import Runtime
from trayapp.core.clock import FixedClock
from trayapp.core.model import Contact, Promise
from trayapp.scheduling.wake import ClockReading
from trayapp.services.context import Context
from trayapp.services.reminding import SweepCause
from trayapp.store.reminder_log import SqliteReminderLog
from trayapp.ui.bridge import Bridge
from trayapp.ui.tray import Tray


@pytest.mark.parametrize("first", ["timer", "poll"])
def test_the_first_sweep_after_a_sleep_brings_one_catch_up_digest(
    qtbot: QtBot,
    ctx: Context,
    log: SqliteReminderLog,
    conn: sqlite3.Connection,
    *,
    monkeypatch: pytest.MonkeyPatch,
    first: str,
) -> None:
    clocks = [ClockReading(wall=1_000.0, monotonic=50.0)]
    monkeypatch.setattr(app_runtime, "_read_clocks", lambda: clocks[-1])
    tray = Tray(tz=LONDON)
    runtime = Runtime(ctx, log, conn, tray, Bridge())
    shown = FakeNotifier()
    try:
        runtime.start(shown)
        qtbot.waitUntil(lambda: runtime.timer.armed_at is not None)  # the first sweep ran
        with ctx.ledger.atomic():
            for n in range(3):
                who = ctx.ledger.add_contact(Contact(name=f"Person {n}"))
                assert who.id is not None
                due = NOW + timedelta(minutes=10 * (n + 1))
                ctx.ledger.add_promise(Promise(who.id, f"task {n}", due, created_at=NOW))
        shown.notices.clear()
        # The lid closes with the timer 10 minutes away and opens five hours later: the
        # monotonic clock moved by seconds, the wall clock by hours.
        clocks.append(ClockReading(wall=1_000.0 + 5 * 3600, monotonic=50.0 + 20))
        assert isinstance(ctx.clock, FixedClock)
        ctx.clock.set(NOW + timedelta(hours=5))
        if first == "timer":
            runtime.sweep(SweepCause.TIMER)
        else:
            runtime._on_poll()  # the periodic look, without waiting for it
        assert [n.title for n in shown.notices] == [
            "While you were away: 3 promises became due, oldest Person 0 — 4 hours late"
        ]
    finally:
        runtime.stop()
        tray.deleteLater()


def test_a_sleep_where_the_monotonic_clock_ran_on_is_caught_by_the_poll(
    qtbot: QtBot,
    ctx: Context,
    log: SqliteReminderLog,
    conn: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows: both clocks moved by five hours; the next look at the clocks, whatever it
    is, sees that the two-second poll could not have run, and catches up once."""
    clocks = [ClockReading(wall=1_000.0, monotonic=50.0)]
    monkeypatch.setattr(app_runtime, "_read_clocks", lambda: clocks[-1])
    tray = Tray(tz=LONDON)
    runtime = Runtime(ctx, log, conn, tray, Bridge())
    shown = FakeNotifier()
    try:
        runtime.start(shown)
        qtbot.waitUntil(lambda: runtime.timer.armed_at is not None)  # the first sweep ran
        with ctx.ledger.atomic():
            for n in range(2):
                who = ctx.ledger.add_contact(Contact(name=f"Person {n}"))
                assert who.id is not None
                due = NOW + timedelta(minutes=10 * (n + 1))
                ctx.ledger.add_promise(Promise(who.id, f"task {n}", due, created_at=NOW))
        shown.notices.clear()
        clocks.append(ClockReading(wall=1_000.0 + 5 * 3600, monotonic=50.0 + 5 * 3600))
        assert isinstance(ctx.clock, FixedClock)
        ctx.clock.set(NOW + timedelta(hours=5))
        runtime._on_poll()
        runtime._on_poll()
        assert [n.title for n in shown.notices] == [
            "While you were away: 2 promises became due, oldest Person 0 — 4 hours late"
        ]
    finally:
        runtime.stop()
        tray.deleteLater()


def test_an_idle_poll_reads_and_plans_nothing(
    qtbot: QtBot,
    ctx: Context,
    log: SqliteReminderLog,
    conn: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tray = Tray(tz=LONDON)
    runtime = Runtime(ctx, log, conn, tray, Bridge())
    try:
        runtime.start(FakeNotifier())
        qtbot.waitUntil(lambda: runtime.timer.armed_at is not None)
        swept: list[SweepCause] = []
        monkeypatch.setattr(runtime, "sweep", swept.append)
        monkeypatch.setattr(runtime, "refresh", lambda: swept.append(SweepCause.CHANGE))
        for _ in range(3):
            runtime._on_poll()
        assert swept == []
    finally:
        runtime.stop()
        tray.deleteLater()
