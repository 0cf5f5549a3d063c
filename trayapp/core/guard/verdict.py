"""The cadence guard's vocabulary: the facts it reads and the verdict it returns.

The guard returns data — codes and numbers — and ``ui``/``cli`` put them into words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.model import Contact, Promise


class Level(enum.StrEnum):
    """How one more outbound touch now is judged."""

    OK = "ok"
    CAUTION = "caution"
    STOP = "stop"

    @property
    def rank(self) -> int:
        return {Level.OK: 0, Level.CAUTION: 1, Level.STOP: 2}[self]


class ReasonCode(enum.StrEnum):
    """Stable reason codes; scripts, the CLI's JSON and tests rely on these strings."""

    DAY_LIMIT = "day_limit"
    WEEK_LIMIT = "week_limit"
    MONTH_LIMIT = "month_limit"
    HARD_CEILING = "hard_ceiling"
    UNANSWERED_STREAK = "unanswered_streak"
    COOL_OFF = "cool_off"
    DO_NOT_CONTACT = "do_not_contact"
    QUIET_UNTIL = "quiet_until"
    COMPANY_LIMIT = "company_limit"
    OUTSIDE_CALLING_HOURS = "outside_calling_hours"
    #: A teammate reached them lately (the team ledger).
    TEAM_RECENT = "team_recent"
    #: A teammate approached them first, lately: the contact is theirs for a while.
    TEAM_OWNER = "team_owner"
    #: A teammate recorded that the person asked not to be contacted (stop).
    TEAM_DO_NOT_CONTACT = "team_do_not_contact"
    #: A teammate recorded that the person asked to be left alone until a later time (stop).
    TEAM_QUIET_UNTIL = "team_quiet_until"
    #: The pacing limits counted over the whole team: this desktop's outbound touches and its
    #: teammates' together reach the limit (their own alone do not; then the code above says it).
    TEAM_HARD_CEILING = "team_hard_ceiling"
    TEAM_DAY_LIMIT = "team_day_limit"
    TEAM_WEEK_LIMIT = "team_week_limit"
    TEAM_MONTH_LIMIT = "team_month_limit"
    TEAM_COMPANY_LIMIT = "team_company_limit"


class Situation(enum.StrEnum):
    """What kind of message fits; each has a script in ``resources/scripts``."""

    CHECK_IN = "check_in"
    NO_NEWS = "no_news"
    OVERDUE_APOLOGY = "overdue_apology"
    GONE_DARK = "gone_dark"
    BALL_IN_COURT = "ball_in_court"
    TIME_OUT = "time_out"
    RENEGOTIATE = "renegotiate"
    CLOSE_OUT = "close_out"


class Tier(enum.StrEnum):
    """How late an overdue promise is; each tier has its own apology."""

    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Reason:
    """One broken rule: its code, the count that broke it, the limit and the window.

    ``until`` is when this rule alone stops applying (``None`` when only a person can lift it).
    """

    code: ReasonCode
    level: Level
    count: int | None = None
    limit: int | None = None
    window_days: float | None = None
    until: datetime | None = None
    #: For the team's reasons: the teammate, their touch's channel and time.
    by: str = ""
    channel: str = ""
    at: datetime | None = None
    #: Why, as the teammate recorded it (a do-not-contact's reason).
    note: str = ""


@dataclass(frozen=True, slots=True)
class TeamMark:
    """A boundary a teammate recorded: who, when, until when (quiet-until) and why."""

    author: str
    at: datetime
    until: datetime | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TeamTouch:
    """A teammate's outbound touch to the contact, from the team ledger."""

    author: str
    channel: str
    at: datetime


@dataclass(frozen=True, slots=True)
class GuardFacts:
    """What the ledger knows that the guard needs, read with bounded, indexed queries.

    Lists of instants are newest first and hold at most as many entries as the largest limit
    they serve, so their size never grows with the history. ``pressing_promise`` is the
    contact's open promise that falls due first (the most overdue one, or the next to fall due).
    """

    contact: Contact
    at: datetime
    day_count: int
    week_count: int
    month_count: int
    recent_outbound: tuple[datetime, ...]
    unanswered_streak: int
    last_outbound_at: datetime | None
    last_inbound_at: datetime | None
    last_conversation_at: datetime | None
    company_week_count: int
    company_recent_outbound: tuple[datetime, ...]
    pressing_promise: Promise | None
    open_promises: int
    #: Teammates' outbound touches to the contact within the cool-off, newest first.
    team_recent: tuple[TeamTouch, ...] = ()
    #: The first teammate's outbound touch within the ownership window, and this desktop's own
    #: first outbound touch in that window (if any): who approached them first.
    team_first: TeamTouch | None = None
    own_first_at: datetime | None = None
    #: A teammate's do-not-contact mark on the person, and their latest quiet-until.
    team_dnc: TeamMark | None = None
    team_quiet: TeamMark | None = None
    #: The latest lift of do-not-contact by a teammate: it voids this desktop's own mark too
    #: when it came later (the person told them they may be contacted again).
    team_lift: TeamMark | None = None
    #: Teammates' outbound touches to the contact in the 30-day window, newest first, at most
    #: as many as the largest pacing limit; and how many they made in each window.
    team_outbound: tuple[TeamTouch, ...] = ()
    team_day_count: int = 0
    team_week_count: int = 0
    team_month_count: int = 0
    #: Teammates' outbound touches to anyone at the contact's company in the last 7 days,
    #: newest first (at most the company limit), and how many.
    team_company_outbound: tuple[TeamTouch, ...] = ()
    team_company_week_count: int = 0

    @property
    def promise_due(self) -> bool:
        """Whether an open promise to the contact has fallen due (a snooze does not hide it)."""
        return self.pressing_promise is not None and self.pressing_promise.due_at <= self.at

    @property
    def next_due_at(self) -> datetime | None:
        """When the next open promise falls due, if none has yet."""
        due = self.pressing_promise.due_at if self.pressing_promise is not None else None
        return due if due is not None and due > self.at else None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The guard's judgement of one more outbound touch to a contact at an instant.

    ``suggested_situation`` (with ``suggested_tier`` for an overdue apology) is the script that
    fits the contact now, their most pressing open promise included.
    """

    level: Level
    reasons: tuple[Reason, ...]
    next_ok_at: datetime | None
    unanswered_streak: int
    suggested_situation: Situation
    at: datetime
    last_touch_at: datetime | None = None
    open_promises: int = 0
    week_count: int = 0
    month_count: int = 0
    suggested_tier: Tier | None = None

    @property
    def codes(self) -> tuple[ReasonCode, ...]:
        return tuple(r.code for r in self.reasons)
