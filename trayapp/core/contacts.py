"""Checking a contact's fields before anything is saved.

``check_contact`` returns a cleaned contact or raises :class:`BadInput` naming the field.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

from trayapp.core.errors import BadInput
from trayapp.core.matching import looks_like_email, phone_key
from trayapp.core.model import Contact, Role
from trayapp.core.ports import PhoneNumbers
from trayapp.core.settings import check_zone
from trayapp.core.text import clean_text

MAX_NAME = 200
MAX_FIELD = 320
MAX_NOTES = 5000
_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


def parse_role(text: str) -> Role:
    folded = text.strip().casefold().replace(" ", "_").replace("-", "_")
    aliases = {"hm": Role.HIRING_MANAGER, "manager": Role.HIRING_MANAGER, "hr": Role.CLIENT}
    if folded in aliases:
        return aliases[folded]
    try:
        return Role(folded)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise BadInput(f"role '{text[:40]}' is not one of: {choices}") from None


def check_contact(contact: Contact) -> Contact:
    """Validate and normalise every field of ``contact``."""
    name = clean_text(contact.name, "name", MAX_NAME)
    if not name:
        raise BadInput("a contact needs a name")
    named_by_number = name in (contact.phone.strip(), contact.email.strip())
    if not any(ch.isalpha() for ch in name) and not named_by_number:
        raise BadInput(f"'{name[:40]}' is not a name: a name needs at least one letter")
    email = clean_text(contact.email, "e-mail", MAX_FIELD)
    if email and not looks_like_email(email):
        raise BadInput(f"'{email[:80]}' does not look like an e-mail address")
    phone = clean_text(contact.phone, "phone", 40)
    if phone and len(phone_key(phone)) < 5:
        raise BadInput(f"'{phone}' does not look like a phone number")
    linkedin = clean_text(contact.linkedin, "LinkedIn URL", MAX_FIELD)
    if linkedin and not _URL.match(linkedin):
        raise BadInput("the LinkedIn URL must start with https://")
    tz = contact.tz.strip() if contact.tz else None
    if tz:
        check_zone(tz)
    return dataclasses.replace(
        contact,
        name=name,
        company=clean_text(contact.company, "company", MAX_NAME),
        email=email,
        phone=phone,
        linkedin=linkedin,
        tz=tz or None,
        notes=clean_text(contact.notes, "notes", MAX_NOTES, multiline=True),
        dnc_reason=clean_text(contact.dnc_reason, "do-not-contact reason", 500),
    )


def write_phone(contact: Contact, phones: PhoneNumbers) -> Contact:
    """``contact`` with its phone number written the international way where it is a complete
    number (``07700 900123`` -> ``+44 7700 900123``); otherwise as typed."""
    if not contact.phone:
        return contact
    written = phones.international(contact.phone)
    return dataclasses.replace(contact, phone=written) if written else contact


def mark_do_not_contact(contact: Contact, at: datetime, reason: str) -> Contact:
    return dataclasses.replace(
        contact,
        dnc_at=at,
        dnc_reason=clean_text(reason, "do-not-contact reason", 500) or "asked not to be contacted",
    )


def clear_do_not_contact(contact: Contact) -> Contact:
    return dataclasses.replace(contact, dnc_at=None, dnc_reason="")


def label(contact: Contact) -> str:
    """``Dana Smith (Acme)`` — how a contact is named in lists and messages."""
    return f"{contact.name} ({contact.company})" if contact.company else contact.name
