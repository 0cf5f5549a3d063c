"""The ``Ledger`` contract for waiting for a reply: adding, listing, closing exactly once.

Every test runs against the SQLite ledger and ``tests.fakes.InMemoryLedger``.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.contracts.ledger_support import DAY, HOUR, T0, Boom, add_person, saved_id
from trayapp.core.errors import NotFound
from trayapp.core.model import Contact, WaitEnd, WaitingForReply
from trayapp.core.ports import Ledger


def wait_for(ledger: Ledger, who: Contact, until: datetime, about: str = "") -> WaitingForReply:
    return ledger.add_wait(WaitingForReply(saved_id(who.id), until, T0, about=about))


def test_a_wait_is_saved_and_read_back(ledger: Ledger) -> None:
    dana = add_person(ledger)
    saved = wait_for(ledger, dana, T0 + DAY, "the offer")
    assert saved.id is not None
    assert ledger.get_wait(saved.id) == saved
    assert saved.is_open and saved.closed_by is None
    assert ledger.get_wait(saved.id + 100) is None


def test_a_wait_for_nobody_is_refused(ledger: Ledger) -> None:
    with pytest.raises(NotFound):
        wait_for(ledger, Contact("Ghost", id=41), T0 + DAY)


def test_open_waits_are_listed_soonest_first_and_filtered(ledger: Ledger) -> None:
    dana, sam = add_person(ledger), add_person(ledger, "Sam Lee")
    later = wait_for(ledger, dana, T0 + 2 * DAY)
    sooner = wait_for(ledger, sam, T0 + HOUR)
    closed = wait_for(ledger, dana, T0 + DAY)
    ledger.close_waits([saved_id(closed.id)], T0, WaitEnd.CANCELLED)
    assert ledger.list_waits() == [sooner, later]
    assert ledger.list_waits(contact_id=dana.id) == [later]
    assert ledger.list_waits(until_by=T0 + DAY) == [sooner]
    assert ledger.list_waits(limit=1) == [sooner]
    every = ledger.list_waits(open_only=False)
    assert [w.id for w in every] == [sooner.id, closed.id, later.id]


def test_closing_is_exactly_once(ledger: Ledger) -> None:
    dana = add_person(ledger)
    wait = wait_for(ledger, dana, T0 + DAY)
    ident = saved_id(wait.id)
    first = ledger.close_waits([ident], T0 + HOUR, WaitEnd.REPLY)
    assert [(w.id, w.closed_at, w.closed_by) for w in first] == [(ident, T0 + HOUR, WaitEnd.REPLY)]
    assert ledger.close_waits([ident], T0 + 2 * HOUR, WaitEnd.REMINDED) == []
    assert ledger.get_wait(ident) == first[0]
    assert not first[0].is_open


def test_a_failed_transaction_leaves_no_wait(ledger: Ledger) -> None:
    dana = add_person(ledger)
    kept = wait_for(ledger, dana, T0 + DAY)
    with pytest.raises(Boom), ledger.atomic():
        wait_for(ledger, dana, T0 + 2 * DAY)
        ledger.close_waits([saved_id(kept.id)], T0, WaitEnd.CANCELLED)
        raise Boom
    assert ledger.list_waits() == [kept]


def test_history_holds_the_contacts_waits_and_erasure_removes_them(ledger: Ledger) -> None:
    dana, sam = add_person(ledger), add_person(ledger, "Sam Lee")
    mine = wait_for(ledger, dana, T0 + DAY, "offer")
    wait_for(ledger, sam, T0 + DAY)
    assert ledger.history(saved_id(dana.id)).waits == (mine,)
    ledger.delete_contact(saved_id(dana.id))
    assert [w.contact_id for w in ledger.list_waits(open_only=False)] == [sam.id]
