"""The team's rules: a teammate's recent touch is a caution naming them; a contact a teammate
approached first is theirs for the ownership window, unless this desktop was first; both lift
on time, and the words say who did what when."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.facts import facts_from_history
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import Level, ReasonCode, TeamTouch, Verdict
from trayapp.core.model import Contact
from trayapp.core.settings import GuardSettings
from trayapp.words.verdicts import verdict as headline

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
SETTINGS = GuardSettings()
DANA = Contact("Dana Smith", id=1, email="dana@acme.example")


def judged(
    team: tuple[TeamTouch, ...],
    first: TeamTouch | None,
    own_first: datetime | None = None,
    at: datetime = NOW,
) -> Verdict:
    facts = facts_from_history(DANA, [], at, SETTINGS)
    facts = dataclasses.replace(facts, team_recent=team, team_first=first, own_first_at=own_first)
    return judge(facts, SETTINGS)


def test_a_teammates_call_two_hours_ago_is_a_caution_naming_them() -> None:
    call = TeamTouch("sam", "call", NOW - timedelta(hours=2))
    verdict = judged((call,), call)
    assert verdict.level is Level.CAUTION
    codes = {r.code: r for r in verdict.reasons}
    assert codes[ReasonCode.TEAM_RECENT].by == "sam"
    assert codes[ReasonCode.TEAM_OWNER].until == call.at + timedelta(days=30)
    assert headline(verdict, ZoneInfo("UTC")).startswith(
        "Caution: sam approached them first, 2 hours ago: they are sam's for 30 days"
    )
    assert verdict.next_ok_at == call.at + timedelta(days=30)


def test_the_cool_off_and_the_ownership_lift_on_time() -> None:
    call = TeamTouch("sam", "email", NOW - timedelta(days=8))
    codes = {r.code for r in judged((call,), call).reasons}
    assert codes == {ReasonCode.TEAM_OWNER}  # the cool-off is over, the ownership is not
    old = TeamTouch("sam", "email", NOW - timedelta(days=31))
    assert judged((), old).level is Level.OK


def test_whoever_came_first_owns_the_contact() -> None:
    call = TeamTouch("sam", "call", NOW - timedelta(days=3))
    mine_earlier = NOW - timedelta(days=5)
    codes = {r.code for r in judged((), call, own_first=mine_earlier).reasons}
    assert ReasonCode.TEAM_OWNER not in codes
