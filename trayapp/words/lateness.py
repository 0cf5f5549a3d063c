"""How late a promise already is when it is recorded: ``already 16 months late: the apology
script fits``. The count follows the lateness tiers of the scripts (hours, days, weeks, months)."""

from __future__ import annotations

from trayapp.core.guard.verdict import Situation, Tier, Verdict
from trayapp.core.model import Promise
from trayapp.core.scripts.library import lateness_tier
from trayapp.services.context import Context
from trayapp.services.scripting import fitting_situation
from trayapp.words.verdicts import plural

_DAY = 86_400
_UNITS = {Tier.HOURS: (3600, "hour"), Tier.DAYS: (_DAY, "day"), Tier.WEEKS: (7 * _DAY, "week")}
_MONTH = 30.44 * _DAY
SCRIPT_NAMES = {
    Situation.CHECK_IN: "check-in",
    Situation.NO_NEWS: "no-news",
    Situation.OVERDUE_APOLOGY: "apology",
    Situation.GONE_DARK: "gone-dark",
    Situation.BALL_IN_COURT: "ball-in-your-court",
    Situation.TIME_OUT: "time-out",
    Situation.RENEGOTIATE: "renegotiate",
    Situation.CLOSE_OUT: "close-out",
}


def late_by(seconds: float) -> str:
    """``5 hours``, ``3 days``, ``2 weeks``, ``16 months``, ``3 years``: whole units of the
    lateness tier, so the count says what the tier's apology speaks of."""
    tier = lateness_tier(seconds)
    if tier is None:
        return "not late"
    if tier is Tier.MONTHS:
        months = int(seconds / _MONTH + 0.05)  # a year to the day is 12 months, not 11
        return plural(months // 12, "year") if months >= 24 else plural(months, "month")
    size, unit = _UNITS[tier]
    return plural(max(1, int(seconds // size)), unit)


def already_late(seconds: float, situation: Situation) -> str:
    """``already 16 months late: the apology script fits``."""
    name = SCRIPT_NAMES.get(situation, situation.value.replace("_", " "))
    return f"already {late_by(seconds)} late: the {name} script fits"


def recorded_late(ctx: Context, promise: Promise, verdict: Verdict | None) -> str | None:
    """The note for a promise recorded after its due time, or None when it is not late yet."""
    seconds = promise.lateness(ctx.now())
    if seconds <= 0:
        return None
    situation, _tier = fitting_situation(ctx, promise, verdict)
    return already_late(seconds, situation)
