"""Quick add: ``waiting on Dana re offer until tue`` is a wait for Dana's reply."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.quickadd.parse import (
    ContactRef,
    Draft,
    PromiseDraft,
    UnreadLine,
    WaitDraft,
    parse_quick_add,
)
from trayapp.platform.dates import DateparserWhenParser

LONDON = ZoneInfo("Europe/London")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
WHEN = DateparserWhenParser()
TUESDAY_18 = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
FRIDAY_15 = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def parse(line: str) -> Draft:
    return parse_quick_add(line, now=SUNDAY, tz=LONDON, when=WHEN, end_of_day=time(18, 0))


@pytest.mark.parametrize(
    ("line", "who", "about", "until"),
    [
        ("waiting on Dana re offer until tue", "Dana", "offer", TUESDAY_18),
        ("Waiting for Dana Smith about the offer till tue", "Dana Smith", "the offer", TUESDAY_18),
        ("wait for Dana until fri 3pm", "Dana", "", FRIDAY_15),
        (
            "awaiting dana@acme.example re contract by fri 3pm",
            "dana@acme.example",
            "contract",
            FRIDAY_15,
        ),
        ("waiting on Dana re offer until tue.", "Dana", "offer", TUESDAY_18),
    ],
)
def test_a_wait_is_read(line: str, who: str, about: str, until: datetime) -> None:
    draft = parse(line)
    assert isinstance(draft, WaitDraft)
    assert (draft.contact_ref, draft.about, draft.until) == (ContactRef(who), about, until)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("waiting on Dana re offer", "say until when to wait"),
        ("waiting on Dana until last tue", "in the past"),
        ("waiting on", "no contact"),
        ("waiting on until tue", "no contact"),
    ],
)
def test_a_wait_without_a_time_ahead_or_a_contact_is_refused(line: str, problem: str) -> None:
    with pytest.raises(UnreadLine, match=problem):
        parse(line)


def test_a_promise_about_waiting_is_still_a_promise() -> None:
    draft = parse("Dana: chase the waiting list by fri 3pm")
    assert isinstance(draft, PromiseDraft) and draft.what == "chase the waiting list"
