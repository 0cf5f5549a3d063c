"""Judging one more outbound touch to a contact: the ledger's facts through the cadence guard."""

from __future__ import annotations

from datetime import datetime

from trayapp.core.guard import judge
from trayapp.core.model import Contact
from trayapp.core.verdict import Level, ReasonCode, Verdict
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
    }
)


def verdict_for(ctx: Context, contact: Contact, at: datetime | None = None) -> Verdict:
    """The guard's verdict on one more outbound touch to ``contact`` at ``at`` (default now)."""
    when = at or ctx.now()
    facts = ctx.ledger.guard_facts(contact, when, ctx.settings.guard)
    return judge(facts, ctx.settings.guard)


def goes_over_limit(verdict: Verdict) -> bool:
    """Whether a touch made under ``verdict`` is one too many."""
    return verdict.level is Level.STOP or any(code in LIMIT_CODES for code in verdict.codes)
