"""The guard's team rules: what teammates did to the same person (from the team ledger).

* ``team_recent`` (caution): a teammate reached them within the cool-off — "sam called 2 hours
  ago"; it lifts when the cool-off since that touch ends.
* ``team_do_not_contact`` and ``team_quiet_until`` (stop): a teammate recorded that the person
  asked not to be contacted (only a person lifts it) or to be left alone until a time.
* ``team_owner`` (caution): a teammate approached them first within ``ownership_days`` (and this
  desktop had not): the contact is theirs until that window ends.
* ``team_hard_ceiling`` (stop) and ``team_day_limit``/``team_week_limit``/``team_month_limit``
  (caution): the pacing limits counted over the whole team — this desktop's outbound touches
  and its teammates' together reach the limit, so several recruiters of one agency cannot
  together chase a person ten times in two days. Said only where this desktop's own touches
  alone do not reach it (then ``hard_ceiling``, ``day_limit``… say so). Each lifts when the
  limit-th newest of the touches together leaves the window.
* ``team_company_limit`` (caution): the same for the company limit — the touches to anyone at
  the contact's company in the last 7 days, this desktop's and its teammates' together.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from trayapp.core.guard.verdict import GuardFacts, Level, Reason, ReasonCode, TeamTouch
from trayapp.core.settings import GuardSettings


def team_recent(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    """``team_recent`` (caution): a teammate reached them within the cool-off."""
    window = timedelta(days=settings.cool_off_days)
    recent = [t for t in facts.team_recent if facts.at - window < t.at <= facts.at]
    if not recent or settings.cool_off_days <= 0:
        return None
    latest = recent[0]
    return Reason(
        ReasonCode.TEAM_RECENT,
        Level.CAUTION,
        count=len(recent),
        window_days=settings.cool_off_days,
        until=latest.at + window,
        by=latest.author,
        channel=latest.channel,
        at=latest.at,
    )


def team_owner(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    """``team_owner`` (caution): a teammate approached them first, within the ownership
    window; they are the teammate's until it ends."""
    first, window = facts.team_first, timedelta(days=settings.ownership_days)
    if (
        first is None
        or settings.ownership_days <= 0
        or not first.at <= facts.at < first.at + window
    ):
        return None
    if facts.own_first_at is not None and facts.own_first_at <= first.at:
        return None
    return Reason(
        ReasonCode.TEAM_OWNER,
        Level.CAUTION,
        window_days=settings.ownership_days,
        until=first.at + window,
        by=first.author,
        channel=first.channel,
        at=first.at,
    )


def team_boundaries(facts: GuardFacts) -> tuple[Reason | None, Reason | None]:
    """``team_do_not_contact`` and ``team_quiet_until`` (stop), from teammates' marks."""
    dnc, quiet = facts.team_dnc, facts.team_quiet
    stop_for_good = None
    if dnc is not None:
        stop_for_good = Reason(
            ReasonCode.TEAM_DO_NOT_CONTACT, Level.STOP, by=dnc.author, at=dnc.at, note=dnc.reason
        )
    stop_until = None
    if quiet is not None and quiet.until is not None and quiet.until > facts.at:
        stop_until = Reason(
            ReasonCode.TEAM_QUIET_UNTIL, Level.STOP, until=quiet.until, by=quiet.author, at=quiet.at
        )
    return stop_for_good, stop_until


def team_windows(facts: GuardFacts, settings: GuardSettings) -> tuple[Reason | None, ...]:
    """The hard ceiling, the day, week and month limits, and the company limit, over the whole
    team."""
    f, s, code = facts, settings, ReasonCode
    day, week, month = timedelta(days=1), timedelta(days=7), timedelta(days=30)
    days = (f.day_count, f.team_day_count)
    weeks = (f.week_count, f.team_week_count)
    months = (f.month_count, f.team_month_count)
    company = (
        (f.company_week_count, f.team_company_week_count) if f.contact.company.strip() else (0, 0)
    )
    rules = (
        (code.TEAM_HARD_CEILING, Level.STOP, weeks, s.hard_ceiling, week),
        (code.TEAM_DAY_LIMIT, Level.CAUTION, days, s.day_limit, day),
        (code.TEAM_WEEK_LIMIT, Level.CAUTION, weeks, s.week_limit, week),
        (code.TEAM_MONTH_LIMIT, Level.CAUTION, months, s.month_limit, month),
        (code.TEAM_COMPANY_LIMIT, Level.CAUTION, company, s.company_week_limit, week),
    )
    return tuple(
        _team_window(Reason(reason_code, level, count=own + theirs, limit=limit), f, window)
        if limit >= 1 and theirs and own < limit <= own + theirs
        else None
        for reason_code, level, (own, theirs), limit, window in rules
    )


def _team_window(reason: Reason, facts: GuardFacts, window: timedelta) -> Reason:
    """One team window reached: when it lifts (when the limit-th newest of the touches
    together leaves it), and the teammates in it (the latest first)."""
    if reason.code is ReasonCode.TEAM_COMPANY_LIMIT:
        mine, theirs = facts.company_recent_outbound, facts.team_company_outbound
    else:
        mine, theirs = facts.recent_outbound, facts.team_outbound
    together = sorted((*mine, *(t.at for t in theirs)), reverse=True)
    limit = reason.limit or 1
    until = facts.at + window  # by then every touch counted now has left the window
    if len(together) >= limit and together[limit - 1] + window > facts.at:
        until = together[limit - 1] + window
    inside = [t for t in theirs if t.at > facts.at - window]
    latest = inside[0] if inside else TeamTouch("", "", facts.at)
    names = list(dict.fromkeys(t.author for t in inside))
    together_names = " and ".join(names[-2:])
    if len(names) > 2:
        together_names = ", ".join([*names[:-2], together_names])
    return dataclasses.replace(
        reason,
        window_days=window / timedelta(days=1),
        until=until,
        by=together_names,
        channel=latest.channel,
        at=latest.at,
    )
