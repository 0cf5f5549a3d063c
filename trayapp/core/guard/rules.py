"""The cadence guard: judges one more outbound touch to a contact at an instant.

Every number comes from :class:`GuardSettings`; PRODUCT.md ("Cadence guard") states the rules.
A verdict is ``ok`` when no rule applies, ``caution`` when a pacing rule would be broken and
``stop`` at a boundary. Each rule yields a :class:`Reason` with the instant at which that rule
alone lifts (``None`` when only a person can lift it). The rules, in the order reasons are listed:

* ``do_not_contact`` (stop): the contact is marked do not contact; only a person lifts it.
* ``quiet_until`` (stop): the contact asked to be left alone until a later instant.
* ``hard_ceiling`` (stop): ``hard_ceiling`` or more outbound touches in the last 7 days.
* ``day_limit``/``week_limit``/``month_limit`` (caution): the limit or more outbound touches in
  the last 24 hours / 7 days / 30 days. "At most N" means touch N+1 would break it, so a count
  that has reached the limit is the break. A window rule lifts when its limit-th newest touch
  leaves the window.
* ``company_limit`` (caution): the contact has a company and its people got
  ``company_week_limit`` or more outbound touches in the last 7 days.
* ``unanswered_streak`` (caution): ``unanswered_streak_limit`` or more outbound touches since the
  contact last answered. The wait after the latest outbound touch is ``streak_wait_days`` and
  doubles with each touch beyond the limit (capped at about a century).
* ``cool_off`` (caution): a conversation you had with them (a call that connected or a meeting,
  logged as outbound) less than ``cool_off_days`` ago, and they have not reached out since.
  When they reach out, answering them is never chasing: an inbound touch at or after the
  conversation ends the cool-off, and a conversation they started (an inbound call or meeting)
  starts none. So an inbound touch never makes a verdict stricter. A promise to the contact
  that has fallen due lifts the cool-off too (a due promise is never silenced), so the
  cool-off lifts at the earlier of its end and the next promise's due time.
* ``outside_calling_hours`` (caution): the contact has a time zone and their wall clock is
  outside ``[calling_start, calling_end)``; it lifts at their next ``calling_start``. Calling
  hours pace what rings their phone — calls, voicemails and texts. A verdict for an e-mail, a
  LinkedIn message or a meeting ignores them; a verdict that names no channel (or ``other``)
  keeps the reason, which then speaks of calls.
* ``team_hard_ceiling`` (stop), ``team_day_limit``/``team_week_limit``/``team_month_limit``,
  ``team_company_limit``, ``team_recent`` and ``team_owner`` (caution): teammates' touches from
  the team ledger (see ``core.guard.team_rules``).

A limit of 0 switches its rule off (only the company, streak and cool-off numbers may be 0 in a
validated settings file). ``judge`` is pure and reads only the bounded facts, so its cost does not
depend on how long the history is.

The suggested script comes from one table,
:func:`trayapp.core.scripts.library.choose_situation`, fed
with the contact's most pressing open promise (the one due first): a promise weeks late gets the
apology of its tier, one that has spent its snooze budget a renegotiation, exactly as ``script``
chooses for that promise. With no open promise the table falls back on :func:`suggest`, the
guard's own reading of the pacing, where ``time_out`` ("am I coming on too strong?") is kept for
a *pattern* of heavy contact — two or more outbound touches in the last 24 hours, the week limit
reached, or the 30-day count one short of the month limit (each with at least two touches) — never
for the single touch that reaches the one-a-day limit. The company limit counts other people's
touches, so it never suggests ``time_out`` to this contact; a cool-off only moves the time.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from trayapp.core.guard.facts import DAY, MONTH, WEEK, project, require_aware
from trayapp.core.guard.team_rules import team_boundaries, team_owner, team_recent, team_windows
from trayapp.core.guard.verdict import GuardFacts, Level, Reason, ReasonCode, Situation, Verdict
from trayapp.core.guard.wall_clock import next_calling_start, zone_of
from trayapp.core.model import Channel
from trayapp.core.scripts.library import choose_situation
from trayapp.core.settings import GuardSettings, ReminderSettings

__all__ = [
    "CALLING_HOURS_CHANNELS",
    "highest_level",
    "judge",
    "next_ok_at",
    "reasons",
    "suggest",
]

#: How many times ``next_ok_at`` re-judges at a later instant before it settles.
MAX_ROUNDS = 8
#: The longest an unanswered streak makes anyone wait.
MAX_STREAK_WAIT = timedelta(days=36_500)
#: The channels that keep to calling hours: those that ring the contact's phone, and "other",
#: which might.
CALLING_HOURS_CHANNELS = frozenset({Channel.CALL, Channel.VOICEMAIL, Channel.SMS, Channel.OTHER})

_CLOSE_OUT_CODES = frozenset(
    {
        ReasonCode.DO_NOT_CONTACT,
        ReasonCode.TEAM_DO_NOT_CONTACT,
        ReasonCode.HARD_CEILING,
        ReasonCode.MONTH_LIMIT,
    }
)


def judge(
    facts: GuardFacts,
    settings: GuardSettings,
    *,
    channel: Channel | None = None,
    snooze_budget: int = ReminderSettings().snooze_budget,
) -> Verdict:
    """The verdict on one more outbound touch to ``facts.contact`` at ``facts.at``.

    ``channel`` is the way the touch would go, when known (it decides whether calling hours
    apply); ``snooze_budget`` is the reminders' setting, which the suggested script reads.
    """
    require_aware(facts.at)
    found = reasons(facts, settings, channel)
    touched = [t for t in (facts.last_outbound_at, facts.last_inbound_at) if t is not None]
    pacing = Verdict(
        level=highest_level(found),
        reasons=found,
        next_ok_at=next_ok_at(facts, settings, found, channel),
        unanswered_streak=facts.unanswered_streak,
        suggested_situation=suggest(facts, settings, found),
        at=facts.at,
        last_touch_at=max(touched, default=None),
        open_promises=facts.open_promises,
        week_count=facts.week_count,
        month_count=facts.month_count,
    )
    situation, tier = choose_situation(
        facts.pressing_promise,
        pacing,
        facts.at,
        snooze_budget=snooze_budget,
        streak_limit=settings.unanswered_streak_limit,
    )
    return dataclasses.replace(pacing, suggested_situation=situation, suggested_tier=tier)


def level_now(facts: GuardFacts, settings: GuardSettings) -> Level:
    """The level :func:`judge` gives, without working out when it lifts or what to say."""
    return highest_level(reasons(facts, settings))


def highest_level(found: tuple[Reason, ...]) -> Level:
    """The most severe level among the reasons (OK when there are none)."""
    return max((r.level for r in found), key=lambda level: level.rank, default=Level.OK)


def reasons(
    facts: GuardFacts, settings: GuardSettings, channel: Channel | None = None
) -> tuple[Reason, ...]:
    """Every rule that applies at ``facts.at``, boundaries first, in a fixed order."""
    found = (
        _do_not_contact(facts),
        _quiet_until(facts),
        *team_boundaries(facts),
        *_own_windows(facts, settings),
        *team_windows(facts, settings),
        _company(facts, settings),
        _unanswered_streak(facts, settings),
        _cool_off(facts, settings),
        team_recent(facts, settings),
        team_owner(facts, settings),
        _calling_hours(facts, settings) if _rings(channel) else None,
    )
    return tuple(r for r in found if r is not None)


def _rings(channel: Channel | None) -> bool:
    """Whether a touch on ``channel`` keeps to calling hours (unknown channels do)."""
    return channel is None or channel in CALLING_HOURS_CHANNELS


def next_ok_at(
    facts: GuardFacts,
    settings: GuardSettings,
    found: tuple[Reason, ...] | None = None,
    channel: Channel | None = None,
) -> datetime | None:
    """The earliest instant at which no rule applies, if nothing new is logged meanwhile.

    ``facts.at`` when no rule applies now; ``None`` when a rule only a person can lift applies.
    Every rule but calling hours stays lifted once lifted, so the answer is the first instant
    inside calling hours after the latest of those rules lifts (a cool-off lifts when the next
    promise falls due, if that is sooner). Lifting one rule may land in another (the week clears
    at 23:00 their time, outside calling hours), so the facts are projected to the latest
    ``until`` and judged again until no rule is left. One thing can make the real instant
    earlier: a fall-back night whose clock is set back into calling hours that reach into the
    small hours.
    """
    current = reasons(facts, settings, channel) if found is None else found
    when = facts.at
    for _ in range(MAX_ROUNDS):
        if not current:
            return when
        untils = [r.until for r in current]
        if any(u is None for u in untils):
            return None
        when = max(u for u in untils if u is not None)
        current = reasons(project(facts, when), settings, channel)
    return when


def suggest(facts: GuardFacts, settings: GuardSettings, found: tuple[Reason, ...]) -> Situation:
    """The guard's own suggestion from the pacing alone; the first matching line wins.

    :func:`judge` uses it where no promise decides (see the module docstring).

    1. At the cap (``hard_ceiling`` or ``month_limit``) or do not contact: ``close_out`` — a
       polite last touch that leaves the door open, never another chase.
    2. An unanswered streak at its limit: ``gone_dark`` (own the problem, ask for blunt
       feedback); beyond the limit that message has already gone, so ``ball_in_court``. This
       holds even after the streak's wait has passed, until the contact answers.
    3. A pattern of heavy contact (:func:`_heavy_contact`): ``time_out`` ("am I coming on too
       strong?").
    4. Otherwise ``check_in``; the day limit alone, a cool-off, the company limit, quiet-until
       and calling hours only move the time, not the words.
    """
    codes = {r.code for r in found}
    limit = settings.unanswered_streak_limit
    if codes & _CLOSE_OUT_CODES:
        return Situation.CLOSE_OUT
    if limit >= 1 and facts.unanswered_streak >= limit:
        return Situation.GONE_DARK if facts.unanswered_streak == limit else Situation.BALL_IN_COURT
    if _heavy_contact(facts, settings):
        return Situation.TIME_OUT
    return Situation.CHECK_IN


def _heavy_contact(facts: GuardFacts, settings: GuardSettings) -> bool:
    """Several of your own touches close together: two or more in 24 hours, the week limit
    reached, or one touch short of the month limit — never a single touch."""
    week, month = settings.week_limit, settings.month_limit
    return (
        facts.day_count >= 2
        or (week >= 1 and facts.week_count >= max(2, week))
        or (month >= 1 and facts.month_count >= max(2, month - 1))
    )


def _do_not_contact(facts: GuardFacts) -> Reason | None:
    marked, lift = facts.contact.dnc_at, facts.team_lift
    if marked is None or (lift is not None and lift.at >= marked):
        return None
    return Reason(ReasonCode.DO_NOT_CONTACT, Level.STOP, until=None)


def _quiet_until(facts: GuardFacts) -> Reason | None:
    quiet = facts.contact.quiet_until
    if quiet is None or quiet <= facts.at:
        return None
    return Reason(ReasonCode.QUIET_UNTIL, Level.STOP, until=quiet)


def _window(
    code: ReasonCode,
    level: Level,
    *,
    count: int,
    limit: int,
    window: timedelta,
    kept: tuple[datetime, ...],
    at: datetime,
) -> Reason | None:
    """A window rule: ``count`` touches in ``window`` against ``limit``; ``kept`` newest first."""
    if limit < 1 or count < limit:
        return None
    until = at + window  # by then every touch counted now has left the window
    if len(kept) >= limit and kept[limit - 1] + window > at:
        until = kept[limit - 1] + window
    return Reason(code, level, count=count, limit=limit, window_days=window / DAY, until=until)


def _own_windows(facts: GuardFacts, settings: GuardSettings) -> tuple[Reason | None, ...]:
    """The hard ceiling, then the day, week and month limits."""
    f, s = facts, settings
    rules = (
        (ReasonCode.HARD_CEILING, Level.STOP, f.week_count, s.hard_ceiling, WEEK),
        (ReasonCode.DAY_LIMIT, Level.CAUTION, f.day_count, s.day_limit, DAY),
        (ReasonCode.WEEK_LIMIT, Level.CAUTION, f.week_count, s.week_limit, WEEK),
        (ReasonCode.MONTH_LIMIT, Level.CAUTION, f.month_count, s.month_limit, MONTH),
    )
    return tuple(
        _window(
            code, level, count=count, limit=limit, window=window, kept=f.recent_outbound, at=f.at
        )
        for code, level, count, limit, window in rules
    )


def _company(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    if not facts.contact.company.strip():
        return None
    return _window(
        ReasonCode.COMPANY_LIMIT,
        Level.CAUTION,
        count=facts.company_week_count,
        limit=settings.company_week_limit,
        window=WEEK,
        kept=facts.company_recent_outbound,
        at=facts.at,
    )


def _unanswered_streak(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    limit, streak, last = (
        settings.unanswered_streak_limit,
        facts.unanswered_streak,
        facts.last_outbound_at,
    )
    if limit < 1 or streak < limit or last is None:
        return None
    doubling = 2 ** min(streak - limit, 24)
    wait = min(timedelta(days=settings.streak_wait_days * doubling), MAX_STREAK_WAIT)
    until = last + wait
    if until <= facts.at:
        return None
    return Reason(
        ReasonCode.UNANSWERED_STREAK,
        Level.CAUTION,
        count=streak,
        limit=limit,
        window_days=wait / DAY,
        until=until,
    )


def _cool_off(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    spoke, heard = facts.last_conversation_at, facts.last_inbound_at
    if facts.promise_due or spoke is None or settings.cool_off_days < 1:
        return None
    if heard is not None and heard >= spoke:
        return None  # they reached out since (or the conversation was theirs)
    until = spoke + timedelta(days=settings.cool_off_days)
    if until <= facts.at:
        return None
    due = facts.next_due_at
    return Reason(
        ReasonCode.COOL_OFF,
        Level.CAUTION,
        window_days=float(settings.cool_off_days),
        until=until if due is None else min(until, due),
    )


def _calling_hours(facts: GuardFacts, settings: GuardSettings) -> Reason | None:
    zone = zone_of(facts.contact.tz)
    start, end = settings.calling_start, settings.calling_end
    if zone is None or start >= end:
        return None
    if start <= facts.at.astimezone(zone).time() < end:
        return None
    return Reason(
        ReasonCode.OUTSIDE_CALLING_HOURS,
        Level.CAUTION,
        until=next_calling_start(facts.at, zone, start),
    )
