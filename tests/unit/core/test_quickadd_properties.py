"""Quick add never fails with anything but BadInput, whatever is typed, and a line it accepts
for someone not on file makes a new contact only from a clean name, an e-mail or a phone."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fakes import InMemoryLedger
from trayapp.core.contacts import check_contact
from trayapp.core.errors import BadInput
from trayapp.core.matching import looks_like_email, looks_like_phone
from trayapp.core.model import Contact
from trayapp.core.names import unclean_part
from trayapp.core.quickadd.parse import (
    CallbackDraft,
    PromiseDraft,
    TouchDraft,
    parse_quick_add,
)
from trayapp.core.quickadd.when import names_its_year
from trayapp.platform.dates import DateparserWhenParser
from trayapp.services.resolve import resolve_contact

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
WHEN = DateparserWhenParser()

_WORDS = st.sampled_from(
    [
        "Dana", "Smith", "dana@acme.com", "+44", "7700", "900123", ":", "-", "called", "call",
        "vm", "re", "by", "on", "at", "fri", "3pm", "tomorrow", "next", "tue", "10:00", "in",
        "two", "weeks", "said", "no", "me", "back", "replied", "eod", "2026-12-01T10:00Z",
        "feb", "30", "99:99", "yesterday", "linkedin", "messaged", "José", "\u200b", "ǅ",
        "(Acme)", "dana@", "@", "25:00", "25pm", "O'Neil", "Mary-Jane", "J.", "\u202e", "said",
        "yes", "13/45", "9999-12-31", "blah", "555-010-2030", "Dr.", "Smith,",
    ]
)  # fmt: skip
LINES = st.one_of(
    st.text(max_size=600),
    st.lists(_WORDS, max_size=14).map(" ".join),
    st.text(alphabet=st.characters(max_codepoint=0x3000), min_size=480, max_size=520),
)


def _new_contact(text: str) -> Contact | None:
    """The contact quick add would create for ``text``, ``None`` when it would refuse."""
    try:
        new = resolve_contact(text, InMemoryLedger()).new_contact()
        return None if new is None else check_contact(new)
    except BadInput as error:
        assert error.message
        return None


def _read(line: str, now: datetime) -> None:
    try:
        draft = parse_quick_add(line, now=now, tz=LONDON, when=WHEN, end_of_day=time(18, 0))
    except BadInput as error:
        assert error.message
        return
    assert draft.contact_ref.text.strip()
    new = _new_contact(draft.contact_ref.text)
    if new is not None:
        if new.email:
            assert looks_like_email(new.email)
        elif new.phone:
            assert looks_like_phone(new.phone) and new.name == new.phone
        else:
            assert unclean_part(new.name) == "", new.name
    if isinstance(draft, PromiseDraft | CallbackDraft):
        # Ahead, or a promise already owed: a past date that spells out the year it was read as.
        owed = isinstance(draft, PromiseDraft) and names_its_year(
            draft.due_text, draft.due_at.astimezone(LONDON).year
        )
        assert draft.due_at > now or owed, draft
        assert draft.due_at.tzinfo is UTC
    if isinstance(draft, TouchDraft) and draft.at is not None:
        assert draft.at <= now


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
@example("A: 0 2000-01-01S0000 YESTERDAY")  # names a year, but was read as yesterday
@example("Dana: send the shortlist 15 July 2025")  # a promise already owed
def test_any_line_is_a_draft_or_bad_input(line: str) -> None:
    _read(line, NOW)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=10).map(" ".join),
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
)
def test_any_moment_is_fine(line: str, now: datetime) -> None:
    _read(line, now)
