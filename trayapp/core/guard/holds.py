"""How long a contact's level holds when nothing new is written: the figures over many people
keep each level until then, and judge the person again after.

With the facts unchanged, time alone changes a level only where a rule starts or stops:

* every rule that applies stops at its ``until`` (a window's oldest counted touch leaving it, a
  quiet-until ending, a cool-off ending or a promise falling due);
* calling hours start and end with the contact's wall clock;
* who approached a person first within the ownership window changes when the first touch on
  either side leaves that window.

Counting windows only ever shrink with time, so they cannot start a rule. The earliest of those
instants is the one the level is sure to hold until (it may hold longer).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from trayapp.core.guard.rules import highest_level, reasons
from trayapp.core.guard.verdict import GuardFacts, Level
from trayapp.core.guard.wall_clock import next_calling_start, zone_of
from trayapp.core.settings import GuardSettings

__all__ = ["level_and_until"]


def level_and_until(facts: GuardFacts, settings: GuardSettings) -> tuple[Level, datetime | None]:
    """The contact's level at ``facts.at`` (as ``rules.level_now`` gives it), and the first
    instant after that at which it may change if nothing is written meanwhile (``None`` when
    only something written can change it)."""
    at, applying = facts.at, reasons(facts, settings)
    found = [r.until for r in applying if r.until is not None]
    zone, start, end = zone_of(facts.contact.tz), settings.calling_start, settings.calling_end
    if zone is not None and start < end:
        found += [next_calling_start(at, zone, start), next_calling_start(at, zone, end)]
    if settings.ownership_days > 0:
        window = timedelta(days=settings.ownership_days)
        firsts = (facts.own_first_at, facts.team_first.at if facts.team_first else None)
        found += [first + window for first in firsts if first is not None]
    return highest_level(applying), min((i for i in found if i > at), default=None)
