"""A CSV file's encoding is decided on evidence; bytes it cannot read refuse only their row,
and nothing is stored garbled."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.unit.services.fake_ledger import connection
from trayapp.core.model import Channel, Contact
from trayapp.services.transfer.files import import_contacts, import_touches
from trayapp.services.transfer.read import decode
from trayapp.store.ledger import SqliteLedger

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PEOPLE = "name,company,notes\nZoë Müller,Café Crème,spricht Französisch\nJosé Núñez,Acme,\n"


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    with connection(tmp_path) as conn:
        yield SqliteLedger(conn)


def names(ledger: SqliteLedger) -> dict[str, Contact]:
    return {c.name: c for c in ledger.list_contacts()}


def test_a_utf8_file_with_one_bad_byte_stays_utf8_and_refuses_only_that_row(
    ledger: SqliteLedger,
) -> None:
    raw = PEOPLE.encode("utf-8") + b"Ren\xe9 Roux,Globex,\n" + "Łukasz,Acme,\n".encode()
    report = import_contacts(ledger, raw, now=NOW)
    assert (report.encoding, report.added, report.rows) == ("utf-8", 3, 4)
    ((row, field, message),) = [(p.row, p.field, p.message) for p in report.skipped]
    assert (row, field) == (4, "name")
    assert "not UTF-8 text (0xE9)" in message and "not imported" in message
    people = names(ledger)
    assert set(people) == {"Zoë Müller", "José Núñez", "Łukasz"}
    assert people["Zoë Müller"].company == "Café Crème"


def test_a_bad_byte_in_a_column_not_imported_refuses_nothing(ledger: SqliteLedger) -> None:
    raw = b"name,source\n" + ("Zoë Müller,x\n".encode() + b"Ren\xc3\xa9,fr\xe9e\n") * 2
    report = import_contacts(ledger, raw, now=NOW)
    assert (report.encoding, report.skipped) == ("utf-8", ())
    assert set(names(ledger)) == {"Zoë Müller", "René"}


def test_a_genuine_cp1252_file_is_read_as_cp1252(ledger: SqliteLedger) -> None:
    raw = (PEOPLE + "François,€ Ltd,„gern“\n").encode("cp1252")
    report = import_contacts(ledger, raw, now=NOW)
    assert (report.encoding, report.added, report.skipped) == ("cp1252", 3, ())
    people = names(ledger)
    assert people["Zoë Müller"].notes == "spricht Französisch"
    assert people["François"].company == "€ Ltd"


def test_a_cp1252_file_with_one_utf8_looking_pair_is_still_cp1252(ledger: SqliteLedger) -> None:
    raw = PEOPLE.encode("cp1252") + "Ã©cole,X,\n".encode("cp1252")  # bytes C3 A9: valid UTF-8
    report = import_contacts(ledger, raw, now=NOW)
    assert report.encoding == "cp1252"
    assert {"Zoë Müller", "José Núñez", "Ã©cole"} == set(names(ledger))


def test_a_utf8_file_with_a_bom_is_utf8(ledger: SqliteLedger) -> None:
    raw = codecs.BOM_UTF8 + PEOPLE.encode("utf-8") + b"Ren\xe9,X,\n"
    report = import_contacts(ledger, raw, now=NOW)
    assert (report.encoding, report.added, len(report.skipped)) == ("utf-8-sig", 2, 1)
    assert set(names(ledger)) == {"Zoë Müller", "José Núñez"}


def test_a_utf16_file_from_excel(ledger: SqliteLedger) -> None:
    raw = PEOPLE.replace(",", "\t").replace("\n", "\r\n").encode("utf-16")
    report = import_contacts(ledger, raw, now=NOW)
    assert (report.encoding, report.delimiter, report.added) == ("utf-16", "\t", 2)
    assert names(ledger)["Zoë Müller"].company == "Café Crème"


def test_touches_with_a_bad_byte_refuse_only_their_row(ledger: SqliteLedger) -> None:
    import_contacts(ledger, PEOPLE.encode(), now=NOW)
    raw = (
        "contact,channel,direction,at,note\n"
        "Zoë Müller,call,out,2026-03-01T10:00:00Z,spoke about the café\n".encode()
        + b"Jos\xc3\xa9 N\xc3\xba\xc3\xb1ez,email,out,2026-03-02T10:00:00Z,sent caf\xe9 notes\n"
    )
    report = import_touches(ledger, raw, now=NOW, tz=ZoneInfo("UTC"))
    assert (report.encoding, report.added) == ("utf-8", 1)
    assert [(p.row, p.field) for p in report.skipped] == [(3, "note")]
    (zoe,) = [c for c in ledger.list_contacts() if c.name == "Zoë Müller"]
    assert zoe.id is not None
    (touch,) = ledger.history(zoe.id).touches
    assert (touch.channel, touch.note) == (Channel.CALL, "spoke about the café")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Zoë".encode(), "utf-8"),
        ("Zoë Müller".encode() + b"\xff", "utf-8"),
        ("Zoë".encode("cp1252"), "cp1252"),
        ("Zoë Müller".encode("cp1252") + "é".encode(), "cp1252"),
        (b"plain ascii", "utf-8"),
    ],
)
def test_the_encoding_follows_the_evidence(raw: bytes, encoding: str) -> None:
    assert decode(raw)[1] == encoding
