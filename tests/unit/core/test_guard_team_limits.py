"""The pacing limits counted over the whole team: my touches and my teammates' together reach
a limit that mine alone do not — a caution (a stop at the hard ceiling) naming them, lifting
when the touches together leave the window; my own limit is said by its own code."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.facts import facts_from_history, project
from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import GuardFacts, Level, ReasonCode, TeamTouch
from trayapp.core.model import Channel, Contact, Direction, Touch
from trayapp.core.settings import GuardSettings
from trayapp.services.verdicts import goes_over_limit
from trayapp.words.verdicts import reason as words

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
# Only the pacing limits: no cool-off, no ownership, no streak, so the windows speak alone.
SETTINGS = GuardSettings(cool_off_days=0, ownership_days=0, unanswered_streak_limit=0)
DANA = Contact("Dana Smith", id=1, email="dana@acme.example")
UTC_ZONE = ZoneInfo("UTC")


def facts(mine: list[timedelta], theirs: list[tuple[str, timedelta]]) -> GuardFacts:
    """Dana's facts with my e-mails and teammates' calls that long ago."""
    own = [Touch(1, Channel.EMAIL, Direction.OUTBOUND, NOW - ago) for ago in mine]
    base = facts_from_history(DANA, own, NOW, SETTINGS)
    team = tuple(
        sorted(
            (TeamTouch(who, "call", NOW - ago) for who, ago in theirs if ago < timedelta(days=30)),
            key=lambda t: t.at,
            reverse=True,
        )
    )

    def within(days: int) -> int:
        return sum(1 for t in team if t.at > NOW - timedelta(days=days))

    return dataclasses.replace(
        base,
        team_outbound=team,
        team_day_count=within(1),
        team_week_count=within(7),
        team_month_count=within(30),
    )


def test_two_teammates_calls_and_my_email_reach_the_week_limit_together() -> None:
    three = facts([timedelta(days=3)], [("sam", timedelta(days=2)), ("lee", timedelta(days=5))])
    verdict = judge(three, SETTINGS)
    found = {r.code: r for r in verdict.reasons}
    assert set(found) == {ReasonCode.TEAM_WEEK_LIMIT}
    week = found[ReasonCode.TEAM_WEEK_LIMIT]
    assert (week.level, week.count, week.limit, week.by) == (Level.CAUTION, 3, 3, "sam and lee")
    assert week.until == NOW - timedelta(days=5) + timedelta(days=7)  # the oldest of the three
    assert words(week, UTC_ZONE, NOW).startswith(
        "3 outbound touches in the last 7 days counting sam and lee's (limit 3 for the whole team)"
    )
    assert goes_over_limit(verdict)
    assert verdict.next_ok_at == week.until
    assert week.until is not None
    assert judge(project(three, week.until), SETTINGS).level is Level.OK


def test_a_teammates_call_today_and_mine_make_the_day_limit_a_teams() -> None:
    verdict = judge(facts([], [("sam", timedelta(hours=2))]), SETTINGS)
    day = {r.code: r for r in verdict.reasons}[ReasonCode.TEAM_DAY_LIMIT]
    assert (day.count, day.limit, day.by, day.channel) == (1, 1, "sam", "call")
    assert day.until == NOW - timedelta(hours=2) + timedelta(days=1)


def test_my_own_limit_is_said_by_its_own_code_not_twice() -> None:
    mine = [timedelta(days=d) for d in (1.5, 2, 3)]
    verdict = judge(facts(mine, [("sam", timedelta(days=4))]), SETTINGS)
    found = {r.code for r in verdict.reasons}
    assert ReasonCode.WEEK_LIMIT in found and ReasonCode.TEAM_WEEK_LIMIT not in found


def test_seven_touches_by_four_recruiters_in_two_days_is_a_stop() -> None:
    theirs = [
        (who, timedelta(hours=h))
        for who, h in (("sam", 3), ("lee", 9), ("ana", 20), ("sam", 30), ("lee", 40), ("kim", 44))
    ]
    verdict = judge(facts([timedelta(hours=46)], theirs), SETTINGS)
    assert verdict.level is Level.STOP
    ceiling = {r.code: r for r in verdict.reasons}[ReasonCode.TEAM_HARD_CEILING]
    assert (ceiling.count, ceiling.limit) == (7, 7)
    assert ceiling.by == "sam, lee, ana and kim"
    assert words(ceiling, UTC_ZONE, NOW).startswith(
        "7 outbound touches in 7 days counting sam, lee, ana and kim's: "
        "the team's hard ceiling of 7"
    )


def test_teammates_touches_alone_are_not_counted_twice_and_old_ones_not_at_all() -> None:
    verdict = judge(facts([], [("sam", timedelta(days=40))]), SETTINGS)
    assert verdict.level is Level.OK


def test_the_team_reaching_a_company_five_times_this_week_is_a_caution() -> None:
    lee = Contact("Lee Park", id=2, email="lee@acme.example", company="Acme")
    mine = [Touch(2, Channel.EMAIL, Direction.OUTBOUND, NOW - timedelta(days=1))]
    base = facts_from_history(lee, mine, NOW, SETTINGS)
    theirs = tuple(
        TeamTouch(who, "call", NOW - timedelta(days=days))
        for who, days in (("sam", 0.5), ("ana", 2), ("sam", 3), ("ana", 6))
    )
    at_acme = dataclasses.replace(
        base, team_company_outbound=theirs, team_company_week_count=len(theirs)
    )
    verdict = judge(at_acme, SETTINGS)
    company = {r.code: r for r in verdict.reasons}[ReasonCode.TEAM_COMPANY_LIMIT]
    assert (company.count, company.limit, company.by) == (5, 5, "sam and ana")
    assert company.until == NOW - timedelta(days=6) + timedelta(days=7)
    assert words(company, UTC_ZONE, NOW).startswith(
        "5 outbound touches to this company in the last 7 days counting sam and ana's "
        "(limit 5 for the whole team)"
    )
    assert judge(project(at_acme, company.until), SETTINGS).level is Level.OK
    nobody_there = dataclasses.replace(at_acme, contact=dataclasses.replace(lee, company=""))
    assert ReasonCode.TEAM_COMPANY_LIMIT not in {
        r.code for r in judge(nobody_there, SETTINGS).reasons
    }
