"""Logging touches. Touches are facts: always recorded, even past a limit, with the reason.

An outbound touch against a ``stop`` verdict (do not contact, quiet until, the hard ceiling)
needs a one-line reason, kept with the touch; without one it is refused with
:class:`ReasonNeeded` and nothing is saved. Inbound touches are never against a stop: they
reached out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from trayapp.core.errors import BadInput, NotFound
from trayapp.core.guard.verdict import Level, Verdict
from trayapp.core.model import Channel, Contact, Direction, Touch
from trayapp.core.text import clean_text
from trayapp.services.context import Context
from trayapp.services.verdicts import goes_over_limit, verdict_for
from trayapp.services.waiting import close_on_reply

MAX_NOTE = 2000
MAX_REASON = 500


class ReasonNeeded(BadInput):
    """An outbound touch against a ``stop`` verdict was logged without a reason; nothing was
    saved. The front end words the verdict and says how to give the reason."""

    def __init__(self, contact: Contact, verdict: Verdict) -> None:
        super().__init__(f"{contact.name} is at Stop; say in one line why you contact them anyway")
        self.contact = contact
        self.verdict = verdict


@dataclass(frozen=True)
class LoggedTouch:
    """A saved touch with the verdict it was made under and the verdict after it (judged the
    first time it is asked for: a save that does not show it does not compute it)."""

    touch: Touch
    before: Verdict
    contact: Contact = field(repr=False, compare=False)
    ctx: Context = field(repr=False, compare=False)

    @cached_property
    def after(self) -> Verdict:
        return verdict_for(self.ctx, self.contact)

    @property
    def needed_reason(self) -> bool:
        return self.touch.outbound and self.before.level is Level.STOP


def log_touch(
    ctx: Context,
    contact: Contact,
    channel: Channel,
    direction: Direction,
    *,
    at: datetime | None = None,
    note: str = "",
    reason: str = "",
    promise_id: int | None = None,
    judged: Verdict | None = None,
) -> LoggedTouch:
    """Record a touch to ``contact``.

    An outbound touch made against a ``stop`` verdict keeps ``reason`` (refused with
    :class:`ReasonNeeded` when it is empty) and is marked over the limit; so is one past any
    pacing limit. ``judged`` is
    the verdict the caller already has for this touch (its time and channel, in the same
    transaction); without it the touch is judged here.
    """
    if contact.id is None:
        raise BadInput("save the contact before logging a touch")
    when = at or ctx.now()
    if when > ctx.now():
        raise BadInput("a touch is something that happened; its time cannot be in the future")
    note = clean_text(note, "note", MAX_NOTE, multiline=True)
    reason = clean_text(reason, "reason", MAX_REASON)
    with ctx.ledger.atomic():
        if promise_id is not None:
            _check_owed_to(ctx, contact, promise_id)
        before = judged or verdict_for(ctx, contact, when, channel)
        outbound = direction is Direction.OUTBOUND
        over = outbound and goes_over_limit(before)
        if outbound and before.level is Level.STOP and not reason:
            raise ReasonNeeded(contact, before)
        touch = Touch(
            contact.id,
            channel,
            direction,
            when,
            note=note,
            promise_id=promise_id,
            over_limit=over,
            override_reason=reason,
        )
        saved = ctx.ledger.add_touch(touch)
        if not outbound:
            close_on_reply(ctx.ledger, contact.id, when, ctx.now())
    return LoggedTouch(saved, before, contact, ctx)


def _check_owed_to(ctx: Context, contact: Contact, promise_id: int) -> None:
    """A touch can fulfil only a promise that exists and is owed to the same contact."""
    promise = ctx.ledger.get_promise(promise_id)
    if promise is None:
        raise NotFound(f"no promise #{promise_id}")
    if promise.contact_id != contact.id:
        owed = ctx.ledger.get_contact(promise.contact_id)
        who = owed.name if owed is not None else "someone else"
        raise BadInput(
            f"promise #{promise_id} is owed to {who}, not {contact.name}; "
            "log the touch against that contact or leave out --promise"
        )
