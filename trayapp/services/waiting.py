"""Waiting for a reply: a reminder that cancels itself when the contact answers.

A wait names a contact and a time. The contact's next inbound touch closes it, in the
transaction that records the touch; a cancel closes it too. When its time comes with no reply,
the sweep closes it as reminded and records the delivery in the reminder log in the same
transaction, so the reminder is shown exactly once — with the guard's verdict on the contact
and the message that fits their unanswered streak (never a fourth check-in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trayapp.core.errors import BadInput, NotFound
from trayapp.core.guard.verdict import Situation, Verdict
from trayapp.core.model import Contact, WaitEnd, WaitingForReply
from trayapp.core.ports import DeliveryRecord, Ledger, ReminderLog
from trayapp.core.reminders.hours import hold, is_working
from trayapp.core.scripts.library import waiting_situation
from trayapp.core.text import clean_text
from trayapp.services.context import Context
from trayapp.services.verdicts import verdict_for

MAX_ABOUT = 200
#: At most this many waits are reminded in one sweep; the rest come at the next one.
MAX_PER_SWEEP = 20
DELIVERY_KIND = "wait"


@dataclass(frozen=True, slots=True)
class WaitView:
    """A wait with its contact."""

    wait: WaitingForReply
    contact: Contact


@dataclass(frozen=True, slots=True)
class WaitReminder:
    """A wait whose time came with no reply: the guard's verdict on one more touch to the
    contact now and the message that fits."""

    view: WaitView
    verdict: Verdict
    situation: Situation


def delivery_key(wait_id: int) -> str:
    return f"wait:{wait_id}"


def start_wait(ctx: Context, contact: Contact, until: datetime, about: str = "") -> WaitView:
    """Wait for ``contact`` to reply until ``until`` (an instant still ahead)."""
    if contact.id is None:
        raise BadInput("save the contact before waiting for their reply")
    about = clean_text(about, "what you are waiting about", MAX_ABOUT)
    now = ctx.now()
    if until <= now:
        raise BadInput("the time to wait until has already passed; give a time still ahead")
    with ctx.ledger.atomic():
        saved = ctx.ledger.add_wait(WaitingForReply(contact.id, until, now, about=about))
    return WaitView(saved, contact)


def list_waits(ctx: Context, *, include_closed: bool = False) -> list[WaitView]:
    """Open waits, soonest first (with ``include_closed``, every wait)."""
    found = ctx.ledger.list_waits(open_only=not include_closed)
    return [_view(ctx, wait) for wait in found]


def get_wait(ctx: Context, wait_id: int) -> WaitView:
    wait = ctx.ledger.get_wait(wait_id)
    if wait is None:
        raise NotFound(f"no wait #{wait_id}; see trayapp waiting list")
    return _view(ctx, wait)


def cancel_wait(ctx: Context, wait_id: int) -> WaitView:
    """Stop waiting; a wait already closed is refused and stays as it was."""
    with ctx.ledger.atomic():
        view = get_wait(ctx, wait_id)
        if not view.wait.is_open:
            raise BadInput(f"wait #{wait_id} is already closed ({_ended(view.wait)})")
        closed = ctx.ledger.close_waits([wait_id], ctx.now(), WaitEnd.CANCELLED)
    return WaitView(closed[0], view.contact)


def close_on_reply(
    ledger: Ledger, contact_id: int, at: datetime, now: datetime
) -> list[WaitingForReply]:
    """An inbound touch at ``at`` answers the contact's open waits started by then; they are
    closed as of ``now``. Called inside the transaction that records the touch."""
    answered = [
        w.id
        for w in ledger.list_waits(contact_id=contact_id)
        if w.id is not None and w.created_at <= at
    ]
    return ledger.close_waits(answered, now, WaitEnd.REPLY) if answered else []


def remind_due(ctx: Context, log: ReminderLog, now: datetime) -> tuple[WaitReminder, ...]:
    """Close the waits whose time has come as reminded and record their deliveries; return
    the reminders to show. Called inside the sweep's transaction."""
    due = ctx.ledger.list_waits(until_by=now, limit=MAX_PER_SWEEP)
    ended = ctx.ledger.close_waits([w.id for w in due if w.id is not None], now, WaitEnd.REMINDED)
    # A wait whose reminder is in the log already was shown: closed now, never shown again.
    closed = [w for w in ended if w.id is not None and not log.is_delivered(delivery_key(w.id))]
    log.record_deliveries(
        [
            DeliveryRecord(delivery_key(w.id), None, DELIVERY_KIND, w.until, now)
            for w in closed
            if w.id is not None
        ]
    )
    return tuple(_reminder(ctx, _view(ctx, w), now) for w in closed)


def _reminder(ctx: Context, view: WaitView, now: datetime) -> WaitReminder:
    verdict = verdict_for(ctx, view.contact, now)
    limit = ctx.settings.guard.unanswered_streak_limit
    return WaitReminder(view, verdict, waiting_situation(verdict, streak_limit=limit))


def wait_wakes(ctx: Context, now: datetime, pause_end: datetime | None) -> list[datetime]:
    """When the next wait's reminder may be shown: its time, or — once it has come — now at
    a working moment, else the next working moment."""
    first = ctx.ledger.list_waits(limit=1)
    if not first:
        return []
    if first[0].until > now:
        return [first[0].until]
    settings = ctx.settings.reminders
    if is_working(now, settings, ctx.tz, pause_end):
        return [now]
    return [hold(now, settings, ctx.tz, pause_end)]


def _view(ctx: Context, wait: WaitingForReply) -> WaitView:
    contact = ctx.ledger.get_contact(wait.contact_id)
    if contact is None:
        raise NotFound(f"there is no contact number {wait.contact_id}")
    return WaitView(wait, contact)


def _ended(wait: WaitingForReply) -> str:
    return {
        WaitEnd.REPLY: "they replied",
        WaitEnd.CANCELLED: "cancelled",
        WaitEnd.REMINDED: "its reminder was shown",
    }.get(wait.closed_by or WaitEnd.CANCELLED, "closed")
