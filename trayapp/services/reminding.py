"""Delivering reminders exactly once: the sweep, catch-up digests, pause and the Missed list.

The database is the source of truth. A sweep reads the open promises, works out which of their
occurrences may be shown by now and were not delivered yet, and records them as delivered in
the same transaction that decides it — before anything is shown. A crash after that commit
cannot show a reminder twice; what was recorded but not acted on stays in the Missed list, so
nothing is lost either.

After the app was closed or the machine slept (``SweepCause.START`` / ``WAKE``), everything that
fell due arrives as one digest, never a burst. The first sweep of each working day also brings
a start-of-day digest; when both happen at once they are one notification.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from trayapp.core.model import Promise, PromiseState
from trayapp.core.ports import DeliveryRecord, ReminderLog
from trayapp.core.reminders import Occurrence, due_now, latest_per_promise, next_occurrence
from trayapp.core.reminders_time import working_moment_start
from trayapp.services.context import Context
from trayapp.services.promises import PromiseView, get_view

LOOK_BACK = timedelta(days=30)
PAUSED_UNTIL = "paused_until"
LAST_SWEEP = "last_sweep_at"
DAY_DIGEST_PREFIX = "digest:"
BURST = 3


class SweepCause(enum.StrEnum):
    """Why a sweep runs; after an absence, due reminders come as one digest."""

    START = "start"
    WAKE = "wake"
    TIMER = "timer"
    TICK = "tick"
    CHANGE = "change"

    @property
    def after_absence(self) -> bool:
        return self in (SweepCause.START, SweepCause.WAKE)


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder to show now."""

    occurrence: Occurrence
    view: PromiseView


@dataclass(frozen=True, slots=True)
class Digest:
    """Several reminders in one notification: catch-up, start of day, or both.

    ``became_due`` are the promises with reminders that fell due (latest first per promise,
    oldest due date first); the counts describe the day ahead.
    """

    key: str
    became_due: tuple[PromiseView, ...]
    catch_up: bool
    start_of_day: bool
    due_today: int
    overdue: int


@dataclass(frozen=True, slots=True)
class SweepResult:
    reminders: tuple[Reminder, ...] = ()
    digest: Digest | None = None
    recorded: int = 0


def _open_candidates(ctx: Context, now: datetime) -> list[Promise]:
    """Open promises that can have an occurrence by ``now`` (none starts before its heads-up)."""
    reach = now + timedelta(minutes=ctx.settings.reminders.heads_up_minutes) + timedelta(days=1)
    return ctx.ledger.list_promises([PromiseState.OPEN], due_before=reach)


def paused_until(log: ReminderLog, now: datetime) -> datetime | None:
    raw = log.get_state(PAUSED_UNTIL)
    if not raw:
        return None
    try:
        until = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return until if until > now and until.tzinfo is not None else None


def pause(ctx: Context, log: ReminderLog, until: datetime) -> None:
    """Hold every reminder until ``until``; held ones arrive then, none are dropped."""
    with ctx.ledger.atomic():
        log.set_state(PAUSED_UNTIL, until.astimezone(UTC).isoformat())


def resume(ctx: Context, log: ReminderLog) -> None:
    with ctx.ledger.atomic():
        log.set_state(PAUSED_UNTIL, None)


def sweep(ctx: Context, log: ReminderLog, cause: SweepCause) -> SweepResult:
    """Decide, record and return what to show now. Safe to run at any time, any number of times."""
    now = ctx.now()
    settings, tz = ctx.settings.reminders, ctx.tz
    with ctx.ledger.atomic():
        pause_end = paused_until(log, now)
        promises = _open_candidates(ctx, now)
        delivered = log.delivered_keys([p.id for p in promises if p.id is not None])
        due = due_now(
            promises,
            settings,
            tz,
            now=now,
            delivered_keys=delivered,
            horizon_start=now - LOOK_BACK,
            paused_until=pause_end,
        )
        log.record_deliveries([_record(o, now) for o in due])
        day_key = _day_digest_key(ctx, log, now, pause_end)
        log.set_state(LAST_SWEEP, now.isoformat())
        reminders = tuple(Reminder(o, get_view(ctx, o.promise_id)) for o in latest_per_promise(due))
        one_by_one = not (cause.after_absence and len(reminders) > 1) and len(reminders) <= BURST
        if day_key is None and one_by_one:
            return SweepResult(reminders=reminders, recorded=len(due))
        digest = _digest(ctx, log, now, reminders, day_key=day_key, cause=cause)
    quiet_day = not (digest.became_due or digest.due_today or digest.overdue)
    return SweepResult(digest=None if quiet_day else digest, recorded=len(due))


def _record(occurrence: Occurrence, now: datetime) -> DeliveryRecord:
    return DeliveryRecord(
        occurrence.key, occurrence.promise_id, occurrence.kind.value, occurrence.nominal_at, now
    )


def _day_digest_key(
    ctx: Context, log: ReminderLog, now: datetime, pause_end: datetime | None
) -> str | None:
    """The start-of-day digest's key when it is due now and not yet delivered."""
    if not ctx.settings.reminders.digest_enabled or pause_end is not None:
        return None
    today: date = now.astimezone(ctx.tz).date()
    start = working_moment_start(today, ctx.settings.reminders, ctx.tz)
    if start.astimezone(ctx.tz).date() != today or now < start:
        return None
    key = f"{DAY_DIGEST_PREFIX}{today.isoformat()}"
    return None if log.is_delivered(key) else key


def _digest(
    ctx: Context,
    log: ReminderLog,
    now: datetime,
    reminders: tuple[Reminder, ...],
    *,
    day_key: str | None,
    cause: SweepCause,
) -> Digest:
    views = sorted((r.view for r in reminders), key=lambda v: v.promise.due_at)
    today = now.astimezone(ctx.tz).date()
    open_views = ctx.ledger.list_promises([PromiseState.OPEN], due_before=now + timedelta(days=1))
    overdue = sum(1 for p in open_views if p.due_at < now)
    due_today = sum(1 for p in open_views if p.due_at.astimezone(ctx.tz).date() == today)
    key = day_key or f"catch-up:{now.isoformat()}"
    log.record_deliveries([DeliveryRecord(key, None, "digest", now, now)])
    return Digest(
        key=key,
        became_due=tuple(views),
        catch_up=cause.after_absence and bool(views),
        start_of_day=day_key is not None,
        due_today=due_today,
        overdue=overdue,
    )


def next_wake(ctx: Context, log: ReminderLog) -> datetime | None:
    """When the next reminder may be shown (for the in-memory timer); None when nothing is left."""
    now = ctx.now()
    pause_end = paused_until(log, now)
    promises = ctx.ledger.list_promises([PromiseState.OPEN])
    delivered = log.delivered_keys([p.id for p in promises if p.id is not None])
    found = next_occurrence(
        promises,
        ctx.settings.reminders,
        ctx.tz,
        after=now,
        delivered_keys=delivered,
        horizon_start=now - LOOK_BACK,
        paused_until=pause_end,
    )
    candidates = [found.deliver_at] if found else []
    tomorrow = now.astimezone(ctx.tz).date() + timedelta(days=1)
    if ctx.settings.reminders.digest_enabled:
        candidates.append(working_moment_start(tomorrow, ctx.settings.reminders, ctx.tz))
    return min(candidates) if candidates else None


def acted_on(ctx: Context, log: ReminderLog, promise_id: int) -> None:
    """The user dealt with this promise's reminders: they leave the Missed list."""
    with ctx.ledger.atomic():
        log.mark_acted(promise_id, ctx.now())


def missed(
    ctx: Context, log: ReminderLog, limit: int = 50
) -> list[tuple[DeliveryRecord, PromiseView]]:
    """Reminders that were delivered but not acted on, one row per open promise, newest first."""
    seen: set[int] = set()
    rows: list[tuple[DeliveryRecord, PromiseView]] = []
    for record in log.unacted(limit * 4):
        if record.promise_id is None or record.promise_id in seen:
            continue
        seen.add(record.promise_id)
        view = get_view(ctx, record.promise_id)
        if view.promise.is_open:
            rows.append((record, view))
        if len(rows) >= limit:
            break
    return rows
