"""The guard's team rules: what teammates did to the same person (from the team ledger).

* ``team_recent`` (caution): a teammate reached them within the cool-off — "sam called 2 hours
  ago"; it lifts when the cool-off since that touch ends.
* ``team_do_not_contact`` and ``team_quiet_until`` (stop): a teammate recorded that the person
  asked not to be contacted (only a person lifts it) or to be left alone until a time.
* ``team_owner`` (caution): a teammate approached them first within ``ownership_days`` (and this
  desktop had not): the contact is theirs until that window ends.
"""

from __future__ import annotations

from datetime import timedelta

from trayapp.core.guard.verdict import GuardFacts, Level, Reason, ReasonCode
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
