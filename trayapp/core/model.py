"""The ledger's nouns: contacts, promises, touches and a promise's history.

Every instant is an aware ``datetime`` in UTC; conversion to a person's local time happens
at the edges (``ui``, ``cli``) or in rules that are about a local clock (calling hours,
working hours).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from trayapp.core.names import greeting_name


class Role(enum.StrEnum):
    """Who a contact is to the recruiter; scripts word some situations differently per role."""

    CANDIDATE = "candidate"
    CLIENT = "client"
    HIRING_MANAGER = "hiring_manager"
    OTHER = "other"

    @property
    def audience(self) -> str:
        """The script audience: ``candidate`` or ``client`` (hiring managers are the client)."""
        return "candidate" if self in (Role.CANDIDATE, Role.OTHER) else "client"


class Channel(enum.StrEnum):
    """How a touch happened."""

    CALL = "call"
    VOICEMAIL = "voicemail"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    SMS = "sms"
    MEETING = "meeting"
    OTHER = "other"

    @property
    def is_conversation(self) -> bool:
        """A live, two-way exchange: a call that connected or a meeting."""
        return self in (Channel.CALL, Channel.MEETING)


class Direction(enum.StrEnum):
    """Whether the recruiter reached out or the contact did."""

    OUTBOUND = "out"
    INBOUND = "in"


class PromiseState(enum.StrEnum):
    """A promise's lifecycle: open, then kept or released."""

    OPEN = "open"
    KEPT = "kept"
    RELEASED = "released"


class PromiseEventKind(enum.StrEnum):
    """What happened to a promise; the history behind a dispute-ready export."""

    CREATED = "created"
    SNOOZED = "snoozed"
    RENEGOTIATED = "renegotiated"
    KEPT = "kept"
    RELEASED = "released"


@dataclass(frozen=True, slots=True)
class Contact:
    """A person the recruiter deals with."""

    name: str
    id: int | None = None
    company: str = ""
    role: Role = Role.OTHER
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    tz: str | None = None
    notes: str = ""
    dnc_at: datetime | None = None
    dnc_reason: str = ""
    quiet_until: datetime | None = None
    created_at: datetime | None = None

    @property
    def do_not_contact(self) -> bool:
        return self.dnc_at is not None

    @property
    def first_name(self) -> str:
        """The name a greeting uses (``""`` when there is no plausible one)."""
        return greeting_name(self.name)


@dataclass(frozen=True, slots=True)
class Promise:
    """Something owed to a contact by a time.

    An ``urgent`` promise's reminders are shown when they are meant, even outside working
    hours or while reminders are paused; every other promise's wait for the next working moment.
    """

    contact_id: int
    what: str
    due_at: datetime
    created_at: datetime
    id: int | None = None
    state: PromiseState = PromiseState.OPEN
    kept_at: datetime | None = None
    released_at: datetime | None = None
    release_reason: str = ""
    snooze_count: int = 0
    snoozed_until: datetime | None = None
    original_due_at: datetime | None = None
    urgent: bool = False

    @property
    def is_open(self) -> bool:
        return self.state is PromiseState.OPEN

    def kept_on_time(self) -> bool | None:
        """``True``/``False`` for a kept promise, ``None`` while it is not kept."""
        if self.kept_at is None:
            return None
        return self.kept_at <= self.due_at

    def lateness(self, at: datetime) -> float:
        """Seconds past due at ``at`` (0 when not late); a kept promise is judged at keeping."""
        end = self.kept_at or self.released_at or at
        return max(0.0, (end - self.due_at).total_seconds())


@dataclass(frozen=True, slots=True)
class PromiseEvent:
    """One entry of a promise's history."""

    promise_id: int
    kind: PromiseEventKind
    at: datetime
    old_due_at: datetime | None = None
    new_due_at: datetime | None = None
    note: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Touch:
    """One contact attempt or exchange. Touches are facts: always recorded."""

    contact_id: int
    channel: Channel
    direction: Direction
    at: datetime
    id: int | None = None
    note: str = ""
    promise_id: int | None = None
    over_limit: bool = False
    override_reason: str = ""
    #: Globally unique (UUIDv7), given when the touch is recorded; the team ledger knows it by it.
    uid: str = ""

    @property
    def outbound(self) -> bool:
        return self.direction is Direction.OUTBOUND


class WaitEnd(enum.StrEnum):
    """How a wait for a reply ended: they replied, the recruiter cancelled it, or its time came
    and the reminder was shown."""

    REPLY = "reply"
    CANCELLED = "cancelled"
    REMINDED = "reminded"


@dataclass(frozen=True, slots=True)
class WaitingForReply:
    """A reminder that cancels itself: waiting for ``contact_id`` to answer ``about`` until
    ``until``. Their next inbound touch closes it; otherwise it reminds once at ``until``."""

    contact_id: int
    until: datetime
    created_at: datetime
    about: str = ""
    id: int | None = None
    closed_at: datetime | None = None
    closed_by: WaitEnd | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class ContactHistory:
    """Everything the ledger holds about one person, oldest first."""

    contact: Contact
    promises: tuple[Promise, ...] = ()
    events: tuple[PromiseEvent, ...] = ()
    touches: tuple[Touch, ...] = field(default_factory=tuple)
    waits: tuple[WaitingForReply, ...] = ()
