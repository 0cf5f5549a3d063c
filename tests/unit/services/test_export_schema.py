"""The JSON export against its published schema (``resources/schema/export.schema.json``).

A person with every kind of promise and touch is exported from a real ledger holding other
people too; the document must validate, read back into exactly the rows the ledger holds for
that person, and hold nothing of anyone else. Broken documents must fail the same check.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from tests.unit.services.fake_ledger import connection
from trayapp.core import promises as rules
from trayapp.core.model import (
    Channel,
    Contact,
    Direction,
    Promise,
    PromiseEvent,
    PromiseEventKind,
    PromiseState,
    Role,
    Touch,
    WaitEnd,
    WaitingForReply,
)
from trayapp.core.promises import PromiseStatus
from trayapp.services.transfer.files import export_all, export_contact
from trayapp.store.ledger import SqliteLedger

SCHEMA_FILE = Path(__file__).parents[3] / "resources" / "schema" / "export.schema.json"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


@dataclass
class Written:
    """What was written to the ledger for one person, as the ledger handed it back."""

    contact: Contact
    promises: list[Promise] = field(default_factory=list)
    events: list[PromiseEvent] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)

    @property
    def cid(self) -> int:
        return self.contact.id or 0

    def step(self, ledger: SqliteLedger, moved: tuple[Promise, PromiseEvent]) -> Promise:
        promise, event = moved
        ledger.update_promise(promise)
        self.events.append(ledger.add_event(event))
        self.promises = [promise if p.id == promise.id else p for p in self.promises]
        return promise


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[SqliteLedger]:
    with connection(tmp_path) as conn:
        yield SqliteLedger(conn)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(loaded)
    return loaded


def validator(schema: dict[str, Any], definition: str | None = None) -> Draft202012Validator:
    """A validator for the whole schema, or for one of its ``$defs`` (e.g. person_export)."""
    root = schema if definition is None else {**schema, "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def promise(ledger: SqliteLedger, person: Written, what: str, days: int) -> Promise:
    made = ledger.add_promise(Promise(person.cid, what, T0 + timedelta(days=days), T0))
    person.promises.append(made)
    return made


def dana(ledger: SqliteLedger) -> Written:
    """Dana: do-not-contact and quiet-until set, promises open, kept, released and
    renegotiated, a touch in every channel both ways, one over the limit with its reason."""
    person = Written(
        ledger.add_contact(
            Contact(
                "Dana Smith",
                company="Acme",
                role=Role.HIRING_MANAGER,
                email="dana@acme.example",
                phone="+49 30 1234567",
                linkedin="https://www.linkedin.com/in/dana",
                tz="Europe/Berlin",
                notes="prefers mornings; «no calls»",
                dnc_at=T0 + timedelta(days=20, microseconds=250),
                dnc_reason="asked by e-mail",
                quiet_until=T0 + timedelta(days=40),
                created_at=T0,
            )
        )
    )
    promise(ledger, person, "send the offer letter", 35)
    kept = promise(ledger, person, "send feedback", 2)
    person.step(ledger, rules.keep(kept, T0 + timedelta(days=3, hours=2)))
    released = promise(ledger, person, "intro to the CTO", 4)
    person.step(ledger, rules.release(released, T0 + timedelta(days=5), "role filled"))
    moved = promise(ledger, person, "share the salary band", 6)
    moved = person.step(
        ledger, rules.renegotiate(moved, T0 + timedelta(days=9), T0 + timedelta(days=5))
    )
    snoozed = rules.snooze(moved, T0 + timedelta(days=10), T0 + timedelta(days=9), budget=2)
    person.step(ledger, snoozed)
    for n, (channel, direction) in enumerate(
        (c, d) for c in Channel for d in (Direction.OUTBOUND, Direction.INBOUND)
    ):
        at = T0 + timedelta(hours=n, microseconds=n)
        note = f"{channel.value} {direction.value}"
        touch = Touch(person.cid, channel, direction, at, note=note, promise_id=kept.id)
        person.touches.append(ledger.add_touch(touch))
    over = Touch(
        person.cid,
        Channel.CALL,
        Direction.OUTBOUND,
        T0 + timedelta(days=1),
        over_limit=True,
        override_reason="she asked me to call back today",
    )
    person.touches.append(ledger.add_touch(over))
    return person


def sam(ledger: SqliteLedger) -> Written:
    """Another person with a promise, its history and touches of their own."""
    person = Written(ledger.add_contact(Contact("Sam Okafor", company="Beta", created_at=T0)))
    made = promise(ledger, person, "call Sam's references", 3)
    person.step(ledger, rules.keep(made, T0 + timedelta(days=1)))
    touch = Touch(person.cid, Channel.SMS, Direction.INBOUND, T0 + timedelta(hours=3), note="hi")
    person.touches.append(ledger.add_touch(touch))
    return person


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def read_contact(record: dict[str, Any]) -> Contact:
    fields = ("id", "name", "company", "email", "phone", "linkedin", "tz", "notes", "dnc_reason")
    assert record["do_not_contact"] is (record["dnc_at"] is not None)
    return Contact(
        **{k: record[k] for k in fields},
        role=Role(record["role"]),
        dnc_at=instant(record["dnc_at"]),
        quiet_until=instant(record["quiet_until"]),
        created_at=instant(record["created_at"]),
    )


def read_promise(record: dict[str, Any], contact_id: int) -> Promise:
    return Promise(
        contact_id,
        record["what"],
        datetime.fromisoformat(record["due_at"]),
        datetime.fromisoformat(record["created_at"]),
        id=record["promise_id"],
        state=PromiseState(record["state"]),
        kept_at=instant(record["kept_at"]),
        released_at=instant(record["released_at"]),
        release_reason=record["release_reason"],
        snooze_count=record["snooze_count"],
        snoozed_until=instant(record["snoozed_until"]),
        original_due_at=instant(record["original_due_at"]),
    )


def read_event(record: dict[str, Any]) -> PromiseEvent:
    return PromiseEvent(
        record["promise_id"],
        PromiseEventKind(record["kind"]),
        datetime.fromisoformat(record["at"]),
        old_due_at=instant(record["old_due_at"]),
        new_due_at=instant(record["new_due_at"]),
        note=record["note"],
        id=record["event_id"],
    )


def read_touch(record: dict[str, Any], contact_id: int) -> Touch:
    return Touch(
        contact_id,
        Channel(record["channel"]),
        Direction(record["direction"]),
        datetime.fromisoformat(record["at"]),
        id=record["touch_id"],
        note=record["note"],
        promise_id=record["promise_id"],
        over_limit=record["over_limit"],
        override_reason=record["override_reason"],
    )


def assert_round_trip(record: dict[str, Any], person: Written) -> None:
    """The exported record reads back into exactly the rows written for ``person``."""
    assert read_contact(record) == person.contact
    cid = person.cid
    assert [read_promise(p, cid) for p in record["promises"]] == [
        replace(p, original_due_at=p.original_due_at or p.due_at) for p in person.promises
    ]
    events = [read_event(e) for p in record["promises"] for e in p["events"]]
    assert sorted(events, key=lambda e: e.id or 0) == person.events
    # The touch's team id is the ledger's own bookkeeping, not part of the person's history.
    by_time = [replace(t, uid="") for t in sorted(person.touches, key=lambda t: (t.at, t.id or 0))]
    assert [read_touch(t, cid) for t in record["touches"]] == by_time


def test_a_persons_export_validates_and_reads_back_exactly(
    ledger: SqliteLedger, schema: dict[str, Any]
) -> None:
    person, other = dana(ledger), sam(ledger)
    data = json.loads(export_contact(ledger, person.cid, fmt="json", now=NOW))
    validator(schema, "person_export").validate(data)
    validator(schema).validate(data)
    (record,) = data["contacts"]
    assert_round_trip(record, person)
    assert [p["status"] for p in record["promises"]] == ["open", "kept_late", "released", "overdue"]
    assert {(t["channel"], t["direction"]) for t in record["touches"]} == {
        (c.value, d.value) for c in Channel for d in Direction
    }
    over = [t for t in record["touches"] if t["over_limit"]]
    assert [t["override_reason"] for t in over] == ["she asked me to call back today"]
    assert (record["do_not_contact"], record["dnc_reason"]) == (True, "asked by e-mail")
    assert record["quiet_until"] == "2026-04-11T09:00:00+00:00"
    assert record["dnc_at"] == "2026-03-22T09:00:00.000250+00:00"
    text = json.dumps(data)
    assert "Sam" not in text and "Beta" not in text
    assert not {t.id for t in other.touches} & {t["touch_id"] for t in record["touches"]}
    assert not {p.id for p in other.promises} & {p["promise_id"] for p in record["promises"]}


def test_the_whole_ledger_export_validates_and_holds_everyone(
    ledger: SqliteLedger, schema: dict[str, Any]
) -> None:
    people = [dana(ledger), sam(ledger), Written(ledger.add_contact(Contact("Lee", created_at=T0)))]
    data = json.loads(export_all(ledger, "json", now=NOW))
    validator(schema).validate(data)
    records = {c["id"]: c for c in data["contacts"]}
    assert sorted(records) == [p.cid for p in people]
    for person in people:
        assert_round_trip(records[person.cid], person)
    with pytest.raises(jsonschema.ValidationError, match="is too long"):
        validator(schema, "person_export").validate(data)


def test_an_empty_ledger_export_validates(ledger: SqliteLedger, schema: dict[str, Any]) -> None:
    validator(schema).validate(json.loads(export_all(ledger, "json", now=NOW)))


def _drop(doc: dict[str, Any], key: str) -> None:
    del doc["contacts"][0]["touches"][0][key]


def _set(path: tuple[str | int, ...], value: object) -> Any:
    def change(doc: dict[str, Any]) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


TOUCH = ("contacts", 0, "touches", 0)
PROMISE = ("contacts", 0, "promises", 0)
BROKEN = {
    "missing touch channel": (lambda doc: _drop(doc, "channel"), "'channel' is a required"),
    "missing format_version": (
        lambda doc: doc.pop("format_version"),
        "'format_version' is a required",
    ),
    "unknown channel": (_set((*TOUCH, "channel"), "fax"), "'fax' is not one of"),
    "unknown direction": (_set((*TOUCH, "direction"), "outbound"), "'outbound' is not one of"),
    "unknown state": (_set((*PROMISE, "state"), "done"), "'done' is not one of"),
    "unknown role": (_set(("contacts", 0, "role"), "boss"), "'boss' is not one of"),
    "over_limit as text": (_set((*TOUCH, "over_limit"), "yes"), "'yes' is not of type 'boolean'"),
    "local time": (_set((*TOUCH, "at"), "2026-03-02T10:00:00+01:00"), "does not match"),
    "not an instant": (_set((*PROMISE, "due_at"), "next Tuesday"), "does not match"),
    "extra key": (_set(("contacts", 0, "age"), 41), "'age' was unexpected"),
    "other version": (_set(("format_version",), 2), "1 was expected"),
}


@pytest.mark.parametrize("broken", list(BROKEN))
def test_a_broken_export_fails_validation(
    ledger: SqliteLedger, schema: dict[str, Any], broken: str
) -> None:
    person = dana(ledger)
    data = json.loads(export_contact(ledger, person.cid, fmt="json", now=NOW))
    validator(schema, "person_export").validate(data)
    change, message = BROKEN[broken]
    doc = copy.deepcopy(data)
    change(doc)
    with pytest.raises(jsonschema.ValidationError, match=message):
        validator(schema, "person_export").validate(doc)


def test_two_people_are_not_one_persons_export(
    ledger: SqliteLedger, schema: dict[str, Any]
) -> None:
    dana(ledger)
    sam(ledger)
    data = json.loads(export_all(ledger, "json", now=NOW))
    assert not validator(schema, "person_export").is_valid(data)
    data["contacts"] = []
    assert not validator(schema, "person_export").is_valid(data)


def test_the_schema_names_every_value_the_ledger_can_hold(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    touch, promise_, contact = defs["touch"], defs["promise"], defs["contact"]
    assert touch["properties"]["channel"]["enum"] == [c.value for c in Channel]
    assert touch["properties"]["direction"]["enum"] == [d.value for d in Direction]
    assert promise_["properties"]["state"]["enum"] == [s.value for s in PromiseState]
    assert promise_["properties"]["status"]["enum"] == [s.value for s in PromiseStatus]
    assert defs["event"]["properties"]["kind"]["enum"] == [k.value for k in PromiseEventKind]
    assert contact["properties"]["role"]["enum"] == [r.value for r in Role]


def test_a_persons_waits_are_exported_open_and_closed(
    ledger: SqliteLedger, schema: dict[str, Any]
) -> None:
    person = Written(ledger.add_contact(Contact("Ria Shah", created_at=T0)))
    answered = ledger.add_wait(WaitingForReply(person.cid, T0 + timedelta(days=3), T0, "offer"))
    ledger.close_waits([answered.id or 0], T0 + timedelta(days=1), WaitEnd.REPLY)
    ledger.add_wait(WaitingForReply(person.cid, NOW + timedelta(days=2), T0 + timedelta(days=2)))
    data = json.loads(export_contact(ledger, person.cid, fmt="json", now=NOW))
    validator(schema, "person_export").validate(data)
    (record,) = data["contacts"]
    assert record["waits"] == [
        {
            "wait_id": 1,
            "about": "offer",
            "created_at": "2026-03-02T09:00:00+00:00",
            "until": "2026-03-05T09:00:00+00:00",
            "closed_at": "2026-03-03T09:00:00+00:00",
            "closed_by": "reply",
        },
        {
            "wait_id": 2,
            "about": "",
            "created_at": "2026-03-04T09:00:00+00:00",
            "until": "2026-04-03T09:00:00+00:00",
            "closed_at": None,
            "closed_by": None,
        },
    ]
    rows = export_contact(ledger, person.cid, fmt="csv", now=NOW).decode("utf-8-sig")
    assert "wait,2026-03-02T09:00:00+00:00,Ria Shah,,offer,reply,2026-03-05T09:00:00+00:00" in rows
    everything = export_all(ledger, "csv", NOW).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in everything[1:]] == ["contact", "wait", "wait"]
