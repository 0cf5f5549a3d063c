"""The suggested script for a promise: the right situation, tier and words for its contact."""

from __future__ import annotations

from trayapp.core.guard.verdict import Situation, Verdict
from trayapp.core.model import Promise
from trayapp.core.scripts.library import (
    Audience,
    RenderedScript,
    ScriptChannel,
    ScriptLibrary,
    Tier,
    choose_situation,
    lateness_tier,
)
from trayapp.core.scripts.values import ScriptValues
from trayapp.services.context import Context
from trayapp.services.promises import get_view
from trayapp.services.verdicts import verdict_for


def script_for(
    ctx: Context,
    library: ScriptLibrary,
    promise_id: int,
    channel: ScriptChannel,
    situation: Situation | None = None,
) -> RenderedScript:
    """The script for promise ``promise_id`` on ``channel``.

    The situation follows from the promise's state and lateness and the guard's verdict for
    its contact, unless ``situation`` names one (e.g. renegotiate from the card).
    """
    view = get_view(ctx, promise_id)
    now = ctx.now()
    verdict = verdict_for(ctx, view.contact, now)
    chosen, tier = fitting_situation(ctx, view.promise, verdict)
    if situation is not None and situation is not chosen:
        chosen = situation
        tier = lateness_tier(view.promise.lateness(now)) or Tier.HOURS
    values = ScriptValues.from_promise(view.promise, view.contact, ctx.settings, now, ctx.tz)
    return library.render(chosen, tier, channel, Audience.for_role(view.contact.role), values)


def fitting_situation(
    ctx: Context, promise: Promise | None, verdict: Verdict | None
) -> tuple[Situation, Tier | None]:
    """The script situation (and lateness tier) that fits ``promise`` now, given the verdict
    on its contact — the one the card and the reminder suggest (with no promise, the one the
    verdict suggests for the contact)."""
    return choose_situation(
        promise,
        verdict,
        ctx.now(),
        snooze_budget=ctx.settings.reminders.snooze_budget,
        streak_limit=ctx.settings.guard.unanswered_streak_limit,
    )
