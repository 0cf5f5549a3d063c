"""The ``Ledger`` contract, part one: transactions, contacts, promises and their events.

Every test runs against the SQLite ledger and ``tests.fakes.InMemoryLedger``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.contracts.ledger_support import (
    DAY,
    HOUR,
    T0,
    Boom,
    add_person,
    add_promise,
    saved_id,
    touch,
)
from trayapp.core.errors import BadInput, InvariantError, NotFound
from trayapp.core.model import Contact, PromiseEvent, PromiseEventKind, PromiseState
from trayapp.core.ports import ContactQuery, Ledger

OPEN = [PromiseState.OPEN]

# -- transactions --------------------------------------------------------------------------


def test_a_failed_atomic_block_leaves_nothing(ledger: Ledger) -> None:
    with pytest.raises(Boom), ledger.atomic():
        dana = add_person(ledger)
        promise = add_promise(ledger, dana, "send feedback", T0)
        touch(ledger, dana, T0)
        raise Boom
    assert ledger.count_contacts() == 0
    assert ledger.get_contact(saved_id(dana.id)) is None
    assert ledger.get_promise(saved_id(promise.id)) is None
    assert ledger.recent_touches(saved_id(dana.id), 10) == []


def test_a_failed_block_keeps_what_was_saved_before_it(ledger: Ledger) -> None:
    dana = add_person(ledger)
    with pytest.raises(Boom), ledger.atomic():
        ledger.update_contact(replace(dana, name="Dana Jones"))
        add_person(ledger, "Sam Lee")
        raise Boom
    assert ledger.list_contacts() == [dana]


def test_a_nested_block_joins_the_outer_one(ledger: Ledger) -> None:
    with pytest.raises(Boom), ledger.atomic():
        with ledger.atomic():
            inner = add_person(ledger, "Inner")
        assert ledger.get_contact(saved_id(inner.id)) == inner
        raise Boom
    assert ledger.count_contacts() == 0


def test_a_failed_nested_block_undoes_only_its_own_writes(ledger: Ledger) -> None:
    with ledger.atomic():
        outer = add_person(ledger, "Outer")
        with pytest.raises(Boom), ledger.atomic():
            add_person(ledger, "Inner")
            raise Boom
    assert ledger.list_contacts() == [outer]


def test_a_finished_block_keeps_every_write(ledger: Ledger) -> None:
    with ledger.atomic():
        dana = add_person(ledger)
        promise = add_promise(ledger, dana, "send feedback", T0)
    assert ledger.get_contact(saved_id(dana.id)) == dana
    assert ledger.get_promise(saved_id(promise.id)) == promise


# -- contacts ------------------------------------------------------------------------------


def test_contacts_round_trip_and_instants_come_back_in_utc(ledger: Ledger) -> None:
    quiet = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    dana = add_person(ledger, email="dana@acme.com", company="Acme", quiet_until=quiet)
    assert dana.id is not None
    found = ledger.get_contact(dana.id)
    assert found == dana
    assert found.quiet_until is not None and found.quiet_until.utcoffset() == timedelta(0)
    changed = ledger.update_contact(replace(dana, phone="+44 7700 900123"))
    assert ledger.get_contact(dana.id) == changed
    assert ledger.get_contact(dana.id + 100) is None


def test_updating_a_contact_that_is_not_there_is_refused(ledger: Ledger) -> None:
    with pytest.raises(NotFound):
        ledger.update_contact(Contact("Ghost", id=41))
    with pytest.raises(InvariantError):
        ledger.update_contact(Contact("Never saved"))
    assert ledger.count_contacts() == 0


def test_contacts_are_listed_by_name_with_limit_and_offset(ledger: Ledger) -> None:
    for name in ("zoe Park", "Álvaro Díaz", "ben Ode", "Carla Ruiz"):
        add_person(ledger, name)
    names = [c.name for c in ledger.list_contacts()]
    assert names == ["Álvaro Díaz", "ben Ode", "Carla Ruiz", "zoe Park"]
    assert [c.name for c in ledger.list_contacts(limit=2, offset=1)] == names[1:3]
    assert ledger.count_contacts() == 4


def test_find_contacts_by_each_key(ledger: Ledger) -> None:
    dana = add_person(ledger, email="Dana.Smith@Acme.com", phone="+44 (7700) 900-123")
    other = add_person(ledger, "Dana Jones", phone="0044 1632 960001")
    add_person(ledger, "Sam Lee")
    assert ledger.find_contacts(ContactQuery.EMAIL, "dana.smith@acme.com") == [dana]
    assert ledger.find_contacts(ContactQuery.PHONE, "447700900123") == [dana]
    assert ledger.find_contacts(ContactQuery.PHONE_ENDING, "7700900123") == [dana]
    assert ledger.find_contacts(ContactQuery.NAME, "dana smith") == [dana]
    assert ledger.find_contacts(ContactQuery.FIRST_NAME, "dana") == [other, dana]
    assert ledger.find_contacts(ContactQuery.FIRST_NAME, "dana", limit=1) == [other]


def test_names_near_reads_keys_by_first_letter_and_length(ledger: Ledger) -> None:
    dana = add_person(ledger, "Dana Smith")
    dan = add_person(ledger, "Dán Smythe")
    add_person(ledger, "Sam Lee")
    long = add_person(ledger, "Dana Smith-Gonzalez")
    adam = add_person(ledger, "Adam Dale")
    near = set(ledger.names_near("dana smtih", 2))
    assert near == {(dana.id, "dana smith"), (dan.id, "dan smythe"), (adam.id, "adam dale")}
    by_first = {(dana.id, "dana smith"), (dan.id, "dan smythe"), (long.id, "dana smith-gonzalez")}
    assert set(ledger.names_near("dnaa", 1)) == by_first
    assert ledger.names_near("", 2) == []


def test_an_empty_key_finds_nobody(ledger: Ledger) -> None:
    add_person(ledger, "Dana")
    for by in ContactQuery:
        assert ledger.find_contacts(by, "") == []


def test_deleting_a_contact_erases_everything_of_theirs(ledger: Ledger) -> None:
    dana, sam = add_person(ledger), add_person(ledger, "Sam Lee")
    promise = add_promise(ledger, dana, "send feedback", T0)
    ledger.add_event(PromiseEvent(saved_id(promise.id), PromiseEventKind.CREATED, T0 - DAY))
    touch(ledger, dana, T0)
    kept = touch(ledger, sam, T0)
    ledger.delete_contact(saved_id(dana.id))
    assert ledger.list_contacts() == [sam]
    assert ledger.get_promise(saved_id(promise.id)) is None
    assert ledger.events_for(saved_id(promise.id)) == []
    assert ledger.recent_touches(saved_id(dana.id), 10) == []
    assert ledger.recent_touches(saved_id(sam.id), 10) == [kept]
    with pytest.raises(NotFound):
        ledger.delete_contact(saved_id(dana.id))


def test_a_contacts_history_moves_to_another_whole(ledger: Ledger) -> None:
    dana, typo = add_person(ledger), add_person(ledger, "Dana Smtih")
    kept = add_promise(ledger, typo, "send the offer", T0)
    call = touch(ledger, typo, T0 - HOUR)
    assert ledger.move_history(saved_id(typo.id), saved_id(dana.id)) == 2
    assert ledger.list_promises(OPEN, contact_id=dana.id) == [
        replace(kept, contact_id=saved_id(dana.id))
    ]
    assert ledger.recent_touches(saved_id(dana.id), 10) == [
        replace(call, contact_id=saved_id(dana.id))
    ]
    assert ledger.recent_touches(saved_id(typo.id), 10) == []
    with pytest.raises(BadInput):
        ledger.move_history(saved_id(dana.id), saved_id(dana.id))
    with pytest.raises(NotFound):
        ledger.move_history(saved_id(dana.id), 999)


# -- promises and their events -------------------------------------------------------------


def test_promises_are_listed_oldest_due_first_in_the_states_asked(ledger: Ledger) -> None:
    dana = add_person(ledger)
    late = add_promise(ledger, dana, "late", T0 + DAY)
    early = add_promise(ledger, dana, "early", T0)
    tie = add_promise(ledger, dana, "same time", T0)
    kept = add_promise(ledger, dana, "kept", T0 - DAY, state=PromiseState.KEPT)
    assert ledger.list_promises(OPEN) == [early, tie, late]
    assert ledger.list_promises([PromiseState.KEPT, PromiseState.OPEN]) == [
        kept,
        early,
        tie,
        late,
    ]
    assert ledger.list_promises(OPEN, limit=2) == [early, tie]
    assert ledger.list_promises([]) == []


def test_promises_are_filtered_by_contact_and_due_window(ledger: Ledger) -> None:
    dana, sam = add_person(ledger), add_person(ledger, "Sam Lee")
    before = add_promise(ledger, dana, "before", T0 - HOUR)
    start = add_promise(ledger, dana, "at the start", T0)
    end = add_promise(ledger, dana, "at the end", T0 + DAY)
    theirs = add_promise(ledger, sam, "theirs", T0)
    assert ledger.list_promises(OPEN, due_from=T0, due_before=T0 + DAY) == [start, theirs]
    assert ledger.list_promises(OPEN, due_before=T0) == [before]
    assert ledger.list_promises(OPEN, contact_id=dana.id) == [before, start, end]


def test_promises_are_filtered_by_snooze_end(ledger: Ledger) -> None:
    dana = add_person(ledger)
    soon = add_promise(ledger, dana, "soon", T0, snoozed_until=T0 + HOUR)
    on_time = add_promise(ledger, dana, "on time", T0, snoozed_until=T0 + 2 * HOUR)
    add_promise(ledger, dana, "later", T0, snoozed_until=T0 + DAY)
    add_promise(ledger, dana, "never snoozed", T0)
    assert ledger.list_promises(OPEN, snoozed_by=T0 + 2 * HOUR) == [soon, on_time]


def test_promise_outcomes_count_each_promise_where_it_happened(ledger: Ledger) -> None:
    dana = add_person(ledger)
    add_promise(ledger, dana, "old and open", T0)  # made ten days before T0
    add_promise(ledger, dana, "made", T0, created_at=T0 - DAY)
    add_promise(ledger, dana, "kept", T0 - DAY, state=PromiseState.KEPT, kept_at=T0)
    add_promise(
        ledger, dana, "let go", T0 + DAY, state=PromiseState.RELEASED, released_at=T0 - HOUR
    )
    add_promise(ledger, dana, "kept long ago", T0, state=PromiseState.KEPT, kept_at=T0 - 9 * DAY)
    edges = (T0 - 2 * DAY, T0 - 12 * HOUR, T0 + DAY)
    found = ledger.promise_outcomes(edges)
    # made in the first span; released in the second, kept a day late there
    assert found.counts == ((1, 0, 0, 0), (0, 0, 1, 1))
    assert found.late_by == (DAY,)


def test_promises_matching_a_text_by_what_name_or_company(ledger: Ledger) -> None:
    dana = ledger.add_contact(Contact(name="Dana Smith", company="Acme"))
    lee = ledger.add_contact(Contact(name="Lee Park", company="Globex"))
    offer = add_promise(ledger, dana, "send the offer", T0)
    brief = add_promise(ledger, lee, "send the brief", T0 + HOUR)
    odd = add_promise(ledger, lee, "100% of the 50_50 split", T0 + DAY)
    assert ledger.list_promises(OPEN, matching="SEND") == [offer, brief]
    assert ledger.list_promises(OPEN, matching="acme") == [offer]
    assert ledger.list_promises(OPEN, matching="park") == [brief, odd]
    assert ledger.list_promises(OPEN, matching="100%") == [odd]
    assert ledger.list_promises(OPEN, matching="0_5") == [odd]
    assert ledger.list_promises(OPEN, matching="%") == [odd]  # a percent sign is itself
    assert ledger.list_promises(OPEN, matching="nobody") == []
    assert ledger.list_promises(OPEN, matching="pa") == [brief, odd]  # shorter than 3 letters
    # What changes is found by its new words, never by its old ones.
    assert lee.id is not None
    renamed = ledger.update_contact(dataclasses.replace(lee, name="Lee Chan", company="Initech"))
    assert renamed.name == "Lee Chan"
    assert ledger.list_promises(OPEN, matching="park") == []
    assert ledger.list_promises(OPEN, matching="initech") == [brief, odd]
    ledger.update_promise(dataclasses.replace(offer, what="call about the role"))
    assert ledger.list_promises(OPEN, matching="offer") == []
    assert [p.id for p in ledger.list_promises(OPEN, matching="the role")] == [offer.id]
    ledger.delete_contact(lee.id)
    assert ledger.list_promises(OPEN, matching="split") == []


def test_a_promise_updates_and_its_events_come_in_time_order(ledger: Ledger) -> None:
    promise = add_promise(ledger, add_person(ledger), "send feedback", T0)
    ident = saved_id(promise.id)
    kept = ledger.update_promise(replace(promise, state=PromiseState.KEPT, kept_at=T0))
    assert ledger.get_promise(ident) == kept
    second = ledger.add_event(PromiseEvent(ident, PromiseEventKind.KEPT, T0))
    first = ledger.add_event(PromiseEvent(ident, PromiseEventKind.CREATED, T0 - DAY))
    assert ledger.events_for(ident) == [first, second]
    with pytest.raises(NotFound):
        ledger.update_promise(replace(promise, id=ident + 100))


def test_a_naive_instant_is_refused_and_nothing_is_saved(ledger: Ledger) -> None:
    dana = add_person(ledger)
    with pytest.raises(InvariantError):
        add_promise(ledger, dana, "send feedback", datetime(2026, 11, 20, 12, 0))
    assert ledger.list_promises(OPEN) == []
