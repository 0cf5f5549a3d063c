"""The week in numbers: promises made, kept on time, kept late and released per week, the
kept-on-time rate and median lateness, and how many people are at caution or stop now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from trayapp.core.errors import BadInput, InvariantError, StorageError
from trayapp.core.guard.holds import level_and_until
from trayapp.core.guard.rules import level_now
from trayapp.core.guard.verdict import Level
from trayapp.core.model import Contact
from trayapp.core.stats import (
    MAX_WEEKS,
    JudgedLevel,
    WeekFigures,
    first_monday,
    kept_on_time_rate,
    median_lateness_hours,
    week_edges,
    weekly_figures,
)
from trayapp.services.context import Context

__all__ = ["JUDGED_DAYS", "Stats", "levels_judged_afresh", "levels_kept", "week_stats"]

#: Contacts at caution or stop are looked for among those contacted in this many days (the
#: longest window of the guard's limits).
JUDGED_DAYS = 30
#: At most this many recently contacted people are judged for the counts.
MAX_JUDGED = 2000
#: The levels kept are read, and those that may have changed judged again, at most this many
#: times; each round judges everyone whose level may have changed among those it reads, so
#: one or two rounds settle it unless the ledger is being written meanwhile.
KEEP_ROUNDS = 4


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures for ``weeks`` (oldest first) and the state of the guard now."""

    weeks: tuple[WeekFigures, ...]
    kept_on_time_rate: float | None
    median_lateness_hours: float | None
    contacts_at_caution: int
    contacts_at_stop: int


def week_stats(ctx: Context, weeks: int = 12) -> Stats:
    """The last ``weeks`` weeks, this one included."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise BadInput(f"weeks must be a whole number from 1 to {MAX_WEEKS}")
    now = ctx.now()
    first = first_monday(now.astimezone(ctx.tz).date(), weeks)
    outcomes = ctx.ledger.promise_outcomes(week_edges(first, weeks, ctx.tz))
    figures = weekly_figures(first, outcomes)
    caution, stop = levels_kept(ctx, now)
    return Stats(
        figures,
        kept_on_time_rate(figures),
        median_lateness_hours(outcomes),
        caution,
        stop,
    )


def levels_kept(ctx: Context, now: datetime) -> tuple[int, int]:
    """How many of the people contacted recently are at caution and at stop, from the levels
    the ledger keeps; those whose level may have changed are judged again and kept. The same
    counts as :func:`levels_judged_afresh`, which it falls back on."""
    since, guard = now - timedelta(days=JUDGED_DAYS), ctx.settings.guard
    for _ in range(KEEP_ROUNDS):
        kept = ctx.ledger.kept_levels(since, MAX_JUDGED, now, guard)
        if not kept.to_judge:
            return kept.caution, kept.stop
        people = ctx.ledger.get_contacts(kept.to_judge)
        judged = [
            JudgedLevel(_saved(facts.contact), *level_and_until(facts, guard))
            for facts in ctx.ledger.guard_facts_many(list(people.values()), now, guard)
        ]
        try:
            ctx.ledger.keep_levels(kept, judged, since, now)
        except StorageError:
            break  # the ledger cannot be written now (busy, read-only): judge everyone
    return levels_judged_afresh(ctx, now)


def levels_judged_afresh(ctx: Context, now: datetime) -> tuple[int, int]:
    """How many of the people contacted recently are at caution and at stop, each judged now."""
    guard = ctx.settings.guard
    recent = ctx.ledger.contacts_touched_since(now - timedelta(days=JUDGED_DAYS), MAX_JUDGED)
    levels = [level_now(f, guard) for f in ctx.ledger.guard_facts_many(recent, now, guard)]
    return levels.count(Level.CAUTION), levels.count(Level.STOP)


def _saved(contact: Contact) -> int:
    if contact.id is None:
        raise InvariantError("a contact read from the ledger has an id")
    return contact.id
