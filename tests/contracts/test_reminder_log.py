"""The ``ReminderLog`` contract, run against the SQLite log on the ledger's connection and
``tests.fakes.InMemoryReminderLog`` on the in-memory ledger."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tests.contracts.ledger_support import (
    DAY,
    HOUR,
    T0,
    Books,
    Boom,
    add_person,
    add_promise,
    saved_id,
)
from trayapp.core.model import PromiseEvent, PromiseEventKind, PromiseState
from trayapp.core.ports import DeliveryRecord, Ledger


def _promise(ledger: Ledger, what: str = "send feedback") -> int:
    return saved_id(add_promise(ledger, add_person(ledger), what, T0).id)


def _shown(key: str, promise_id: int | None, at: datetime, kind: str = "due") -> DeliveryRecord:
    return DeliveryRecord(key, promise_id, kind, nominal_at=at - HOUR, delivered_at=at)


def test_recorded_keys_are_delivered_and_found_by_promise(books: Books) -> None:
    first, second = _promise(books.ledger), _promise(books.ledger, "call back")
    books.log.record_deliveries([_shown("a", first, T0), _shown("b", second, T0)])
    books.log.record_deliveries([_shown("digest", None, T0, "digest")])
    assert books.log.is_delivered("a") and books.log.is_delivered("digest")
    assert not books.log.is_delivered("c")
    assert books.log.delivered_keys([first]) == {"a"}
    assert books.log.delivered_keys([first, second]) == {"a", "b"}
    assert books.log.delivered_keys([]) == set()


def test_recording_a_key_again_leaves_the_first_record(books: Books) -> None:
    ident = _promise(books.ledger)
    books.log.record_deliveries([_shown("a", ident, T0)])
    books.log.record_deliveries([_shown("a", ident, T0 + DAY), _shown("b", ident, T0 - DAY)])
    books.log.record_deliveries([])
    assert books.log.unacted() == [_shown("a", ident, T0), _shown("b", ident, T0 - DAY)]


def test_an_older_key_is_read_back_in_the_current_form(books: Books) -> None:
    ident = _promise(books.ledger)
    due = int(T0.timestamp())
    old = DeliveryRecord(f"{ident}:{due}:overdue:2", ident, "overdue", T0 + 3 * DAY, T0 + 3 * DAY)
    books.log.record_deliveries([old])
    assert books.log.delivered_keys([ident]) == {f"{ident}:{due}:overdue:d3"}


def test_the_missed_list_is_newest_first_within_the_limit(books: Books) -> None:
    first, second = _promise(books.ledger), _promise(books.ledger, "call back")
    oldest, newest = _shown("a", first, T0 - DAY), _shown("b", second, T0)
    middle = _shown("c", first, T0 - HOUR)
    books.log.record_deliveries([oldest, newest, middle, _shown("d", None, T0, "digest")])
    assert books.log.unacted() == [newest, middle, oldest]
    assert books.log.unacted(limit=2) == [newest, middle]


def test_acting_on_a_promise_takes_its_deliveries_off_the_missed_list(books: Books) -> None:
    first, second = _promise(books.ledger), _promise(books.ledger, "call back")
    kept = _shown("c", second, T0 - HOUR)
    books.log.record_deliveries([_shown("a", first, T0 - DAY), _shown("b", first, T0), kept])
    books.log.mark_acted(first, T0 + HOUR)
    assert books.log.unacted() == [kept]
    assert books.log.is_delivered("a")


def test_a_promise_no_longer_open_leaves_the_missed_list(books: Books) -> None:
    ident = _promise(books.ledger)
    books.log.record_deliveries([_shown("a", ident, T0)])
    promise = books.ledger.get_promise(ident)
    assert promise is not None
    books.ledger.update_promise(replace(promise, state=PromiseState.KEPT, kept_at=T0 + HOUR))
    assert books.log.unacted() == []


def test_a_snooze_after_the_delivery_takes_it_off_the_missed_list(books: Books) -> None:
    snoozed, created = _promise(books.ledger), _promise(books.ledger, "call back")
    later = _shown("b", created, T0)
    books.log.record_deliveries([_shown("a", snoozed, T0), later])
    books.ledger.add_event(PromiseEvent(snoozed, PromiseEventKind.SNOOZED, T0))
    books.ledger.add_event(PromiseEvent(created, PromiseEventKind.CREATED, T0 + HOUR))
    books.ledger.add_event(PromiseEvent(created, PromiseEventKind.SNOOZED, T0 - HOUR))
    assert books.log.unacted() == [later]


def test_deliveries_roll_back_with_the_ledgers_transaction(books: Books) -> None:
    ident = _promise(books.ledger)
    with pytest.raises(Boom), books.ledger.atomic():
        books.log.record_deliveries([_shown("a", ident, T0)])
        books.log.set_state("paused_until", "tomorrow")
        assert books.log.is_delivered("a")
        raise Boom
    assert not books.log.is_delivered("a")
    assert books.log.get_state("paused_until") is None


def test_erasing_a_contact_erases_their_deliveries(books: Books) -> None:
    dana = add_person(books.ledger)
    ident = saved_id(add_promise(books.ledger, dana, "send feedback", T0).id)
    books.log.record_deliveries([_shown("a", ident, T0)])
    books.ledger.delete_contact(saved_id(dana.id))
    assert not books.log.is_delivered("a")
    assert books.log.delivered_keys([ident]) == set()


def test_state_is_kept_by_name_until_cleared(books: Books) -> None:
    assert books.log.get_state("last_check") is None
    books.log.set_state("last_check", "2026-11-20T12:00:00+00:00")
    books.log.set_state("last_check", "2026-11-20T13:00:00+00:00")
    books.log.set_state("paused", "yes")
    assert books.log.get_state("last_check") == "2026-11-20T13:00:00+00:00"
    books.log.set_state("last_check", None)
    books.log.set_state("never_set", None)
    assert books.log.get_state("last_check") is None
    assert books.log.get_state("paused") == "yes"
