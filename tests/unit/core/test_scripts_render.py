"""The shipped scripts render cleanly for every situation, channel and audience; the library
rejects hostile templates and falls back from a broken user copy."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.fakes import FakeTemplateSource
from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import Situation
from trayapp.core.scripts.library import (
    Audience,
    ScriptChannel,
    ScriptLibrary,
    ScriptValues,
    Tier,
    script_file_name,
    script_file_names,
)

SHIPPED = Path(__file__).resolve().parents[3] / "resources" / "scripts"
FULL = ScriptValues(
    first_name="Dana",
    name="Dana Smith",
    my_name="Sam Lee",
    my_company="Northwind Talent",
    topic="send the Globex feedback",
    promised_on="Friday 27 November",
    due="Friday 27 November at 15:00",
    days_late="371",
    time_late="about a year",
    company="Globex",
)
NOTHING = ScriptValues()


def shipped_files() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.toml")}


@pytest.fixture(scope="module")
def library() -> ScriptLibrary:
    lib = ScriptLibrary.load(FakeTemplateSource(shipped_files()))
    assert lib.problems == ()
    return lib


def every_script() -> list[tuple[Situation, Tier | None, ScriptChannel, Audience]]:
    cases: list[tuple[Situation, Tier | None, ScriptChannel, Audience]] = []
    for situation, channel, audience in itertools.product(Situation, ScriptChannel, Audience):
        tiers = list(Tier) if situation is Situation.OVERDUE_APOLOGY else [None]
        cases.extend((situation, tier, channel, audience) for tier in tiers)
    return cases


def test_shipped_folder_has_exactly_the_expected_files() -> None:
    assert sorted(shipped_files()) == sorted(script_file_names())
    assert len(script_file_names()) == len(Situation) - 1 + len(Tier)


@pytest.mark.parametrize("values", [FULL, NOTHING, ScriptValues(name="   ", first_name="")])
@pytest.mark.parametrize("case", every_script())
def test_every_script_renders_cleanly(
    library: ScriptLibrary,
    values: ScriptValues,
    case: tuple[Situation, Tier | None, ScriptChannel, Audience],
) -> None:
    situation, tier, channel, audience = case
    out = library.render(situation, tier, channel, audience, values)
    assert (out.situation, out.tier, out.channel) == (situation, tier, channel)
    text = out.subject + "\n" + out.body
    assert "{" not in text
    assert "}" not in text
    assert "||" not in text
    assert "Hi ," not in text
    assert not re.search(r"[ \t][,.!?;:]", text), text
    assert "  " not in text
    assert "\n\n\n" not in out.body
    assert out.body == out.body.strip()
    assert len([line for line in out.body.splitlines() if line.strip()]) >= 2
    assert bool(out.subject) == (channel is ScriptChannel.EMAIL)
    assert "\n" not in out.subject
    if values is not FULL:
        assert out.body.startswith("Hi there")


@pytest.mark.parametrize(("situation", "tier", "channel", "audience"), every_script())
def test_scripts_use_the_values_and_stay_short(
    library: ScriptLibrary,
    situation: Situation,
    tier: Tier | None,
    channel: ScriptChannel,
    audience: Audience,
) -> None:
    out = library.render(situation, tier, channel, audience, FULL)
    assert out.body.startswith("Hi Dana")
    if channel is ScriptChannel.MESSAGE:
        assert len(out.body) <= 400
    if channel is ScriptChannel.VOICEMAIL:
        assert len(out.body.split()) <= 110  # about 45 seconds spoken
        assert "Sam Lee" in out.body


@pytest.mark.parametrize("channel", list(ScriptChannel))
@pytest.mark.parametrize("audience", list(Audience))
def test_year_old_promise_apology_says_how_late(
    library: ScriptLibrary, channel: ScriptChannel, audience: Audience
) -> None:
    out = library.render(Situation.OVERDUE_APOLOGY, Tier.MONTHS, channel, audience, FULL)
    assert "about a year" in out.body
    assert "sorry" in out.body.lower()
    assert "excuse" in out.body.lower()


def test_audiences_get_their_own_wording(library: ScriptLibrary) -> None:
    def body(aud: Audience) -> str:
        return library.render(Situation.CLOSE_OUT, None, ScriptChannel.EMAIL, aud, FULL).body

    assert body(Audience.CANDIDATE) != body(Audience.CLIENT)
    assert "Globex" in body(Audience.CLIENT)


def test_renders_with_tier_only_for_the_apology(library: ScriptLibrary) -> None:
    out = library.render(Situation.CHECK_IN, Tier.DAYS, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    assert out.tier is None
    with pytest.raises(BadInput, match="tier"):
        library.render(Situation.OVERDUE_APOLOGY, None, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    assert script_file_name(Situation.OVERDUE_APOLOGY, Tier.HOURS) == ("overdue_apology.hours.toml")


MINIMAL = """
[any.voicemail]
body = "Hi {first_name}, || Hi there,"
[any.email]
subject = "Hello"
body = "Hi {first_name}, || Hi there,"
[any.message]
body = "Hi {first_name}, || Hi there,"
"""


def load_with(name: str, text: str) -> ScriptLibrary:
    files = shipped_files()
    files[name] = text
    return ScriptLibrary.load(
        FakeTemplateSource(files), fallback=FakeTemplateSource(shipped_files())
    )


def test_user_override_wins(library: ScriptLibrary) -> None:
    override = MINIMAL.replace('subject = "Hello"', 'subject = "Mine, {first_name} || Mine"')
    lib = load_with("check_in.toml", override)
    assert lib.problems == ()
    out = lib.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    assert (out.subject, out.body) == ("Mine, Dana", "Hi Dana,")
    shipped = library.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    assert shipped.subject != out.subject


HOSTILE = [
    ("{first_name.__class__}", "unknown placeholder"),
    ("{first_name.__class__.__init__.__globals__}", "unknown placeholder"),
    ("{0}", "unknown placeholder"),
    ("{}", "unknown placeholder"),
    ("{name[0]}", "unknown placeholder"),
    ("{name!r}", "unknown placeholder"),
    ("{name:>500}", "unknown placeholder"),
    ("{name:{first_name}}", "unknown placeholder"),
    ("{frist_name}", "unknown placeholder"),
    ("Hi {first_name", "brace"),
    ("Hi }", "brace"),
]


@pytest.mark.parametrize(("line", "problem"), HOSTILE)
def test_hostile_templates_are_rejected_and_shipped_copy_used(line: str, problem: str) -> None:
    text = MINIMAL.replace(
        'body = "Hi {first_name}, || Hi there,"\n[any.email]', f'body = "{line}"\n[any.email]', 1
    )
    assert text != MINIMAL
    lib = load_with("gone_dark.toml", text)
    assert len(lib.problems) == 1
    assert lib.problems[0].startswith("gone_dark.toml [any.voicemail] body")
    assert problem in lib.problems[0]
    assert "using the shipped script" in lib.problems[0]
    out = lib.render(Situation.GONE_DARK, None, ScriptChannel.VOICEMAIL, Audience.CLIENT, FULL)
    assert "blunt feedback" in out.body


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("this is = not [toml", "not valid TOML"),
        (MINIMAL.replace("[any.message]", "[any.sms]"), "unknown channel [any.sms]"),
        (MINIMAL.replace("[any.message]", "[candidat.message]"), "unknown table or key 'candidat'"),
        (
            MINIMAL.replace("[any.message]\n", "[candidate.message]\n"),
            "no message wording for client",
        ),
        (MINIMAL.replace('subject = "Hello"\n', ""), "[any.email]: missing 'subject'"),
        (MINIMAL.replace('subject = "Hello"', 'subject = "Hi {first_name}"'), "subject"),
        (MINIMAL.replace('subject = "Hello"', 'subject = "a\\nb"'), "subject"),
        (MINIMAL.replace('subject = "Hello"', "subject = 3"), "must be non-empty text"),
        ('cc = "x"\n' + MINIMAL, "unknown table or key 'cc'"),
        (MINIMAL + 'cc = "x"', "[any.message]: unknown key 'cc'"),
        (
            MINIMAL.replace("[any.message]\n", '[any.message]\nsubject = "x"\n'),
            "unknown key 'subject'",
        ),
        (
            MINIMAL.replace(
                'body = "Hi {first_name}, || Hi there,"\n[any.email]',
                'body = "Hi {first_name},"\n[any.email]',
            ),
            "at least one line",
        ),
        (MINIMAL.replace("|| Hi there,", "||"), "empty alternative"),
        (MINIMAL.replace("Hi there,", "x" * 5000), "longer than"),
        ("any = 3", "'any' must be a table"),
        ("[any]\nvoicemail = 3", "[any.voicemail] must be a table"),
    ],
)
def test_malformed_files_name_the_file_and_key(text: str, problem: str) -> None:
    lib = load_with("time_out.toml", text)
    assert len(lib.problems) == 1
    assert lib.problems[0].startswith("time_out.toml")
    assert problem in lib.problems[0]
    assert lib.file(Situation.TIME_OUT) is not None  # the shipped copy took over


def test_missing_and_unknown_files_are_reported_not_fatal() -> None:
    files = shipped_files()
    del files["renegotiate.toml"]
    files["chek_in.toml"] = MINIMAL
    lib = ScriptLibrary.load(FakeTemplateSource(files))
    assert "renegotiate.toml: no such script file" in lib.problems
    assert any(p.startswith("chek_in.toml: not a script name") for p in lib.problems)
    with pytest.raises(BadInput, match=r"renegotiate\.toml"):
        lib.render(Situation.RENEGOTIATE, None, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    out = lib.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, FULL)
    assert out.body


def test_broken_file_without_fallback_is_reported_without_suffix() -> None:
    files = shipped_files()
    files["close_out.toml"] = "nope ="
    lib = ScriptLibrary.load(FakeTemplateSource(files))
    assert lib.problems[0].startswith("close_out.toml: not valid TOML")
    assert "shipped" not in lib.problems[0]
    assert lib.file(Situation.CLOSE_OUT) is None


def test_literal_braces_and_dropped_lines() -> None:
    text = MINIMAL.replace(
        '[any.email]\nsubject = "Hello"\nbody = "Hi {first_name}, || Hi there,"',
        '[any.email]\nsubject = "{{Hello}}"\nbody = """\nHi {first_name}, || Hi there,\n\n'
        'From {company}.\n\nSet {{ braces }} stay.\n\n\n{my_name}\n"""',
    )
    lib = load_with("check_in.toml", text)
    assert lib.problems == ()
    out = lib.render(Situation.CHECK_IN, None, ScriptChannel.EMAIL, Audience.CLIENT, NOTHING)
    assert out.subject == "{Hello}"
    assert out.body == "Hi there,\n\nSet { braces } stay."
