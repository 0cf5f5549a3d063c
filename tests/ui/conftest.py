"""Fixtures for widget tests: a real SQLite ledger in the test's folder, a fixed clock, scripts."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.watchdog import WatchedApplication, threshold_ms
from trayapp.core.clock import FixedClock
from trayapp.core.model import Channel, Contact, Direction, Promise, Role, Touch
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.platform.templates import load_script_library
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

#: Wednesday 18 November 2026, 10:00 in London.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "data" / "ledger.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def ctx(conn: sqlite3.Connection, clock: FixedClock) -> Context:
    settings = Settings(my_name="Sam Carter", my_company="Northwind Talent")
    return Context(
        SqliteLedger(conn), clock, settings, LONDON, DateparserWhenParser(), LibPhoneNumbers("GB")
    )


@pytest.fixture
def log(conn: sqlite3.Connection) -> SqliteReminderLog:
    return SqliteReminderLog(conn)


@pytest.fixture
def scripts(tmp_path: Path) -> ScriptLibrary:
    return load_script_library(tmp_path / "user-scripts")


@pytest.fixture
def dana(ctx: Context) -> Contact:
    return ctx.ledger.add_contact(
        Contact(
            "Dana Smith",
            company="Acme",
            role=Role.CANDIDATE,
            email="dana@acme.example",
            phone="+44 7700 900123",
            linkedin="https://www.linkedin.com/in/dana-smith",
            created_at=NOW - timedelta(days=500),
        )
    )


def old_promise(ctx: Context, contact: Contact, what: str, days_ago: int) -> Promise:
    """A promise made ``days_ago + 7`` days ago and due ``days_ago`` days ago."""
    assert contact.id is not None
    made = NOW - timedelta(days=days_ago + 7)
    return ctx.ledger.add_promise(Promise(contact.id, what, NOW - timedelta(days=days_ago), made))


@pytest.fixture
def year_late(ctx: Context, dana: Contact) -> Promise:
    """A promise to Dana a year overdue, with one call logged long ago."""
    assert dana.id is not None
    ctx.ledger.add_touch(
        Touch(dana.id, Channel.CALL, Direction.OUTBOUND, NOW - timedelta(days=380), note="intro")
    )
    return old_promise(ctx, dana, "send Acme feedback", 365)


@pytest.fixture
def due_tonight(ctx: Context, dana: Contact) -> Promise:
    return make_promise(ctx, dana, "call about the offer", NOW + timedelta(hours=6))


@pytest.fixture(autouse=True)
def _gui_thread_watchdog(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test when the app's own work held the GUI thread longer than
    ``TRAYAPP_GUI_BLOCK_MS`` (100 ms of CPU by default; see ``tests.ui.watchdog``). A test
    marked ``gui_block_ok(reason)`` has its blocks printed instead: a known cost, named."""
    if not isinstance(qapp, WatchedApplication):
        yield
        return
    qapp.blocks.clear()
    qapp.watching = True
    try:
        yield
    finally:
        qapp.watching = False
    blocks, qapp.blocks = list(qapp.blocks), []
    listed = "; ".join(str(block) for block in blocks[:5])
    known = request.node.get_closest_marker("gui_block_ok")
    if blocks and known is not None:
        print(f"\nGUI thread blocked ({known.args[0]}): {listed}")
    elif blocks:
        pytest.fail(f"the GUI thread was blocked over {threshold_ms():.0f} ms: {listed}")


@pytest.fixture(scope="session", autouse=True)
def _date_parser_warmed() -> None:
    """The running app loads the date parser on a worker thread once its icon shows; widget
    tests start from the same point, so the watchdog sees what a person's keystroke costs."""
    warming = threading.Thread(target=DateparserWhenParser().warm, name="warm-date-parser")
    warming.start()
    warming.join()
