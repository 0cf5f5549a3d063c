"""The Protocols (ports) that adapters implement and services depend on."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from trayapp.core.clock import Clock
from trayapp.core.guard.verdict import GuardFacts
from trayapp.core.model import (
    Contact,
    ContactHistory,
    Promise,
    PromiseEvent,
    PromiseState,
    Touch,
    WaitEnd,
    WaitingForReply,
)
from trayapp.core.settings import GuardSettings, Settings
from trayapp.core.stats import JudgedLevel, KeptLevels, Outcomes

__all__ = [
    "Autostart",
    "AutostartEntry",
    "Clock",
    "ContactQuery",
    "DeliveryRecord",
    "GlobalHotkey",
    "Ledger",
    "Notice",
    "NoticeAction",
    "Notifier",
    "ParsedWhen",
    "ReminderLog",
    "SecretStore",
    "SecretStoreUnavailable",
    "SettingsStore",
    "TemplateSource",
    "WhenParser",
]


class ContactQuery(enum.StrEnum):
    """Which key ``Ledger.find_contacts`` looks a value up by (values are keys from
    ``core.matching``)."""

    EMAIL = "email"
    PHONE = "phone"
    PHONE_ENDING = "phone_ending"  # phone keys ending in the same last seven digits
    NAME = "name"
    FIRST_NAME = "first_name"


class Ledger(Protocol):
    """The ledger of contacts, promises and touches (the SQLite store implements it).

    Every write happens inside ``atomic()``; a write outside one is its own transaction.
    Nested ``atomic()`` blocks join the outermost one. When ``atomic()`` exits normally the
    transaction is committed and durable; on an exception nothing of it remains.
    """

    def atomic(self) -> AbstractContextManager[None]: ...

    def add_contact(self, contact: Contact) -> Contact: ...
    def update_contact(self, contact: Contact) -> Contact: ...
    def get_contact(self, contact_id: int) -> Contact | None: ...
    def get_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        """The contacts with these ids, by id (those that do not exist are left out)."""
        ...

    def find_contacts(self, by: ContactQuery, key: str, limit: int = 20) -> list[Contact]: ...
    def names_near(self, key: str, spread: int, limit: int = 5000) -> list[tuple[int, str]]:
        """(id, name key) of the contacts whose name key may be a slip of ``key`` away, by
        an index: it starts with ``key``'s first letter (or its second, for a swap of the two)
        and is at most ``spread`` letters longer or shorter; for a one-word ``key``, also
        those whose first name does."""
        ...

    def list_contacts(self, limit: int | None = None, offset: int = 0) -> list[Contact]: ...
    def count_contacts(self) -> int: ...
    def delete_contact(self, contact_id: int) -> None: ...
    def erase_contact(self, contact_id: int) -> None:
        """Delete the contact (as ``delete_contact``) and everything about the person fetched
        from the team; on a team, ask the team ledger to delete this desktop's rows about them."""
        ...

    def lift_do_not_contact(self, contact_id: int, at: datetime) -> None:
        """Record that the person said at ``at`` they may be contacted again: for the team, it
        voids the do-not-contact marks recorded before it, whoever recorded them."""
        ...

    def move_history(self, from_id: int, to_id: int) -> int:
        """Move every promise, touch and wait of ``from_id`` to ``to_id`` (a merge); the
        number moved. ``BadInput`` for the same id, ``NotFound`` for an unknown one."""
        ...

    def add_promise(self, promise: Promise) -> Promise: ...
    def update_promise(self, promise: Promise) -> Promise: ...
    def get_promise(self, promise_id: int) -> Promise | None: ...
    def list_promises(
        self,
        states: Sequence[PromiseState],
        *,
        contact_id: int | None = None,
        due_before: datetime | None = None,
        due_from: datetime | None = None,
        snoozed_by: datetime | None = None,
        matching: str | None = None,
        limit: int | None = None,
    ) -> list[Promise]:
        """Promises in ``states``, oldest due first; ``due_from <= due_at < due_before``;
        with ``snoozed_by``, only those snoozed until then or earlier; with ``matching``, only
        those whose what, contact name or company holds that text (case aside)."""
        ...

    def promise_outcomes(self, edges: Sequence[datetime]) -> Outcomes:
        """What happened to promises in the spans between ``edges`` (the week in numbers), as
        :func:`trayapp.core.stats.outcomes_of` defines it."""
        ...

    def kept_levels(
        self, since: datetime, limit: int, now: datetime, settings: GuardSettings
    ) -> KeptLevels:
        """The guard's levels kept for the ``limit`` people whose latest outbound touch is
        the most recent, at or after ``since``, judged under ``settings``: counted when all of
        them still hold at ``now``, else who must be judged again."""
        ...

    def keep_levels(
        self, kept: KeptLevels, judged: Sequence[JudgedLevel], since: datetime, now: datetime
    ) -> None:
        """Keep the levels ``judged`` for the people ``kept`` named, each only if nothing
        about them was written since ``kept`` was read."""
        ...

    def add_event(self, event: PromiseEvent) -> PromiseEvent: ...
    def events_for(self, promise_id: int) -> list[PromiseEvent]: ...

    def add_touch(self, touch: Touch) -> Touch: ...
    def recent_touches(self, contact_id: int, limit: int) -> list[Touch]:
        """The contact's latest touches, newest first."""
        ...

    def guard_facts(self, contact: Contact, at: datetime, settings: GuardSettings) -> GuardFacts:
        """The facts the cadence guard needs, from indexed queries bounded by the limits."""
        ...

    def guard_facts_many(
        self, contacts: Sequence[Contact], at: datetime, settings: GuardSettings
    ) -> list[GuardFacts]:
        """The same facts as :meth:`guard_facts` for each saved contact of ``contacts``, in
        their order, read together (for figures over many people)."""
        ...

    def add_wait(self, wait: WaitingForReply) -> WaitingForReply: ...
    def get_wait(self, wait_id: int) -> WaitingForReply | None: ...
    def list_waits(
        self,
        *,
        open_only: bool = True,
        contact_id: int | None = None,
        until_by: datetime | None = None,
        limit: int | None = None,
    ) -> list[WaitingForReply]:
        """Waits for a reply, soonest ``until`` first; with ``until_by``, only those whose
        time has come by then."""
        ...

    def close_waits(
        self, wait_ids: Sequence[int], at: datetime, by: WaitEnd
    ) -> list[WaitingForReply]:
        """Close the open ones among ``wait_ids``; return those closed now (a wait already
        closed stays as it was)."""
        ...

    def history(self, contact_id: int) -> ContactHistory: ...

    def contacts_touched_since(self, since: datetime, limit: int) -> list[Contact]:
        """Contacts with an outbound touch at or after ``since``, most recent first."""
        ...

    def compact(self) -> None:
        """Checkpoint the WAL, ``VACUUM`` and checkpoint again, so deleted rows leave no bytes
        in the file or its WAL. Called outside any transaction; failures are StorageError."""
        ...

    def stale_contacts(self, untouched_since: datetime, limit: int) -> list[Contact]:
        """Contacts created and last touched before ``untouched_since`` with no open promise,
        the longest untouched first."""
        ...


@dataclass(frozen=True, slots=True)
class ParsedWhen:
    """An instant read from words; ``has_time`` is False when only a day was named."""

    at: datetime
    has_time: bool


class WhenParser(Protocol):
    """Reads natural-language or ISO 8601 dates ("fri 3pm", "next tue 10:00", "in two weeks").

    Future is preferred and a bare weekday is the next one, or today when it names today
    (callers decide whether a moment already past today means next week or last week).
    Every word must be part of the date. Returns ``None`` when the text is not a date. The
    result is aware; a day without a time comes back at midnight of ``tz``.
    """

    def parse(self, text: str, *, now: datetime, tz: ZoneInfo) -> ParsedWhen | None: ...


class PhoneNumbers(Protocol):
    """Writes a phone number the international way, as the phone systems of every country
    read it: ``"07700 900123"`` (in the UK) -> ``"+44 7700 900123"``; an extension stays at
    the end (``"+1 415-555-0132 x12"``). A number without its country code is read as one of
    the user's region. ``None`` when the text is no complete number of any country (too
    short, letters, a local number without its area code): it is then kept as typed.
    """

    #: The country of numbers typed without their code (two letters), or None.
    region: str | None

    def international(self, text: str) -> str | None: ...


class TemplateSource(Protocol):
    """Reads script template files by relative name; the user's copy wins over the shipped one."""

    def read(self, name: str) -> str | None: ...
    def names(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One reminder occurrence (or digest) recorded as delivered; ``acted_at`` once acted on."""

    key: str
    promise_id: int | None
    kind: str
    nominal_at: datetime
    delivered_at: datetime
    acted_at: datetime | None = None


class ReminderLog(Protocol):
    """The delivery log and the app's small persistent state (pause, last check).

    Writes join the ledger's open transaction when there is one, so a delivery is recorded in
    the same transaction that decides it.
    """

    def delivered_keys(self, promise_ids: Sequence[int]) -> set[str]: ...
    def record_deliveries(self, records: Sequence[DeliveryRecord]) -> None:
        """Insert records; a key already recorded is left as it is."""
        ...

    def is_delivered(self, key: str) -> bool: ...
    def unacted(self, limit: int = 100) -> list[DeliveryRecord]:
        """Delivered and not acted on, for promises still open: the Missed list, newest first."""
        ...

    def mark_acted(self, promise_id: int, at: datetime) -> None: ...
    def get_state(self, name: str) -> str | None: ...
    def set_state(self, name: str, value: str | None) -> None: ...


class SettingsStore(Protocol):
    """Loads and saves the user's settings file."""

    def load(self) -> Settings: ...
    def save(self, settings: Settings) -> None: ...


class NoticeAction(enum.StrEnum):
    """What a person can do straight from a notification."""

    OPEN = "open"
    KEPT = "kept"
    SNOOZE_HOUR = "snooze_1h"


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification to show. ``key`` identifies it (an occurrence key or a digest id)."""

    key: str
    title: str
    body: str
    promise_id: int | None = None
    actions: tuple[NoticeAction, ...] = ()


class Notifier(Protocol):
    """Shows notifications without blocking the caller.

    A click on the notification reports ``NoticeAction.OPEN``; a button, its action. Reports go
    to the ``on_action(key, action)`` callback given to the adapter, on any thread: the UI
    hops them to the GUI thread.
    """

    def notify(self, notice: Notice) -> None: ...
    @property
    def name(self) -> str: ...


class SecretStoreUnavailable(Exception):
    """No working keychain: absent, locked, or it did not answer in time."""


class SecretStore(Protocol):
    """Secrets in the OS keychain, each call bounded by a timeout (never blocks forever)."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


class GlobalHotkey(Protocol):
    """A system-wide key chord; ``start`` returns False where the platform cannot provide one
    (a chord another program holds, a key it cannot register, no global hotkeys at all), and
    ``refusal`` then says why in words; it is None while the chord is registered."""

    def start(self, chord: str, on_pressed: Callable[[], None]) -> bool: ...
    def stop(self) -> None: ...
    def refusal(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class AutostartEntry:
    """Whether the app starts at the user's login, and where the system keeps that entry."""

    enabled: bool
    location: str


class Autostart(Protocol):
    """The start-at-login entry; ``enable`` and ``disable`` raise ``BadInput`` when the system
    refuses the change, and return what is there afterwards."""

    def status(self) -> AutostartEntry: ...
    def enable(self, command: Sequence[str]) -> AutostartEntry: ...
    def disable(self) -> AutostartEntry: ...
