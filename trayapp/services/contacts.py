"""Adding and editing contacts; do-not-contact and quiet-until flags."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.contacts import (
    check_contact,
    clear_do_not_contact,
    label,
    mark_do_not_contact,
)
from trayapp.core.errors import BadInput, NotFound
from trayapp.core.matching import email_key, phone_key
from trayapp.core.model import Contact, Role
from trayapp.core.ports import ContactQuery
from trayapp.services.context import Context
from trayapp.services.resolve import find_contact, phone_matches


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
    cleaned = check_contact(dataclasses.replace(contact, id=None, created_at=ctx.now()))
    _refuse_duplicate_email(ctx, cleaned)
    _refuse_duplicate_phone(ctx, cleaned)
    with ctx.ledger.atomic():
        return ctx.ledger.add_contact(cleaned)


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
    if updated == contact:
        raise BadInput(f"nothing to change: {label(contact)} already reads that way")
    _refuse_duplicate_email(ctx, updated)
    if phone_key(updated.phone) != phone_key(contact.phone):
        _refuse_duplicate_phone(ctx, updated)
    return ctx.ledger.update_contact(updated)


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
    return check_contact(updated)


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
