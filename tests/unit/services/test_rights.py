"""Per-person rights: erasure leaves no bytes of the person in the ledger, its WAL or the logs;
the retention rule finds people untouched for months with no open promise."""

from __future__ import annotations

import argparse
import io
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.cli import main as cli
from trayapp.cli.contacts import cmd_erase, cmd_stale
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput, NotFound, StorageError
from trayapp.core.model import (
    Channel,
    Contact,
    Direction,
    Promise,
    PromiseEvent,
    PromiseEventKind,
    PromiseState,
    Touch,
)
from trayapp.core.settings import Settings
from trayapp.ledger.opening import open_ledger
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.logging_setup import LOG_FILE_NAME, configure_logging, unconfigure_logging
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.context import Context
from trayapp.services.rights import erase_contact, months_before, stale
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
NAME = "Zebulon Quartzfeld"
EMAIL = "zq.private@example.test"
PHONE = "+44 7700 900123"
SECRETS = (b"zebulon", b"quartzfeld", EMAIL.encode(), b"7700900123", b"7700 900123")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    opened = open_database(db_path)
    yield opened
    opened.close()


@pytest.fixture
def ctx(conn: sqlite3.Connection) -> Context:
    return Context(
        SqliteLedger(conn),
        FixedClock(NOW),
        Settings(),
        ZoneInfo("UTC"),
        DateparserWhenParser(),
        LibPhoneNumbers("GB"),
    )


def person(ctx: Context, name: str, email: str = "", *, created: datetime = NOW) -> int:
    """A contact with an open promise, a kept one with events, and two touches."""
    ledger = ctx.ledger
    saved = ledger.add_contact(
        Contact(name, email=email, phone=PHONE if email == EMAIL else "", created_at=created)
    )
    assert saved.id is not None
    start = created + timedelta(days=1)
    for what, state in ((f"send {name} the role", PromiseState.OPEN), ("call back", "kept")):
        promise = ledger.add_promise(
            Promise(saved.id, what, start + timedelta(days=3), start, state=PromiseState(state))
        )
        assert promise.id is not None
        ledger.add_event(PromiseEvent(promise.id, PromiseEventKind.CREATED, start, note=name))
    for day in (1, 2):
        ledger.add_touch(
            Touch(
                saved.id,
                Channel.EMAIL,
                Direction.OUTBOUND,
                start + timedelta(days=day),
                note=f"wrote to {name} at {email}",
            )
        )
    return saved.id


def raw_bytes(*paths: Path) -> bytes:
    return b"".join(p.read_bytes().lower() for p in paths if p.exists())


def wal(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-wal")


def counts(conn: sqlite3.Connection, contact_id: int) -> tuple[int, ...]:
    queries = (
        "SELECT count(*) FROM contacts WHERE id = ?",
        "SELECT count(*) FROM promises WHERE contact_id = ?",
        "SELECT count(*) FROM touches WHERE contact_id = ?",
        "SELECT count(*) FROM promise_events e WHERE NOT EXISTS "
        "(SELECT 1 FROM promises p WHERE p.id = e.promise_id) AND ? IS NOT NULL",
    )
    return tuple(int(conn.execute(q, (contact_id,)).fetchone()[0]) for q in queries)


def test_erase_leaves_no_bytes_of_the_person_in_the_file_or_its_wal(
    ctx: Context, conn: sqlite3.Connection, db_path: Path
) -> None:
    other = person(ctx, "Ada Lovelace", "ada@example.test")
    zeb = person(ctx, NAME, EMAIL)
    # A teammate's call to them, fetched from the team ledger: it goes with them.
    conn.execute(
        "INSERT INTO team_touches (uid, seq, author, email_key, channel, direction, at)"
        " VALUES ('t-1', 1, 'sam', ?, 'call', 'out', 0)",
        (EMAIL.casefold(),),
    )
    before = raw_bytes(db_path, wal(db_path))
    assert all(secret in before for secret in SECRETS[:3])

    report = erase_contact(ctx, EMAIL)

    assert (report.contact_id, report.promises, report.touches) == (zeb, 2, 2)
    open_now = raw_bytes(db_path, wal(db_path))
    assert [s for s in SECRETS if s in open_now] == []
    assert counts(conn, zeb) == (0, 0, 0, 0)
    assert counts(conn, other) == (1, 2, 2, 0)
    assert conn.execute("SELECT count(*) FROM team_touches").fetchone()[0] == 0
    history = ctx.ledger.history(other)
    assert len(history.events) == 2 and history.contact.email == "ada@example.test"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    closed = raw_bytes(db_path, wal(db_path))
    assert [s for s in SECRETS if s in closed] == []
    assert b"ada lovelace" in closed


def test_erasing_nobody_is_not_found_and_changes_nothing(
    ctx: Context, conn: sqlite3.Connection
) -> None:
    ada = person(ctx, "Ada Lovelace", "ada@example.test")
    with pytest.raises(NotFound):
        erase_contact(ctx, "nobody@example.test")
    with pytest.raises(NotFound):
        erase_contact(ctx, "#999999")
    assert counts(conn, ada) == (1, 2, 2, 0)


def test_compact_inside_a_transaction_is_refused(ctx: Context) -> None:
    with pytest.raises(StorageError), ctx.ledger.atomic():
        ctx.ledger.compact()


def test_stale_finds_the_long_untouched_without_open_promises(ctx: Context) -> None:
    ledger = ctx.ledger
    long_ago = NOW - timedelta(days=1200)

    def add(name: str, created: datetime) -> int:
        saved = ledger.add_contact(Contact(name, created_at=created))
        assert saved.id is not None
        return saved.id

    never_touched = add("Never Touched", long_ago)
    old_touch = add("Old Touch", long_ago - timedelta(days=10))
    ledger.add_touch(Touch(old_touch, Channel.CALL, Direction.INBOUND, NOW - timedelta(days=800)))
    recent_touch = add("Recent Touch", long_ago)
    ledger.add_touch(Touch(recent_touch, Channel.CALL, Direction.OUTBOUND, NOW - timedelta(30)))
    owed = add("Still Owed", long_ago)
    ledger.add_promise(Promise(owed, "call", long_ago + timedelta(2), long_ago + timedelta(1)))
    kept = add("Kept Long Ago", long_ago)
    ledger.add_promise(
        Promise(kept, "call", long_ago, long_ago, state=PromiseState.KEPT, kept_at=long_ago)
    )
    add("New Person", NOW - timedelta(days=30))

    found = [c.id for c in stale(ctx, 24)]

    assert found == [never_touched, kept, old_touch]
    assert [c.id for c in stale(ctx, 36)] == [never_touched, kept]
    assert [c.id for c in stale(ctx, 1)] == [never_touched, kept, old_touch]
    assert recent_touch not in [c.id for c in stale(ctx, 12 * 30)]


@pytest.mark.parametrize("months", [0, -1, 1201, True])
def test_stale_refuses_nonsense_months(ctx: Context, months: int) -> None:
    with pytest.raises(BadInput):
        stale(ctx, months)


def test_months_before_clamps_to_the_end_of_the_month() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(2024, 1, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13).month == 12


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _erase_args(contact: str, *, yes: bool, as_json: bool = False) -> argparse.Namespace:
    return argparse.Namespace(contact=contact, yes=yes, json=as_json)


def _add_zebulon() -> None:
    assert cli.main(["contacts", "add", NAME, "--email", EMAIL, "--phone", PHONE]) == 0
    assert cli.main(["promise", EMAIL, f"send {NAME} the brief", "--due", "2035-01-01"]) == 0
    assert cli.main(["touch", NAME, "--channel", "email", "--note", f"to {EMAIL}"]) == 0


def test_erase_on_the_command_line_needs_yes_or_the_typed_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_zebulon()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with open_ledger() as opened, pytest.raises(BadInput, match="add --yes"):
        cmd_erase(_erase_args(NAME, yes=False), opened)
    monkeypatch.setattr("sys.stdin", _Terminal("Zebulon Q\n"))
    with open_ledger() as opened, pytest.raises(BadInput, match="did not match"):
        cmd_erase(_erase_args(NAME, yes=False), opened)
    with open_ledger() as opened:
        assert opened.ctx.ledger.count_contacts() == 1
    monkeypatch.setattr("sys.stdin", _Terminal("  zebulon   quartzfeld\n"))
    with open_ledger() as opened:
        assert cmd_erase(_erase_args(NAME, yes=False), opened) == 0
        assert opened.ctx.ledger.count_contacts() == 0
    printed = capsys.readouterr().out
    assert "with 1 promise and 1 touch" in printed
    assert "Removed 1 older backup(s) or copies holding this person" in printed


def test_logs_never_hold_the_erased_persons_name_or_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    configure_logging(logs, debug=False)
    try:
        _add_zebulon()
        assert cli.main(["add", f"called {NAME}"]) == 0
        assert cli.main(["check", EMAIL]) == 0
        assert cli.main(["contacts", "show", NAME, "--json"]) == 0
        with open_ledger() as opened:
            assert cmd_erase(_erase_args(EMAIL, yes=True, as_json=True), opened) == 0
            assert cmd_stale(argparse.Namespace(months=24, json=False), opened) == 0
        assert cli.main(["contacts", "show", NAME]) == 3
        assert cli.main(["check", EMAIL]) == 3
    finally:
        unconfigure_logging()
    text = "".join(p.read_text("utf-8") for p in logs.glob(LOG_FILE_NAME + "*")).lower()
    assert "erased contact" in text
    assert [s for s in SECRETS if s.decode() in text] == []
    assert "No contacts untouched" in capsys.readouterr().out


def test_a_merge_keeps_what_the_team_said_about_the_person_an_erase_takes_it(
    ctx: Context, conn: sqlite3.Connection
) -> None:
    from trayapp.services.contacts import merge_contacts

    keep = ctx.ledger.add_contact(Contact("Dana Smith", email="dana@acme.example", created_at=NOW))
    twice = ctx.ledger.add_contact(Contact("Dana S", phone="+44 20 7946 0958", created_at=NOW))
    assert keep.id is not None and twice.id is not None
    conn.execute(  # a teammate's call to her number, fetched; this desktop is on a team
        "INSERT INTO team_touches (uid, seq, author, phone_key, channel, direction, at)"
        " VALUES ('t-1', 1, 'sam', '442079460958', 'call', 'out', 0)"
    )
    conn.execute("INSERT INTO app_state (name, value) VALUES ('team_last_sync', 'then')")

    def left() -> tuple[int, int]:
        touches = conn.execute("SELECT count(*) FROM team_touches").fetchone()[0]
        erasures = conn.execute("SELECT count(*) FROM team_erasures").fetchone()[0]
        return int(touches), int(erasures)

    merge_contacts(ctx, keep.id, twice.id)  # one person typed twice: the team's call stays
    assert left() == (1, 0)
    erase_contact(ctx, f"#{keep.id}")  # her e-mail and the number she took over: both asked
    assert left() == (0, 2)
