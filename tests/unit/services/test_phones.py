"""Phone numbers saved before they were written the international way, or while the user's
region was unknown, are rewritten once for the region in effect; a number that is no whole
number stays as typed; adding, editing and importing write numbers as they are saved."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.contacts import ContactChanges, add_contact, edit_contact
from trayapp.services.context import Context
from trayapp.services.phones import PHONES_WRITTEN_FOR, write_stored_phones
from trayapp.services.transfer.files import import_contacts
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    opened = open_database(tmp_path / "ledger.sqlite3")
    yield opened
    opened.close()


def context(conn: sqlite3.Connection, region: str | None) -> Context:
    when = DateparserWhenParser()
    zone = ZoneInfo("Europe/London")
    return Context(
        SqliteLedger(conn), FixedClock(NOW), Settings(), zone, when, LibPhoneNumbers(region)
    )


def phones(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    rows = conn.execute("SELECT name, phone, phone_key FROM contacts").fetchall()
    return {name: (phone, key) for name, phone, key in rows}


def test_numbers_typed_while_no_region_was_known_are_rewritten_once(
    conn: sqlite3.Connection,
) -> None:
    unknown = context(conn, None)
    add_contact(unknown, Contact(name="Dana Smith", phone="020 7946 0958"))
    add_contact(unknown, Contact(name="Lee Park", phone="+1 (415) 555-0132"))
    add_contact(unknown, Contact(name="Robin Shaw", phone="55501"))
    add_contact(unknown, Contact(name="Kim Lee"))
    state = SqliteReminderLog(conn)
    assert phones(conn)["Dana Smith"] == ("020 7946 0958", "2079460958")
    assert write_stored_phones(unknown, state) == 0  # no region: nothing more to write
    uk = context(conn, "GB")
    assert write_stored_phones(uk, state) == 1
    assert phones(conn) == {
        "Dana Smith": ("+44 20 7946 0958", "442079460958"),
        "Lee Park": ("+1 415-555-0132", "14155550132"),
        "Robin Shaw": ("55501", "55501"),
        "Kim Lee": ("", ""),
    }
    assert state.get_state(PHONES_WRITTEN_FOR) == "GB"
    assert write_stored_phones(uk, state) == 0


def test_adding_editing_and_importing_write_the_number_as_it_is_saved(
    conn: sqlite3.Connection,
) -> None:
    uk = context(conn, "GB")
    dana = add_contact(uk, Contact(name="Dana Smith", phone="07911 123456"))
    assert dana.phone == "+44 7911 123456"
    edited = edit_contact(uk, "Dana Smith", ContactChanges(phone="0044 20 7946 0958 x12"))
    assert edited.phone == "+44 20 7946 0958 x12"
    csv = b"name,phone\nLee Park,07400 123456\nRobin Shaw,(415) 555-0132\n"
    report = import_contacts(uk.ledger, csv, now=NOW, phones=uk.phones)
    assert report.added == 2
    assert phones(conn)["Lee Park"] == ("+44 7400 123456", "447400123456")
    assert phones(conn)["Robin Shaw"] == ("(415) 555-0132", "4155550132")  # not a UK number


def test_the_same_number_typed_another_way_is_refused_as_a_duplicate(
    conn: sqlite3.Connection,
) -> None:
    uk = context(conn, "GB")
    add_contact(uk, Contact(name="Dana Smith", phone="020 7946 0958"))
    with pytest.raises(BadInput, match=r"Dana Smith already has the phone number \+44 20"):
        add_contact(uk, Contact(name="Lee Park", phone="+44 (0)20 7946 0958"))
    assert set(phones(conn)) == {"Dana Smith"}
