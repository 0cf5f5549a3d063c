"""Teammates' touches to a person, as the guard reads them, equal a plain reading of every
team touch: found by any of the person's e-mail, phone and LinkedIn, a touch recorded under
two of them counted once, on both of the reads' paths (all touches at hand, or counted by the
database past the cap)."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import memory_ledger
from trayapp.core.guard.facts import recent_cap
from trayapp.core.matching import email_key, linkedin_key, phone_key
from trayapp.core.model import Contact
from trayapp.core.settings import GuardSettings
from trayapp.store import ledger_guard
from trayapp.store.rows import to_micros

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
DANA = Contact(
    "Dana Smith",
    email="dana@acme.example",
    phone="+44 20 7946 0000",
    linkedin="https://www.linkedin.com/in/dana-smith",
)
KEYS = (email_key(DANA.email), phone_key(DANA.phone), linkedin_key(DANA.linkedin))
OTHER = ("lee@acme.example", "442079461111", "in/lee")
# A team touch: which of Dana's keys it carries (else another person's), out or in, and how
# many minutes before now (a few after: a clock ahead).
TOUCHES = st.lists(
    st.tuples(
        st.tuples(st.booleans(), st.booleans(), st.booleans()),
        st.sampled_from(["out", "out", "in"]),
        st.integers(-30, 40 * 24 * 60),
    ),
    max_size=40,
)


def _at(seq: int, minutes: int) -> datetime:
    """When the ``seq``-th team touch was made: ``minutes`` before now, and no two alike."""
    return NOW - timedelta(minutes=minutes, seconds=seq)


def _insert(conn: sqlite3.Connection, rows: list[tuple[tuple[bool, ...], str, int]]) -> None:
    for seq, (carries, direction, minutes) in enumerate(rows, start=1):
        keys = [
            mine if has else other for has, mine, other in zip(carries, KEYS, OTHER, strict=True)
        ]
        at = _at(seq, minutes)
        conn.execute(
            "INSERT INTO team_touches (uid, seq, author, email_key, phone_key, linkedin_key,"
            " channel, direction, at) VALUES (?, ?, ?, ?, ?, ?, 'call', ?, ?)",
            (str(uuid.uuid4()), seq, f"kim{seq}", *keys, direction, to_micros(at)),
        )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=TOUCHES,
    has=st.tuples(st.booleans(), st.booleans(), st.booleans()).filter(any),
    cap=st.sampled_from([2, 20]),
)
def test_teammates_touches_to_a_person_are_those_of_a_plain_reading(
    rows: list[tuple[tuple[bool, ...], str, int]],
    has: tuple[bool, bool, bool],
    cap: int,
) -> None:
    gs = GuardSettings(day_limit=1, week_limit=2, month_limit=3, hard_ceiling=3)
    with memory_ledger() as ledger, pytest.MonkeyPatch.context() as patch:
        patch.setattr(ledger_guard, "TEAM_CAP", cap)
        given = (DANA.email, DANA.phone, DANA.linkedin)
        email, phone, linkedin = (v if h else "" for v, h in zip(given, has, strict=True))
        dana = ledger.add_contact(Contact(DANA.name, email=email, phone=phone, linkedin=linkedin))
        _insert(ledger._conn, rows)
        facts = ledger.guard_facts(dana, NOW, gs)

        mine = [k for k, h in zip(KEYS, has, strict=True) if h]
        found = sorted(
            (
                _at(seq, minutes)
                for seq, (carries, direction, minutes) in enumerate(rows, start=1)
                if direction == "out"
                and any(c and k in mine for c, k in zip(carries, KEYS, strict=True))
            ),
            reverse=True,
        )
        found = [at for at in found if at <= NOW]

        def since(days: int) -> list[datetime]:
            return [at for at in found if at > NOW - timedelta(days=days)]

        counts = (facts.team_day_count, facts.team_week_count, facts.team_month_count)
        assert counts == (len(since(1)), len(since(7)), len(since(30)))
        owned = since(gs.ownership_days)
        assert (facts.team_first.at if facts.team_first else None) == (owned[-1] if owned else None)
        assert [t.at for t in facts.team_recent] == since(gs.cool_off_days)[:cap]
        assert [t.at for t in facts.team_outbound] == since(30)[: recent_cap(gs)]


def test_a_person_s_team_touches_are_read_from_their_keys_indexes_alone() -> None:
    """One search per key the person has, each answered by that key's index alone (an OR of
    the keys would read every touch found from the table)."""
    with memory_ledger() as ledger:
        statements: list[str] = []
        dana = ledger.add_contact(DANA)
        _insert(ledger._conn, [((True, True, True), "out", 60)])
        ledger._conn.set_trace_callback(statements.append)
        ledger.guard_facts(dana, NOW, GuardSettings())
        ledger._conn.set_trace_callback(None)
        person = [s for s in statements if "FROM team_touches WHERE email_key" in s]
        assert len(person) == 1, statements
        plan = " / ".join(r[3] for r in ledger._conn.execute(f"EXPLAIN QUERY PLAN {person[0]}"))
        for key in ("email", "phone", "linkedin"):
            assert f"COVERING INDEX team_touches_{key}" in plan, plan
