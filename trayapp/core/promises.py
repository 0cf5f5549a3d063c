"""A promise's lifecycle: open -> kept (on time or late) | released; snooze and renegotiate.

Each step is a pure function returning the new promise and the history event to record.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime

from trayapp.core.errors import BadInput
from trayapp.core.model import Promise, PromiseEvent, PromiseEventKind, PromiseState
from trayapp.core.text import check_characters

MAX_WHAT = 500
MAX_REASON = 500


class PromiseStatus(enum.StrEnum):
    """How a promise stands at an instant, for lists and filters."""

    OPEN = "open"
    OVERDUE = "overdue"
    KEPT = "kept"
    KEPT_LATE = "kept_late"
    RELEASED = "released"


def status_at(promise: Promise, at: datetime) -> PromiseStatus:
    if promise.state is PromiseState.KEPT:
        return PromiseStatus.KEPT if promise.kept_on_time() else PromiseStatus.KEPT_LATE
    if promise.state is PromiseState.RELEASED:
        return PromiseStatus.RELEASED
    return PromiseStatus.OVERDUE if promise.due_at < at else PromiseStatus.OPEN


def days_late(promise: Promise, at: datetime) -> int:
    """Whole days past due (0 when on time)."""
    return int(promise.lateness(at) // 86400)


def check_what(what: str) -> str:
    check_characters(what, "what was promised")
    cleaned = " ".join(what.split())
    if not cleaned:
        raise BadInput("say what was promised, e.g. 'send Acme feedback'")
    if len(cleaned) > MAX_WHAT:
        raise BadInput(
            f"what was promised is too long ({len(cleaned)} characters, at most {MAX_WHAT})"
        )
    return cleaned


def check_made(made: datetime, due: datetime, now: datetime) -> None:
    """A promise said to be made at ``made`` was made by now, and falls due no earlier."""
    if made > now:
        raise BadInput("the time the promise was made is in the future; give when it was made")
    if due < made:
        raise BadInput(
            "the due date is before the promise was made; a promise falls due after it is "
            "made: give a later due date or an earlier time it was made"
        )


def check_reason(reason: str, what: str = "reason") -> str:
    check_characters(reason, f"the {what}")
    cleaned = " ".join(reason.split())
    if not cleaned:
        raise BadInput(f"give a {what} in a few words")
    if len(cleaned) > MAX_REASON:
        raise BadInput(f"the {what} is too long (at most {MAX_REASON} characters)")
    return cleaned


def _require_open(promise: Promise, action: str) -> int:
    if promise.id is None:
        raise BadInput("this promise has not been saved yet")
    if not promise.is_open:
        raise BadInput(
            f"promise {promise.id} is already {promise.state.value}; it cannot be {action}"
        )
    return promise.id


def keep(promise: Promise, at: datetime) -> tuple[Promise, PromiseEvent]:
    pid = _require_open(promise, "kept again")
    if at < promise.created_at:
        raise BadInput("a promise cannot be kept before it was made; give a later time")
    kept = dataclasses.replace(promise, state=PromiseState.KEPT, kept_at=at, snoozed_until=None)
    return kept, PromiseEvent(pid, PromiseEventKind.KEPT, at, old_due_at=promise.due_at)


def mark_urgent(promise: Promise, urgent: bool) -> Promise:
    """The open promise marked urgent (its reminders come outside working hours too) or not."""
    _require_open(promise, "marked urgent" if urgent else "marked not urgent")
    return dataclasses.replace(promise, urgent=urgent)


def release(promise: Promise, at: datetime, reason: str) -> tuple[Promise, PromiseEvent]:
    pid = _require_open(promise, "released")
    why = check_reason(reason)
    released = dataclasses.replace(
        promise, state=PromiseState.RELEASED, released_at=at, release_reason=why, snoozed_until=None
    )
    return released, PromiseEvent(pid, PromiseEventKind.RELEASED, at, note=why)


def snoozes_left(promise: Promise, budget: int) -> int:
    return max(0, budget - promise.snooze_count)


def snooze(
    promise: Promise, until: datetime, at: datetime, budget: int
) -> tuple[Promise, PromiseEvent]:
    """Quiet the promise's reminders until ``until``; spends one snooze of the budget."""
    pid = _require_open(promise, "snoozed")
    if snoozes_left(promise, budget) == 0:
        raise BadInput(
            f"promise {pid} has used all {budget} snoozes: keep it now, renegotiate the date "
            "with the contact, or release it"
        )
    if until <= at:
        raise BadInput("a snooze must end in the future")
    snoozed = dataclasses.replace(
        promise, snooze_count=promise.snooze_count + 1, snoozed_until=until
    )
    return snoozed, PromiseEvent(pid, PromiseEventKind.SNOOZED, at, new_due_at=until)


def renegotiate(promise: Promise, new_due: datetime, at: datetime) -> tuple[Promise, PromiseEvent]:
    """Agree a new due date; the old one stays in history and the snooze budget starts again."""
    pid = _require_open(promise, "renegotiated")
    if new_due <= at:
        raise BadInput("a renegotiated date must be in the future")
    moved = dataclasses.replace(
        promise,
        due_at=new_due,
        snooze_count=0,
        snoozed_until=None,
        original_due_at=promise.original_due_at or promise.due_at,
    )
    event = PromiseEvent(
        pid, PromiseEventKind.RENEGOTIATED, at, old_due_at=promise.due_at, new_due_at=new_due
    )
    return moved, event
