"""The SQLite ledger: round trips of every entity, transactions, lookups and erasure."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.errors import InvariantError, NotFound, StorageError
from trayapp.core.matching import phone_key
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
)
from trayapp.core.ports import ContactQuery, Ledger
from trayapp.store import driver
from trayapp.store.ledger import SqliteLedger

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


class Boom(Exception):
    """Raised on purpose inside a transaction."""


def _full_contact() -> Contact:
    return Contact(
        name="  Zoë  Ångström-Łukasz 李 ",
        company="Ácme GmbH",
        role=Role.HIRING_MANAGER,
        email="Zoe@Example.COM",
        phone="+49 (0)30 1234-567",
        linkedin="https://www.linkedin.com/in/zoe",
        tz="Europe/Berlin",
        notes="line one\nline two — “quoted” 🚀",
        dnc_at=datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN),
        dnc_reason="asked us to stop",
        quiet_until=datetime(2026, 4, 1, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=-5))),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def _contact(ledger: SqliteLedger, name: str = "Dana Smith", company: str = "") -> Contact:
    return ledger.add_contact(Contact(name, company=company, created_at=T0))


def _assert_utc(*instants: datetime | None) -> None:
    for at in instants:
        assert at is None or at.utcoffset() == timedelta(0)


def test_ledger_satisfies_the_port(ledger: SqliteLedger) -> None:
    port: Ledger = ledger
    assert port.count_contacts() == 0


def test_contact_round_trip_keeps_every_field(ledger: SqliteLedger) -> None:
    original = _full_contact()
    saved = ledger.add_contact(original)
    assert saved.id is not None
    loaded = ledger.get_contact(saved.id)
    assert loaded == dataclasses.replace(original, id=saved.id)
    assert loaded is not None
    _assert_utc(loaded.dnc_at, loaded.quiet_until, loaded.created_at)


def test_contact_with_empty_fields_round_trips(ledger: SqliteLedger) -> None:
    saved = ledger.add_contact(Contact("X"))
    assert saved.id is not None
    assert ledger.get_contact(saved.id) == saved
    assert ledger.get_contact(saved.id + 1) is None


def test_naive_instant_is_refused(ledger: SqliteLedger) -> None:
    with pytest.raises(InvariantError):
        ledger.add_contact(Contact("X", created_at=datetime(2026, 1, 1)))
    assert ledger.count_contacts() == 0


def test_update_contact(ledger: SqliteLedger) -> None:
    saved = _contact(ledger)
    changed = dataclasses.replace(saved, name="Dana Jones", email="d@j.io", dnc_at=T0)
    assert ledger.update_contact(changed) == changed
    assert saved.id is not None
    assert ledger.get_contact(saved.id) == changed
    assert ledger.find_contacts(ContactQuery.NAME, "dana smith") == []
    assert ledger.find_contacts(ContactQuery.NAME, "dana jones") == [changed]


def test_update_of_missing_contact_is_not_found(ledger: SqliteLedger) -> None:
    with pytest.raises(NotFound):
        ledger.update_contact(Contact("Ghost", id=99))
    with pytest.raises(InvariantError):
        ledger.update_contact(Contact("Unsaved"))


def test_find_contacts_by_each_key(ledger: SqliteLedger) -> None:
    zoe = ledger.add_contact(_full_contact())
    dana = _contact(ledger)
    assert ledger.find_contacts(ContactQuery.EMAIL, "zoe@example.com") == [zoe]
    assert ledger.find_contacts(ContactQuery.PHONE, phone_key("0049 030 1234567")) == [zoe]
    assert ledger.find_contacts(ContactQuery.NAME, "zoe angstrom-łukasz 李") == [zoe]
    assert ledger.find_contacts(ContactQuery.FIRST_NAME, "zoe") == [zoe]
    assert ledger.find_contacts(ContactQuery.FIRST_NAME, "dana") == [dana]
    assert ledger.find_contacts(ContactQuery.FIRST_NAME, "Zoe") == [], "keys are exact"
    assert ledger.find_contacts(ContactQuery.EMAIL, "") == []
    assert ledger.find_contacts(ContactQuery.PHONE, "") == []
    assert ledger.find_contacts(ContactQuery.PHONE_ENDING, phone_key("030 1234567")) == [zoe]
    assert ledger.find_contacts(ContactQuery.PHONE_ENDING, "81234567") == [zoe], "the last 7 digits"
    assert ledger.find_contacts(ContactQuery.PHONE_ENDING, "7654321") == []
    assert ledger.find_contacts(ContactQuery.PHONE_ENDING, "") == []


def test_find_contacts_orders_and_limits(ledger: SqliteLedger) -> None:
    for name in ("Dana Zed", "Dana Able", "Dana Moss"):
        _contact(ledger, name)
    found = ledger.find_contacts(ContactQuery.FIRST_NAME, "dana", limit=2)
    assert [c.name for c in found] == ["Dana Able", "Dana Moss"]


def test_list_and_count_contacts(ledger: SqliteLedger) -> None:
    for name in ("carol", "Alice", "bob"):
        _contact(ledger, name)
    assert ledger.count_contacts() == 3
    assert [c.name for c in ledger.list_contacts()] == ["Alice", "bob", "carol"]
    assert [c.name for c in ledger.list_contacts(limit=1, offset=1)] == ["bob"]
    assert [c.name for c in ledger.list_contacts(offset=2)] == ["carol"]


def _promise(contact: Contact, due: datetime, **changes: object) -> Promise:
    assert contact.id is not None
    base = Promise(contact.id, "send feedback", due_at=due, created_at=T0)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_promise_round_trip(ledger: SqliteLedger) -> None:
    dana = _contact(ledger)
    promise = _promise(
        dana,
        datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN),
        what="Send “Acme” feedback — 🚀",
        state=PromiseState.RELEASED,
        kept_at=None,
        released_at=T0 + timedelta(days=2),
        release_reason="role closed",
        snooze_count=2,
        snoozed_until=T0 + timedelta(hours=5, microseconds=7),
        original_due_at=T0 + timedelta(days=1),
    )
    saved = ledger.add_promise(promise)
    assert saved.id is not None
    loaded = ledger.get_promise(saved.id)
    assert loaded == saved
    assert loaded is not None
    _assert_utc(loaded.due_at, loaded.created_at, loaded.released_at, loaded.snoozed_until)
    kept = dataclasses.replace(saved, state=PromiseState.KEPT, kept_at=T0, released_at=None)
    ledger.update_promise(kept)
    assert ledger.get_promise(saved.id) == kept
    assert ledger.get_promise(saved.id + 1) is None


def test_promise_needs_an_existing_contact(ledger: SqliteLedger) -> None:
    with pytest.raises(driver.IntegrityError):
        ledger.add_promise(Promise(42, "x", due_at=T0, created_at=T0))


def test_list_promises_filters_and_orders(ledger: SqliteLedger) -> None:
    dana, sam = _contact(ledger), _contact(ledger, "Sam Lee")
    late = ledger.add_promise(_promise(dana, T0 - timedelta(days=3)))
    today = ledger.add_promise(_promise(sam, T0 + timedelta(hours=2)))
    later = ledger.add_promise(_promise(dana, T0 + timedelta(days=9)))
    done = ledger.add_promise(_promise(dana, T0 - timedelta(days=1), state=PromiseState.KEPT))
    open_ = [PromiseState.OPEN]
    assert ledger.list_promises(open_) == [late, today, later]
    assert ledger.list_promises(open_, due_before=T0) == [late]
    assert ledger.list_promises(open_, due_from=T0, due_before=T0 + timedelta(days=1)) == [today]
    assert ledger.list_promises(open_, due_from=today.due_at) == [today, later], "from is <="
    assert ledger.list_promises(open_, due_before=today.due_at) == [late], "before is <"
    assert ledger.list_promises(open_, contact_id=dana.id) == [late, later]
    assert ledger.list_promises(open_, limit=1) == [late]
    both = [PromiseState.OPEN, PromiseState.KEPT]
    assert ledger.list_promises(both, contact_id=dana.id) == [late, done, later]
    assert ledger.list_promises([]) == []


def test_list_promises_snoozed_by_a_moment(ledger: SqliteLedger) -> None:
    dana = _contact(ledger)
    plain = ledger.add_promise(_promise(dana, T0 + timedelta(days=7)))
    ending = ledger.add_promise(
        replace(_promise(dana, T0 + timedelta(days=8)), snoozed_until=T0 - timedelta(hours=1))
    )
    ledger.add_promise(
        replace(_promise(dana, T0 + timedelta(days=9)), snoozed_until=T0 + timedelta(hours=1))
    )
    open_ = [PromiseState.OPEN]
    assert ledger.list_promises(open_, snoozed_by=T0) == [ending]
    assert ledger.list_promises(open_, snoozed_by=ending.snoozed_until) == [ending], "by is <="
    assert plain not in ledger.list_promises(open_, snoozed_by=T0 + timedelta(days=30))


def test_events_round_trip_in_order(ledger: SqliteLedger) -> None:
    promise = ledger.add_promise(_promise(_contact(ledger), T0))
    assert promise.id is not None
    second = ledger.add_event(
        PromiseEvent(
            promise.id,
            PromiseEventKind.RENEGOTIATED,
            T0 + timedelta(hours=1),
            old_due_at=T0,
            new_due_at=T0 + timedelta(days=2),
            note="they asked for Monday",
        )
    )
    first = ledger.add_event(PromiseEvent(promise.id, PromiseEventKind.CREATED, T0))
    assert ledger.events_for(promise.id) == [first, second]
    assert ledger.events_for(promise.id + 1) == []


def test_touch_round_trip_and_recent_order(ledger: SqliteLedger) -> None:
    dana = _contact(ledger)
    assert dana.id is not None
    promise = ledger.add_promise(_promise(dana, T0))
    older = ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    newer = ledger.add_touch(
        Touch(
            dana.id,
            Channel.VOICEMAIL,
            Direction.INBOUND,
            datetime(2026, 3, 2, 11, 0, tzinfo=BERLIN),
            note="called back — ünïcode",
            promise_id=promise.id,
            over_limit=True,
            override_reason="she asked me to",
        )
    )
    assert older.id is not None and newer.id is not None
    assert ledger.recent_touches(dana.id, 10) == [newer, older]
    assert ledger.recent_touches(dana.id, 1) == [newer]
    _assert_utc(*(t.at for t in ledger.recent_touches(dana.id, 10)))


def test_touch_for_missing_contact_is_not_found(ledger: SqliteLedger) -> None:
    with pytest.raises(NotFound):
        ledger.add_touch(Touch(404, Channel.CALL, Direction.OUTBOUND, T0))


def test_atomic_rolls_back_everything_on_exception(ledger: SqliteLedger) -> None:
    with pytest.raises(Boom), ledger.atomic():
        dana = _contact(ledger)
        assert dana.id is not None
        ledger.add_promise(_promise(dana, T0))
        ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, T0))
        raise Boom
    assert ledger.count_contacts() == 0
    assert ledger.list_promises([PromiseState.OPEN]) == []


def test_nested_atomic_joins_the_outer_transaction(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    with pytest.raises(Boom), ledger.atomic():
        with ledger.atomic():
            _contact(ledger, "Inner")
        assert conn.in_transaction, "the inner block did not commit"
        raise Boom
    assert ledger.count_contacts() == 0


def test_failed_inner_block_is_undone_alone(ledger: SqliteLedger) -> None:
    with ledger.atomic():
        _contact(ledger, "Kept")
        with pytest.raises(Boom), ledger.atomic():
            _contact(ledger, "Undone")
            raise Boom
        _contact(ledger, "Also kept")
    assert [c.name for c in ledger.list_contacts()] == ["Also kept", "Kept"]


def test_write_outside_atomic_is_committed(ledger: SqliteLedger, db_path: object) -> None:
    _contact(ledger)
    other = sqlite3.connect(str(db_path))
    try:
        assert other.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
    finally:
        other.close()


def test_full_disk_is_a_storage_error_and_changes_nothing(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    dana = _contact(ledger)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError, match="full"):
        ledger.add_contact(Contact("Big", notes="x" * 200_000))
    assert not conn.in_transaction
    assert ledger.list_contacts() == [dana]


def test_read_only_database_is_a_storage_error(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match="read-only"):
        _contact(ledger)
    conn.execute("PRAGMA query_only = OFF")
    assert ledger.count_contacts() == 0


def test_history_holds_everything_oldest_first(ledger: SqliteLedger) -> None:
    dana, sam = _contact(ledger), _contact(ledger, "Sam Lee")
    assert dana.id is not None and sam.id is not None
    p1 = ledger.add_promise(_promise(dana, T0))
    p2 = ledger.add_promise(_promise(dana, T0, created_at=T0 - timedelta(days=1)))
    ledger.add_promise(_promise(sam, T0))
    assert p1.id is not None and p2.id is not None
    e1 = ledger.add_event(PromiseEvent(p1.id, PromiseEventKind.CREATED, T0))
    e2 = ledger.add_event(PromiseEvent(p2.id, PromiseEventKind.CREATED, T0 - timedelta(days=1)))
    t2 = ledger.add_touch(Touch(dana.id, Channel.SMS, Direction.INBOUND, T0 + timedelta(hours=1)))
    t1 = ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    ledger.add_touch(Touch(sam.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    history = ledger.history(dana.id)
    assert history.contact == dana
    assert history.promises == (p2, p1)
    assert history.events == (e2, e1)
    assert history.touches == (t1, t2)
    with pytest.raises(NotFound):
        ledger.history(999)


def test_delete_contact_erases_everything_of_theirs(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    dana, sam = _contact(ledger), _contact(ledger, "Sam Lee")
    assert dana.id is not None and sam.id is not None
    promise = ledger.add_promise(_promise(dana, T0))
    assert promise.id is not None
    ledger.add_event(PromiseEvent(promise.id, PromiseEventKind.CREATED, T0))
    ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0, promise_id=promise.id))
    kept = ledger.add_touch(Touch(sam.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    ledger.delete_contact(dana.id)
    assert ledger.get_contact(dana.id) is None
    assert ledger.get_promise(promise.id) is None
    assert ledger.events_for(promise.id) == []
    assert ledger.recent_touches(dana.id, 10) == []
    assert ledger.recent_touches(sam.id, 10) == [kept]
    for table in ("promises", "promise_events"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    with pytest.raises(NotFound):
        ledger.delete_contact(dana.id)


def test_touch_keeps_its_promise_link_until_the_promise_goes(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    dana = _contact(ledger)
    assert dana.id is not None
    promise = ledger.add_promise(_promise(dana, T0))
    touch = ledger.add_touch(
        Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0, promise_id=promise.id)
    )
    conn.execute("DELETE FROM promises WHERE id = ?", (promise.id,))
    assert ledger.recent_touches(dana.id, 1) == [dataclasses.replace(touch, promise_id=None)]


def test_company_change_refiles_the_contacts_touches(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    dana = _contact(ledger, company="Acme")
    assert dana.id is not None
    ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    keys = "SELECT DISTINCT company_key FROM touches"
    assert conn.execute(keys).fetchall() == [("acme",)]
    ledger.update_contact(dataclasses.replace(dana, company="Beta Corp"))
    assert conn.execute(keys).fetchall() == [("beta corp",)]


def test_contacts_touched_since_newest_first(ledger: SqliteLedger) -> None:
    dana, sam, kim = (_contact(ledger, n) for n in ("Dana", "Sam", "Kim"))
    assert dana.id is not None and sam.id is not None and kim.id is not None
    ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0 - timedelta(days=9)))
    ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0 + timedelta(hours=1)))
    ledger.add_touch(Touch(sam.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    ledger.add_touch(Touch(sam.id, Channel.EMAIL, Direction.INBOUND, T0 + timedelta(hours=2)))
    ledger.add_touch(Touch(kim.id, Channel.EMAIL, Direction.INBOUND, T0))
    assert ledger.contacts_touched_since(T0, 10) == [dana, sam], "at or after, outbound only"
    assert ledger.contacts_touched_since(T0, 1) == [dana]
    assert ledger.contacts_touched_since(T0 + timedelta(hours=3), 10) == []


def test_atomic_joins_a_transaction_begun_elsewhere(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    with ledger.atomic():
        _contact(ledger)
    assert conn.in_transaction, "the owner of the transaction commits it"
    conn.execute("ROLLBACK")
    assert ledger.count_contacts() == 0


def test_storage_error_inside_a_nested_block_is_plain(
    ledger: SqliteLedger, conn: sqlite3.Connection
) -> None:
    with ledger.atomic():
        conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StorageError), ledger.atomic():
            _contact(ledger)
        conn.execute("PRAGMA query_only = OFF")
        _contact(ledger, "Written after")
    assert [c.name for c in ledger.list_contacts()] == ["Written after"]


@pytest.mark.parametrize("matching", [None, "D", "Da", "Dana"])
def test_every_promise_is_listed_in_due_order_from_an_index_not_a_sort(
    conn: sqlite3.Connection, ledger: SqliteLedger, matching: str | None
) -> None:
    """The whole list, or a search looking through the first promises due (here all of
    them: ``test_promise_search`` covers the rest)."""
    dana = _contact(ledger)
    for days in (5, -2, 1):
        ledger.add_promise(_promise(dana, T0 + timedelta(days=days)))
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    listed = ledger.list_promises(list(PromiseState), matching=matching, limit=500)
    conn.set_trace_callback(None)
    assert [p.due_at for p in listed] == sorted(p.due_at for p in listed)
    assert len(listed) == 3
    sql = next(s for s in statements if s.startswith("SELECT * FROM promises"))
    plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "promises_due" in plan and "TEMP B-TREE" not in plan, plan
