"""The suggested script for a promise: the right situation, tier and words for its contact."""

from __future__ import annotations

from trayapp.core.guard.verdict import Situation
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
from trayapp.services.promises import PromiseView, get_view
from trayapp.services.verdicts import verdict_for


def suggested_situation(ctx: Context, view: PromiseView) -> tuple[Situation, Tier | None]:
    """The situation (and lateness tier) the script for ``view`` follows from now: the
    promise's state and lateness and the guard's verdict for its contact."""
    now = ctx.now()
    return choose_situation(
        view.promise,
        verdict_for(ctx, view.contact, now),
        now,
        snooze_budget=ctx.settings.reminders.snooze_budget,
        streak_limit=ctx.settings.guard.unanswered_streak_limit,
    )


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
    chosen, tier = suggested_situation(ctx, view)
    if situation is not None and situation is not chosen:
        chosen = situation
        tier = lateness_tier(view.promise.lateness(now)) or Tier.HOURS
    values = ScriptValues.from_promise(view.promise, view.contact, ctx.settings, now, ctx.tz)
    return library.render(chosen, tier, channel, Audience.for_role(view.contact.role), values)
