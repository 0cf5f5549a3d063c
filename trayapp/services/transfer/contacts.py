"""Importing contacts from LinkedIn's ``Connections.csv`` or a generic CSV file.

Every row is checked like a typed-in contact; a bad row is reported and skipped. A row that
names a contact already on file (same e-mail, else same LinkedIn URL, else same name at the
same company) fills in that contact's fields instead of adding a second one. All accepted rows
are written in one transaction: either all of them are saved or none.

Values are stored as typed, including ones that start with ``=`` or ``+``; they are
neutralised only when written to a CSV export.
"""

from __future__ import annotations

import dataclasses
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from trayapp.core.contacts import MAX_NOTES, check_contact, parse_role, write_phone
from trayapp.core.errors import BadInput
from trayapp.core.matching import company_key, email_key, name_key, phone_key
from trayapp.core.model import Contact, Role
from trayapp.core.ports import Ledger, PhoneNumbers
from trayapp.services.transfer.read import ImportReport, Row, RowProblem, Source, read_table

PAGE = 5000

_ALIASES = {
    "name": ("name", "full name", "contact name", "display name", "contact"),
    "first_name": ("first name", "firstname", "given name", "first", "forename"),
    "last_name": ("last name", "lastname", "surname", "family name", "last"),
    "company": ("company", "company name", "organization", "organisation", "employer"),
    "role": ("role", "contact role", "type", "contact type"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "emailaddress"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "telephone", "tel", "cell"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "url", "profile url"),
    "tz": ("tz", "timezone", "time zone", "zone"),
    "notes": ("notes", "note", "comments", "comment"),
    "position": ("position", "title", "job title", "headline"),
}
CONTACT_COLUMNS = {alias: field for field, names in _ALIASES.items() for alias in names}
_CHECKED = ("name", "email", "phone", "linkedin", "tz", "company", "notes")


def _recognises(fields: frozenset[str]) -> bool:
    return bool(fields & {"name", "first_name", "last_name"})


def import_contacts(
    ledger: Ledger,
    data: Source,
    *,
    now: datetime,
    default_role: Role = Role.OTHER,
    phones: PhoneNumbers | None = None,
) -> ImportReport:
    """Import contacts from CSV bytes or a binary stream; see the module docstring. ``phones``
    writes phone numbers the international way (without it they are kept as typed).

    Raises BadInput (and writes nothing) for an unreadable file or a broken limit.
    """
    table = read_table(data, CONTACT_COLUMNS, _recognises)
    with ledger.atomic():
        plan = _Plan(ledger, default_role, phones)
        for row in table.rows():
            plan.take(row)
        added, updated = plan.write(ledger, now)
    return ImportReport(
        added=added,
        updated=updated,
        unchanged=plan.unchanged,
        skipped=tuple(plan.problems),
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows=plan.rows,
        ignored_columns=table.ignored,
    )


def linkedin_key(url: str) -> str:
    """``https://www.LinkedIn.com/in/dana/`` and ``http://linkedin.com/in/dana`` are one key."""
    key = url.strip().casefold().split("?", 1)[0].rstrip("/")
    for prefix in ("https://", "http://", "www."):
        key = key.removeprefix(prefix)
    return key


class _Plan:
    """The contacts as they will be after the import, indexed by the keys rows match on."""

    def __init__(self, ledger: Ledger, default_role: Role, phones: PhoneNumbers | None) -> None:
        self.default_role = default_role
        self.phones = phones
        self.slots: list[Contact] = []
        self.original: dict[int, Contact] = {}
        self.index: defaultdict[_Key, list[int]] = defaultdict(list)
        self.problems: list[RowProblem] = []
        self.unchanged = 0
        self.rows = 0
        offset = 0
        while page := ledger.list_contacts(limit=PAGE, offset=offset):
            for contact in page:
                self.original[len(self.slots)] = contact
                self._put(len(self.slots), contact, _keys(contact))
            offset += len(page)

    def take(self, row: Row) -> None:
        self.rows += 1
        if row.unreadable is not None:
            self.problems.append(row.unreadable)
            return
        try:
            contact, has_role = _contact_from(row, self.default_role)
            if self.phones is not None:
                contact = write_phone(contact, self.phones)
            keys = _keys(contact)
            slot = self._match(contact, keys)
            if slot is None:
                self._put(len(self.slots), contact, keys)
                return
            merged = _merge(self.slots[slot], contact, has_role)
            if merged == self.slots[slot]:
                self.unchanged += 1
                return
            merged = check_contact(merged)
        except _RowError as err:
            self.problems.append(RowProblem(row.number, err.field, err.message))
            return
        except BadInput as err:
            self.problems.append(RowProblem(row.number, "row", err.message))
            return
        self._put(slot, merged, _keys(merged))

    def write(self, ledger: Ledger, now: datetime) -> tuple[int, int]:
        added = updated = 0
        for slot, contact in enumerate(self.slots):
            old = self.original.get(slot)
            if old is None:
                ledger.add_contact(dataclasses.replace(contact, id=None, created_at=now))
                added += 1
            elif contact != old:
                ledger.update_contact(contact)
                updated += 1
        return added, updated

    def _put(self, slot: int, contact: Contact, keys: list[_Key]) -> None:
        if slot == len(self.slots):
            self.slots.append(contact)
        else:
            self.slots[slot] = contact
        for key in keys:
            slots = self.index[key]
            if slot not in slots:
                slots.append(slot)

    def _match(self, contact: Contact, keys: list[_Key]) -> int | None:
        for key in keys:
            slots = self.index.get(key, [])
            if key[0] != "email":
                slots = [s for s in slots if _same_or_no_email(self.slots[s], contact)]
            if len(slots) > 1:
                names = "; ".join(self.slots[s].name for s in slots[:5])
                raise _RowError("row", f"matches more than one contact already on file: {names}")
            if slots:
                return slots[0]
        return None


_Key = tuple[str, str, str]


def _keys(contact: Contact) -> list[_Key]:
    keys: list[_Key] = []
    if contact.email:
        keys.append(("email", email_key(contact.email), ""))
    if contact.linkedin:
        keys.append(("linkedin", linkedin_key(contact.linkedin), ""))
    keys.append(("name", name_key(contact.name), _company_key(contact.company)))
    return keys


@functools.lru_cache(maxsize=4096)
def _company_key(company: str) -> str:
    """Company names repeat across many rows; their key is worth remembering."""
    return company_key(company)


def _same_or_no_email(old: Contact, new: Contact) -> bool:
    """Two different e-mail addresses mean two people, whatever their names."""
    return not (old.email and new.email) or email_key(old.email) == email_key(new.email)


class _RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _contact_from(row: Row, default_role: Role) -> tuple[Contact, bool]:
    """The row's contact, checked; the flag says whether the row named a role."""
    name = row.get("name") or " ".join(
        p for p in (row.get("first_name"), row.get("last_name")) if p
    )
    role_text = row.get("role")
    try:
        role = parse_role(role_text) if role_text else default_role
    except BadInput as err:
        raise _RowError("role", err.message) from None
    notes = row.get("notes")
    if position := row.get("position"):
        notes = "\n".join(p for p in (f"Position: {position}", notes) if p)
    contact = Contact(
        name=name,
        company=row.get("company"),
        role=role,
        email=row.get("email"),
        phone=row.get("phone"),
        linkedin=row.get("linkedin"),
        tz=row.get("tz") or None,
        notes=notes,
    )
    return _checked(contact), bool(role_text)


def _checked(contact: Contact) -> Contact:
    if contact.tz and contact.tz not in _zones():
        raise _RowError("tz", f"time zone '{contact.tz[:64]}' is not a known IANA time zone")
    try:
        return check_contact(contact)
    except BadInput as err:
        raise _RowError(_culprit(contact), err.message) from None


def _culprit(contact: Contact) -> str:
    """The first field that fails the check on its own."""
    for field in _CHECKED:
        probe = Contact(name=contact.name) if field == "name" else Contact(name="x")
        probe = dataclasses.replace(probe, **{field: getattr(contact, field)})
        try:
            check_contact(probe)
        except BadInput:
            return field
    return "row"


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _merge(old: Contact, new: Contact, has_role: bool) -> Contact:
    """``old`` with every non-empty field of ``new``; notes are added to, never replaced."""
    return dataclasses.replace(
        old,
        name=new.name or old.name,
        company=new.company or old.company,
        role=new.role if has_role else old.role,
        email=_same_key(old.email, new.email, email_key),
        phone=_same_key(old.phone, new.phone, phone_key),
        linkedin=_same_key(old.linkedin, new.linkedin, linkedin_key),
        tz=new.tz or old.tz,
        notes=_merge_notes(old.notes, new.notes),
    )


def _same_key(old: str, new: str, key: Callable[[str], str]) -> str:
    """The new value, unless it is empty or only spelled differently from the old one."""
    return old if not new or key(new) == key(old) else new


def _merge_notes(old: str, new: str) -> str:
    if not new or new in old:
        return old
    if not old:
        return new
    joined = f"{old}\n{new}"
    return joined if len(joined) <= MAX_NOTES else old
