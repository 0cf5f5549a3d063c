"""The ``Ledger`` contract, part two: touches, the guard's facts, history and retention.

Every test runs against the SQLite ledger and ``tests.fakes.InMemoryLedger``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.contracts.ledger_support import DAY, HOUR, T0, add_person, add_promise, saved_id, touch
from trayapp.core.errors import NotFound, StorageError
from trayapp.core.model import (
    Channel,
    Contact,
    Direction,
    PromiseEvent,
    PromiseEventKind,
    PromiseState,
)
from trayapp.core.ports import Ledger
from trayapp.core.settings import GuardSettings

IN = Direction.INBOUND

# -- touches -------------------------------------------------------------------------------


def test_recent_touches_are_the_contacts_newest_first(ledger: Ledger) -> None:
    dana, sam = add_person(ledger), add_person(ledger, "Sam Lee")
    old = touch(ledger, dana, T0 - DAY)
    new = touch(ledger, dana, T0, IN)
    same_time = touch(ledger, dana, T0)
    touch(ledger, sam, T0 + HOUR)
    assert ledger.recent_touches(saved_id(dana.id), 10) == [same_time, new, old]
    assert ledger.recent_touches(saved_id(dana.id), 2) == [same_time, new]


def test_a_touch_for_nobody_is_refused(ledger: Ledger) -> None:
    with pytest.raises(NotFound):
        touch(ledger, Contact("Ghost", id=41), T0)


def test_contacts_touched_since_are_the_outbound_ones_most_recent_first(ledger: Ledger) -> None:
    dana, sam, lee, kim = (add_person(ledger, n) for n in ("Dana", "Sam", "Lee", "Kim"))
    touch(ledger, dana, T0 - DAY)
    touch(ledger, sam, T0 - HOUR)
    touch(ledger, dana, T0)
    touch(ledger, lee, T0 + HOUR, IN)
    touch(ledger, kim, T0 - DAY - HOUR)
    assert ledger.contacts_touched_since(T0 - DAY, 10) == [dana, sam]
    assert ledger.contacts_touched_since(T0 - DAY, 1) == [dana]


# -- the guard's facts ---------------------------------------------------------------------


def test_guard_facts_count_outbound_touches_in_each_window(ledger: Ledger) -> None:
    dana = add_person(ledger)
    for ago in (40 * DAY, 20 * DAY, 3 * DAY, 2 * HOUR):
        touch(ledger, dana, T0 - ago)
    touch(ledger, dana, T0 - 25 * DAY, IN)
    touch(ledger, dana, T0 - 7 * DAY, IN, Channel.CALL)
    touch(ledger, dana, T0 + HOUR)
    facts = ledger.guard_facts(dana, T0, GuardSettings())
    assert (facts.day_count, facts.week_count, facts.month_count) == (1, 2, 3)
    assert facts.recent_outbound == (T0 - 2 * HOUR, T0 - 3 * DAY, T0 - 20 * DAY, T0 - 40 * DAY)
    assert facts.unanswered_streak == 2
    assert facts.last_outbound_at == T0 - 2 * HOUR
    assert facts.last_inbound_at == T0 - 7 * DAY
    assert facts.last_conversation_at == T0 - 7 * DAY


def test_a_touch_exactly_a_window_old_has_left_it(ledger: Ledger) -> None:
    dana = add_person(ledger)
    touch(ledger, dana, T0 - DAY)
    touch(ledger, dana, T0 - 7 * DAY)
    facts = ledger.guard_facts(dana, T0, GuardSettings())
    assert (facts.day_count, facts.week_count, facts.month_count) == (0, 1, 2)


def test_guard_facts_name_the_open_promise_that_falls_due_first(ledger: Ledger) -> None:
    dana = add_person(ledger)
    add_promise(ledger, dana, "kept long ago", T0 - 9 * DAY, state=PromiseState.KEPT)
    add_promise(ledger, dana, "next week", T0 + 7 * DAY)
    first = add_promise(ledger, dana, "tomorrow", T0 + DAY, snoozed_until=T0 + 3 * DAY)
    add_promise(ledger, add_person(ledger, "Sam Lee"), "someone else's", T0 - DAY)
    facts = ledger.guard_facts(dana, T0, GuardSettings())
    assert facts.pressing_promise == first
    assert facts.open_promises == 2


def test_the_company_count_follows_where_people_work_now(ledger: Ledger) -> None:
    dana = add_person(ledger, company="Acme")
    sam = add_person(ledger, "Sam Lee", company="ACME ")
    lee = add_person(ledger, "Lee Kim", company="Beta")
    touch(ledger, dana, T0 - 2 * DAY)
    touch(ledger, sam, T0 - DAY)
    touch(ledger, sam, T0 - 7 * DAY)
    touch(ledger, sam, T0 - HOUR, IN)
    touch(ledger, lee, T0 - DAY)
    facts = ledger.guard_facts(dana, T0, GuardSettings())
    assert facts.company_week_count == 2
    assert facts.company_recent_outbound == (T0 - DAY, T0 - 2 * DAY, T0 - 7 * DAY)
    ledger.update_contact(replace(sam, company="Beta"))
    assert ledger.guard_facts(dana, T0, GuardSettings()).company_week_count == 1


def test_a_company_name_of_only_marks_is_nobody_elses(ledger: Ledger) -> None:
    odd = add_person(ledger, company="\u0301")  # folds to an empty key
    touch(ledger, odd, T0 - DAY)
    touch(ledger, add_person(ledger, "Sam Lee", company="\u0300"), T0 - HOUR)
    touch(ledger, add_person(ledger, "Lee Kim"), T0 - HOUR)
    facts = ledger.guard_facts(odd, T0, GuardSettings())
    assert (facts.company_week_count, facts.company_recent_outbound) == (1, (T0 - DAY,))


def test_a_new_contact_has_no_touches_but_their_company_counts(ledger: Ledger) -> None:
    touch(ledger, add_person(ledger, company="Acme"), T0 - DAY)
    facts = ledger.guard_facts(Contact("New Person", company="acme"), T0, GuardSettings())
    assert (facts.day_count, facts.open_promises, facts.company_week_count) == (0, 0, 1)


# -- history and retention -----------------------------------------------------------------


def test_history_holds_everything_about_one_contact_oldest_first(ledger: Ledger) -> None:
    dana = add_person(ledger)
    later = add_promise(ledger, dana, "later", T0, created_at=T0 - DAY)
    earlier = add_promise(ledger, dana, "earlier", T0, created_at=T0 - 2 * DAY)
    event = ledger.add_event(PromiseEvent(saved_id(later.id), PromiseEventKind.CREATED, T0))
    second, first = touch(ledger, dana, T0), touch(ledger, dana, T0 - DAY, IN)
    add_promise(ledger, add_person(ledger, "Sam Lee"), "someone else's", T0)
    history = ledger.history(saved_id(dana.id))
    assert history.contact == dana
    assert history.promises == (earlier, later)
    assert history.events == (event,)
    assert history.touches == (first, second)
    with pytest.raises(NotFound):
        ledger.history(saved_id(dana.id) + 100)


def test_stale_contacts_are_the_longest_untouched_without_open_promises(ledger: Ledger) -> None:
    cutoff = T0 - 30 * DAY
    never = add_person(ledger, "Never Touched")  # created 90 days ago
    long_ago = add_person(ledger, "Long Ago")
    touch(ledger, long_ago, T0 - 60 * DAY)
    recent = add_person(ledger, "Recent")
    touch(ledger, recent, T0 - 60 * DAY)
    touch(ledger, recent, cutoff, IN)
    owed = add_person(ledger, "Owed")
    add_promise(ledger, owed, "send feedback", T0 - 80 * DAY)
    done = add_person(ledger, "Done")
    add_promise(ledger, done, "kept", T0 - 80 * DAY, state=PromiseState.KEPT)
    ledger.add_contact(Contact("Just Added", created_at=T0))
    assert ledger.stale_contacts(cutoff, 10) == [never, done, long_ago]
    assert ledger.stale_contacts(cutoff, 1) == [never]


def test_compacting_keeps_every_row_and_is_refused_inside_a_change(ledger: Ledger) -> None:
    dana = add_person(ledger)
    ledger.compact()
    assert ledger.list_contacts() == [dana]
    with pytest.raises(StorageError), ledger.atomic():
        ledger.compact()
    assert ledger.list_contacts() == [dana]
