"""Exporting one person's history and the whole ledger as JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.unit.services.fake_ledger import connection
from trayapp.core import promises as rules
from trayapp.core.errors import BadInput, NotFound
from trayapp.core.model import Channel, Contact, Direction, Promise, Role, Touch
from trayapp.services.transfer import export as transfer_export
from trayapp.services.transfer.files import (
    ALL_COLUMNS,
    TIMELINE_COLUMNS,
    export_all,
    export_all_chunks,
    export_contact,
    import_contacts,
    neutralise,
)
from trayapp.store.ledger import SqliteLedger

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=20)
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    with connection(tmp_path) as conn:
        yield SqliteLedger(conn)


def dana_with_history(ledger: SqliteLedger) -> int:
    """Dana: one promise snoozed, renegotiated and kept late; one released; two touches."""
    dana = ledger.add_contact(
        Contact(
            "=Dana Smith",
            company="Acme",
            role=Role.CLIENT,
            email="dana@acme.example",
            created_at=T0,
        )
    )
    cid = dana.id or 0
    first = ledger.add_promise(Promise(cid, "send feedback", T0 + timedelta(days=2), T0))
    step, event = rules.snooze(first, T0 + timedelta(days=3), T0 + timedelta(days=2), budget=2)
    ledger.update_promise(step)
    ledger.add_event(event)
    step, event = rules.renegotiate(step, T0 + timedelta(days=5), T0 + timedelta(days=3))
    ledger.update_promise(step)
    ledger.add_event(event)
    step, event = rules.keep(step, T0 + timedelta(days=7))
    ledger.update_promise(step)
    ledger.add_event(event)
    second = ledger.add_promise(
        Promise(cid, "@intro to CTO", T0 + timedelta(days=4), T0 + timedelta(days=1))
    )
    step, event = rules.release(second, T0 + timedelta(days=6), "-role filled")
    ledger.update_promise(step)
    ledger.add_event(event)
    ledger.add_touch(
        Touch(cid, Channel.CALL, Direction.OUTBOUND, T0 + timedelta(hours=1), note="+intro call")
    )
    ledger.add_touch(
        Touch(
            cid,
            Channel.EMAIL,
            Direction.OUTBOUND,
            T0 + timedelta(days=2, hours=1),
            over_limit=True,
            override_reason="she asked me to chase",
        )
    )
    return cid


def test_contact_json_holds_the_whole_history(ledger: SqliteLedger) -> None:
    cid = dana_with_history(ledger)
    text = export_contact(ledger, cid, fmt="json", now=NOW)
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    assert data["format_version"] == 1
    assert data["exported_at"] == "2026-03-22T09:00:00+00:00"
    (person,) = data["contacts"]
    assert person["name"] == "=Dana Smith"
    assert person["role"] == "client"
    assert person["created_at"] == "2026-03-02T09:00:00+00:00"
    kept, released = person["promises"]
    assert kept["status"] == "kept_late"
    assert kept["original_due_at"] == "2026-03-04T09:00:00+00:00"
    assert kept["due_at"] == "2026-03-07T09:00:00+00:00"
    assert kept["days_late"] == 2
    assert [e["kind"] for e in kept["events"]] == ["snoozed", "renegotiated", "kept"]
    assert kept["events"][1]["old_due_at"] == "2026-03-04T09:00:00+00:00"
    assert kept["events"][1]["new_due_at"] == "2026-03-07T09:00:00+00:00"
    assert released["status"] == "released"
    assert released["release_reason"] == "-role filled"
    assert released["events"][0]["note"] == "-role filled"
    call, mail = person["touches"]
    assert (call["channel"], call["direction"], call["note"]) == ("call", "out", "+intro call")
    assert (mail["over_limit"], mail["override_reason"]) == (True, "she asked me to chase")


def test_contact_csv_is_a_neutralised_timeline_for_excel(ledger: SqliteLedger) -> None:
    cid = dana_with_history(ledger)
    raw = export_contact(ledger, cid, fmt="csv", now=NOW)
    assert raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    assert list(rows[0]) == list(TIMELINE_COLUMNS)
    profile = {r["what"]: r["note"] for r in rows if r["kind"] == "profile"}
    assert profile["name"] == "'=Dana Smith"
    assert profile["email"] == "dana@acme.example"
    timeline = [(r["kind"], r["at"]) for r in rows if r["kind"] != "profile"]
    assert [kind for kind, _ in timeline] == [
        "promise",
        "touch",
        "promise",
        "snoozed",
        "touch",
        "renegotiated",
        "released",
        "kept",
    ]
    assert [at for _, at in timeline] == sorted(at for _, at in timeline)
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["released"]["note"] == "'-role filled"
    assert by_kind["touch"]["over_limit"] == "yes"
    assert by_kind["touch"]["override_reason"] == "she asked me to chase"
    assert {r["contact"] for r in rows} == {"'=Dana Smith"}
    assert [r["what"] for r in rows if r["kind"] == "promise"] == [
        "send feedback",
        "'@intro to CTO",
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("cell", ["", "Dana", "1+1", " =1", "'=1", "2026-03-01T10:00:00+00:00"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_imported_formula_is_stored_raw_and_exported_neutralised(ledger: SqliteLedger) -> None:
    import_contacts(ledger, b"name,company\n\"=cmd|'/C calc'!A0\",@SUM(1)\n", now=NOW)
    (person,) = ledger.list_contacts()
    assert (person.name, person.company) == ("=cmd|'/C calc'!A0", "@SUM(1)")
    data = json.loads(export_all(ledger, "json", now=NOW))
    assert data["contacts"][0]["name"] == "=cmd|'/C calc'!A0"
    raw = export_all(ledger, "csv", now=NOW)
    (row,) = csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline=""))
    assert (row["name"], row["company"]) == ("'=cmd|'/C calc'!A0", "'@SUM(1)")


def test_export_all_json_pages_through_every_contact(
    ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_export, "PAGE", 2)
    calls: list[tuple[int | None, int]] = []
    real = ledger.list_contacts

    def spy(limit: int | None = None, offset: int = 0) -> list[Contact]:
        calls.append((limit, offset))
        return real(limit, offset)

    monkeypatch.setattr(ledger, "list_contacts", spy)
    dana_with_history(ledger)
    for name in ("Ann", "Bo", "Cy", "Di"):
        ledger.add_contact(Contact(name, created_at=T0))
    text = export_all(ledger, "json", now=NOW)
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    assert sorted(c["name"] for c in data["contacts"]) == ["=Dana Smith", "Ann", "Bo", "Cy", "Di"]
    assert calls == [(2, 0), (2, 2), (2, 4), (2, 5)]
    promises = {c["name"]: len(c["promises"]) for c in data["contacts"]}
    assert promises == {"=Dana Smith": 2, "Ann": 0, "Bo": 0, "Cy": 0, "Di": 0}


def test_export_all_of_an_empty_ledger(ledger: SqliteLedger) -> None:
    data = json.loads(export_all(ledger, "json", now=NOW))
    assert data == {"contacts": [], "exported_at": "2026-03-22T09:00:00+00:00", "format_version": 1}
    raw = export_all(ledger, "csv", now=NOW)
    assert raw.decode("utf-8-sig").splitlines() == [",".join(ALL_COLUMNS)]


def test_export_all_csv_has_one_record_column(
    ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_export, "PAGE", 1)
    cid = dana_with_history(ledger)
    ledger.add_contact(Contact("Zed", phone="+1 555 0100", created_at=T0))
    chunks = list(export_all_chunks(ledger, "csv", now=NOW))
    assert len(chunks) == 3  # the header, then one piece per page of contacts
    raw = b"".join(chunks)
    assert raw.startswith(BOM) and raw.count(BOM) == 1
    rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(raw[3:].decode(), newline="")))
    assert [r["record"] for r in rows] == [
        "contact",
        "promise",
        "event",
        "event",
        "event",
        "promise",
        "event",
        "touch",
        "touch",
        "contact",
    ]
    assert {r["contact_id"] for r in rows[:-1]} == {str(cid)}
    assert rows[-1]["phone"] == "'+1 555 0100"
    assert rows[1]["status"] == "kept_late"
    assert rows[2]["kind"] == "snoozed"
    assert rows[7]["channel"] == "call"


def test_unknown_contact_and_format_are_refused(ledger: SqliteLedger) -> None:
    with pytest.raises(NotFound):
        export_contact(ledger, 99, fmt="json", now=NOW)
    cid = ledger.add_contact(Contact("Ann")).id or 0
    with pytest.raises(BadInput, match="format 'xml'"):
        export_contact(ledger, cid, fmt="xml", now=NOW)
    with pytest.raises(BadInput, match="format 'xlsx'"):
        export_all(ledger, "xlsx", now=NOW)
