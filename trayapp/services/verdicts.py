"""Judging one more outbound touch to a contact: the ledger's facts through the cadence guard."""

from __future__ import annotations

from datetime import datetime, timedelta

from trayapp.core.guard.rules import judge
from trayapp.core.guard.verdict import Level, ReasonCode, Verdict
from trayapp.core.model import Channel, Contact
from trayapp.services.context import Context

#: Reasons that mean a touch went past a limit (as opposed to a timing courtesy).
LIMIT_CODES = frozenset(
    {
        ReasonCode.DAY_LIMIT,
        ReasonCode.WEEK_LIMIT,
        ReasonCode.MONTH_LIMIT,
        ReasonCode.HARD_CEILING,
        ReasonCode.COMPANY_LIMIT,
        ReasonCode.UNANSWERED_STREAK,
        ReasonCode.TEAM_DAY_LIMIT,
        ReasonCode.TEAM_WEEK_LIMIT,
        ReasonCode.TEAM_MONTH_LIMIT,
        ReasonCode.TEAM_HARD_CEILING,
        ReasonCode.TEAM_COMPANY_LIMIT,
    }
)


def verdict_for(
    ctx: Context, contact: Contact, at: datetime | None = None, channel: Channel | None = None
) -> Verdict:
    """The guard's verdict on one more outbound touch to ``contact`` at ``at`` (default now).

    ``channel``, when known, is how the touch goes: calling hours pace only what rings.
    """
    when = at or ctx.now()
    settings = ctx.settings
    facts = ctx.ledger.guard_facts(contact, when, settings.guard)
    return judge(
        facts, settings.guard, channel=channel, snooze_budget=settings.reminders.snooze_budget
    )


def goes_over_limit(verdict: Verdict) -> bool:
    """Whether a touch made under ``verdict`` is one too many."""
    return verdict.level is Level.STOP or any(code in LIMIT_CODES for code in verdict.codes)


COOLING_WINDOW = timedelta(days=7)


def cooling_down(ctx: Context, limit: int = 10) -> list[tuple[Contact, Verdict]]:
    """Contacts reached lately whose guard verdict is not OK, newest touch first."""
    cooling = []
    for contact in ctx.ledger.contacts_touched_since(ctx.now() - COOLING_WINDOW, limit):
        verdict = verdict_for(ctx, contact)
        if verdict.level is not Level.OK:
            cooling.append((contact, verdict))
    return cooling
