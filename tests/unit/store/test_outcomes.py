"""The week in numbers as the ledger reads it equals the definition in ``core.stats``: on random
promises, with instants on the weeks' edges and around them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import memory_ledger
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.core.stats import outcomes_of, week_edges

FIRST = date(2026, 10, 19)  # a Monday; the clocks go back in London on the 25th
EDGES = week_edges(FIRST, 4, ZoneInfo("Europe/London"))
HOUR = timedelta(hours=1)

# Instants before, on and between the edges, to the microsecond around each edge.
INSTANTS = st.one_of(
    st.sampled_from(EDGES).flatmap(
        lambda edge: st.sampled_from([edge, edge - timedelta(microseconds=1), edge + HOUR])
    ),
    st.integers(-200, 24 * 7 * 5).map(lambda hours: EDGES[0] + hours * HOUR),
)
PROMISES = st.tuples(st.sampled_from(list(PromiseState)), INSTANTS, INSTANTS, INSTANTS)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(PROMISES, max_size=25))
def test_the_ledgers_counts_equal_the_definition(
    rows: list[tuple[PromiseState, datetime, datetime, datetime]],
) -> None:
    with memory_ledger() as ledger:
        dana = ledger.add_contact(Contact("Dana"))
        assert dana.id is not None
        saved = []
        for state, made, due, done in rows:
            promise = Promise(
                dana.id,
                "x",
                due_at=due,
                created_at=made,
                state=state,
                kept_at=done if state is PromiseState.KEPT else None,
                released_at=done if state is PromiseState.RELEASED else None,
            )
            saved.append(ledger.add_promise(promise))
        assert ledger.promise_outcomes(EDGES) == outcomes_of(saved, EDGES)


def test_edges_are_local_mondays_in_utc() -> None:
    assert EDGES[0] == datetime(2026, 10, 18, 23, 0, tzinfo=UTC)  # summer time: UTC+1
    assert EDGES[1] == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)  # winter time: UTC
