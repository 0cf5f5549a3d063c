"""Delivering reminders exactly once: the sweep, catch-up digests, pause and the Missed list.

The database is the source of truth. A sweep reads the open promises, works out which of their
occurrences may be shown by now and were not delivered yet, and records them as delivered in
the same transaction that decides it — before anything is shown. A crash after that commit
cannot show a reminder twice; what was recorded but not acted on stays in the Missed list, so
nothing is lost either.

After the app was closed or the machine slept (``SweepCause.START`` / ``WAKE``), everything that
fell due arrives as one digest, never a burst. Outside working hours (or while paused) only
urgent promises' reminders are shown, each on its own as it falls due; nothing else is shown or
recorded: what fell due meanwhile is held, the wake-up timer is armed for the next working
moment, and it then arrives as that one catch-up digest. The first sweep of each
working day also brings a start-of-day digest; when both happen at once they are one
notification.

The Missed list holds delivered reminders nobody acted on. Any action on the promise — kept,
released, snoozed or renegotiated, from the app, a notification or the command line — takes
its reminders off the list: the store reads the promise's own history, so no caller has to
remember to clear it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from trayapp.core.guard.verdict import Situation, Verdict
from trayapp.core.model import PromiseState
from trayapp.core.ports import DeliveryRecord, ReminderLog
from trayapp.core.promises import snoozes_left
from trayapp.core.reminders.hours import hold, is_working, working_moment_start
from trayapp.core.reminders.plan import (
    Occurrence,
    Survey,
    latest_per_promise,
    showable,
    survey,
)
from trayapp.core.scripts.library import choose_situation
from trayapp.services.context import Context
from trayapp.services.promises import PromiseView, get_view
from trayapp.services.verdicts import cooling_down, verdict_for
from trayapp.services.waiting import WaitReminder, remind_due, wait_wakes

LOOK_BACK = timedelta(days=30)
PAUSED_UNTIL = "paused_until"
LAST_SWEEP = "last_sweep_at"
DAY_DIGEST_PREFIX = "digest:"
HELD_CATCH_UP = "catch_up_held"
BURST = 3
T = TypeVar("T")


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
    """One reminder to show now, with the guard's verdict on its contact, the kind of message
    to send and the snoozes left: everything its notification says, decided here."""

    occurrence: Occurrence
    view: PromiseView
    verdict: Verdict
    situation: Situation
    snoozes_left: int


#: An occurrence to deliver and its promise as it stands.
Due = tuple[Occurrence, PromiseView]


@dataclass(frozen=True, slots=True)
class Digest:
    """Several reminders in one notification: catch-up, start of day, or both.

    ``became_due`` are the promises that are due or overdue and had a reminder fall due
    (oldest due date first); ``coming_up`` the ones whose only news is a heads-up. The counts
    describe the day ahead: due today, overdue, and contacts cooling down.
    """

    key: str
    became_due: tuple[PromiseView, ...]
    catch_up: bool
    start_of_day: bool
    due_today: int
    overdue: int
    coming_up: tuple[PromiseView, ...] = ()
    cooling: int = 0


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What a sweep decided; ``wake`` is when to sweep next, as :func:`next_wake` would say
    right after it (planned in the same pass), None when nothing is left."""

    reminders: tuple[Reminder, ...] = ()
    digest: Digest | None = None
    recorded: int = 0
    waits: tuple[WaitReminder, ...] = ()
    wake: datetime | None = field(default=None, compare=False)


def _survey(ctx: Context, log: ReminderLog, now: datetime, pause_end: datetime | None) -> Survey:
    """Every open promise planned once: what is waiting to be shown and what comes next."""
    promises = ctx.ledger.list_promises([PromiseState.OPEN])
    return survey(
        promises,
        ctx.settings.reminders,
        ctx.tz,
        now=now,
        delivered_keys=log.delivered_keys([p.id for p in promises if p.id is not None]),
        horizon_start=now - LOOK_BACK,
        paused_until=pause_end,
    )


def paused_until(log: ReminderLog, now: datetime) -> datetime | None:
    until = _state_instant(log, PAUSED_UNTIL)
    return until if until is not None and until > now else None


def _state_instant(log: ReminderLog, name: str) -> datetime | None:
    """An instant the log keeps as state; None when unset or unreadable (never naive)."""
    raw = log.get_state(name)
    if not raw:
        return None
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None


def pause(ctx: Context, log: ReminderLog, until: datetime) -> None:
    """Hold every reminder until ``until``; held ones arrive then, none are dropped."""
    with ctx.ledger.atomic():
        log.set_state(PAUSED_UNTIL, until.astimezone(UTC).isoformat())


def resume(ctx: Context, log: ReminderLog) -> None:
    with ctx.ledger.atomic():
        log.set_state(PAUSED_UNTIL, None)


@dataclass(frozen=True, slots=True)
class _Found:
    """What a sweep found: occurrences to deliver now, whether they were held for work, and
    whether it is a quiet moment (outside working hours or paused: urgent ones only)."""

    due: list[Occurrence]
    after_absence: bool
    quiet: bool = False
    wakes: tuple[datetime, ...] = ()


def _find(ctx: Context, log: ReminderLog, now: datetime, pause_end: datetime | None) -> _Found:
    """Undelivered occurrences; outside a working moment all but the urgent ones are held (and
    remembered as a catch-up, so that they arrive as one digest when work starts). Its wakes:
    the next occurrence, and the next working moment for what stays held."""
    settings, tz = ctx.settings.reminders, ctx.tz
    planned = _survey(ctx, log, now, pause_end)
    waiting = planned.pending
    wakes: tuple[datetime, ...] = () if planned.next is None else (planned.next.deliver_at,)
    if not is_working(now, settings, tz, pause_end):
        urgent = showable(waiting, working=False)
        if len(waiting) > len(urgent):
            wakes += (hold(now, settings, tz, pause_end),)
            if log.get_state(HELD_CATCH_UP) is None:
                log.set_state(HELD_CATCH_UP, "1")
        return _Found(urgent, after_absence=False, quiet=True, wakes=wakes)
    held_before = log.get_state(HELD_CATCH_UP) is not None
    if held_before:
        log.set_state(HELD_CATCH_UP, None)
    return _Found(waiting, after_absence=held_before and bool(waiting), wakes=wakes)


def sweep(ctx: Context, log: ReminderLog, cause: SweepCause) -> SweepResult:
    """Decide, record and return what to show now. Safe to run at any time, any number of times."""
    now = ctx.now()
    with ctx.ledger.atomic():
        pause_end = paused_until(log, now)
        found = _find(ctx, log, now, pause_end)
        due = found.due
        log.record_deliveries([_record(o, now) for o in due])
        waits = () if found.quiet else remind_due(ctx, log, now)
        day_key = _day_digest_key(ctx, log, now, pause_end)
        last = _state_instant(log, LAST_SWEEP)
        log.set_state(LAST_SWEEP, now.isoformat())
        chosen = tuple((o, get_view(ctx, o.promise_id)) for o in latest_per_promise(due))
        # Reminders of several promises held back together (by a pause or working hours: due
        # at the previous sweep, shown only now) arrive as one digest, like those that fell due
        # while the app was closed.
        absence = cause.after_absence or found.after_absence or _held_together(chosen, last)
        one_by_one = found.quiet or (not (absence and chosen) and len(chosen) <= BURST)
        if day_key is None and one_by_one:
            reminders = tuple(_reminder(ctx, item, now) for item in chosen)
            wake = _earliest(found.wakes, ctx, log, now, pause_end)
            return SweepResult(reminders=reminders, recorded=len(due), waits=waits, wake=wake)
        digest = _digest(ctx, log, now, chosen, day_key=day_key, catch_up=absence)
        wake = _earliest(found.wakes, ctx, log, now, pause_end)
    quiet_day = not (digest.became_due or digest.coming_up or digest.due_today or digest.overdue)
    return SweepResult(
        digest=None if quiet_day else digest, recorded=len(due), waits=waits, wake=wake
    )


def _earliest(
    wakes: tuple[datetime, ...],
    ctx: Context,
    log: ReminderLog,
    now: datetime,
    pause_end: datetime | None,
) -> datetime | None:
    """The first of ``wakes``, the waits' and the start-of-day digests' (read after what
    was recorded)."""
    candidates = [*wakes, *wait_wakes(ctx, now, pause_end)]
    if ctx.settings.reminders.digest_enabled:
        candidates.extend(_digest_wakes(ctx, log, now, pause_end))
    return min(candidates) if candidates else None


def _reminder(ctx: Context, item: Due, now: datetime) -> Reminder:
    """A reminder with the verdict on one more touch to its contact and the message it calls
    for (the card's script starts from the same situation)."""
    occurrence, view = item
    settings = ctx.settings
    verdict = verdict_for(ctx, view.contact, now)
    situation, _tier = choose_situation(
        view.promise,
        verdict,
        now,
        snooze_budget=settings.reminders.snooze_budget,
        streak_limit=settings.guard.unanswered_streak_limit,
    )
    left = snoozes_left(view.promise, settings.reminders.snooze_budget)
    return Reminder(occurrence, view, verdict, situation, left)


def _held_together(chosen: tuple[Due, ...], last_sweep: datetime | None) -> bool:
    """Whether reminders of more than one promise were already due at the previous sweep."""
    if last_sweep is None:
        return False
    return sum(1 for o, _view in chosen if o.nominal_at <= last_sweep) > 1


def _record(occurrence: Occurrence, now: datetime) -> DeliveryRecord:
    return DeliveryRecord(
        occurrence.key, occurrence.promise_id, occurrence.kind.value, occurrence.nominal_at, now
    )


def _day_digest_start(ctx: Context, now: datetime) -> tuple[str, datetime] | None:
    """Today's start-of-day digest: its key and when it may show (None on a day off)."""
    today: date = now.astimezone(ctx.tz).date()
    start = working_moment_start(today, ctx.settings.reminders, ctx.tz)
    if start.astimezone(ctx.tz).date() != today:
        return None
    return f"{DAY_DIGEST_PREFIX}{today.isoformat()}", start


def _day_digest_key(
    ctx: Context, log: ReminderLog, now: datetime, pause_end: datetime | None
) -> str | None:
    """The start-of-day digest's key when it is due now and not yet delivered: only at a
    working moment (not in the evening, not while paused)."""
    settings = ctx.settings.reminders
    if not settings.digest_enabled or not is_working(now, settings, ctx.tz, pause_end):
        return None
    today = _day_digest_start(ctx, now)
    if today is None or now < today[1]:
        return None
    return None if log.is_delivered(today[0]) else today[0]


def _digest(
    ctx: Context,
    log: ReminderLog,
    now: datetime,
    chosen: tuple[Due, ...],
    *,
    day_key: str | None,
    catch_up: bool,
) -> Digest:
    views = sorted((view for _o, view in chosen), key=lambda v: v.promise.due_at)
    became_due = tuple(v for v in views if v.promise.due_at <= now)
    coming_up = tuple(v for v in views if v.promise.due_at > now)
    today = now.astimezone(ctx.tz).date()
    open_views = ctx.ledger.list_promises([PromiseState.OPEN], due_before=now + timedelta(days=1))
    overdue = sum(1 for p in open_views if p.due_at < now)
    due_today = sum(1 for p in open_views if p.due_at.astimezone(ctx.tz).date() == today)
    key = day_key or f"catch-up:{now.isoformat()}"
    log.record_deliveries([DeliveryRecord(key, None, "digest", now, now)])
    return Digest(
        key=key,
        became_due=became_due,
        catch_up=catch_up and bool(views),
        start_of_day=day_key is not None,
        due_today=due_today,
        overdue=overdue,
        coming_up=coming_up,
        cooling=_cooling_count(ctx) if day_key is not None else 0,
    )


def _cooling_count(ctx: Context) -> int:
    return len(cooling_down(ctx))


def next_wake(ctx: Context, log: ReminderLog) -> datetime | None:
    """When the next reminder (or digest) may be shown, for the in-memory timer; None when
    nothing is left. Reminders held outside working hours wake it at the next working moment."""
    now = ctx.now()
    pause_end = paused_until(log, now)
    planned = _survey(ctx, log, now, pause_end)
    wakes: tuple[datetime, ...] = () if planned.next is None else (planned.next.deliver_at,)
    return _earliest(
        wakes + _waiting_wakes(ctx, now, pause_end, planned.pending), ctx, log, now, pause_end
    )


def _waiting_wakes(
    ctx: Context, now: datetime, pause_end: datetime | None, waiting: list[Occurrence]
) -> tuple[datetime, ...]:
    """For what fell due and was not shown yet: now, when a sweep would show it (a change
    just made it due), and the next working moment for what waits for one (urgent ones never
    wait)."""
    working = is_working(now, ctx.settings.reminders, ctx.tz, pause_end)
    shown_now = showable(waiting, working=working)
    wakes: tuple[datetime, ...] = (now,) if shown_now else ()
    if len(waiting) > len(shown_now):
        wakes += (hold(now, ctx.settings.reminders, ctx.tz, pause_end),)
    return wakes


def _digest_wakes(
    ctx: Context, log: ReminderLog, now: datetime, pause_end: datetime | None
) -> list[datetime]:
    """Today's start-of-day digest: now when it is due and not shown, or when it is still
    ahead; and tomorrow's."""
    tomorrow = now.astimezone(ctx.tz).date() + timedelta(days=1)
    wakes = [working_moment_start(tomorrow, ctx.settings.reminders, ctx.tz)]
    if _day_digest_key(ctx, log, now, pause_end) is not None:
        wakes.append(now)
    today = _day_digest_start(ctx, now)
    if today is not None and today[1] > now and not log.is_delivered(today[0]):
        wakes.append(today[1])
    return wakes


def act_on(ctx: Context, log: ReminderLog, promise_id: int, action: Callable[[], T]) -> T:
    """Carry out the user's action on a promise and take its reminders off the Missed list,
    in one transaction (from the tray, a notification or the card alike)."""
    with ctx.ledger.atomic():
        done = action()
        log.mark_acted(promise_id, ctx.now())
    return done


def acted_on(ctx: Context, log: ReminderLog, promise_id: int) -> None:
    """The user dealt with this promise's reminders (saw its card): they leave the Missed list."""
    act_on(ctx, log, promise_id, lambda: None)


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
