"""A search finds what a plain reading of every promise finds: on random ledgers, with the first
look shortened so that both of its steps, and the choice between them, are taken."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from string import ascii_lowercase, ascii_uppercase
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import memory_ledger
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.store import promise_search
from trayapp.store.ledger import SqliteLedger
from trayapp.store.migrations import MIGRATIONS, migrate
from trayapp.store.promise_search import TRIGRAM

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
# Few letters, in both cases (one of them not ASCII), and characters a query takes literally.
WORDS = st.text(alphabet="abAäÄ %_\\\"'", min_size=0, max_size=6)
PROMISES = st.tuples(
    st.integers(0, 5), WORDS, st.sampled_from(list(PromiseState)), st.integers(0, 8)
)


def _matches(text: str, *values: str) -> bool:
    """Case aside: of every letter from three letters on (the trigram index folds them all),
    of ASCII letters only below three (``LIKE``)."""
    if len(text) >= TRIGRAM:
        return any(text.lower() in value.lower() for value in values)
    fold = str.maketrans(ascii_uppercase, ascii_lowercase)
    return any(text.translate(fold) in value.translate(fold) for value in values)


def _expected(
    ledger: SqliteLedger, states: list[PromiseState], text: str, limit: int | None
) -> list[int]:
    found = []
    for promise in ledger.list_promises(list(PromiseState)):
        contact = ledger.get_contact(promise.contact_id)
        assert contact is not None and promise.id is not None
        if promise.state in states and _matches(text, promise.what, contact.name, contact.company):
            found.append(promise.id)
    return found if limit is None else found[:limit]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=6),
    rows=st.lists(PROMISES, min_size=0, max_size=30),
    # After the promises: people renamed (a new name, a new company) and merged into another.
    changes=st.lists(
        st.tuples(st.integers(0, 5), st.one_of(st.tuples(WORDS, WORDS), st.integers(0, 5))),
        max_size=4,
    ),
    search=st.tuples(
        st.lists(st.sampled_from(list(PromiseState)), min_size=1, unique=True),
        WORDS.filter(bool),
        st.sampled_from([1, 2, 5, None]),  # at most this many
        st.sampled_from([1, 4, 12]),  # the first look's length
    ),
)
def test_a_search_finds_what_reading_every_promise_finds(
    people: list[tuple[str, str]],
    rows: list[tuple[int, str, PromiseState, int]],
    changes: list[tuple[int, tuple[str, str] | int]],
    search: tuple[list[PromiseState], str, int | None, int],
) -> None:
    states, text, limit, first_look = search
    with memory_ledger() as ledger:
        contacts = [ledger.add_contact(Contact(name or "x", company=co)) for name, co in people]
        for who, what, state, day in rows:
            contact = contacts[who % len(contacts)]
            assert contact.id is not None
            due = T0 + timedelta(days=day)
            ledger.add_promise(Promise(contact.id, what or "y", due, T0, state=state))
        for who, change in changes:
            _change(ledger, contacts, who % len(contacts), change)
        with mock.patch.object(promise_search, "FIRST_LOOK", first_look):
            found = ledger.list_promises(states, matching=text, limit=limit)
        assert [p.id for p in found] == _expected(ledger, states, text, limit)


def _change(
    ledger: SqliteLedger, contacts: list[Contact], who: int, change: tuple[str, str] | int
) -> None:
    """Rename contact ``who`` (a name and a company), or move its promises to another."""
    contact = contacts[who]
    assert contact.id is not None
    if isinstance(change, tuple):
        name, company = change
        contacts[who] = ledger.update_contact(replace(contact, name=name or "z", company=company))
        return
    other = contacts[change % len(contacts)]
    if other.id is not None and other.id != contact.id:
        ledger.move_history(contact.id, other.id)


def test_the_first_look_walks_the_due_order_index(
    conn: sqlite3.Connection, ledger: SqliteLedger
) -> None:
    """The first step walks the promises in due order on their index, without a sort, and
    checks each one from the name and company the index holds beside it: no contact read."""
    dana = ledger.add_contact(Contact("Dana Smith", company="Acme"))
    assert dana.id is not None
    for day in range(40):
        ledger.add_promise(Promise(dana.id, "send feedback", T0 + timedelta(days=day), T0))
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    with mock.patch.object(promise_search, "FIRST_LOOK", 10):
        assert len(ledger.list_promises(list(PromiseState), matching="Da", limit=5)) == 5
        assert len(ledger.list_promises(list(PromiseState), matching="Dana", limit=5)) == 5
    conn.set_trace_callback(None)
    first = [s for s in statements if "INDEXED BY promises_due WHERE" in s]
    assert len(first) == 2
    for sql in first:
        plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING INDEX promises_due" in plan and "TEMP B-TREE" not in plan, plan
        assert "contacts" not in plan, plan


def test_letters_beyond_ascii_are_found_in_any_case_from_three_on(ledger: SqliteLedger) -> None:
    """Only the trigram index folds the case of "Ä": such a search is read from it alone, so
    the first promises due are not missed by a look that folds ASCII letters only."""
    ana = ledger.add_contact(Contact("Ana Ärger", company="Zoë & Co"))
    assert ana.id is not None
    made = [
        ledger.add_promise(Promise(ana.id, "call", T0 + timedelta(days=day), T0))
        for day in range(3)
    ]
    with mock.patch.object(promise_search, "FIRST_LOOK", 1):
        for text in ("äRGER", "ZOË", "zoë &"):
            found = ledger.list_promises(list(PromiseState), matching=text, limit=2)
            assert found == made[:2], text
        # Below three letters only ASCII letters are matched case aside.
        assert ledger.list_promises(list(PromiseState), matching="zo", limit=2) == made[:2]
        assert ledger.list_promises(list(PromiseState), matching="Ë", limit=2) == []


def test_a_renamed_or_merged_contact_is_found_by_its_name_now(ledger: SqliteLedger) -> None:
    """The name and company kept beside each promise follow the contact: renamed, its
    company changed, or merged into another, short and long searches alike find the promises
    by the name they have now, and no longer by the old one."""
    dana = ledger.add_contact(Contact("Dana Smyth", company="Acme"))
    sam = ledger.add_contact(Contact("Sam Lee", company="Initech"))
    assert dana.id is not None and sam.id is not None
    made = [
        ledger.add_promise(Promise(dana.id, "call", T0 + timedelta(days=day), T0))
        for day in range(3)
    ]
    ledger.update_contact(replace(dana, name="Dana Smith", company="Globex"))

    def found(text: str) -> list[Promise]:
        with mock.patch.object(promise_search, "FIRST_LOOK", 2):
            return ledger.list_promises(list(PromiseState), matching=text, limit=5)

    for text in ("Smith", "Globex", "ob", "th"):
        assert found(text) == made, text
    for text in ("Smyth", "Acme", "yt", "cm"):
        assert found(text) == [], text
    ledger.move_history(dana.id, sam.id)
    moved = [replace(p, contact_id=sam.id) for p in made]
    for text in ("Sam L", "Initech", "Le", "ni"):
        assert found(text) == moved, text
    for text in ("Dana", "Globex", "ob", "th"):
        assert found(text) == [], text


def test_a_schema_15_ledger_upgraded_copies_each_promise_s_contact() -> None:
    with memory_ledger(MIGRATIONS[:15]) as ledger:
        dana = ledger.add_contact(Contact("Dana Smith", company="Acme"))
        sam = ledger.add_contact(Contact("Sam Lee"))
        assert dana.id is not None and sam.id is not None
        made = [ledger.add_promise(Promise(who, "call", T0, T0)) for who in (dana.id, sam.id)]
        conn = ledger._conn
        migrate(conn)
        copies = conn.execute(
            "SELECT contact_name, contact_company FROM promises ORDER BY id"
        ).fetchall()
        assert [tuple(row) for row in copies] == [("Dana Smith", "Acme"), ("Sam Lee", "")]
        with mock.patch.object(promise_search, "FIRST_LOOK", 1):
            assert ledger.list_promises(list(PromiseState), matching="ac", limit=5) == made[:1]
            assert ledger.list_promises(list(PromiseState), matching="Lee", limit=5) == made[1:]
