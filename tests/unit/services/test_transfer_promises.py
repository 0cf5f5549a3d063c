"""Importing promises from CSV: the columns a spreadsheet of follow-ups has, late promises, states,
duplicates, and all or nothing — against the in-memory ledger."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import FakeWhenParser, InMemoryLedger
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact, PromiseState
from trayapp.core.ports import ParsedWhen
from trayapp.core.settings import Settings
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.context import Context
from trayapp.services.transfer.promises import import_promises

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
DATES: dict[str, ParsedWhen | None] = {
    "2025-07-15": ParsedWhen(datetime(2025, 7, 15, tzinfo=UTC), has_time=False),
    "2025-06-20": ParsedWhen(datetime(2025, 6, 20, tzinfo=UTC), has_time=False),
    "2026-12-01": ParsedWhen(datetime(2026, 12, 1, tzinfo=UTC), has_time=False),
    "2026-10-01": ParsedWhen(datetime(2026, 10, 1, tzinfo=UTC), has_time=False),
    "2026-10-02": ParsedWhen(datetime(2026, 10, 2, tzinfo=UTC), has_time=False),
}


@pytest.fixture
def ctx() -> Context:
    zone = ZoneInfo("UTC")
    made = Context(
        InMemoryLedger(),
        FixedClock(NOW),
        Settings(),
        zone,
        FakeWhenParser(DATES),
        LibPhoneNumbers("GB"),
    )
    made.ledger.add_contact(Contact(name="Dana Smith", email="dana@acme.example"))
    made.ledger.add_contact(Contact(name="Lee Park"))
    return made


def load(ctx: Context, text: str) -> tuple[int, int, list[tuple[int, str, str]]]:
    report = import_promises(ctx, text.encode())
    return report.added, report.unchanged, [(p.row, p.field, p.message) for p in report.skipped]


def test_header_aliases_and_a_promise_already_owed(ctx: Context) -> None:
    text = (
        "Candidate,Follow-up,Deadline,Promised on\nDana Smith,send the deck,2025-07-15,2025-06-20\n"
    )
    report = import_promises(ctx, text.encode())
    assert (report.added, report.skipped) == (1, ())
    [(row, promise)] = report.late
    assert row == 2
    assert promise.what == "send the deck"
    assert promise.created_at == datetime(2025, 6, 20, 18, 0, tzinfo=UTC)  # end of that day
    assert promise.state is PromiseState.OPEN


def test_one_refused_row_saves_nothing(ctx: Context) -> None:
    text = (
        "contact,what,due\n"
        "Dana Smith,send the deck,2026-12-01\n"
        "Nobody,call back,2026-12-01\n"
        "Lee Park,send notes,soon-ish\n"
    )
    added, _, refused = load(ctx, text)
    assert added == 0
    assert [(row, field) for row, field, _ in refused] == [(3, "contact"), (4, "due")]
    assert "add or import the contact first" in refused[0][2]
    assert ctx.ledger.list_promises([PromiseState.OPEN]) == []


def test_kept_and_released_rows_need_their_date_and_reason(ctx: Context) -> None:
    text = (
        "contact,what,due,state,closed,reason\n"
        "Dana Smith,send the deck,2026-10-01,done,2026-10-02,\n"
        "Lee Park,send notes,2026-10-01,released,2026-10-02,role filled\n"
    )
    assert load(ctx, text) == (2, 0, [])
    closed = ctx.ledger.list_promises([PromiseState.KEPT, PromiseState.RELEASED])
    states = sorted((p.what, p.state.value, p.release_reason) for p in closed)
    assert states == [("send notes", "released", "role filled"), ("send the deck", "kept", "")]
    kept = next(p for p in closed if p.state is PromiseState.KEPT)
    assert kept.created_at <= kept.due_at  # made by its due date when the row does not say
    refused = load(ctx, "contact,what,due,state\nDana Smith,call,2026-10-01,kept\n")[2]
    assert refused == [(2, "closed", "a kept promise needs the date it was kept")]


def test_a_second_import_adds_nothing_twice(ctx: Context) -> None:
    row = "Dana Smith,send the deck,2026-12-01\n"
    text = f"contact,what,due\n{row}{row}"
    assert load(ctx, text) == (1, 1, [])
    assert load(ctx, text) == (0, 2, [])


def test_a_file_without_its_columns_is_refused(ctx: Context) -> None:
    with pytest.raises(BadInput, match="no due column"):
        import_promises(ctx, b"contact,what\nDana Smith,x\n")
