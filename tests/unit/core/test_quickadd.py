"""Quick add: every form of line, its dates, and the messages for what cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import FakeWhenParser
from trayapp.core.errors import BadInput
from trayapp.core.model import Channel, Direction
from trayapp.core.ports import ParsedWhen
from trayapp.core.quickadd.parse import (
    CallbackDraft,
    ContactRef,
    DoNotContactDraft,
    Draft,
    LookupDraft,
    PromiseDraft,
    RefKind,
    TouchDraft,
    UnreadLine,
    parse_quick_add,
)
from trayapp.platform.dates import DateparserWhenParser

LONDON = ZoneInfo("Europe/London")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)
WORK_END = time(18, 0)
WHEN = DateparserWhenParser()


def parse(line: str, now: datetime = SUNDAY) -> Draft:
    return parse_quick_add(line, now=now, tz=LONDON, when=WHEN, end_of_day=WORK_END)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def failure(line: str, now: datetime = SUNDAY) -> UnreadLine:
    with pytest.raises(UnreadLine) as caught:
        parse(line, now)
    return caught.value


# -- promises ------------------------------------------------------------------------------


def test_named_promise_with_day_and_time() -> None:
    assert parse("Dana Smith: send Acme feedback by fri 3pm") == PromiseDraft(
        ContactRef("Dana Smith"), "send Acme feedback", utc(2026, 11, 27, 15, 0), "fri 3pm"
    )


def test_a_day_alone_is_due_at_the_end_of_that_working_day() -> None:
    draft = parse("Dana Smith: send Acme feedback by fri")
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == utc(2026, 11, 27, 18, 0)
    assert draft.due_text == "fri"


def test_dash_form_keeps_on_inside_the_what() -> None:
    assert parse("Dana - feedback on Acme interview tomorrow") == PromiseDraft(
        ContactRef("Dana"), "feedback on Acme interview", utc(2026, 11, 23, 18, 0), "tomorrow"
    )


def test_promise_to_call() -> None:
    assert parse("call Dana re offer next tue 10:00") == PromiseDraft(
        ContactRef("Dana"), "call re offer", utc(2026, 11, 24, 10, 0), "next tue 10:00"
    )


@pytest.mark.parametrize(
    ("line", "who", "what"),
    [
        ("email Dana the contract by fri", "Dana", "email the contract"),
        ("get back to Dana Smith by fri", "Dana Smith", "get back"),
        ("follow up with dana@acme.com re CV fri", "dana@acme.com", "follow up re CV"),
        ("text Dana fri", "Dana", "text"),
    ],
)
def test_promise_verbs(line: str, who: str, what: str) -> None:
    draft = parse(line)
    assert isinstance(draft, PromiseDraft)
    assert (draft.contact_ref.text, draft.what, draft.due_at) == (
        who,
        what,
        utc(2026, 11, 27, 18, 0),
    )


def test_dates_in_iso_8601_and_in_the_users_zone_across_dst() -> None:
    # 1 June is summer time: 10:00 London is 09:00 UTC.
    draft = parse("Dana: send offer by 2027-06-01T10:00")
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == utc(2027, 6, 1, 9, 0)
    draft = parse("Dana: send offer 2027-06-01")
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == utc(2027, 6, 1, 17, 0)


def test_end_of_day_words() -> None:
    draft = parse("get back to Dana by eod")
    assert isinstance(draft, PromiseDraft)
    assert (draft.what, draft.due_at) == ("get back", utc(2026, 11, 22, 18, 0))
    draft = parse("Dana: send CV end of day fri")
    assert isinstance(draft, PromiseDraft)
    assert (draft.what, draft.due_at) == ("send CV", utc(2026, 11, 27, 18, 0))


def test_on_a_friday_a_time_later_today_is_today() -> None:
    draft = parse("Dana: send feedback by fri 3pm", FRIDAY)
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == utc(2026, 11, 27, 15, 0)


FRIDAY_EVENING = datetime(2026, 11, 27, 19, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("line", "now", "due"),
    [
        # A weekday naming today is today while its moment is still ahead...
        ("Dana: send feedback by fri", FRIDAY, utc(2026, 11, 27, 18, 0)),
        ("Dana: send feedback by fri 3pm", FRIDAY, utc(2026, 11, 27, 15, 0)),
        ("Dana: send feedback by friday at 3pm", FRIDAY, utc(2026, 11, 27, 15, 0)),
        # ...and next week's once it has passed, or when "next" says so.
        ("Dana: send feedback by fri 9am", FRIDAY, utc(2026, 12, 4, 9, 0)),
        ("Dana: send feedback by fri", FRIDAY_EVENING, utc(2026, 12, 4, 18, 0)),
        ("Dana: send feedback by next fri", FRIDAY, utc(2026, 12, 4, 18, 0)),
        ("Dana: send feedback by sat", FRIDAY, utc(2026, 11, 28, 18, 0)),
    ],
)
def test_a_weekday_naming_today(line: str, now: datetime, due: datetime) -> None:
    draft = parse(line, now)
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == due


def test_a_touch_on_a_weekday_naming_today() -> None:
    draft = parse("called Dana fri 9am", FRIDAY)
    assert isinstance(draft, TouchDraft)
    assert draft.at == utc(2026, 11, 27, 9, 0)
    draft = parse("called Dana fri 3pm", FRIDAY)
    assert isinstance(draft, TouchDraft)
    assert draft.at == utc(2026, 11, 20, 15, 0)


def test_accents_and_trailing_punctuation() -> None:
    draft = parse("José Álvarez: send offer in 3 days.")
    assert isinstance(draft, PromiseDraft)
    assert (draft.contact_ref.text, draft.what, draft.due_text) == (
        "José Álvarez",
        "send offer",
        "in 3 days",
    )


# -- touches -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "who", "channel", "note"),
    [
        ("called Dana", "Dana", Channel.CALL, ""),
        ("called Dana Smith about the offer", "Dana Smith", Channel.CALL, "the offer"),
        ("vm Dana re Acme", "Dana", Channel.VOICEMAIL, "Acme"),
        ("left a voicemail for Dana", "Dana", Channel.VOICEMAIL, ""),
        ("emailed dana@acme.com", "dana@acme.com", Channel.EMAIL, ""),
        ("linkedin Dana", "Dana", Channel.LINKEDIN, ""),
        ("messaged Dana on linkedin", "Dana", Channel.LINKEDIN, ""),
        ("messaged Dana", "Dana", Channel.OTHER, ""),
        ("texted Dana", "Dana", Channel.SMS, ""),
        ("met Dana", "Dana", Channel.MEETING, ""),
        ("Called +44 7700 900123", "+44 7700 900123", Channel.CALL, ""),
    ],
)
def test_outbound_touches(line: str, who: str, channel: Channel, note: str) -> None:
    assert parse(line) == TouchDraft(ContactRef(who), channel, Direction.OUTBOUND, note)


@pytest.mark.parametrize(
    ("line", "channel", "note"),
    [
        ("Dana replied", Channel.OTHER, ""),
        ("Dana called", Channel.CALL, ""),
        ("Dana emailed", Channel.EMAIL, ""),
        ("Dana replied on linkedin", Channel.LINKEDIN, ""),
        ("Dana got back to me re offer", Channel.OTHER, "offer"),
        ("Dana left a voicemail", Channel.VOICEMAIL, ""),
    ],
)
def test_inbound_touches(line: str, channel: Channel, note: str) -> None:
    assert parse(line) == TouchDraft(ContactRef("Dana"), channel, Direction.INBOUND, note)


def test_inbound_with_a_full_name() -> None:
    draft = parse("Dana Smith texted")
    assert draft == TouchDraft(ContactRef("Dana Smith"), Channel.SMS, Direction.INBOUND)


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("called Dana yesterday", utc(2026, 11, 21, 10, 0)),
        ("called Dana yesterday 4pm", utc(2026, 11, 21, 16, 0)),
        ("called Dana on friday", utc(2026, 11, 20, 10, 0)),
        ("called Dana at 9am", utc(2026, 11, 22, 9, 0)),
        ("Dana replied re offer yesterday 4pm", utc(2026, 11, 21, 16, 0)),
    ],
)
def test_a_touch_can_say_when_it_happened(line: str, at: datetime) -> None:
    draft = parse(line)
    assert isinstance(draft, TouchDraft)
    assert draft.contact_ref == ContactRef("Dana")
    assert draft.at == at


def test_a_touch_in_the_future_is_refused() -> None:
    assert "in the future" in failure("called Dana tomorrow").message


# -- said no, call me back, lookup ---------------------------------------------------------


def test_said_no() -> None:
    assert parse("Dana said no") == DoNotContactDraft(ContactRef("Dana"), "said no")
    draft = parse("Dana Smith said no thanks, found a role")
    assert draft == DoNotContactDraft(ContactRef("Dana Smith"), "said no", note="found a role")
    assert parse("Dana: not interested") == DoNotContactDraft(ContactRef("Dana"))


def test_call_me_back() -> None:
    draft = parse("Dana: call me back in two weeks")
    assert draft == CallbackDraft(
        ContactRef("Dana"),
        quiet_until=utc(2026, 12, 6, 0, 0),
        due_at=utc(2026, 12, 6, 18, 0),
        due_text="in two weeks",
    )
    assert isinstance(draft, CallbackDraft)
    assert (draft.what, draft.direction) == ("call back", Direction.INBOUND)


def test_call_me_back_at_a_time() -> None:
    draft = parse("Dana Smith said call me back tue 3pm")
    assert isinstance(draft, CallbackDraft)
    assert draft.quiet_until == draft.due_at == utc(2026, 11, 24, 15, 0)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Dana Smith", RefKind.NAME),
        ("dana@acme.com", RefKind.EMAIL),
        ("+44 7700 900123", RefKind.PHONE),
    ],
)
def test_a_contact_alone_is_a_lookup(line: str, kind: RefKind) -> None:
    draft = parse(line)
    assert draft == LookupDraft(ContactRef(line))
    assert draft.contact_ref.kind is kind


# -- what cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Dana Smith: send Acme feedback by flurbsday", "could not read a date in 'by flurbsday'"),
        (": send feedback by fri", "no contact named before ':'"),
        ("Dana Smith: send Acme feedback", "say when it is due"),
        ("Dana: send it by yesterday", "that date is in the past: 'yesterday'"),
        ("Dana: tomorrow", "say what is due before the date 'tomorrow'"),
        ("Dana:", "nothing after ':'"),
        ("Dana: call me back", "say when to call back"),
        ("Dana: call me back flurb", "could not read a date in 'flurb'"),
        ("called", "no contact named after 'called'"),
        ("send feedback fri", "could not understand"),
        ("", "type something"),
        ("   \t ", "type something"),
        ("Dana: send\x00 feedback by fri", "control characters"),
        ("Dana: send feedback\nby fri", "control characters"),
        ("x" * 501, "too long"),
    ],
)
def test_what_cannot_be_read(line: str, message: str) -> None:
    assert message in failure(line).message


def test_past_due_on_the_day_after_work_end() -> None:
    late = datetime(2026, 11, 22, 19, 0, tzinfo=LONDON)
    assert "in the past" in failure("Dana: send CV eod", late).message


def test_the_error_keeps_the_contact_it_read() -> None:
    error = failure("Dana Smith: send Acme feedback by flurbsday")
    assert isinstance(error, BadInput)
    assert error.contact_ref == ContactRef("Dana Smith")
    assert failure("send feedback fri").contact_ref is None


# -- the search for the date, with a parser that knows a few phrases -----------------------


def test_the_longest_trailing_date_wins_and_the_what_is_never_sent_whole() -> None:
    at = datetime(2026, 11, 27, 15, 0, tzinfo=LONDON)
    parser = FakeWhenParser(
        {"3pm": ParsedWhen(at, True), "fri 3pm": ParsedWhen(at, True), "x fri 3pm": None}
    )
    draft = parse_quick_add(
        "Dana: a b c d e f g h fri 3pm", now=SUNDAY, tz=LONDON, when=parser, end_of_day=WORK_END
    )
    assert isinstance(draft, PromiseDraft)
    assert (draft.what, draft.due_text) == ("a b c d e f g h", "fri 3pm")
    assert all(len(asked.split()) <= 7 for asked in parser.asked)


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_quick_add(
            "called Dana",
            now=datetime(2026, 11, 22, 10, 0),
            tz=LONDON,
            when=WHEN,
            end_of_day=WORK_END,
        )


# -- every part of the line is read, or the line is refused naming the part ---------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("called dana@", "'dana@' is not an e-mail address"),
        ("emailed someone@", "'someone@' is not an e-mail address"),
        (
            "emailed dana@acme.com dana@acme.com",
            "could not read 'dana@acme.com' after 'dana@acme.com'",
        ),
        ("called Dana\u202e", "invisible formatting character (U+202E)"),
        ("called Da\u200bna", "invisible formatting character (U+200B)"),
        ("Dana said yes", "could not understand 'said yes' after 'Dana'"),
        ("Dana Smith wants coffee", "could not understand 'wants coffee' after 'Dana Smith'"),
        ("replied", "could not understand 'replied': say who first"),
        ("Dana: send x tomorrow by 25pm", "could not read 'by 25pm' after the date 'tomorrow'"),
        ("Dana: send x tomorrow at 99", "could not read 'at 99' after the date 'tomorrow'"),
        ("Dana - feedback tomorrow by 25pm", "could not read 'by 25pm' after the date 'tomorrow'"),
        ("Dana: send x tomorrow blah", "could not read 'blah' after the date 'tomorrow'"),
        ("Dana: send x by tomorrow 3pm 3pm", "could not read 'by tomorrow 3pm 3pm' as one date"),
        ("Dana: send x by 13/45", "could not read a date in 'by 13/45'"),
        ("Dana: send x by 9999-12-31", "'9999-12-31' is more than 10 years ahead"),
        ("Dana: send x by 2037-01-01", "'2037-01-01' is more than 10 years ahead"),
        ("Dana: call me back 2040-01-01", "more than 10 years ahead"),
    ],
)
def test_a_part_not_read_is_named(line: str, message: str) -> None:
    assert message in failure(line).message


def test_ten_years_ahead_is_still_a_date() -> None:
    draft = parse("Dana: send x by 2036-11-01")
    assert isinstance(draft, PromiseDraft)
    assert draft.due_at == utc(2036, 11, 1, 18, 0)


@pytest.mark.parametrize(
    ("line", "direction", "note"),
    [
        ("called Dana yesterday re offer", Direction.OUTBOUND, "offer"),
        ("called Dana yesterday", Direction.OUTBOUND, ""),
        ("Dana replied yesterday re offer", Direction.INBOUND, "offer"),
    ],
)
def test_when_a_touch_happened_before_its_note(line: str, direction: Direction, note: str) -> None:
    draft = parse(line)
    assert isinstance(draft, TouchDraft)
    assert (draft.contact_ref, draft.direction, draft.note) == (ContactRef("Dana"), direction, note)
    assert draft.at == utc(2026, 11, 21, 10, 0)


@pytest.mark.parametrize(
    "line",
    [
        "Dana Smith: send Acme feedback by fri 3pm",
        "Dana - feedback on Acme interview tomorrow",
        "call Dana re offer next tue 10:00",
        "called Dana",
        "vm Dana re Acme",
        "emailed dana@acme.com",
        "linkedin Dana",
        "Dana replied",
        "Dana said no",
        "Dana: call me back in two weeks",
        "Dana Smith (Acme): send feedback by fri",
        "called Mary-Jane O'Neil",
        "Dana: send the 3pm slot details by fri",
        "Dana: send 2 CVs by tomorrow 9am",
    ],
)
def test_the_forms_recruiters_type_are_read(line: str) -> None:
    assert not isinstance(parse(line), LookupDraft)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("called Dana on feb 30", "could not read a date in 'on feb 30'"),
        ("called Dana on 25:00 re offer", "could not read a date in 'on 25:00'"),
        ("Dana replied 25pm", "could not read a date in '25pm'"),
        ("Dana replied on feb 30", "could not read a date in 'on feb 30'"),
    ],
)
def test_a_when_that_is_no_date_is_not_kept_as_the_note(line: str, message: str) -> None:
    assert message in failure(line).message


@pytest.mark.parametrize(
    ("line", "note", "at"),
    [
        ("called Dana on friday re offer", "offer", utc(2026, 11, 20, 10, 0)),
        ("called Dana about the 3pm slot", "the 3pm slot", None),
        ("met Dana for coffee", "for coffee", None),
        ("talked to Dana on Acme role", "on Acme role", None),
        ("Dana replied with 2 questions", "with 2 questions", None),
    ],
)
def test_notes_and_whens_after_the_contact(line: str, note: str, at: datetime | None) -> None:
    draft = parse(line)
    assert isinstance(draft, TouchDraft)
    assert (draft.contact_ref, draft.note, draft.at) == (ContactRef("Dana"), note, at)
