"""Promise use cases: make, keep, release, snooze, renegotiate, mark urgent, list and show."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from trayapp.core import promises as lifecycle
from trayapp.core.errors import BadInput, NotFound
from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import (
    Channel,
    Contact,
    Direction,
    Promise,
    PromiseEvent,
    PromiseEventKind,
    PromiseState,
    Touch,
)
from trayapp.services.context import Context
from trayapp.services.touches import log_touch
from trayapp.services.verdicts import verdict_for


class ListFilter(enum.StrEnum):
    """The promise lists the user can ask for."""

    OPEN = "open"
    OVERDUE = "overdue"
    DUE_TODAY = "due-today"
    KEPT = "kept"
    RELEASED = "released"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class PromiseView:
    """A promise with its contact, as lists and the card show it."""

    promise: Promise
    contact: Contact
    status: lifecycle.PromiseStatus
    days_late: int


@dataclass(frozen=True, slots=True)
class PromiseDetail:
    view: PromiseView
    events: tuple[PromiseEvent, ...]
    verdict: Verdict
    snoozes_left: int


def make_promise(
    ctx: Context,
    contact: Contact,
    what: str,
    due_at: datetime,
    *,
    urgent: bool = False,
    made: datetime | None = None,
) -> Promise:
    """Save a new open promise to an existing contact (inside the caller's transaction).

    ``made`` is when it was promised: default now, never later than now, and never after the
    due date. A due date already past is a promise owed and recorded late: it is saved and is
    overdue at once (its reminders start from its recording, see ``core.reminders.plan``).
    """
    if contact.id is None:
        raise BadInput("save the contact before promising them something")
    now = ctx.now()
    made_at = now if made is None else made.astimezone(UTC)
    if made is not None:
        lifecycle.check_made(made_at, due_at, now)
    what = lifecycle.check_what(what)
    promise = Promise(contact.id, what, due_at.astimezone(UTC), made_at, urgent=urgent)
    note = "" if made_at == now else f"recorded {now.isoformat(timespec='seconds')}"
    with ctx.ledger.atomic():
        saved = ctx.ledger.add_promise(promise)
        assert saved.id is not None
        ctx.ledger.add_event(
            PromiseEvent(saved.id, PromiseEventKind.CREATED, made_at, new_due_at=due_at, note=note)
        )
    return saved


def get_view(ctx: Context, promise_id: int) -> PromiseView:
    promise = ctx.ledger.get_promise(promise_id)
    if promise is None:
        raise NotFound(f"there is no promise {promise_id}")
    contact = ctx.ledger.get_contact(promise.contact_id)
    if contact is None:
        raise NotFound(f"promise {promise_id} belongs to a contact that no longer exists")
    return _view(ctx, promise, contact)


def _view(ctx: Context, promise: Promise, contact: Contact) -> PromiseView:
    now = ctx.now()
    status = lifecycle.status_at(promise, now)
    return PromiseView(promise, contact, status, lifecycle.days_late(promise, now))


def detail(ctx: Context, promise_id: int) -> PromiseDetail:
    view = get_view(ctx, promise_id)
    events = tuple(ctx.ledger.events_for(promise_id))
    left = lifecycle.snoozes_left(view.promise, ctx.settings.reminders.snooze_budget)
    return PromiseDetail(view, events, verdict_for(ctx, view.contact), left)


def list_promises(
    ctx: Context, which: ListFilter, limit: int | None = None, matching: str = ""
) -> list[PromiseView]:
    """Promises of the kind ``which``, oldest due first; with ``matching``, only those whose
    what, contact or company holds that text."""
    now = ctx.now()
    states = {
        ListFilter.KEPT: [PromiseState.KEPT],
        ListFilter.RELEASED: [PromiseState.RELEASED],
        ListFilter.ALL: list(PromiseState),
    }.get(which, [PromiseState.OPEN])
    due_before = due_from = None
    if which is ListFilter.OVERDUE:
        due_before = now
    elif which is ListFilter.DUE_TODAY:
        today = now.astimezone(ctx.tz).date()
        due_from = datetime.combine(today, time(0), ctx.tz).astimezone(UTC)
        due_before = datetime.combine(today + timedelta(days=1), time(0), ctx.tz).astimezone(UTC)
    rows = ctx.ledger.list_promises(
        states,
        due_before=due_before,
        due_from=due_from,
        matching=matching.strip() or None,
        limit=limit,
    )
    contacts = ctx.ledger.get_contacts(promise.contact_id for promise in rows)
    return [
        _view(ctx, promise, contacts[promise.contact_id])
        for promise in rows
        if promise.contact_id in contacts
    ]


def keep(
    ctx: Context,
    promise_id: int,
    at: datetime | None = None,
    channel: Channel = Channel.OTHER,
    note: str = "",
    *,
    reason: str = "",
) -> tuple[Promise, Touch]:
    """Mark a promise kept and log the touch that kept it, in one transaction.

    The touch is logged as any outbound touch is: against a ``stop`` verdict it needs
    ``reason`` (refused with ``ReasonNeeded`` without one, nothing saved) and keeps it.
    """
    when = at or ctx.now()
    with ctx.ledger.atomic():
        view = get_view(ctx, promise_id)
        kept, event = lifecycle.keep(view.promise, when)
        logged = log_touch(
            ctx,
            view.contact,
            channel,
            Direction.OUTBOUND,
            at=when,
            note=note or f"kept: {view.promise.what}",
            reason=reason,
            promise_id=promise_id,
        )
        saved = ctx.ledger.update_promise(kept)
        ctx.ledger.add_event(event)
    return saved, logged.touch


def release(ctx: Context, promise_id: int, reason: str) -> Promise:
    with ctx.ledger.atomic():
        released, event = lifecycle.release(get_view(ctx, promise_id).promise, ctx.now(), reason)
        saved = ctx.ledger.update_promise(released)
        ctx.ledger.add_event(event)
    return saved


def snooze(ctx: Context, promise_id: int, until: datetime) -> Promise:
    budget = ctx.settings.reminders.snooze_budget
    with ctx.ledger.atomic():
        promise = get_view(ctx, promise_id).promise
        snoozed, event = lifecycle.snooze(promise, until, ctx.now(), budget)
        saved = ctx.ledger.update_promise(snoozed)
        ctx.ledger.add_event(event)
    return saved


def mark_urgent(ctx: Context, promise_id: int, urgent: bool = True) -> Promise:
    """Mark an open promise urgent, or not: from now on its reminders come when meant, outside
    working hours and pause too (or wait for working hours again). Nothing shown is re-shown."""
    with ctx.ledger.atomic():
        promise = get_view(ctx, promise_id).promise
        return ctx.ledger.update_promise(lifecycle.mark_urgent(promise, urgent))


def renegotiate(ctx: Context, promise_id: int, new_due: datetime) -> Promise:
    with ctx.ledger.atomic():
        promise = get_view(ctx, promise_id).promise
        moved, event = lifecycle.renegotiate(promise, new_due, ctx.now())
        saved = ctx.ledger.update_promise(moved)
        ctx.ledger.add_event(event)
    return saved
