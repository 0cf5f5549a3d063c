"""The week in numbers: promises made, kept on time, kept late and released per week, the
kept-on-time rate and median lateness, and how many people are at caution or stop now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trayapp.core.errors import BadInput
from trayapp.core.guard.rules import level_now
from trayapp.core.guard.verdict import Level
from trayapp.core.stats import (
    MAX_WEEKS,
    WeekFigures,
    first_monday,
    kept_on_time_rate,
    median_lateness_hours,
    week_edges,
    weekly_figures,
)
from trayapp.services.context import Context

__all__ = ["JUDGED_DAYS", "Stats", "week_stats"]

#: Contacts at caution or stop are looked for among those contacted in this many days (the
#: longest window of the guard's limits).
JUDGED_DAYS = 30
#: At most this many recently contacted people are judged for the counts.
MAX_JUDGED = 2000


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
    recent = ctx.ledger.contacts_touched_since(now - timedelta(days=JUDGED_DAYS), MAX_JUDGED)
    guard = ctx.settings.guard
    levels = [level_now(f, guard) for f in ctx.ledger.guard_facts_many(recent, now, guard)]
    caution, stop = levels.count(Level.CAUTION), levels.count(Level.STOP)
    return Stats(
        figures,
        kept_on_time_rate(figures),
        median_lateness_hours(outcomes),
        caution,
        stop,
    )
