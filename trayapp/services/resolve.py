"""Finding the contact a typed name, e-mail address or phone number stands for.

Matching order: ``#id``; an e-mail address (exact, any case, also as ``Dana <dana@acme.com>``);
a phone number (its digits, with or without a country code in front); the full name (any case,
accents ignored), also as the app shows it, ``Dana Smith (Acme)``; then a first name alone when
only one contact has it.
More than one match raises :class:`Ambiguous` listing them. A name one or two letters off
contacts on file (``core.typos``) carries them as ``near``: a slip is never taken silently for
someone new (``find_contact`` raises :class:`NearMiss`). Nothing found proposes a new
contact, but only from a clean name (see ``core.names``), a valid e-mail address (the name
guessed from it when it reads like one: "dana.smith@acme.com" -> "Dana Smith", otherwise the
address) or a phone number (kept, and used as the name until the contact is renamed).
Anything else is refused, naming the part that is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from trayapp.core.contacts import MAX_NAME, label
from trayapp.core.errors import Ambiguous, BadInput, NearMiss, NotFound
from trayapp.core.matching import (
    MAX_COUNTRY_CODE,
    MIN_PHONE_DIGITS,
    company_key,
    email_key,
    first_name_key,
    looks_like_email,
    looks_like_phone,
    mailbox,
    name_key,
    phone_key,
    same_phone,
)
from trayapp.core.model import Contact
from trayapp.core.names import name_from_email, unclean_part
from trayapp.core.ports import ContactQuery, Ledger
from trayapp.core.typos import MAX_EDITS, near_misses

MAX_LISTED = 6
_ID = re.compile(r"^#(\d{1,12})$")
_LABEL = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<company>[^()]+)\)$")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The contact found, or the new contact to create (``proposed_*``).

    ``candidates`` are near matches worth offering next to a new contact (same first name).
    ``near`` are contacts whose name the text is a slip of ("Dana Smtih" for Dana Smith): a
    new contact is then made only when asked for deliberately.
    ``refused`` says why no new contact is proposed (the part of the text that is no name).
    """

    contact: Contact | None
    proposed_name: str | None = None
    candidates: tuple[Contact, ...] = ()
    proposed_email: str = ""
    proposed_phone: str = ""
    refused: str = ""
    near: tuple[Contact, ...] = ()

    def new_contact(self) -> Contact | None:
        """The contact to create when nothing matched (without id or creation time)."""
        if self.contact is not None or self.proposed_name is None:
            return None
        return Contact(
            name=self.proposed_name, email=self.proposed_email, phone=self.proposed_phone
        )


def resolve_contact(ref_text: str, ledger: Ledger) -> Resolution:
    """The contact ``ref_text`` names, or a proposal for a new one; raises ``Ambiguous``."""
    text = " ".join(ref_text.split())
    if not text:
        raise BadInput("name a contact: a name, an e-mail address or a phone number")
    if len(text) > MAX_NAME:
        raise BadInput(f"'{text[:40]}...' is too long to name a contact")
    by_id = _ID.match(text)
    if by_id:
        return _by_id(int(by_id.group(1)), ledger)
    boxed = mailbox(text)
    if boxed is not None:
        return _by_email(boxed[1], ledger, boxed[0])
    if looks_like_email(text):
        return _by_email(text, ledger)
    if looks_like_phone(text):
        return _by_phone(text, ledger)
    return _by_name(text, ledger)


def find_contact(ref_text: str, ledger: Ledger) -> Contact:
    """The existing contact ``ref_text`` names; raises ``NotFound`` or ``Ambiguous``."""
    resolution = resolve_contact(ref_text, ledger)
    if resolution.contact is not None:
        return resolution.contact
    shown = " ".join(ref_text.split())[:80]
    if resolution.near:
        raise near_miss(shown, resolution.near)
    message = f"no contact matches '{shown}'"
    if resolution.candidates:
        message += f"; did you mean {_listed(resolution.candidates, 'or')}?"
    raise NotFound(message)


def _by_id(contact_id: int, ledger: Ledger) -> Resolution:
    contact = ledger.get_contact(contact_id)
    if contact is None:
        raise NotFound(f"there is no contact #{contact_id}")
    return Resolution(contact)


def _by_email(text: str, ledger: Ledger, shown_name: str = "") -> Resolution:
    """An address; ``shown_name`` is the name given with it (``Dana <dana@acme.com>``)."""
    found = ledger.find_contacts(ContactQuery.EMAIL, email_key(text))
    if found:
        return Resolution(_one(text, found))
    address = text.strip()
    if not shown_name or unclean_part(shown_name):
        shown_name = name_from_email(address) or address
    return Resolution(None, proposed_name=shown_name, proposed_email=address)


def _by_phone(text: str, ledger: Ledger) -> Resolution:
    found = phone_matches(phone_key(text), ledger)
    if found:
        return Resolution(_one(text, found))
    return Resolution(None, proposed_name=text, proposed_phone=text)


def phone_matches(key: str, ledger: Ledger) -> list[Contact]:
    """Contacts with the phone number ``key`` (digits), with or without a country code."""
    exact = ledger.find_contacts(ContactQuery.PHONE, key)
    if exact or len(key) < MIN_PHONE_DIGITS:
        return exact
    near = ledger.find_contacts(ContactQuery.PHONE_ENDING, key)
    for cut in range(1, MAX_COUNTRY_CODE + 1):
        if len(key) - cut >= MIN_PHONE_DIGITS:
            near += ledger.find_contacts(ContactQuery.PHONE, key[cut:])
    unique = {c.id: c for c in near if same_phone(phone_key(c.phone), key)}
    return list(unique.values())


def _by_name(text: str, ledger: Ledger) -> Resolution:
    if not any(ch.isalpha() for ch in text):
        raise BadInput(f"'{text[:40]}' does not look like a name, an e-mail or a phone number")
    found = ledger.find_contacts(ContactQuery.NAME, name_key(text))
    if found:
        return Resolution(_one(text, found))
    labelled = _by_label(text, ledger)
    if labelled is not None:
        return labelled
    same_first = ledger.find_contacts(ContactQuery.FIRST_NAME, first_name_key(text))
    if " " not in text and same_first:
        return Resolution(_one(text, same_first))
    near = near_contacts(text, ledger)
    problem = unclean_part(text)
    if problem:
        refused = _refusal(text, problem)
        return Resolution(None, candidates=tuple(same_first), refused=refused, near=near)
    return Resolution(None, proposed_name=_tidy_name(text), candidates=tuple(same_first), near=near)


def near_contacts(name: str, ledger: Ledger) -> tuple[Contact, ...]:
    """Contacts whose name ``name`` is one or two letters off, closest first; read by an
    index (names sharing a first letter and nearly the length), never the whole ledger."""
    key = name_key(name)
    if not key:
        return ()
    ids = near_misses(key, ledger.names_near(key, MAX_EDITS), limit=MAX_LISTED)
    found = (ledger.get_contact(i) for i in ids)
    return tuple(c for c in found if c is not None)


def near_miss(typed: str, near: Sequence[Contact], message: str = "") -> NearMiss:
    """The refusal of a slip: no contact is made of ``typed``; ``near`` are offered."""
    labels = _labels(near)
    return NearMiss(
        typed, [(c.id or 0, text) for c, text in zip(near, labels, strict=False)], message
    )


def _by_label(text: str, ledger: Ledger) -> Resolution | None:
    """``Dana Smith (Acme)``, as contacts are shown: the name at that company."""
    match = _LABEL.match(text)
    if match is None:
        return None
    named = ledger.find_contacts(ContactQuery.NAME, name_key(match["name"]))
    company = company_key(match["company"])
    found = [c for c in named if company_key(c.company) == company]
    return Resolution(_one(text, found)) if found else None


def _refusal(text: str, problem: str) -> str:
    """Why ``text`` cannot become a new contact's name."""
    if "@" in problem:
        return f"'{problem[:80]}' is not an e-mail address"
    shown = "" if problem == text else f" in '{text[:80]}'"
    return (
        f"could not read '{problem[:80]}'{shown}: no contact has that name, and a new "
        "contact's name has only letters, spaces, hyphens, apostrophes and dots"
    )


def _one(query: str, found: Sequence[Contact]) -> Contact:
    if len(found) == 1:
        return found[0]
    raise Ambiguous(query, _labels(found))


def _labels(contacts: Sequence[Contact]) -> list[str]:
    """``Dana Smith (Acme)``; the e-mail (or id) is added where two labels would be alike."""
    plain = [label(c) for c in contacts[:MAX_LISTED]]
    shown = []
    for contact, text in zip(contacts, plain, strict=False):
        extra = f" <{contact.email}>" if contact.email else f" #{contact.id}"
        shown.append(text + extra if plain.count(text) > 1 else text)
    if len(contacts) > MAX_LISTED:
        shown.append(f"and {len(contacts) - MAX_LISTED} more")
    return shown


def _listed(contacts: Sequence[Contact], joiner: str) -> str:
    return f" {joiner} ".join(_labels(contacts))


def _tidy_name(text: str) -> str:
    """A name typed all in lower case gets capitals: ``dana smith`` -> ``Dana Smith``."""
    if text != text.casefold():
        return text
    return " ".join(w[:1].upper() + w[1:] for w in text.split())
