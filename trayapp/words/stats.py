"""The week in numbers, in words: the one-line summary under the chart and in the command line."""

from __future__ import annotations

from trayapp.services.stats import Stats
from trayapp.words.verdicts import plural

__all__ = ["COUNTING", "lateness", "summary"]

#: Said while the figures are being read.
COUNTING = "Counting the last 12 weeks…"


def lateness(hours: float) -> str:
    """``40 minutes``, ``6.5 hours``, ``3.2 days``."""
    if hours < 1:
        return plural(max(1, round(hours * 60)), "minute")
    if hours < 48:
        return f"{hours:g} hours"
    return f"{hours / 24:.1f} days"


def summary(stats: Stats) -> str:
    """``Last 12 weeks: 34 made, 28 kept (23 on time: 82 %), 3 released; the late ones a
    median 6.5 hours late. Now 4 people at caution, 1 at stop.``"""
    weeks = stats.weeks
    made = sum(w.made for w in weeks)
    on_time = sum(w.kept_on_time for w in weeks)
    kept = on_time + sum(w.kept_late for w in weeks)
    released = sum(w.released for w in weeks)
    text = f"Last {plural(len(weeks), 'week')}: {made} made, {kept} kept"
    if stats.kept_on_time_rate is not None:
        text += f" ({on_time} on time: {stats.kept_on_time_rate:.0%})"
    text += f", {released} released"
    if stats.median_lateness_hours is not None:
        text += f"; the late ones a median {lateness(stats.median_lateness_hours)} late"
    people = plural(stats.contacts_at_caution, "person", "people")
    return f"{text}. Now {people} at caution, {stats.contacts_at_stop} at stop."
