"""The facts the cadence guard reads: their reference definition and their projection in time.

:func:`facts_from_history` builds :class:`GuardFacts` from whole lists of touches and promises.
It is deliberately plain — it walks every touch — so that it reads as the definition; the
ledger computes the same facts with bounded, indexed queries and tests itself against it.

:func:`project` moves facts to a later instant on the assumption that nothing new is logged in
between: touches do not disappear, the windows slide past them. The guard uses it to find the
earliest instant at which every rule is lifted.

Windows are fixed lengths of time, not calendar days: the day is the last 24 hours, the week the
last 7 × 24 hours, the month the last 30 × 24 hours. A touch is inside the window ending at
``at`` when ``at - window < touch.at <= at``, so a touch made exactly 24 hours ago no longer
counts against the day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import GuardFacts
from trayapp.core.model import Contact, Direction, Promise, Touch
from trayapp.core.settings import GuardSettings

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
MONTH = timedelta(days=30)


def recent_cap(settings: GuardSettings) -> int:
    """How many recent outbound instants the facts keep: the largest limit they serve."""
    return max(settings.day_limit, settings.week_limit, settings.month_limit, settings.hard_ceiling)


def company_cap(settings: GuardSettings) -> int:
    """How many recent company-wide outbound instants the facts keep."""
    return max(settings.company_week_limit, 0)


def is_answer(touch: Touch) -> bool:
    """Whether ``touch`` ends an unanswered streak: anything inbound, or a live conversation.

    A connected call or a meeting is two-way whichever side started it.
    """
    return touch.direction is Direction.INBOUND or touch.channel.is_conversation


def count_within(newest_first: Sequence[datetime], at: datetime, window: timedelta) -> int:
    """How many instants (newest first, none after ``at``) lie in the window ending at ``at``."""
    start = at - window
    count = 0
    for instant in newest_first:
        if instant <= start:
            break
        count += 1
    return count


def require_aware(at: datetime) -> None:
    """Raise :class:`BadInput` unless ``at`` carries a time zone."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise BadInput("the guard needs a time with a time zone (UTC)")


def facts_from_history(
    contact: Contact,
    touches: Iterable[Touch],
    at: datetime,
    settings: GuardSettings,
    *,
    company_touches: Iterable[Touch] = (),
    promises: Iterable[Promise] = (),
) -> GuardFacts:
    """The guard's facts about ``contact`` at ``at``, from full histories. The rules:

    * Only touches with ``touch.at <= at`` exist; later ones are ignored. When ``contact.id`` is
      set, touches and promises of other contacts are ignored too.
    * ``day_count``/``week_count``/``month_count``: outbound touches on any channel inside the
      24-hour, 7-day and 30-day windows ending at ``at``. Inbound touches never count.
    * ``recent_outbound``: the instants of the newest outbound touches, newest first, at most
      :func:`recent_cap` of them (whatever their age).
    * ``unanswered_streak``: outbound touches made strictly after the latest *answer*, where an
      answer is any inbound touch or any conversation (a connected call or a meeting) in either
      direction — see :func:`is_answer`. An outbound conversation is itself an answer and so
      never counts. With no answer ever, every outbound non-conversation touch counts.
    * ``last_outbound_at``/``last_inbound_at``: the latest touch in that direction.
      ``last_conversation_at``: the latest conversation, in either direction.
    * Company (only when ``contact.company`` is not blank, else 0 and empty): the outbound
      touches to everybody at the company — this contact's own plus ``company_touches`` (the
      outbound touches to the company's other people; inbound ones and any for this contact
      are ignored). ``company_week_count`` counts them in the 7-day window;
      ``company_recent_outbound`` keeps the newest :func:`company_cap` instants, newest first.
    * ``open_promises``: promises to the contact that are open. ``pressing_promise``: the open
      one with the earliest ``due_at`` (the lowest id among equals) — whatever a snooze says —
      so ``promise_due`` and ``next_due_at`` follow from it.
    """
    require_aware(at)
    own = [t for t in touches if t.at <= at and _belongs(t.contact_id, contact)]
    outbound = sorted((t.at for t in own if t.outbound), reverse=True)
    open_ones = [p for p in promises if p.is_open and _belongs(p.contact_id, contact)]
    company = _company_outbound(contact, outbound, company_touches, at)
    return GuardFacts(
        contact=contact,
        at=at,
        day_count=count_within(outbound, at, DAY),
        week_count=count_within(outbound, at, WEEK),
        month_count=count_within(outbound, at, MONTH),
        recent_outbound=tuple(outbound[: recent_cap(settings)]),
        unanswered_streak=_unanswered_streak(own),
        last_outbound_at=outbound[0] if outbound else None,
        last_inbound_at=max((t.at for t in own if not t.outbound), default=None),
        last_conversation_at=max((t.at for t in own if t.channel.is_conversation), default=None),
        company_week_count=count_within(company, at, WEEK),
        company_recent_outbound=tuple(company[: company_cap(settings)]),
        pressing_promise=min(open_ones, key=_due_order, default=None),
        open_promises=len(open_ones),
    )


def _due_order(promise: Promise) -> tuple[datetime, int]:
    return promise.due_at, -1 if promise.id is None else promise.id


def _belongs(contact_id: int, contact: Contact) -> bool:
    return contact.id is None or contact_id == contact.id


def _unanswered_streak(own: Sequence[Touch]) -> int:
    last_answer = max((t.at for t in own if is_answer(t)), default=None)
    return sum(
        1
        for t in own
        if t.outbound and not is_answer(t) and (last_answer is None or t.at > last_answer)
    )


def _company_outbound(
    contact: Contact, own_outbound: list[datetime], others: Iterable[Touch], at: datetime
) -> list[datetime]:
    if not contact.company.strip():
        return []
    theirs = [
        t.at
        for t in others
        if t.outbound and t.at <= at and (contact.id is None or t.contact_id != contact.id)
    ]
    return sorted([*own_outbound, *theirs], reverse=True)


def project(facts: GuardFacts, later: datetime) -> GuardFacts:
    """``facts`` as they would stand at ``later`` if nothing new were logged meanwhile.

    The windows slide: the counts are re-read from the kept instants. A projected count is exact
    when a kept instant has left its window or the kept list holds the whole history; otherwise
    it is the number of kept instants — a lower bound that still reaches every limit the list
    serves, so every rule judges it the same. Everything else stays as it was; whether a
    promise has fallen due is read afresh from the pressing promise's due time.
    """
    require_aware(later)
    if later < facts.at:
        raise BadInput("facts can only be projected forward in time")
    recent, company = facts.recent_outbound, facts.company_recent_outbound
    team = tuple(t.at for t in facts.team_outbound)
    team_company = tuple(t.at for t in facts.team_company_outbound)
    return dataclasses.replace(
        facts,
        at=later,
        day_count=count_within(recent, later, DAY),
        week_count=count_within(recent, later, WEEK),
        month_count=count_within(recent, later, MONTH),
        company_week_count=count_within(company, later, WEEK),
        team_day_count=count_within(team, later, DAY),
        team_week_count=count_within(team, later, WEEK),
        team_month_count=count_within(team, later, MONTH),
        team_company_week_count=count_within(team_company, later, WEEK),
    )
