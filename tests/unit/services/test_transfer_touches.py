"""Importing touches from CSV: matching contacts as the command line does, times, duplicates
and all-or-nothing writes, against a real SQLite ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.services.fake_ledger import FailingLedger, WriteFailed, connection
from trayapp.core.errors import BadInput
from trayapp.core.model import Channel, Contact, Direction, Touch
from trayapp.services.transfer.files import ImportReport, import_touches
from trayapp.store.ledger import SqliteLedger

DATA = Path(__file__).parents[2] / "data"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    with connection(tmp_path) as conn:
        led = SqliteLedger(conn)
        led.add_contact(
            Contact(
                "Dana Smith",
                company="Acme",
                email="dana.smith@acme.example",
                phone="+44 20 7946 0000",
            )
        )
        led.add_contact(Contact("Sam Lee", company="Acme"))
        led.add_contact(Contact("Sam Lee", company="Globex"))
        yield led


def run(ledger: SqliteLedger, text: str, tz: ZoneInfo | None = None) -> ImportReport:
    return import_touches(ledger, text.encode("utf-8"), now=NOW, tz=tz)


def touches(ledger: SqliteLedger, contact_id: int = 1) -> list[Touch]:
    return list(ledger.history(contact_id).touches)


def test_sample_file_adds_good_rows_and_names_each_bad_one(ledger: SqliteLedger) -> None:
    report = import_touches(ledger, (DATA / "touches.csv").read_bytes(), now=NOW)
    assert (report.added, report.rows) == (3, 9)
    assert [(p.row, p.field) for p in report.skipped] == [
        (5, "contact"),
        (6, "channel"),
        (7, "direction"),
        (8, "at"),
        (9, "at"),
        (10, "at"),
    ]
    assert "no contact matches 'Nobody Known'" in report.skipped[0].message
    assert "no UTC offset" in report.skipped[3].message
    assert "future" in report.skipped[4].message
    saved = touches(ledger)
    assert [(t.channel, t.direction, t.at) for t in saved] == [
        (Channel.CALL, Direction.OUTBOUND, datetime(2026, 3, 1, 10, 0, tzinfo=UTC)),
        (Channel.EMAIL, Direction.INBOUND, datetime(2026, 3, 1, 15, 30, tzinfo=UTC)),
        (Channel.CALL, Direction.OUTBOUND, datetime(2026, 3, 2, 8, 0, tzinfo=UTC)),
    ]
    assert saved[0].note == "Left a message about the role"
    assert not any(t.over_limit for t in saved)


def test_naive_times_are_read_in_the_given_zone(ledger: SqliteLedger) -> None:
    text = "contact,channel,direction,at\nDana Smith,call,out,2026-03-01 10:00\n"
    assert run(ledger, text).skipped[0].field == "at"
    report = run(ledger, text, tz=ZoneInfo("Europe/Paris"))
    assert report.added == 1
    assert touches(ledger)[0].at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_touch_at_now_is_accepted_and_one_later_is_not(ledger: SqliteLedger) -> None:
    report = run(
        ledger,
        "who;via;direction;when\n"
        "Dana Smith;call;out;2026-03-10T12:00:00+00:00\n"
        "Dana Smith;call;out;2026-03-10T12:00:00.000001+00:00\n",
    )
    assert report.delimiter == ";"
    assert report.added == 1
    assert [(p.row, p.field) for p in report.skipped] == [(3, "at")]


def test_contacts_match_as_the_command_line_finds_them(ledger: SqliteLedger) -> None:
    report = run(
        ledger,
        "contact,channel,direction,at\n"
        "DANA.SMITH@ACME.EXAMPLE,e-mail,in,2026-03-01T10:00:00Z\n"
        "0044 20 7946 0000,phone,out,2026-03-01T11:00:00Z\n"
        "  dana   SMITH ,text,sent,2026-03-01T12:00:00Z\n"
        "Dana,call,out,2026-03-01T13:00:00Z\n"
        "Sam Lee,call,out,2026-03-01T14:00:00Z\n"
        "20 7946 0000,voicemail,out,2026-03-01T15:00:00Z\n"
        "Sam Lee (Globex),email,out,2026-03-01T16:00:00Z\n",
    )
    assert report.added == 6
    assert [t.channel for t in touches(ledger)] == [
        Channel.EMAIL,
        Channel.CALL,
        Channel.SMS,
        Channel.CALL,
        Channel.VOICEMAIL,
    ]
    assert [t.channel for t in touches(ledger, 3)] == [Channel.EMAIL]
    assert [(p.row, p.field) for p in report.skipped] == [(6, "contact")]
    assert "more than one contact" in report.skipped[0].message
    assert "Sam Lee (Acme)" in report.skipped[0].message


def test_reimporting_does_not_double_touches(ledger: SqliteLedger) -> None:
    text = (
        "contact,channel,direction,at,note\n"
        "Dana Smith,call,out,2026-03-01T10:00:00Z,first\n"
        "Dana Smith,call,out,2026-03-01T11:00:00+01:00,same instant\n"
    )
    first = run(ledger, text)
    assert (first.added, first.unchanged) == (1, 1)
    second = run(ledger, text)
    assert (second.added, second.unchanged) == (0, 2)
    assert len(touches(ledger)) == 1


def test_missing_columns_refuse_the_file(ledger: SqliteLedger) -> None:
    with pytest.raises(BadInput, match="no channel, direction column"):
        run(ledger, "contact,at\nDana Smith,2026-03-01T10:00:00Z\n")
    with pytest.raises(BadInput, match="no header row"):
        run(ledger, "Dana Smith,call,out,2026-03-01T10:00:00Z\n")


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        (",call,out,2026-03-01T10:00:00Z,", "contact", "say who"),
        ("Dana Smith,,out,2026-03-01T10:00:00Z,", "channel", "missing"),
        ("Dana Smith,call,,2026-03-01T10:00:00Z,", "direction", "missing"),
        ("Dana Smith,call,out,,", "at", "missing"),
        ("Dana Smith,call,out,0001-01-01T00:00:00+05:00,", "at", "out of range"),
        ("Dana Smith,call,out,2026-03-01T10:00:00Z,bell\x07", "note", "control characters"),
        ("Dana Smith,call,out,2026-03-01T10:00:00Z," + "n" * 2001, "note", "too long"),
    ],
)
def test_bad_cells_are_named(ledger: SqliteLedger, cells: str, field: str, message: str) -> None:
    report = run(ledger, "contact,channel,direction,at,note\n" + cells + "\n")
    assert [(p.row, p.field) for p in report.skipped] == [(2, field)]
    assert message in report.skipped[0].message
    assert touches(ledger) == []


@pytest.mark.parametrize("fail_at", [1, 2])
def test_a_failure_mid_import_writes_nothing(tmp_path: Path, fail_at: int) -> None:
    with connection(tmp_path) as conn:
        failing = FailingLedger(conn, fail_at=0)
        failing.add_contact(Contact("Dana Smith"))
        failing.fail_at = failing.writes + fail_at
        text = (
            "contact,channel,direction,at\n"
            "Dana Smith,call,out,2026-03-01T10:00:00Z\n"
            "Dana Smith,sms,in,2026-03-01T11:00:00Z\n"
        )
        with pytest.raises(WriteFailed):
            import_touches(failing, text.encode(), now=NOW)
        assert failing.history(1).touches == ()
