"""The demo profile shows every surface: a reminder within two minutes, a year-overdue promise,
one past its snooze budget, and contacts at caution, at stop and marked do not contact."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.clock import FixedClock
from trayapp.core.guard.verdict import Level, ReasonCode
from trayapp.core.model import PromiseState
from trayapp.core.promises import snoozes_left
from trayapp.core.settings import ReminderSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import reminding
from trayapp.services.context import Context
from trayapp.services.demo import DemoProfile, fill_demo
from trayapp.services.overview import overview
from trayapp.services.promises import get_view
from trayapp.services.tray_state import TrayState
from trayapp.services.verdicts import verdict_for
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday afternoon in London
ALWAYS = ReminderSettings(working_days=tuple(range(7)), digest_enabled=False)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    opened = open_database(tmp_path / "ledger.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def ctx(conn: sqlite3.Connection) -> Context:
    return Context(
        SqliteLedger(conn),
        FixedClock(NOW),
        Settings(reminders=ALWAYS),
        ZoneInfo("Europe/London"),
        DateparserWhenParser(),
        LibPhoneNumbers("GB"),
    )


@pytest.fixture
def demo(ctx: Context) -> DemoProfile:
    return fill_demo(ctx)


def test_the_notable_promises_are_there(ctx: Context, demo: DemoProfile) -> None:
    soon = get_view(ctx, demo.due_soon).promise
    assert timedelta(0) < soon.due_at - NOW <= timedelta(minutes=2)
    year = get_view(ctx, demo.year_overdue)
    assert year.promise.state is PromiseState.OPEN and year.days_late >= 365
    snoozed = get_view(ctx, demo.past_snooze_budget).promise
    assert snoozes_left(snoozed, ctx.settings.reminders.snooze_budget) == 0
    assert len(ctx.ledger.list_promises([PromiseState.OPEN])) >= 6


def test_the_contacts_judge_as_described(ctx: Context, demo: DemoProfile) -> None:
    def verdict(contact_id: int) -> tuple[Level, tuple[ReasonCode, ...]]:
        contact = ctx.ledger.get_contact(contact_id)
        assert contact is not None
        found = verdict_for(ctx, contact)
        return found.level, found.codes

    assert verdict(demo.caution)[0] is Level.CAUTION
    level, codes = verdict(demo.stop)
    assert level is Level.STOP and ReasonCode.HARD_CEILING in codes
    level, codes = verdict(demo.do_not_contact)
    assert level is Level.STOP and ReasonCode.DO_NOT_CONTACT in codes


def test_the_tray_is_overdue_and_the_first_reminder_comes_within_two_minutes(
    ctx: Context, demo: DemoProfile, conn: sqlite3.Connection
) -> None:
    log = SqliteReminderLog(conn)
    seen = overview(ctx, log)
    assert seen.state is TrayState.OVERDUE
    assert {v.level for _, v in seen.cooling} >= {Level.CAUTION, Level.STOP}
    reminding.sweep(ctx, log, reminding.SweepCause.START)
    wake = reminding.next_wake(ctx, log)
    assert wake is not None and wake - NOW <= timedelta(minutes=2)
