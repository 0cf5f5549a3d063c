"""The close-out's check-in: when the suggestion is the close-out ("the door stays open"), the
long-horizon check-in promise it mentions, offered and created with one action. Someone
marked do not contact is never offered one.

The check-in falls ``reminders.close_out_check_in_months`` months from now (the same day of
the month, or its last day; the next working day when that is not one), at the start of
working hours in the user's zone.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trayapp.core.errors import BadInput, NotFound
from trayapp.core.guard.verdict import Situation, Verdict
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.services.context import Context
from trayapp.services.promises import get_view, make_promise
from trayapp.services.scripting import fitting_situation
from trayapp.services.verdicts import verdict_for


@dataclass(frozen=True, slots=True)
class CheckInOffer:
    """The check-in promise a close-out offers: to whom, what and when."""

    contact: Contact
    what: str
    due_at: datetime
    months: int


def months_later(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_in_what(contact: Contact) -> str:
    """``check in with Dana``."""
    return f"check in with {contact.first_name or contact.name}"


def offer_for(ctx: Context, contact: Contact, situation: Situation) -> CheckInOffer | None:
    """The check-in to offer with ``situation``'s script: only for the close-out, never to
    someone marked do not contact, and only while no such check-in is already open."""
    if situation is not Situation.CLOSE_OUT or contact.dnc_at is not None:
        return None
    if _planned(ctx, contact) is not None:
        return None
    months = ctx.settings.reminders.close_out_check_in_months
    local = ctx.now().astimezone(ctx.tz)
    day = months_later(local.date(), months)
    working = ctx.settings.reminders.working_days
    while day.weekday() not in working:
        day += timedelta(days=1)
    due = datetime.combine(day, ctx.settings.reminders.work_start, ctx.tz)
    return CheckInOffer(contact, check_in_what(contact), due, months)


def offer_with(
    ctx: Context, contact: Contact, promise: Promise | None, verdict: Verdict | None
) -> CheckInOffer | None:
    """The check-in to offer after a save (quick add's confirmation): when the script that fits
    ``promise`` (or the contact, without one) under ``verdict`` is the close-out. A contact
    not judged yet (new) has nothing to close out."""
    if verdict is None:
        return None
    situation, _tier = fitting_situation(ctx, promise, verdict)
    return offer_for(ctx, contact, situation)


def add_check_in(ctx: Context, contact_id: int, situation: Situation) -> Promise:
    """Create the close-out's check-in for ``contact_id`` (one transaction); refused when the
    suggestion is not the close-out or the check-in is already planned."""
    with ctx.ledger.atomic():
        contact = ctx.ledger.get_contact(contact_id)
        if contact is None:
            raise NotFound(f"there is no contact {contact_id}")
        planned = _planned(ctx, contact)
        if planned is not None:
            raise BadInput(f"a check-in with {contact.name} is already planned (#{planned.id})")
        offer = offer_for(ctx, contact, situation)
        if offer is None:
            raise BadInput(
                f"the suggestion for {contact.name} is not the close-out; "
                "a check-in is offered only with it"
            )
        return make_promise(ctx, contact, offer.what, offer.due_at)


def _planned(ctx: Context, contact: Contact) -> Promise | None:
    """The open check-in already promised to ``contact``, if any."""
    what = check_in_what(contact)
    for promise in ctx.ledger.history(contact.id or 0).promises:
        if promise.state is PromiseState.OPEN and promise.what == what:
            return promise
    return None


def add_for_promise(ctx: Context, promise_id: int) -> Promise:
    """The close-out's check-in for promise ``promise_id``'s contact, when its script is the
    close-out now (the command line's one action)."""
    view = get_view(ctx, promise_id)
    verdict = verdict_for(ctx, view.contact, ctx.now())
    situation, _tier = fitting_situation(ctx, view.promise, verdict)
    return add_check_in(ctx, view.contact.id or 0, situation)
