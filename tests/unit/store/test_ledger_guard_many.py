"""The guard's facts about many people at once are the facts read for each one alone: on random
histories, at window edges, past the reads' caps, and with teammates' touches."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.store.test_ledger_guard import (
    GUARD_SETTINGS,
    HISTORIES,
    T0,
    History,
    _fill,
    draw_moment,
    memory_ledger,
)
from trayapp.core.guard.rules import judge, level_now
from trayapp.core.matching import company_key, email_key
from trayapp.core.model import Channel, Contact, Direction, Touch
from trayapp.core.settings import GuardSettings
from trayapp.store import ledger_guard, ledger_guard_many
from trayapp.store.ledger import SqliteLedger
from trayapp.store.rows import to_micros


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=HISTORIES, gs=GUARD_SETTINGS, data=st.data())
def test_facts_read_together_equal_those_read_one_by_one(
    history: History, gs: GuardSettings, data: st.DataObject
) -> None:
    with memory_ledger() as ledger:
        contacts, _touches = _fill(ledger, history)
        at = draw_moment(history, data)
        together = ledger.guard_facts_many([*contacts, Contact("Newcomer")], at, gs)
        alone = [ledger.guard_facts(c, at, gs) for c in contacts]
        assert together == alone  # the unsaved one is left out
        assert [level_now(f, gs) for f in together] == [judge(f, gs).level for f in alone]


def test_the_caps_of_the_single_reads_hold_together(
    ledger: SqliteLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (ledger_guard, ledger_guard_many):
        monkeypatch.setattr(module, "COUNT_CAP", 4)
        monkeypatch.setattr(module, "STREAK_CAP", 3)
    dana = ledger.add_contact(Contact("Dana", company="Acme"))
    sam = ledger.add_contact(Contact("Sam", company="ACME"))
    kim = ledger.add_contact(Contact("Kim", company="·"))  # a company that folds to no key
    for person in (dana, sam, kim):
        assert person.id is not None
        for hour in range(9):
            at = T0 - timedelta(hours=hour)
            ledger.add_touch(Touch(person.id, Channel.EMAIL, Direction.OUTBOUND, at))
    gs = GuardSettings(company_week_limit=6, week_limit=5)
    people = [dana, sam, kim]
    together = ledger.guard_facts_many(people, T0, gs)
    assert together == [ledger.guard_facts(c, T0, gs) for c in people]
    assert together[0].month_count == 4 and together[0].unanswered_streak == 3


def test_teammates_touches_count_the_same_together(
    conn: sqlite3.Connection, ledger: SqliteLedger
) -> None:
    dana = ledger.add_contact(Contact("Dana", company="Acme", email="dana@acme.example"))
    sam = ledger.add_contact(Contact("Sam", company="Beta", email="sam@beta.example"))
    assert dana.id is not None
    ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, T0 - timedelta(days=2)))
    rows = [
        (str(uuid.uuid4()), n, "kim7", email_key(email), company_key(company), to_micros(at))
        for n, (email, company, at) in enumerate(
            [
                ("dana@acme.example", "Acme", T0 - timedelta(hours=2)),
                ("dana@acme.example", "Acme", T0 - timedelta(days=3)),
                ("lee@acme.example", "Acme", T0 - timedelta(hours=5)),
                ("sam@beta.example", "Beta", T0 - timedelta(days=40)),
            ],
            start=1,
        )
    ]
    conn.executemany(
        "INSERT INTO team_touches (uid, seq, author, email_key, company_key, channel, direction,"
        " at) VALUES (?, ?, ?, ?, ?, 'call', 'out', ?)",
        rows,
    )
    gs = GuardSettings()
    together = ledger.guard_facts_many([dana, sam], T0, gs)
    assert together == [ledger.guard_facts(c, T0, gs) for c in (dana, sam)]
    assert together[0].team_week_count == 2 and together[0].team_company_week_count == 3
