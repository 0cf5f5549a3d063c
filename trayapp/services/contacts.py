"""Adding and editing contacts; do-not-contact and quiet-until flags.

A contact named by typing is found, or made only when asked for: a name one or two letters off
someone on file is refused (:class:`NearMiss`) unless a new person is meant (``new_contact``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.contacts import (
    check_contact,
    clear_do_not_contact,
    label,
    mark_do_not_contact,
    write_phone,
)
from trayapp.core.errors import BadInput, NotFound
from trayapp.core.matching import email_key, name_key, phone_key
from trayapp.core.model import Contact, Role
from trayapp.core.ports import ContactQuery
from trayapp.services.context import Context
from trayapp.services.resolve import (
    find_contact,
    near_contacts,
    near_miss,
    phone_matches,
    resolve_contact,
)


@dataclass(frozen=True, slots=True)
class ContactChanges:
    """Fields to change; ``None`` leaves a field as it is."""

    name: str | None = None
    company: str | None = None
    role: Role | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    tz: str | None = None
    notes: str | None = None
    dnc: bool | None = None
    dnc_reason: str = ""
    quiet_until: datetime | None = None
    clear_quiet: bool = False


def add_contact(ctx: Context, contact: Contact) -> Contact:
    """Save a new contact after checking its fields; an e-mail or phone already on file is
    refused."""
    fresh = dataclasses.replace(contact, id=None, created_at=ctx.now())
    cleaned = write_phone(check_contact(fresh), ctx.phones)
    _refuse_duplicate_email(ctx, cleaned)
    _refuse_duplicate_phone(ctx, cleaned)
    with ctx.ledger.atomic():
        return ctx.ledger.add_contact(cleaned)


def contact_for(ctx: Context, ref: str, *, new_contact: bool = False) -> tuple[Contact, bool]:
    """The contact ``ref`` names, and whether it was made now: with ``new_contact``, a name
    not on file (a slip of one included) becomes a new contact. Raises ``NearMiss``,
    ``NotFound`` or ``Ambiguous``."""
    if not new_contact:
        return find_contact(ref, ctx.ledger), False
    resolution = resolve_contact(ref, ctx.ledger)
    if resolution.contact is not None:
        return resolution.contact, False
    fresh = resolution.new_contact()
    if fresh is None:
        raise BadInput(resolution.refused or f"'{ref[:80]}' cannot be a new contact's name")
    return add_contact(ctx, fresh), True


def refuse_near_duplicate(ctx: Context, name: str) -> None:
    """A new contact named like someone on file (the same name, or one or two letters off)
    is refused with them as candidates: a second Dana Smith is added only deliberately."""
    shown = " ".join(name.split())[:80]
    same = ctx.ledger.find_contacts(ContactQuery.NAME, name_key(name), limit=5)
    near = tuple(same) or near_contacts(name, ctx.ledger)
    if not near:
        return
    who = " or ".join(label(c) for c in near)
    if same:
        message = f"{who} is already on file."
    else:
        message = f"'{shown}' is very like {who}, already on file. Did you mean {who}?"
    raise near_miss(shown, near, message)


def edit_contact(ctx: Context, ref: str, changes: ContactChanges) -> Contact:
    """Apply ``changes`` to the contact named by ``ref``."""
    with ctx.ledger.atomic():
        return _edit(ctx, find_contact(ref, ctx.ledger), changes)


def edit_contact_id(ctx: Context, contact_id: int, changes: ContactChanges) -> Contact:
    """Apply ``changes`` to the contact with ``contact_id`` (the window's edit)."""
    with ctx.ledger.atomic():
        contact = ctx.ledger.get_contact(contact_id)
        if contact is None:
            raise NotFound(f"no contact #{contact_id}: it was erased meanwhile")
        return _edit(ctx, contact, changes)


def _edit(ctx: Context, contact: Contact, changes: ContactChanges) -> Contact:
    """``contact`` with ``changes``, checked and saved (inside the caller's transaction)."""
    if changes == ContactChanges():
        raise BadInput(f"nothing to change for {label(contact)}: give a new value, e.g. --company")
    updated = apply_changes(ctx, contact, changes)
    lifting = changes.dnc is False and _do_not_contact_applies(ctx, contact)
    if updated == contact and not lifting:
        raise BadInput(f"nothing to change: {label(contact)} already reads that way")
    _refuse_duplicate_email(ctx, updated)
    if phone_key(updated.phone) != phone_key(contact.phone):
        _refuse_duplicate_phone(ctx, updated)
    saved = ctx.ledger.update_contact(updated)
    if lifting and contact.id is not None:
        # For the team too: their do-not-contact marks recorded before now no longer hold.
        ctx.ledger.lift_do_not_contact(contact.id, ctx.now())
    return saved


def _do_not_contact_applies(ctx: Context, contact: Contact) -> bool:
    """Whether the person is marked do not contact, here or by a teammate."""
    if contact.dnc_at is not None:
        return True
    facts = ctx.ledger.guard_facts(contact, ctx.now(), ctx.settings.guard)
    return facts.team_dnc is not None


def apply_changes(ctx: Context, contact: Contact, changes: ContactChanges) -> Contact:
    fields = {
        f.name: getattr(changes, f.name)
        for f in dataclasses.fields(Contact)
        if hasattr(changes, f.name) and getattr(changes, f.name) is not None
    }
    updated = dataclasses.replace(contact, **fields)
    if changes.dnc is True:
        updated = mark_do_not_contact(updated, ctx.now(), changes.dnc_reason)
    elif changes.dnc is False:
        updated = clear_do_not_contact(updated)
    if changes.quiet_until is not None:
        if changes.quiet_until <= ctx.now():
            raise BadInput("quiet-until must be a future date")
        updated = dataclasses.replace(updated, quiet_until=changes.quiet_until)
    elif changes.clear_quiet:
        updated = dataclasses.replace(updated, quiet_until=None)
    checked = check_contact(updated)
    return checked if changes.phone is None else write_phone(checked, ctx.phones)


def _refuse_duplicate_email(ctx: Context, contact: Contact) -> None:
    if not contact.email:
        return
    for other in ctx.ledger.find_contacts(ContactQuery.EMAIL, email_key(contact.email), limit=2):
        if other.id != contact.id:
            raise BadInput(f"{other.name} already has the e-mail address {contact.email}")


def _refuse_duplicate_phone(ctx: Context, contact: Contact) -> None:
    """The same number, written any way, with or without a country code."""
    if not contact.phone:
        return
    for other in phone_matches(phone_key(contact.phone), ctx.ledger):
        if other.id != contact.id:
            raise BadInput(f"{label(other)} already has the phone number {other.phone}")


@dataclass(frozen=True, slots=True)
class Merged:
    """What a merge did: the contact kept (with what it took over) and the rows moved."""

    contact: Contact
    gone: Contact
    moved: int


def merge_contacts(ctx: Context, keep_id: int, gone_id: int) -> Merged:
    """Join contact ``gone_id`` into ``keep_id``: one person typed twice. Every promise, touch
    and wait moves over, the kept contact takes what it lacked (e-mail, phone, LinkedIn,
    company, zone; notes joined), the stricter boundary wins (do not contact, the later
    quiet-until), and ``gone_id`` is deleted. One transaction: all of it or nothing."""
    with ctx.ledger.atomic():
        keep, gone = ctx.ledger.get_contact(keep_id), ctx.ledger.get_contact(gone_id)
        if keep is None or gone is None:
            raise NotFound("one of the two contacts was erased meanwhile")
        moved = ctx.ledger.move_history(gone_id, keep_id)
        joined = _joined(keep, gone)
        ctx.ledger.delete_contact(gone_id)
        saved = ctx.ledger.update_contact(joined)
    return Merged(saved, gone, moved)


def _joined(keep: Contact, gone: Contact) -> Contact:
    """``keep`` with what it lacked from ``gone``."""
    fields = {
        name: getattr(gone, name)
        for name in ("company", "email", "phone", "linkedin", "tz")
        if not getattr(keep, name) and getattr(gone, name)
    }
    notes = "\n".join(n for n in (keep.notes, gone.notes) if n and n.strip())
    joined = dataclasses.replace(keep, **fields, notes=notes)
    if gone.do_not_contact and not keep.do_not_contact:
        joined = dataclasses.replace(joined, dnc_at=gone.dnc_at, dnc_reason=gone.dnc_reason)
    if gone.quiet_until and (keep.quiet_until is None or gone.quiet_until > keep.quiet_until):
        joined = dataclasses.replace(joined, quiet_until=gone.quiet_until)
    return check_contact(joined)
