"""The week in numbers as the ledger reads it (from the tallies its triggers keep) equals the
definition in ``core.stats``: on random promises added, changed and deleted, with instants on
the weeks' edges and around them, in zones whose weeks start off the hour of UTC."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import memory_ledger
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseState, Touch
from trayapp.core.settings import GuardSettings
from trayapp.core.stats import outcomes_of, week_edges
from trayapp.store import levels, tallies
from trayapp.store.migrations import MIGRATIONS, migrate

FIRST = date(2026, 10, 19)  # a Monday; the clocks go back in London on the 25th
EDGES = week_edges(FIRST, 4, ZoneInfo("Europe/London"))
HOUR = timedelta(hours=1)
# Weeks start at a quarter past, half past or a quarter to the hour of UTC in some zones, and
# on either side of midnight UTC; two of these change their clocks within the four weeks.
ZONES = (
    "Europe/London",
    "UTC",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "Australia/Sydney",
    "America/Los_Angeles",
)


def instants(edges: tuple[datetime, ...]) -> st.SearchStrategy[datetime]:
    """Instants before, on and between the edges, to the microsecond around each edge."""
    return st.one_of(
        st.sampled_from(edges).flatmap(
            lambda edge: st.sampled_from([edge, edge - timedelta(microseconds=1), edge + HOUR])
        ),
        st.integers(-200, 24 * 7 * 5).map(lambda hours: edges[0] + hours * HOUR),
        st.integers(-(10**11), 10**11).map(
            lambda micros: edges[2] + timedelta(microseconds=micros)
        ),
    )


def promises(edges: tuple[datetime, ...]) -> st.SearchStrategy[tuple[Any, ...]]:
    at = instants(edges)
    return st.tuples(st.sampled_from(list(PromiseState)), at, at, at)


def _promise(contact_id: int, row: tuple[Any, ...]) -> Promise:
    state, made, due, done = row
    return Promise(
        contact_id,
        "x",
        due_at=due,
        created_at=made,
        state=state,
        kept_at=done if state is PromiseState.KEPT else None,
        released_at=done if state is PromiseState.RELEASED else None,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_the_ledgers_counts_equal_the_definition(data: st.DataObject, zone: str) -> None:
    """Promises added, then some changed and some deleted: the counts kept as they are
    written equal the definition over what is left."""
    edges = week_edges(FIRST, 4, ZoneInfo(zone))
    rows = data.draw(st.lists(promises(edges), max_size=25))
    with memory_ledger() as ledger:
        saved: dict[int, Promise] = {}
        for i, row in enumerate(rows):  # each to a person of their own, deleted to delete it
            person = ledger.add_contact(Contact(f"Person {i}"))
            assert person.id is not None
            promise = ledger.add_promise(_promise(person.id, row))
            assert promise.id is not None
            saved[promise.id] = promise
        for ident in (
            data.draw(st.lists(st.sampled_from(sorted(saved)), unique=True)) if saved else ()
        ):
            owner = saved[ident].contact_id
            if data.draw(st.booleans()):
                changed = _promise(owner, data.draw(promises(edges)))
                saved[ident] = ledger.update_promise(dataclasses.replace(changed, id=ident))
            else:
                ledger.delete_contact(owner)
                del saved[ident]
        assert ledger.promise_outcomes(edges) == outcomes_of(saved.values(), edges)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(promises(EDGES), max_size=10), minutes=st.integers(1, 14))
def test_edges_off_the_quarter_hours_are_counted_from_the_promises(
    rows: list[tuple[Any, ...]], minutes: int
) -> None:
    """Spans whose edges are not on a quarter hour of UTC (a zone's offset in odd minutes)."""
    edges = tuple(edge + timedelta(minutes=minutes) for edge in EDGES)
    with memory_ledger() as ledger:
        dana = ledger.add_contact(Contact("Dana"))
        assert dana.id is not None
        saved = [ledger.add_promise(_promise(dana.id, row)) for row in rows]
        assert ledger.promise_outcomes(edges) == outcomes_of(saved, edges)


def test_a_contact_erased_takes_their_promises_out_of_the_counts() -> None:
    with memory_ledger() as ledger:
        dana, sam = ledger.add_contact(Contact("Dana")), ledger.add_contact(Contact("Sam"))
        assert dana.id is not None and sam.id is not None
        kept = (PromiseState.KEPT, EDGES[0] + HOUR, EDGES[1], EDGES[1] + HOUR)
        ledger.add_promise(_promise(dana.id, kept))
        theirs = ledger.add_promise(_promise(sam.id, kept))
        ledger.erase_contact(dana.id)
        assert ledger.promise_outcomes(EDGES) == outcomes_of([theirs], EDGES)
        assert ledger.promise_outcomes(EDGES).counts[1] == (0, 0, 1, 0)


def test_edges_are_local_mondays_in_utc() -> None:
    assert EDGES[0] == datetime(2026, 10, 18, 23, 0, tzinfo=UTC)  # summer time: UTC+1
    assert EDGES[1] == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)  # winter time: UTC


def test_a_schema_14_ledger_upgraded_starts_its_tallies_and_levels_from_its_rows() -> None:
    with memory_ledger(MIGRATIONS[:14]) as ledger:
        dana, sam = ledger.add_contact(Contact("Dana")), ledger.add_contact(Contact("Sam"))
        assert dana.id is not None and sam.id is not None
        rows = [
            (PromiseState.KEPT, EDGES[0] + HOUR, EDGES[1], EDGES[1] + HOUR),
            (PromiseState.KEPT, EDGES[1] + HOUR, EDGES[2], EDGES[1] + 2 * HOUR),
            (PromiseState.RELEASED, EDGES[2] - HOUR, EDGES[3], EDGES[3] + HOUR),
            (PromiseState.OPEN, EDGES[3] + HOUR, EDGES[4], EDGES[4]),
        ]
        saved = [ledger.add_promise(_promise(dana.id, row)) for row in rows]
        for at in (EDGES[1], EDGES[2], EDGES[3]):
            ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, at))
        ledger.add_touch(Touch(sam.id, Channel.EMAIL, Direction.INBOUND, EDGES[3]))
        migrate(ledger._conn)
        assert ledger.promise_outcomes(EDGES) == outcomes_of(saved, EDGES)
        assert ledger.promise_outcomes(EDGES).counts[1] == (2, 1, 1, 0)
        kept = ledger.kept_levels(EDGES[0], 10, EDGES[4], GuardSettings())
        assert kept.afresh and kept.to_judge == (dana.id,), "Sam was never contacted"


def test_the_figures_are_read_from_their_indexes() -> None:
    """Each query behind the figures searches the index made for it, never a whole table."""
    expected = {
        tallies._LATE: "promises_kept_late",
        levels._BOUND: "contact_levels_recent",
        levels._EVERYONE: "contact_levels_recent",
        levels._CHANGED: "contact_levels_changed",
        levels._LAPSED: "contact_levels_until",
        levels._COUNT: "contact_levels_raised",
    }
    with memory_ledger() as ledger:
        conn = ledger._conn
        for sql, index in expected.items():
            plan = [r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", [0] * sql.count("?"))]
            assert any(f"INDEX {index} " in step for step in plan), (sql, plan)
            assert not any(step.startswith("SCAN") for step in plan), (sql, plan)
