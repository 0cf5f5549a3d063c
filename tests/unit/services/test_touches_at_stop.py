"""A touch against a stop keeps its reason, and one without a reason is refused, unsaved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import FakeWhenParser, InMemoryLedger
from trayapp.core.clock import FixedClock
from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import Level
from trayapp.core.model import Channel, Contact, Direction, PromiseState
from trayapp.core.settings import Settings
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services import quick
from trayapp.services.context import Context
from trayapp.services.promises import keep, make_promise
from trayapp.services.touches import ReasonNeeded, log_touch
from trayapp.words.verdicts import reason_needed

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.fixture
def ctx() -> Context:
    return Context(
        InMemoryLedger(),
        FixedClock(NOW),
        Settings(),
        ZoneInfo("Europe/London"),
        FakeWhenParser(),
        LibPhoneNumbers("GB"),
    )


def at_stop(ctx: Context) -> Contact:
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith"))
    return ctx.ledger.update_contact(mark_do_not_contact(dana, NOW, "asked us to stop"))


def touches(ctx: Context, contact: Contact) -> int:
    return len(ctx.ledger.history(contact.id or 0).touches)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_touch_against_stop_without_a_reason_is_refused(ctx: Context, reason: str) -> None:
    dana = at_stop(ctx)
    with pytest.raises(ReasonNeeded) as refused:
        log_touch(ctx, dana, Channel.CALL, Direction.OUTBOUND, reason=reason)
    assert isinstance(refused.value, BadInput)
    assert refused.value.verdict.level is Level.STOP
    assert touches(ctx, dana) == 0
    words = reason_needed("Dana Smith", refused.value.verdict, ctx.tz, "say why")
    assert words == "Dana Smith is at Stop (marked do not contact); to log it anyway, say why"


def test_the_reason_is_kept_with_the_touch(ctx: Context) -> None:
    dana = at_stop(ctx)
    logged = log_touch(ctx, dana, Channel.CALL, Direction.OUTBOUND, reason="she asked me to call")
    assert logged.touch.override_reason == "she asked me to call"
    assert logged.touch.over_limit and logged.needed_reason
    assert [t.override_reason for t in ctx.ledger.history(dana.id or 0).touches] == [
        "she asked me to call"
    ]


def test_an_inbound_touch_is_never_against_stop(ctx: Context) -> None:
    dana = at_stop(ctx)
    logged = log_touch(ctx, dana, Channel.CALL, Direction.INBOUND)
    assert logged.touch.override_reason == ""
    assert touches(ctx, dana) == 1


def test_quick_add_refuses_without_a_reason_and_keeps_one_given(ctx: Context) -> None:
    dana = at_stop(ctx)
    with pytest.raises(ReasonNeeded):
        quick.apply(ctx, "called Dana Smith")
    assert touches(ctx, dana) == 0
    result = quick.apply(ctx, "called Dana Smith", reason="returning her call")
    assert result.logged is not None
    assert result.logged.touch.override_reason == "returning her call"


def test_keeping_a_promise_at_stop_needs_the_reason_too(ctx: Context) -> None:
    dana = at_stop(ctx)
    owed = make_promise(ctx, dana, "send the deck", NOW + timedelta(days=2))
    assert owed.id is not None
    with pytest.raises(ReasonNeeded):
        keep(ctx, owed.id, channel=Channel.EMAIL)
    unchanged = ctx.ledger.get_promise(owed.id)
    assert unchanged is not None
    assert unchanged.state is PromiseState.OPEN
    assert touches(ctx, dana) == 0
    kept, touch = keep(ctx, owed.id, channel=Channel.EMAIL, reason="she asked for it")
    assert kept.state is PromiseState.KEPT
    assert (touch.override_reason, touch.over_limit, touch.promise_id) == (
        "she asked for it",
        True,
        owed.id,
    )
