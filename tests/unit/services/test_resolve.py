"""Finding contacts by e-mail, phone, full or first name; proposals; ambiguity."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

import pytest

from trayapp.core.errors import Ambiguous, BadInput, NearMiss, NotFound
from trayapp.core.matching import email_key, first_name_key, name_key, phone_key
from trayapp.core.model import Contact
from trayapp.core.names import name_from_email
from trayapp.core.ports import ContactQuery, Ledger
from trayapp.services.resolve import (
    Resolution,
    find_contact,
    resolve_contact,
)


class ContactsOnly:
    """An in-memory ledger with just the look-ups resolution uses."""

    def __init__(self, *contacts: Contact) -> None:
        self.contacts = [replace(c, id=index) for index, c in enumerate(contacts, 1)]

    def find_contacts(self, by: ContactQuery, key: str, limit: int = 20) -> list[Contact]:
        keys = {
            ContactQuery.EMAIL: lambda c: email_key(c.email) if c.email else "",
            ContactQuery.PHONE: lambda c: phone_key(c.phone) if c.phone else "",
            ContactQuery.NAME: lambda c: name_key(c.name),
            ContactQuery.FIRST_NAME: lambda c: first_name_key(c.name),
        }
        if by is ContactQuery.PHONE_ENDING:
            end = key[-7:]
            return [c for c in self.contacts if c.phone and phone_key(c.phone)[-7:] == end]
        return [c for c in self.contacts if key and keys[by](c) == key][:limit]

    def get_contact(self, contact_id: int) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def names_near(self, key: str, spread: int, limit: int = 5000) -> list[tuple[int, str]]:
        return [(c.id or 0, name_key(c.name)) for c in self.contacts][:limit]


def ledger(*contacts: Contact) -> Ledger:
    return cast(Ledger, ContactsOnly(*contacts))


DANA = Contact("Dana Smith", company="Acme", email="Dana.Smith@acme.com", phone="+44 7700 900123")
JOSE = Contact("José Álvarez", company="Globex")
SAM = Contact("Sam Jones")
BOOK = ledger(DANA, JOSE, SAM)


def names(resolution: Resolution) -> str | None:
    return resolution.contact.name if resolution.contact else None


@pytest.mark.parametrize(
    "ref",
    [
        "dana.smith@ACME.com",
        " Dana.Smith@acme.com ",
        "+44 (7700) 900-123",
        "0044 7700 900123",
        "dana smith",
        "DANA  SMITH",
        "Dana",
        "dana",
        "#1",
    ],
)
def test_finds_dana(ref: str) -> None:
    resolution = resolve_contact(ref, BOOK)
    assert names(resolution) == "Dana Smith"
    assert resolution.proposed_name is None
    assert resolution.new_contact() is None


def test_names_ignore_accents_and_case() -> None:
    assert names(resolve_contact("jose alvarez", BOOK)) == "José Álvarez"
    assert names(resolve_contact("JOSÉ", BOOK)) == "José Álvarez"


def test_unknown_name_is_a_new_contact() -> None:
    resolution = resolve_contact("Priya Patel", BOOK)
    assert resolution.contact is None
    assert resolution.proposed_name == "Priya Patel"
    assert resolution.new_contact() == Contact("Priya Patel")


def test_a_name_typed_in_lower_case_gets_capitals() -> None:
    assert resolve_contact("priya patel", BOOK).proposed_name == "Priya Patel"
    assert resolve_contact("mcKay", BOOK).proposed_name == "mcKay"


def test_unknown_full_name_offers_people_with_that_first_name() -> None:
    resolution = resolve_contact("Dana Smyth", BOOK)
    assert resolution.proposed_name == "Dana Smyth"
    assert [c.name for c in resolution.candidates] == ["Dana Smith"]


def test_unknown_email_is_a_new_contact_keeping_the_address() -> None:
    resolution = resolve_contact("priya.patel@globex.com", BOOK)
    assert resolution.new_contact() == Contact("Priya Patel", email="priya.patel@globex.com")


def test_unknown_phone_is_a_new_contact_keeping_the_number() -> None:
    resolution = resolve_contact("+1 212 555 0100", BOOK)
    assert resolution.new_contact() == Contact("+1 212 555 0100", phone="+1 212 555 0100")


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("dana@acme.com", "Dana"),
        ("dana.smith@acme.com", "Dana Smith"),
        ("dana_smith+jobs@acme.com", "Dana Smith"),
        ("j.doe2@acme.com", ""),
        ("jdoe123@acme.com", ""),
        ("info@acme.com", ""),
        ("hr.team@acme.com", ""),
        ("1234@acme.com", ""),
    ],
)
def test_name_from_email(email: str, name: str) -> None:
    assert name_from_email(email) == name


def test_a_shared_first_name_is_ambiguous() -> None:
    book = ledger(DANA, Contact("Dana Lee", company="Initech"))
    with pytest.raises(Ambiguous) as caught:
        resolve_contact("dana", book)
    assert caught.value.candidates == ("Dana Smith (Acme)", "Dana Lee (Initech)")
    assert "Be more specific" in caught.value.message


def test_a_shared_full_name_is_told_apart_by_email() -> None:
    other = Contact("Dana Smith", company="Acme", email="dana@other.com")
    with pytest.raises(Ambiguous) as caught:
        resolve_contact("Dana Smith", ledger(DANA, other))
    assert caught.value.candidates == (
        "Dana Smith (Acme) <Dana.Smith@acme.com>",
        "Dana Smith (Acme) <dana@other.com>",
    )


def test_an_exact_full_name_wins_over_first_names() -> None:
    book = ledger(Contact("Dana"), DANA)
    assert resolve_contact("dana", book).contact == book.get_contact(1)


def test_a_long_list_of_matches_is_cut_short() -> None:
    book = ledger(*(Contact(f"Dana {n}") for n in "ABCDEFGH"))
    with pytest.raises(Ambiguous) as caught:
        resolve_contact("Dana", book)
    assert caught.value.candidates[-1] == "and 2 more"


@pytest.mark.parametrize(("ref", "message"), [("", "name a contact"), ("  ", "name a contact")])
def test_nothing_typed(ref: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        resolve_contact(ref, BOOK)


def test_no_letters_is_not_a_name() -> None:
    with pytest.raises(BadInput, match="does not look like a name"):
        resolve_contact("12 34", BOOK)


def test_too_long() -> None:
    with pytest.raises(BadInput, match="too long"):
        resolve_contact("x" * 201, BOOK)


def test_find_contact_returns_an_existing_contact() -> None:
    assert find_contact("dana", BOOK).name == "Dana Smith"


def test_find_contact_says_nobody_matches() -> None:
    with pytest.raises(NotFound, match="no contact matches 'Priya'"):
        find_contact("Priya", BOOK)


def test_find_contact_suggests_someone_with_the_same_first_name() -> None:
    with pytest.raises(NotFound, match=r"did you mean Dana Smith \(Acme\)\?"):
        find_contact("Dana Jones", BOOK)


@pytest.mark.parametrize("typed", ["Dana Smyth", "Dana Smtih", "Dna Smith", "dana smiht"])
def test_a_slip_of_a_name_on_file_is_a_near_miss_not_a_new_contact(typed: str) -> None:
    resolution = resolve_contact(typed, BOOK)
    assert resolution.contact is None
    assert [c.name for c in resolution.near] == ["Dana Smith"]
    with pytest.raises(NearMiss, match=r"Did you mean Dana Smith \(Acme\)\?") as refused:
        find_contact(typed, BOOK)
    assert refused.value.exit_code == 2
    assert refused.value.candidates == ((1, "Dana Smith (Acme)"),)


def test_a_name_three_letters_off_is_someone_new() -> None:
    resolution = resolve_contact("Dan Smythe", BOOK)
    assert resolution.near == ()
    assert resolution.proposed_name == "Dan Smythe"


def test_find_contact_by_unknown_id() -> None:
    with pytest.raises(NotFound, match="no contact #99"):
        find_contact("#99", BOOK)


US = Contact("Lee Park", phone="+1 (555) 010-2030")
UK_LOCAL = Contact("Ana Roy", phone="07700 900456")


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("555-010-2030", "Lee Park"),
        ("(555) 010 2030", "Lee Park"),
        ("+1 555 010 2030", "Lee Park"),
        ("001 555 010 2030", "Lee Park"),
        ("+44 7700 900456", "Ana Roy"),
        ("7700 900456", "Ana Roy"),
    ],
)
def test_phones_match_on_their_digits_with_or_without_a_country_code(ref: str, name: str) -> None:
    assert names(resolve_contact(ref, ledger(US, UK_LOCAL))) == name


def test_a_phone_that_only_shares_its_end_is_not_a_match() -> None:
    resolution = resolve_contact("+1 555 010 20", ledger(US))  # too few digits to match an end
    assert resolution.contact is None
    assert resolution.proposed_phone == "+1 555 010 20"


def test_a_phone_two_contacts_share_is_ambiguous() -> None:
    book = ledger(US, Contact("Lee Smith", phone="+44 555 010 2030"))
    with pytest.raises(Ambiguous):
        resolve_contact("555 010 2030", book)


def test_a_contact_as_the_app_shows_it_is_found() -> None:
    other = Contact("Dana Smith", company="Initech")
    book = ledger(DANA, other)
    assert resolve_contact("Dana Smith (Initech)", book).contact == book.get_contact(2)
    assert resolve_contact("dana smith (ACME)", book).contact == book.get_contact(1)


@pytest.mark.parametrize(
    ("ref", "part"),
    [
        ("Dana Smith (Globex)", "(Globex)"),
        ("Dana feb 30", "feb 30"),
        ("Dana at 25:00", "at 25:00"),
        ("Dana yesterday", "yesterday"),
        ("Dana@", "Dana@"),
        ("Agent 47", "47"),
    ],
)
def test_no_new_contact_from_text_that_is_not_a_name(ref: str, part: str) -> None:
    resolution = resolve_contact(ref, BOOK)
    assert resolution.contact is None
    assert resolution.new_contact() is None
    assert f"'{part}'" in resolution.refused


def test_a_contact_on_file_is_found_whatever_its_name() -> None:
    book = ledger(Contact("Agent 47"), Contact("Smith, Dana"))
    assert names(resolve_contact("agent 47", book)) == "Agent 47"
    assert names(resolve_contact("Smith, Dana", book)) == "Smith, Dana"


@pytest.mark.parametrize("email", ["info@acme.com", "jdoe123@acme.com", "hr.team@acme.com"])
def test_no_name_is_made_up_from_a_mailbox(email: str) -> None:
    assert resolve_contact(email, BOOK).new_contact() == Contact(email, email=email)


@pytest.mark.parametrize(
    ("ref", "new"),
    [
        ("Priya Patel <pp@globex.com>", Contact("Priya Patel", email="pp@globex.com")),
        ('"Priya Patel" <pp@globex.com>', Contact("Priya Patel", email="pp@globex.com")),
        ("<priya.patel@globex.com>", Contact("Priya Patel", email="priya.patel@globex.com")),
        ("Info (HR) <info@globex.com>", Contact("info@globex.com", email="info@globex.com")),
    ],
)
def test_an_address_as_mail_programs_copy_it(ref: str, new: Contact) -> None:
    assert resolve_contact(ref, BOOK).new_contact() == new
    assert names(resolve_contact("Someone <DANA.SMITH@acme.com>", BOOK)) == "Dana Smith"
