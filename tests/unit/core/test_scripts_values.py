"""Placeholder values in words, and rendering that never crashes nor injects placeholders."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes import FakeTemplateSource
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Contact, Promise, Role
from trayapp.core.scripts.library import (
    Audience,
    ScriptChannel,
    ScriptLibrary,
    ScriptValues,
    Tier,
    lateness_words,
)
from trayapp.core.scripts.template import MAX_VALUE, PLACEHOLDERS, clean_value
from trayapp.core.scripts.values import date_words, due_words, topic_words
from trayapp.core.settings import Settings

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "scripts"
BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2025, 11, 30, 10, 0, tzinfo=UTC)


LIBRARY = ScriptLibrary.load(
    FakeTemplateSource({p.name: p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.toml")})
)


def test_placeholders_match_the_value_fields() -> None:
    assert tuple(f.name for f in dataclasses.fields(ScriptValues)) == PLACEHOLDERS


def test_from_promise_spells_dates_in_the_users_zone() -> None:
    due = datetime(2025, 11, 27, 14, 0, tzinfo=UTC)  # 15:00 in Berlin
    p = Promise(contact_id=1, what="Send Acme feedback", due_at=due, created_at=due, id=1)
    contact = Contact(name="Dana  Smith", company="Acme", role=Role.CLIENT)
    me = Settings(my_name="Sam Lee", my_company="Northwind")
    values = ScriptValues.from_promise(p, contact, me, AT, BERLIN)
    assert values == ScriptValues(
        first_name="Dana",
        name="Dana  Smith",
        my_name="Sam Lee",
        my_company="Northwind",
        topic="send Acme feedback",
        promised_on="Thursday 27 November",
        due="Thursday 27 November at 15:00",
        days_late="2",
        time_late="2 days",
        company="Acme",
    )
    assert values.as_mapping()["name"] == "Dana Smith"


def test_from_promise_on_time_and_without_promise() -> None:
    due = AT + timedelta(days=3)
    p = Promise(contact_id=1, what="call back", due_at=due, created_at=AT, id=1)
    values = ScriptValues.from_promise(p, Contact(name=""), Settings(), AT, BERLIN)
    assert (values.days_late, values.time_late, values.first_name) == ("", "", "")
    assert values.promised_on == "Wednesday 3 December"
    hours_late = ScriptValues.from_promise(
        p, Contact(name="x"), Settings(), due + timedelta(hours=5), BERLIN
    )
    assert (hours_late.days_late, hours_late.time_late) == ("", "5 hours")
    none = ScriptValues.from_promise(None, Contact(name="Dana"), Settings(), AT, BERLIN)
    assert none == ScriptValues(first_name="Dana", name="Dana")


def test_year_old_promise_values_and_apology() -> None:
    due = datetime(2024, 11, 15, 23, 0, tzinfo=UTC)  # midnight in Berlin: a date, no time
    p = Promise(contact_id=1, what="pass your details on", due_at=due, created_at=due, id=1)
    values = ScriptValues.from_promise(p, Contact(name="Ola"), Settings(my_name="Sam"), AT, BERLIN)
    assert values.promised_on == "Saturday 16 November 2024"
    assert values.due == "Saturday 16 November 2024"
    assert values.time_late == "about a year"
    out = LIBRARY.render(
        Situation.OVERDUE_APOLOGY, Tier.MONTHS, ScriptChannel.EMAIL, Audience.CANDIDATE, values
    )
    assert "This message is about a year late." in out.body
    assert "I promised to pass your details on by Saturday 16 November 2024" in out.body


def test_words() -> None:
    assert date_words(datetime(2026, 1, 2, tzinfo=UTC), BERLIN, AT) == "Friday 2 January 2026"
    assert due_words(datetime(2025, 12, 1, 8, 30, tzinfo=UTC), BERLIN, AT) == (
        "Monday 1 December at 09:30"
    )
    cases = {
        10: "less than an hour",
        3600: "an hour",
        3 * 3600: "3 hours",
        86400: "a day",
        5 * 86400: "5 days",
        15 * 86400: "2 weeks",
        75 * 86400: "2 months",
        200 * 86400: "7 months",
        365 * 86400: "about a year",
        800 * 86400: "about 2 years",
    }
    for seconds, words in cases.items():
        assert lateness_words(seconds) == words
    assert topic_words("Send  Acme feedback") == "send Acme feedback"
    assert topic_words("Acme feedback") == "Acme feedback"
    assert topic_words("CALL Dana") == "CALL Dana"


def test_clean_value_flattens_strips_and_truncates() -> None:
    assert clean_value(" a\nb\r\n\tc\x00\x1b[31m\u202e ") == "a b c[31m"
    long = clean_value("x" * 5000)
    assert len(long) == MAX_VALUE
    assert long.endswith("…")


hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["{my_name}", "{{", "}", "{0}", "||", "{first_name.__class__}", "%s"]),
    st.text(alphabet="{}|\n\\x", max_size=50),
    st.just("é" * 10_000),
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.builds(ScriptValues, **dict.fromkeys(PLACEHOLDERS, hostile_text)),
    case=st.tuples(
        st.sampled_from(list(Situation)),
        st.sampled_from(list(Tier)),
        st.sampled_from(list(ScriptChannel)),
        st.sampled_from(list(Audience)),
    ),
)
def test_any_values_render_without_crash_or_injection(
    values: ScriptValues, case: tuple[Situation, Tier, ScriptChannel, Audience]
) -> None:
    situation, tier, channel, audience = case
    out = LIBRARY.render(situation, tier, channel, audience, values)
    text = out.subject + out.body
    assert out.body
    assert out.body.startswith("Hi ")
    assert len(text) < 4000 + 20 * MAX_VALUE
    # Swapping braces and bars inside the values changes nothing but those characters:
    # a value is never read as template syntax.
    swap = str.maketrans("{}|", "()!")
    tame = ScriptValues(**{n: getattr(values, n).translate(swap) for n in PLACEHOLDERS})
    tamed = LIBRARY.render(situation, tier, channel, audience, tame)
    assert (out.subject.translate(swap), out.body.translate(swap)) == (tamed.subject, tamed.body)
    assert "{" not in tamed.subject + tamed.body


def test_value_holding_a_placeholder_is_not_expanded() -> None:
    values = ScriptValues(first_name="{my_name}", my_name="Sam", topic="{topic} || {{x}}")
    out = LIBRARY.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, values)
    assert out.body.startswith("Hi {my_name},")
    assert "I said I'd {topic} || {{x}}." in out.body


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Dana Smith", "Dana"),
        ("Smith, Dana", "Dana"),
        ("Smith, Dana Marie", "Dana"),
        ("Dr. Dana Smith", "Dana"),
        ("dr Dana Smith", "Dana"),
        ("Ms Dana", "Dana"),
        ("Mr X", ""),
        ("Dr.", ""),
        ("J. Smith", ""),
        ("O'Neil", "O'Neil"),
        ("Jean-Luc Picard", "Jean-Luc"),
        ("José Álvarez", "José"),
        ("info@acme.com", ""),
        ("+44 7700 900123", ""),
        ("Info", ""),
        ("Jdoe123", ""),
        ("-", ""),
    ],
)
def test_the_name_a_greeting_uses(name: str, first: str) -> None:
    assert Contact(name=name).first_name == first
    assert ScriptValues.for_contact(Contact(name=name), Settings()).first_name == first


@pytest.mark.parametrize("name", ["Smith, Dana", "Dr. Dana Smith", "Mr X", "info@acme.com"])
def test_odd_names_never_make_an_odd_greeting(name: str) -> None:
    contact = Contact(name=name, company="Acme", role=Role.CANDIDATE)
    values = ScriptValues.for_contact(contact, Settings(my_name="Sam"))
    out = LIBRARY.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CANDIDATE, values)
    greeting = out.body.splitlines()[0]
    assert greeting in ("Hi Dana,", "Hi there,"), greeting
