"""The reminder plan: which reminders an open promise has, when each is meant, when it may show.

For each open promise (PRODUCT.md, "Reminders"):

- a **heads-up** ``heads_up_minutes`` before the due time; a promise made less than that ahead
  gets it halfway between its making and its due time, and none when that is under half a minute
  before due (see :func:`heads_up_at`); none at all when ``heads_up_minutes`` is 0;
- one at the **due** time;
- **overdue** nags that back off (default +1, +3, +7 calendar days, then weekly, forever), at
  the due time's local wall-clock time (see :mod:`trayapp.core.reminders.nags`);
- while **snoozed**, every reminder meant at or before ``snoozed_until`` is suppressed and one
  **snooze-end** reminder is meant at ``snoozed_until``.

Kept and released promises have no reminders. Each :class:`Occurrence` has a *nominal* time (when
it is meant) and a *delivery* time: the nominal time held by working hours and pause
(:func:`trayapp.core.reminders.hours.hold`). Its :attr:`Occurrence.key` names it for the delivery
log so that it is shown exactly once; a renegotiated due date and every new snooze get new keys.
A nag's key carries its day offset from the due date (not its index, which changes when the
nag days setting changes) and a snooze end's key carries the snooze-until instant (a snooze
count restarts after a renegotiation). Keys written before this scheme are read as the current
ones by :func:`current_key`, so an upgrade re-shows nothing.

Nothing is shown outside a working moment: an occurrence whose delivery time has passed while
the app was closed is held, like any other, until working hours return (:func:`due_now` leaves
it out at such a moment; :func:`pending` still lists it so a wake-up can be armed).

An **urgent** promise is the one exception, and it is made in one place: its occurrences are
never held (their delivery time is their nominal time, see :func:`_occurrence`) and they may
be shown at any moment (:func:`showable`), so they come when meant — at night, on a day off
or while paused — and each is shown on its own, not folded into a digest.

Everything here is pure: instants are passed in (aware, UTC) and nothing reads a clock. Cost:
:func:`plan` is ``O(len(overdue_nag_days) + k)`` for ``k`` occurrences in the window — the first
nag in the window is found arithmetically, so a year-old promise costs no more than a new one;
:func:`due_now` and :func:`next_occurrence` are that per promise.
"""

from __future__ import annotations

import enum
import heapq
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.errors import BadInput
from trayapp.core.model import Promise
from trayapp.core.reminders.hours import MAX_HOLD, as_utc, hold, is_working
from trayapp.core.reminders.nags import NagSchedule, first_nag_after, nag_instant
from trayapp.core.settings import ReminderSettings


class OccurrenceKind(enum.StrEnum):
    """Which of a promise's reminders an occurrence is."""

    HEADS_UP = "heads_up"
    DUE = "due"
    OVERDUE = "overdue"
    SNOOZE_END = "snooze_end"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One reminder of one promise.

    ``seq`` is 0 for a heads-up or due reminder, the nag's index (from 1) for an overdue nag,
    and the promise's snooze count for a snooze end. ``mark`` tells it apart from others of its
    kind for good: 0 for a heads-up or due reminder, the nag's day offset from the due date, the
    snooze-until instant (epoch seconds) for a snooze end. ``nominal_at`` is when it is meant,
    ``deliver_at`` when it may be shown (never earlier), ``due_at`` the promise's due time it
    was planned from. ``urgent`` copies the promise's flag: such an occurrence is never held.
    """

    promise_id: int
    kind: OccurrenceKind
    seq: int
    nominal_at: datetime
    deliver_at: datetime
    due_at: datetime
    mark: int = 0
    urgent: bool = False

    @property
    def key(self) -> str:
        """Stable identity for the delivery log: promise, due time, kind and mark."""
        return _key(self.promise_id, int(self.due_at.timestamp()), self.kind, self.mark)

    @property
    def held(self) -> bool:
        """Whether working hours or a pause moved it later than meant."""
        return self.deliver_at > self.nominal_at


#: A heads-up closer to the due time than this is left out: the due reminder follows at once.
SHORTEST_HEADS_UP = timedelta(seconds=30)

_Nominal = tuple[datetime, OccurrenceKind, int, int]
_MARK_PREFIX = {
    OccurrenceKind.HEADS_UP: "",
    OccurrenceKind.DUE: "",
    OccurrenceKind.OVERDUE: "d",
    OccurrenceKind.SNOOZE_END: "at",
}
_DAY_SECONDS = 86_400


def _key(promise_id: int, due_epoch: int, kind: OccurrenceKind, mark: int) -> str:
    return f"{promise_id}:{due_epoch}:{kind.value}:{_MARK_PREFIX[kind]}{mark}"


def current_key(key: str, nominal_at: datetime) -> str:
    """A delivery-log key in the current scheme, given the nominal time it was recorded with.

    Older keys ended a nag with its index and a snooze end with the snooze count; both are
    rewritten from the recorded nominal time (a nag is whole local days after the due time,
    give or take a clock change of at most a few hours). Current keys come back unchanged.
    """
    parts = key.split(":")
    if len(parts) != 4 or not parts[3].isdigit() or not parts[1].lstrip("-").isdigit():
        return key
    pid, due, kind, _old = parts
    nominal = int(as_utc(nominal_at, "recorded time").timestamp())
    if kind == OccurrenceKind.OVERDUE.value:
        days = round((nominal - int(due)) / _DAY_SECONDS)
        return f"{pid}:{due}:{kind}:{_MARK_PREFIX[OccurrenceKind.OVERDUE]}{days}"
    if kind == OccurrenceKind.SNOOZE_END.value:
        return f"{pid}:{due}:{kind}:{_MARK_PREFIX[OccurrenceKind.SNOOZE_END]}{nominal}"
    return key


def plan(
    promise: Promise,
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    after: datetime | None,
    until: datetime,
    paused_until: datetime | None = None,
) -> list[Occurrence]:
    """The promise's occurrences with nominal time in ``(after, until]``, oldest first.

    ``after=None`` means from the very beginning. Windows compose: the plan for ``(a, b]``
    followed by the plan for ``(b, c]`` is the plan for ``(a, c]``.
    """
    if not promise.is_open:
        return []
    end = as_utc(until, "end of the window")
    start = None if after is None else as_utc(after, "start of the window")
    if start is not None and start >= end:
        return []
    out: list[Occurrence] = []
    for nominal in _nominals(promise, settings, tz, start):
        if nominal[0] > end:
            break
        out.append(_occurrence(promise, settings, tz, nominal, paused_until))
    return out


def pending(
    promises: Iterable[Promise],
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    now: datetime,
    delivered_keys: Collection[str],
    horizon_start: datetime,
    paused_until: datetime | None = None,
) -> list[Occurrence]:
    """Every undelivered occurrence whose delivery time is at or before ``now``, whether or
    not ``now`` itself is a working moment. Sorted by delivery time."""
    moment = as_utc(now)
    found = [
        occurrence
        for promise in promises
        for occurrence in plan(
            promise,
            settings,
            tz,
            after=horizon_start,
            until=moment,
            paused_until=paused_until,
        )
        if occurrence.deliver_at <= moment and occurrence.key not in delivered_keys
    ]
    return sorted(found, key=_order)


def due_now(
    promises: Iterable[Promise],
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    now: datetime,
    delivered_keys: Collection[str],
    horizon_start: datetime,
    paused_until: datetime | None = None,
) -> list[Occurrence]:
    """Every occurrence that may be shown at ``now`` and has not been delivered yet.

    When ``now`` is not a working moment or reminders are paused, only urgent occurrences:
    what else fell due meanwhile waits for working hours (see :func:`pending`).
    Only occurrences meant after ``horizon_start`` are considered: pass a fixed look-back (for
    example ``now - 30 days``), not the last check time — an occurrence meant before the last
    check may still be held until now. Sorted by delivery time. The caller records all their
    keys as delivered at once and shows one notification per promise
    (:func:`latest_per_promise`) or one digest.
    """
    found = pending(
        promises,
        settings,
        tz,
        now=now,
        delivered_keys=delivered_keys,
        horizon_start=horizon_start,
        paused_until=paused_until,
    )
    return showable(found, working=is_working(as_utc(now), settings, tz, paused_until))


def showable(occurrences: Iterable[Occurrence], *, working: bool) -> list[Occurrence]:
    """Of the occurrences whose delivery time has come, those that may be shown now: all of
    them at a working moment, only the urgent ones outside working hours or while paused."""
    return [o for o in occurrences if working or o.urgent]


def next_occurrence(
    promises: Iterable[Promise],
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    after: datetime,
    delivered_keys: Collection[str],
    horizon_start: datetime | None = None,
    paused_until: datetime | None = None,
) -> Occurrence | None:
    """The undelivered occurrence with the earliest delivery time strictly after ``after``.

    This is when to wake up next. Occurrences meant at or before ``after`` but held past it
    count too: they are looked for back to ``horizon_start`` (default ``after - MAX_HOLD``,
    enough for working hours; pass the same horizon as :func:`due_now` when paused).
    """
    moment = as_utc(after)
    lower = moment - MAX_HOLD if horizon_start is None else as_utc(horizon_start, "horizon")
    best: Occurrence | None = None
    for promise in promises:
        found = _next_for(
            promise,
            settings,
            tz,
            window=(lower, moment),
            delivered_keys=delivered_keys,
            paused_until=paused_until,
        )
        if found is not None and (best is None or _order(found) < _order(best)):
            best = found
    return best


@dataclass(frozen=True, slots=True)
class Survey:
    """One pass over the promises' plans: what is pending at ``now`` (as :func:`pending`) and
    the next occurrence after it (as :func:`next_occurrence`)."""

    pending: list[Occurrence]
    next: Occurrence | None


def survey(
    promises: Iterable[Promise],
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    now: datetime,
    delivered_keys: Collection[str],
    horizon_start: datetime,
    paused_until: datetime | None = None,
) -> Survey:
    """:func:`pending` and :func:`next_occurrence` from the same horizon, each promise's plan
    walked once: from ``horizon_start`` up to its first undelivered occurrence shown after
    ``now`` (a sweep and the next wake-up need both, and planning is most of their cost)."""
    moment = as_utc(now)
    lower = as_utc(horizon_start, "horizon")
    found: list[Occurrence] = []
    best: Occurrence | None = None
    for promise in promises:
        if not promise.is_open:
            continue
        due_epoch = int(as_utc(promise.due_at, "due time").timestamp())
        for nominal in _nominals(promise, settings, tz, lower):
            # The key needs no working hours: what was delivered is passed over unplanned.
            if _key(promise.id or 0, due_epoch, nominal[1], nominal[3]) in delivered_keys:
                continue
            occurrence = _occurrence(promise, settings, tz, nominal, paused_until)
            if occurrence.deliver_at <= moment:
                found.append(occurrence)
                continue
            if best is None or _order(occurrence) < _order(best):
                best = occurrence
            break
    return Survey(sorted(found, key=_order), best)


def latest_per_promise(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    """For a catch-up: the most recently meant occurrence of each promise, by delivery time."""
    latest: dict[int, Occurrence] = {}
    for occurrence in occurrences:
        seen = latest.get(occurrence.promise_id)
        if seen is None or occurrence.nominal_at > seen.nominal_at:
            latest[occurrence.promise_id] = occurrence
    return sorted(latest.values(), key=_order)


def _next_for(
    promise: Promise,
    settings: ReminderSettings,
    tz: ZoneInfo,
    *,
    window: tuple[datetime, datetime],
    delivered_keys: Collection[str],
    paused_until: datetime | None,
) -> Occurrence | None:
    if not promise.is_open:
        return None
    lower, moment = window
    # Nags never end, so an open promise always has a next occurrence.
    for nominal in _nominals(promise, settings, tz, lower):
        occurrence = _occurrence(promise, settings, tz, nominal, paused_until)
        if occurrence.deliver_at > moment and occurrence.key not in delivered_keys:
            return occurrence
    return None  # pragma: no cover - the nag sequence is infinite


def _nominals(
    promise: Promise, settings: ReminderSettings, tz: ZoneInfo, after: datetime | None
) -> Iterator[_Nominal]:
    """The promise's nominal occurrences after ``after``, in time order, without end."""
    schedule = NagSchedule.from_settings(settings)
    due_at = as_utc(promise.due_at, "due time")
    snooze = None if promise.snoozed_until is None else as_utc(promise.snoozed_until, "snooze")
    floor = after if snooze is None else max(snooze, after or snooze)
    fixed: list[_Nominal] = []
    heads_up = heads_up_at(
        due_at, as_utc(promise.created_at, "creation time"), settings.heads_up_minutes
    )
    if heads_up is not None:
        fixed.append((heads_up, OccurrenceKind.HEADS_UP, 0, 0))
    fixed.append((due_at, OccurrenceKind.DUE, 0, 0))
    fixed = [item for item in fixed if floor is None or item[0] > floor]
    if snooze is not None and (after is None or snooze > after):
        mark = int(snooze.timestamp())
        fixed.append((snooze, OccurrenceKind.SNOOZE_END, promise.snooze_count, mark))
    fixed.sort()
    nags = _nags(due_at, schedule, tz, first_nag_after(due_at, schedule, tz, floor))
    return heapq.merge(fixed, nags)


def heads_up_at(due_at: datetime, created_at: datetime, minutes: int) -> datetime | None:
    """When a promise's heads-up is meant: ``minutes`` before it is due, or halfway between its
    making and its due time when it was made less than that ahead (a promise made at 15:58 for
    16:00 still gets one, at 15:59). None when ``minutes`` is 0 or the heads-up would come less
    than :data:`SHORTEST_HEADS_UP` before the due time."""
    if minutes <= 0:
        return None
    lead = min(timedelta(minutes=minutes), (due_at - created_at) / 2)
    if lead < SHORTEST_HEADS_UP:
        return None
    return due_at - lead


def _nags(due_at: datetime, schedule: NagSchedule, tz: ZoneInfo, first: int) -> Iterator[_Nominal]:
    n = first
    while True:
        at = nag_instant(due_at, schedule, tz, n)
        yield at, OccurrenceKind.OVERDUE, n, schedule.offset(n)
        n += 1


def _occurrence(
    promise: Promise,
    settings: ReminderSettings,
    tz: ZoneInfo,
    nominal: _Nominal,
    paused_until: datetime | None,
) -> Occurrence:
    if promise.id is None:
        raise BadInput("this promise has not been saved yet, so it has no reminders")
    at, kind, seq, mark = nominal
    delivery = at if promise.urgent else hold(at, settings, tz, paused_until)
    due_at = as_utc(promise.due_at, "due time")
    return Occurrence(promise.id, kind, seq, at, delivery, due_at, mark, promise.urgent)


def _order(occurrence: Occurrence) -> tuple[datetime, datetime, int]:
    return occurrence.deliver_at, occurrence.nominal_at, occurrence.promise_id
