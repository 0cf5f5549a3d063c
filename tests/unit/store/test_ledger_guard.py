"""The guard's facts from SQL: equal to the reference definition, and read through indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trayapp.core.guard.facts import facts_from_history
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import GuardFacts
from trayapp.core.matching import company_key
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.ports import ContactQuery
from trayapp.core.settings import GuardSettings
from trayapp.store import driver
from trayapp.store.ledger import SqliteLedger
from trayapp.store.ledger_guard import GUARD_QUERIES
from trayapp.store.migrations import MIGRATIONS, Migration, migrate

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
SPAN_MINUTES = 45 * 24 * 60  # histories over 45 days: every window both full and sliding
# Offsets that land exactly on window edges and their neighbours.
EDGES = (0, 1, -1, 24 * 60, 24 * 60 + 1, 7 * 24 * 60, 7 * 24 * 60 + 1, 30 * 24 * 60)


@contextmanager
def memory_ledger(migrations: tuple[Migration, ...] = MIGRATIONS) -> Iterator[SqliteLedger]:
    """A ledger in memory, its schema brought up to the last of ``migrations``."""
    conn = driver.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, None, migrations)
    try:
        yield SqliteLedger(conn)
    finally:
        conn.close()


# The index each guard query must search: a wrong one can still be a "SEARCH" yet walk a
# person's whole history (say, the newest conversation found through all their touches).
EXPECTED_INDEX = {
    "window_counts": "touches_contact_direction",
    "recent_outbound": "touches_contact_direction",
    "last_inbound": "touches_contact_direction",
    "last_conversation": "touches_conversation",
    "streak": "touches_contact_direction",
    "company_recent": "touches_company",
    "company_count": "touches_company",
    "pressing_promise": "promises_contact",
    "open_promises": "promises_contact",
}


def test_every_guard_query_searches_its_index(conn: sqlite3.Connection) -> None:
    assert set(EXPECTED_INDEX) == set(GUARD_QUERIES)
    for name, sql in GUARD_QUERIES.items():
        params = [1] * sql.count("?")
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        searches = [step for step in plan if " touches" in step or " promises" in step]
        assert len(searches) == 1, f"{name}: {plan}"
        assert searches[0].startswith("SEARCH"), f"{name}: {plan}"
        assert f"INDEX {EXPECTED_INDEX[name]} " in searches[0], f"{name}: {plan}"
        assert not any("TEMP B-TREE" in step for step in plan), f"{name} sorts: {plan}"


def _plans_of_calls(conn: sqlite3.Connection, *calls: Callable[[], object]) -> list[str]:
    """The query plans of the SELECTs the calls ran (SQLite passes them with their values)."""
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    try:
        for call in calls:
            call()
    finally:
        conn.set_trace_callback(None)
    selects = [sql for sql in ran if sql.lstrip().upper().startswith("SELECT")]
    assert selects
    return [
        " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in selects
    ]


def test_the_ledgers_reads_use_indexes(ledger: SqliteLedger, conn: sqlite3.Connection) -> None:
    dana = ledger.add_contact(Contact("Dana Smith", company="Acme", email="d@a.io"))
    assert dana.id is not None
    ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, T0))
    gs = GuardSettings()
    open_ = [PromiseState.OPEN]
    plans = _plans_of_calls(
        conn,
        lambda: ledger.guard_facts(dana, T0, gs),
        lambda: ledger.recent_touches(1, 5),
        lambda: ledger.contacts_touched_since(T0, 10),
        lambda: ledger.list_promises(open_, due_before=T0, limit=50),
        lambda: ledger.list_promises(open_, due_from=T0, due_before=T0 + timedelta(days=1)),
        lambda: ledger.list_promises(open_, contact_id=1),
        *(lambda by=by: ledger.find_contacts(by, "x") for by in ContactQuery),
    )
    for plan in plans:
        steps = [s for s in plan.split(" | ") if " touches" in s or " promises" in s]
        steps += [s for s in plan.split(" | ") if " contacts" in s]
        for step in steps:
            assert step.startswith("SEARCH"), plan
            assert "INDEX" in step or "INTEGER PRIMARY KEY" in step, plan


def test_an_unsaved_contact_has_only_its_companys_facts(ledger: SqliteLedger) -> None:
    dana = ledger.add_contact(Contact("Dana", company="Acme"))
    assert dana.id is not None
    ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0))
    newcomer = Contact("Sam", company="ACME ")
    facts = ledger.guard_facts(newcomer, T0 + MINUTE, GuardSettings())
    assert facts.company_week_count == 1
    assert facts.company_recent_outbound == (T0,)
    assert facts.week_count == facts.unanswered_streak == facts.open_promises == 0
    assert facts.last_outbound_at is None


def test_facts_inside_an_open_transaction_see_its_writes(ledger: SqliteLedger) -> None:
    dana = ledger.add_contact(Contact("Dana"))
    assert dana.id is not None
    with ledger.atomic():
        ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0))
        assert ledger.guard_facts(dana, T0, GuardSettings()).day_count == 1


# -- the ledger against the reference, on random histories ------------------------------


@dataclass(frozen=True)
class History:
    companies: tuple[str, ...]
    touches: tuple[tuple[int, Channel, Direction, int], ...]
    promises: tuple[tuple[int, PromiseState, int], ...]


COMPANIES = st.sampled_from(["", "Acme", "ACME ", "Beta", "  ", "Ácme", "·"])
TOUCHES = st.tuples(
    st.integers(0, 3),
    st.sampled_from(list(Channel)),
    st.sampled_from(list(Direction)),
    st.integers(0, SPAN_MINUTES),
)
PROMISES = st.tuples(st.integers(0, 3), st.sampled_from(list(PromiseState)), st.integers(-5, 50))
HISTORIES = st.builds(
    History,
    st.tuples(COMPANIES, COMPANIES, COMPANIES, COMPANIES),
    st.lists(TOUCHES, max_size=40).map(tuple),
    st.lists(PROMISES, max_size=6).map(tuple),
)
GUARD_SETTINGS = st.builds(
    GuardSettings,
    day_limit=st.integers(1, 3),
    week_limit=st.integers(1, 5),
    month_limit=st.integers(1, 8),
    hard_ceiling=st.integers(1, 9),
    company_week_limit=st.integers(0, 6),
    unanswered_streak_limit=st.integers(0, 4),
)


def _fill(ledger: SqliteLedger, history: History) -> tuple[list[Contact], list[Touch]]:
    contacts = [
        ledger.add_contact(Contact(f"Person {i}", company=name))
        for i, name in enumerate(history.companies)
    ]
    touches = []
    for who, channel, direction, minute in history.touches:
        ident = contacts[who].id
        assert ident is not None
        at = T0 + minute * MINUTE
        touches.append(ledger.add_touch(Touch(ident, channel, direction, at)))
    for who, state, due_days in history.promises:
        ident = contacts[who].id
        assert ident is not None
        due = T0 + timedelta(days=due_days)
        ledger.add_promise(Promise(ident, "x", due_at=due, created_at=T0, state=state))
    return contacts, touches


def draw_moment(history: History, data: st.DataObject) -> datetime:
    """An instant to judge at: near one of the history's touches, often on a window's edge."""
    moments = [m for *_, m in history.touches] or [0]
    base = data.draw(st.sampled_from(moments), label="near touch")
    minute = base + data.draw(st.sampled_from(EDGES) | st.integers(-100, 2000), label="shift")
    return T0 + minute * MINUTE


def _reference(
    ledger: SqliteLedger, contact: Contact, touches: list[Touch], at: datetime, gs: GuardSettings
) -> GuardFacts:
    key = company_key(contact.company)
    by_id = {c.id: c for c in ledger.list_contacts()}
    others = [t for t in touches if key and company_key(by_id[t.contact_id].company) == key]
    # An unsaved contact has no touches or promises of its own.
    own = [t for t in touches if t.contact_id == contact.id] if contact.id else []
    promises = ledger.list_promises(list(PromiseState)) if contact.id else []
    return facts_from_history(contact, own, at, gs, company_touches=others, promises=promises)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=HISTORIES, gs=GUARD_SETTINGS, data=st.data())
def test_guard_facts_equal_the_reference(
    history: History, gs: GuardSettings, data: st.DataObject
) -> None:
    with memory_ledger() as ledger:
        contacts, touches = _fill(ledger, history)
        at = draw_moment(history, data)
        who = data.draw(st.integers(0, 3), label="contact")
        unsaved = Contact("Newcomer", company=history.companies[who])
        for contact in (contacts[who], unsaved):
            expected = _reference(ledger, contact, touches, at, gs)
            actual = ledger.guard_facts(contact, at, gs)
            assert actual == expected
            assert judge(actual, gs) == judge(expected, gs)


@pytest.mark.parametrize("answer", [Direction.INBOUND, Channel.CALL, Channel.MEETING])
def test_streak_restarts_after_an_answer(ledger: SqliteLedger, answer: object) -> None:
    dana = ledger.add_contact(Contact("Dana"))
    assert dana.id is not None
    for hour in range(3):
        ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, T0 + hour * 60 * MINUTE))
    when = T0 + 3 * 60 * MINUTE
    if answer is Direction.INBOUND:
        ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.INBOUND, when))
    else:
        assert isinstance(answer, Channel)
        ledger.add_touch(Touch(dana.id, answer, Direction.OUTBOUND, when))
    ledger.add_touch(Touch(dana.id, Channel.SMS, Direction.OUTBOUND, when + MINUTE))
    facts = ledger.guard_facts(dana, when + 2 * MINUTE, GuardSettings())
    assert facts.unanswered_streak == 1
    before = ledger.guard_facts(dana, when - MINUTE, GuardSettings())
    assert before.unanswered_streak == 3, "touches after the instant judged do not exist yet"


def test_the_pressing_promise_is_the_open_one_due_first(ledger: SqliteLedger) -> None:
    dana = ledger.add_contact(Contact("Dana"))
    assert dana.id is not None

    def owe(days: int, state: PromiseState = PromiseState.OPEN, snoozes: int = 0) -> Promise:
        due = T0 + timedelta(days=days)
        return ledger.add_promise(
            Promise(dana.id or 0, "x", due, T0, state=state, snooze_count=snoozes)
        )

    owe(-30, PromiseState.KEPT)
    owe(9)
    first = owe(-2, snoozes=3)
    owe(-2)  # due at the same instant, saved later
    facts = ledger.guard_facts(dana, T0, GuardSettings())
    assert facts.pressing_promise == first
    assert facts.pressing_promise is not None and facts.pressing_promise.snooze_count == 3
    assert facts.promise_due and facts.next_due_at is None
    before = ledger.guard_facts(dana, T0 - timedelta(days=3), GuardSettings())
    assert (before.promise_due, before.next_due_at) == (False, first.due_at)
