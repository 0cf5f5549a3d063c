"""``InMemoryLedger``: the ``Ledger`` port kept in dicts, with the SQLite ledger's semantics.

Ids are the largest in use plus one, as SQLite hands out row ids, so a rolled-back or deleted
row's id is given again. Instants are stored in UTC and a naive one is refused. ``atomic()``
snapshots every table on entry and restores it when the block raises, so a nested block that
fails undoes only its own writes (a savepoint) and an outer one that fails undoes everything.
The tables are shared with :class:`~tests.fakes.reminder_log.InMemoryReminderLog` like the
real pair shares one connection: deliveries roll back with the ledger's transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from trayapp.core.errors import BadInput, InvariantError, NotFound, StorageError
from trayapp.core.guard.facts import facts_from_history
from trayapp.core.guard.verdict import GuardFacts, Level
from trayapp.core.matching import company_key, email_key, first_name_key, name_key, phone_key
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
from trayapp.core.ports import ContactQuery, DeliveryRecord
from trayapp.core.settings import GuardSettings
from trayapp.core.stats import JudgedLevel, KeptLevels, Outcomes, outcomes_of

_Row = TypeVar("_Row", Contact, Promise, PromiseEvent, Touch, DeliveryRecord, WaitingForReply)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

_KEYS: dict[ContactQuery, Callable[[Contact], str]] = {
    ContactQuery.EMAIL: lambda c: email_key(c.email),
    ContactQuery.PHONE: lambda c: phone_key(c.phone),
    ContactQuery.PHONE_ENDING: lambda c: phone_key(c.phone),
    ContactQuery.NAME: lambda c: name_key(c.name),
    ContactQuery.FIRST_NAME: lambda c: first_name_key(c.name),
}


@dataclasses.dataclass
class Tables:
    """Every row the ledger's database holds, by id (deliveries by key, state by name)."""

    contacts: dict[int, Contact] = dataclasses.field(default_factory=dict)
    promises: dict[int, Promise] = dataclasses.field(default_factory=dict)
    events: dict[int, PromiseEvent] = dataclasses.field(default_factory=dict)
    touches: dict[int, Touch] = dataclasses.field(default_factory=dict)
    waits: dict[int, WaitingForReply] = dataclasses.field(default_factory=dict)
    deliveries: dict[str, DeliveryRecord] = dataclasses.field(default_factory=dict)
    app_state: dict[str, str] = dataclasses.field(default_factory=dict)
    dnc_lifts: dict[int, datetime] = dataclasses.field(default_factory=dict)

    def copy(self) -> Tables:
        """A snapshot: the rows are frozen, so copying the dicts is enough."""
        return Tables(**{f.name: dict(getattr(self, f.name)) for f in dataclasses.fields(self)})


def in_utc(row: _Row) -> _Row:
    """``row`` with every instant in UTC, as the store reads it back; naive ones are a bug."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(row):
        value = getattr(row, field.name)
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise InvariantError(f"the ledger stores aware instants only, not {value!r}")
            changes[field.name] = value.astimezone(UTC)
    return dataclasses.replace(row, **changes)


def _next_id(table: dict[int, Any]) -> int:
    return max(table, default=0) + 1


def _contact_order(contact: Contact) -> tuple[str, int]:
    return name_key(contact.name), contact.id or 0


class InMemoryLedger:
    """A ``Ledger`` in memory; ``tables`` is open to tests that want to look inside."""

    def __init__(self) -> None:
        self.tables = Tables()
        self._depth = 0
        self._levels: tuple[Tables, str, dict[int, JudgedLevel]] | None = None

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        saved = self.tables.copy()
        self._depth += 1
        try:
            yield
        except BaseException:
            self.tables = saved
            raise
        finally:
            self._depth -= 1

    # -- contacts -----------------------------------------------------------------------

    def add_contact(self, contact: Contact) -> Contact:
        saved = in_utc(dataclasses.replace(contact, id=_next_id(self.tables.contacts)))
        self.tables.contacts[_need(saved.id)] = saved
        return saved

    def update_contact(self, contact: Contact) -> Contact:
        ident = _saved_id(contact.id, "contact")
        if ident not in self.tables.contacts:
            raise NotFound(f"there is no contact number {ident}")
        self.tables.contacts[ident] = in_utc(contact)
        return contact

    def get_contact(self, contact_id: int) -> Contact | None:
        return self.tables.contacts.get(contact_id)

    def get_contacts(self, contact_ids: Iterable[int]) -> dict[int, Contact]:
        return {i: c for i in set(contact_ids) if (c := self.tables.contacts.get(i)) is not None}

    def find_contacts(self, by: ContactQuery, key: str, limit: int = 20) -> list[Contact]:
        if not key:
            return []
        if by is ContactQuery.PHONE_ENDING:
            found = [c for c in self._with_key(by) if _KEYS[by](c)[-7:] == key[-7:]]
        else:
            found = [c for c in self._with_key(by) if _KEYS[by](c) == key]
        return sorted(found, key=_contact_order)[:limit]

    def _with_key(self, by: ContactQuery) -> list[Contact]:
        return [c for c in self.tables.contacts.values() if _KEYS[by](c)]

    def names_near(self, key: str, spread: int, limit: int = 5000) -> list[tuple[int, str]]:
        starts = set(key[:2].replace(" ", ""))
        found = []
        for contact in sorted(self.tables.contacts.values(), key=_contact_order):
            keys = [name_key(contact.name)]
            if " " not in key:
                keys.append(first_name_key(contact.name))
            if any(k[:1] in starts and abs(len(k) - len(key)) <= spread for k in keys):
                found.append((contact.id or 0, keys[0]))
        return found[:limit]

    def list_contacts(self, limit: int | None = None, offset: int = 0) -> list[Contact]:
        ordered = sorted(self.tables.contacts.values(), key=_contact_order)[offset:]
        return ordered if limit is None else ordered[:limit]

    def count_contacts(self) -> int:
        return len(self.tables.contacts)

    def move_history(self, from_id: int, to_id: int) -> int:
        """Move every promise, touch and wait of ``from_id`` to ``to_id``."""
        if from_id == to_id:
            raise BadInput("a contact cannot be merged into itself")
        t = self.tables
        for ident in (from_id, to_id):
            if ident not in t.contacts:
                raise NotFound(f"there is no contact number {ident}")
        promises = [i for i, p in t.promises.items() if p.contact_id == from_id]
        touches = [i for i, x in t.touches.items() if x.contact_id == from_id]
        waits = [i for i, w in t.waits.items() if w.contact_id == from_id]
        for i in promises:
            t.promises[i] = dataclasses.replace(t.promises[i], contact_id=to_id)
        for i in touches:
            t.touches[i] = dataclasses.replace(t.touches[i], contact_id=to_id)
        for i in waits:
            t.waits[i] = dataclasses.replace(t.waits[i], contact_id=to_id)
        return len(promises) + len(touches) + len(waits)

    def lift_do_not_contact(self, contact_id: int, at: datetime) -> None:
        self._need_contact(contact_id)
        lifts = self.tables.dnc_lifts
        lifts[contact_id] = max(at, lifts.get(contact_id, at))

    def erase_contact(self, contact_id: int) -> None:
        """No copy of a team ledger here: erasing is deleting."""
        self.delete_contact(contact_id)

    def delete_contact(self, contact_id: int) -> None:
        """Erase the contact with every promise, event, touch and delivery of theirs."""
        t = self.tables
        if t.contacts.pop(contact_id, None) is None:
            raise NotFound(f"there is no contact number {contact_id}")
        t.dnc_lifts.pop(contact_id, None)
        gone = {i for i, p in t.promises.items() if p.contact_id == contact_id}
        t.promises = {i: p for i, p in t.promises.items() if i not in gone}
        t.events = {i: e for i, e in t.events.items() if e.promise_id not in gone}
        t.deliveries = {k: d for k, d in t.deliveries.items() if d.promise_id not in gone}
        t.waits = {i: w for i, w in t.waits.items() if w.contact_id != contact_id}
        t.touches = {
            i: dataclasses.replace(x, promise_id=None) if x.promise_id in gone else x
            for i, x in t.touches.items()
            if x.contact_id != contact_id
        }

    # -- promises and their events ------------------------------------------------------

    def add_promise(self, promise: Promise) -> Promise:
        self._need_contact(promise.contact_id)
        saved = in_utc(dataclasses.replace(promise, id=_next_id(self.tables.promises)))
        self.tables.promises[_need(saved.id)] = saved
        return saved

    def update_promise(self, promise: Promise) -> Promise:
        ident = _saved_id(promise.id, "promise")
        if ident not in self.tables.promises:
            raise NotFound(f"there is no promise number {ident}")
        self.tables.promises[ident] = in_utc(promise)
        return promise

    def get_promise(self, promise_id: int) -> Promise | None:
        return self.tables.promises.get(promise_id)

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

        def wanted(p: Promise) -> bool:
            return (
                p.state in states
                and (contact_id is None or p.contact_id == contact_id)
                and (due_from is None or p.due_at >= due_from)
                and (due_before is None or p.due_at < due_before)
                and (
                    snoozed_by is None
                    or (p.snoozed_until is not None and p.snoozed_until <= snoozed_by)
                )
                and (not matching or self._matches(p, matching.casefold()))
            )

        found = sorted(
            (p for p in self.tables.promises.values() if wanted(p)),
            key=lambda p: (p.due_at, _need(p.id)),
        )
        return found if limit is None else found[:limit]

    def _matches(self, promise: Promise, text: str) -> bool:
        contact = self.tables.contacts.get(promise.contact_id)
        haystack = [
            promise.what,
            contact.name if contact else "",
            contact.company if contact else "",
        ]
        return any(text in field.casefold() for field in haystack)

    def promise_outcomes(self, edges: Sequence[datetime]) -> Outcomes:
        return outcomes_of(self.tables.promises.values(), edges)

    def kept_levels(
        self, since: datetime, limit: int, now: datetime, settings: GuardSettings
    ) -> KeptLevels:
        """Levels kept while no table changes at all (coarser than the store's triggers)."""
        ids = tuple(c.id for c in self.contacts_touched_since(since, limit) if c.id is not None)
        if self._levels is not None:
            tables, under, kept = self._levels
            holding = [kept.get(i) for i in ids]
            if (tables, under) == (self.tables, repr(settings)) and all(
                k is not None and (k.holds_until is None or k.holds_until > now) for k in holding
            ):
                levels = [k.level for k in holding if k is not None]
                return KeptLevels(levels.count(Level.CAUTION), levels.count(Level.STOP))
        return KeptLevels(0, 0, ids, (0,) * len(ids), repr(settings), afresh=True)

    def keep_levels(
        self, kept: KeptLevels, judged: Sequence[JudgedLevel], since: datetime, now: datetime
    ) -> None:
        self._levels = (self.tables.copy(), kept.under, {j.contact_id: j for j in judged})

    def add_event(self, event: PromiseEvent) -> PromiseEvent:
        if event.promise_id not in self.tables.promises:
            raise InvariantError(f"there is no promise number {event.promise_id}")
        saved = in_utc(dataclasses.replace(event, id=_next_id(self.tables.events)))
        self.tables.events[_need(saved.id)] = saved
        return saved

    def events_for(self, promise_id: int) -> list[PromiseEvent]:
        found = (e for e in self.tables.events.values() if e.promise_id == promise_id)
        return sorted(found, key=lambda e: (e.at, _need(e.id)))

    # -- touches ------------------------------------------------------------------------

    def add_touch(self, touch: Touch) -> Touch:
        if touch.contact_id not in self.tables.contacts:
            raise NotFound(f"there is no contact number {touch.contact_id}")
        saved = in_utc(dataclasses.replace(touch, id=_next_id(self.tables.touches)))
        self.tables.touches[_need(saved.id)] = saved
        return saved

    def recent_touches(self, contact_id: int, limit: int) -> list[Touch]:
        """The contact's latest touches, newest first."""
        return self._touches_of(contact_id, newest_first=True)[:limit]

    def _touches_of(self, contact_id: int, *, newest_first: bool = False) -> list[Touch]:
        found = (t for t in self.tables.touches.values() if t.contact_id == contact_id)
        return sorted(found, key=lambda t: (t.at, _need(t.id)), reverse=newest_first)

    def contacts_touched_since(self, since: datetime, limit: int) -> list[Contact]:
        """Contacts with an outbound touch at or after ``since``, most recent first."""
        recent = sorted(
            (t for t in self.tables.touches.values() if t.outbound and t.at >= since),
            key=lambda t: (t.at, t.contact_id),
            reverse=True,
        )
        order = list(dict.fromkeys(t.contact_id for t in recent))[:limit]
        return [self.tables.contacts[ident] for ident in order]

    def guard_facts_many(
        self, contacts: Sequence[Contact], at: datetime, settings: GuardSettings
    ) -> list[GuardFacts]:
        return [self.guard_facts(c, at, settings) for c in contacts if c.id is not None]

    def guard_facts(self, contact: Contact, at: datetime, settings: GuardSettings) -> GuardFacts:
        """The reference facts of ``trayapp.core.guard.facts``, over every row held.

        Touches count for the company their contact works at now, as the store re-files them
        when a contact's company changes; an unsaved contact has no touches of its own.
        """
        key = company_key(contact.company)
        others = [
            t
            for t in self.tables.touches.values()
            if key and company_key(self.tables.contacts[t.contact_id].company) == key
        ]
        own = self._touches_of(contact.id) if contact.id is not None else []
        promises = list(self.tables.promises.values()) if contact.id is not None else []
        return facts_from_history(
            contact, own, at, settings, company_touches=others, promises=promises
        )

    def history(self, contact_id: int) -> ContactHistory:
        """Everything held about one contact, oldest first."""
        contact = self.get_contact(contact_id)
        if contact is None:
            raise NotFound(f"there is no contact number {contact_id}")
        promises = sorted(
            (p for p in self.tables.promises.values() if p.contact_id == contact_id),
            key=lambda p: (p.created_at, _need(p.id)),
        )
        ids = {p.id for p in promises}
        events = sorted(
            (e for e in self.tables.events.values() if e.promise_id in ids),
            key=lambda e: (e.at, _need(e.id)),
        )
        touches = self._touches_of(contact_id)
        waits = sorted(
            (w for w in self.tables.waits.values() if w.contact_id == contact_id),
            key=lambda w: (w.created_at, _need(w.id)),
        )
        return ContactHistory(contact, tuple(promises), tuple(events), tuple(touches), tuple(waits))

    # -- waiting for a reply ------------------------------------------------------------

    def add_wait(self, wait: WaitingForReply) -> WaitingForReply:
        if wait.contact_id not in self.tables.contacts:
            raise NotFound(f"there is no contact number {wait.contact_id}")
        saved = in_utc(dataclasses.replace(wait, id=_next_id(self.tables.waits)))
        self.tables.waits[_need(saved.id)] = saved
        return saved

    def get_wait(self, wait_id: int) -> WaitingForReply | None:
        return self.tables.waits.get(wait_id)

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
        found = sorted(
            (
                w
                for w in self.tables.waits.values()
                if (w.is_open or not open_only)
                and (contact_id is None or w.contact_id == contact_id)
                and (until_by is None or w.until <= until_by)
            ),
            key=lambda w: (w.until, _need(w.id)),
        )
        return found if limit is None else found[:limit]

    def close_waits(
        self, wait_ids: Sequence[int], at: datetime, by: WaitEnd
    ) -> list[WaitingForReply]:
        """Close the open ones among ``wait_ids``; return those closed now."""
        closed: list[WaitingForReply] = []
        for ident in wait_ids:
            wait = self.tables.waits.get(ident)
            if wait is not None and wait.is_open:
                done = in_utc(dataclasses.replace(wait, closed_at=at, closed_by=by))
                self.tables.waits[ident] = done
                closed.append(done)
        return closed

    # -- erasure and retention ----------------------------------------------------------

    def compact(self) -> None:
        """Nothing to rewrite in memory; refused inside a transaction, like the store."""
        if self._depth:
            raise StorageError("the ledger cannot be compacted while a change is in progress")

    def stale_contacts(self, untouched_since: datetime, limit: int) -> list[Contact]:
        """Contacts created and last touched before ``untouched_since`` with no open promise,
        the longest untouched first (a contact never touched counts from its creation)."""
        open_for = {p.contact_id for p in self.tables.promises.values() if p.is_open}
        stale: list[tuple[datetime, int, Contact]] = []
        for ident, contact in self.tables.contacts.items():
            touched = [t.at for t in self._touches_of(ident)]
            last = max(touched, default=contact.created_at or _EPOCH)
            created = contact.created_at or _EPOCH
            if created < untouched_since and last < untouched_since and ident not in open_for:
                stale.append((last, ident, contact))
        return [contact for _last, _ident, contact in sorted(stale)[:limit]]

    def _need_contact(self, contact_id: int) -> None:
        if contact_id not in self.tables.contacts:
            raise InvariantError(f"there is no contact number {contact_id}")


def _saved_id(ident: int | None, what: str) -> int:
    if ident is None:
        raise InvariantError(f"a {what} must be saved before it can be updated")
    return ident


def _need(ident: int | None) -> int:
    """The id of a row the ledger holds (every one has one)."""
    if ident is None:
        raise InvariantError("a stored row has no id")
    return ident
