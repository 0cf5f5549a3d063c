"""Quick add: a leading or trailing "!" or the word "urgent" makes a promise urgent."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.model import Channel
from trayapp.core.quickadd.parse import (
    CallbackDraft,
    ContactRef,
    Draft,
    LookupDraft,
    PromiseDraft,
    TouchDraft,
    UnreadLine,
    parse_quick_add,
)
from trayapp.platform.dates import DateparserWhenParser

LONDON = ZoneInfo("Europe/London")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
WHEN = DateparserWhenParser()
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def parse(line: str) -> Draft:
    return parse_quick_add(line, now=SUNDAY, tz=LONDON, when=WHEN, end_of_day=time(18, 0))


@pytest.mark.parametrize(
    "line",
    [
        "Dana Smith: send offer by 9am urgent",
        "Dana Smith: send offer tomorrow 9am URGENT.",
        "! Dana Smith: send offer tomorrow 9am",
        "!Dana Smith: send offer tomorrow 9am",
        "urgent Dana Smith: send offer tomorrow 9am",
        "urgent: Dana Smith: send offer tomorrow 9am",
        "Dana Smith: send offer tomorrow 9am!",
        "Dana Smith: send offer tomorrow 9am !",
        "Dana Smith - send offer tomorrow 9am!!",
    ],
)
def test_marked_promises_are_urgent(line: str) -> None:
    draft = parse(line)
    assert isinstance(draft, PromiseDraft)
    assert (draft.contact_ref, draft.what, draft.due_at) == (
        ContactRef("Dana Smith"),
        "send offer",
        MONDAY_9,
    )
    assert draft.urgent


def test_an_unmarked_promise_is_not_urgent() -> None:
    draft = parse("Dana Smith: send offer tomorrow 9am")
    assert isinstance(draft, PromiseDraft) and not draft.urgent


def test_a_marked_call_back_is_an_urgent_promise() -> None:
    draft = parse("! Dana: call me back tomorrow 9am")
    assert isinstance(draft, CallbackDraft)
    assert (draft.due_at, draft.urgent) == (MONDAY_9, True)


def test_urgent_inside_the_what_is_part_of_it() -> None:
    draft = parse("Dana Smith: send the urgent offer tomorrow 9am")
    assert isinstance(draft, PromiseDraft)
    assert (draft.what, draft.urgent) == ("send the urgent offer", False)


@pytest.mark.parametrize(
    ("line", "note"),
    [("called Dana!", ""), ("called Dana re urgent", "urgent"), ("! called Dana", "")],
)
def test_other_lines_read_as_before(line: str, note: str) -> None:
    draft = parse(line)
    assert isinstance(draft, TouchDraft)
    assert (draft.contact_ref.text, draft.channel, draft.note) == ("Dana", Channel.CALL, note)


def test_a_marked_contact_alone_is_still_a_lookup() -> None:
    assert parse("Dana Smith!") == LookupDraft(ContactRef("Dana Smith"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("! Dana Smith: send offer by 25pm", "could not read a date in 'by 25pm'"),
        ("!", "type something"),
    ],
)
def test_a_marked_line_that_cannot_be_read_says_why(line: str, message: str) -> None:
    with pytest.raises(UnreadLine, match=message):
        parse(line)
