"""Phone numbers written the international way: by the country typed, else by the user's
region; a number that is no complete number of that country is kept as typed."""

from __future__ import annotations

import pytest

from trayapp.core.errors import BadInput
from trayapp.core.matching import phone_extension, phone_key, same_phone
from trayapp.core.settings import Settings
from trayapp.platform.phones import LibPhoneNumbers, phone_region

WRITTEN = [
    # (region, typed, written; None: kept as typed)
    ("GB", "020 7946 0958", "+44 20 7946 0958"),
    ("GB", "07911 123456", "+44 7911 123456"),
    ("GB", "+44 (0)20 7946 0958", "+44 20 7946 0958"),
    ("GB", "0044 20 7946 0958", "+44 20 7946 0958"),
    ("GB", "+1 (415) 555-0132", "+1 415-555-0132"),
    ("GB", "(415) 555-0132", None),  # a US number typed in the UK is not made a UK one
    ("US", "(415) 555-0132", "+1 415-555-0132"),
    ("US", "415.555.0132 x12", "+1 415-555-0132 ext. 12"),
    ("US", "011 44 20 7946 0958", "+44 20 7946 0958"),  # the US's international prefix
    ("US", "020 7946 0958", None),
    ("DE", "030 123456", "+49 30 123456"),
    ("FR", "06 12 34 56 78", "+33 6 12 34 56 78"),
    (None, "+49 30 123456", "+49 30 123456"),
    (None, "020 7946 0958", None),  # no region known: only numbers with their code
    ("GB", "555-0102", None),  # too short to be a whole number
    ("GB", "call me", None),
    ("GB", "", None),
    ("GB", "1" * 200, None),
]


@pytest.mark.parametrize(("region", "typed", "written"), WRITTEN)
def test_numbers_are_written_the_international_way(
    region: str | None, typed: str, written: str | None
) -> None:
    assert LibPhoneNumbers(region).international(typed) == written


def test_one_number_typed_four_ways_has_one_key() -> None:
    uk = LibPhoneNumbers("GB")
    typed = ["020 7946 0958", "+44 20 7946 0958", "0044 (0)20 7946 0958", "+442079460958"]
    keys = {phone_key(uk.international(t) or t) for t in typed}
    assert keys == {"442079460958"}
    us = LibPhoneNumbers("US")
    assert phone_key(us.international("011 44 20 7946 0958") or "") == "442079460958"


@pytest.mark.parametrize(
    ("phone", "number", "extension"),
    [
        ("+1 415-555-0132 ext. 12", "+1 415-555-0132", "12"),
        ("+44 7911 123456 x7", "+44 7911 123456", "7"),
        ("+1 415 555 0132;ext=99", "+1 415 555 0132", "99"),
        ("(415) 555-0132 extension 3", "(415) 555-0132", "3"),
        ("+44 20 7946 0958", "+44 20 7946 0958", ""),
        ("x12", "x12", ""),
    ],
)
def test_an_extension_is_no_part_of_the_number(phone: str, number: str, extension: str) -> None:
    assert phone_extension(phone) == (number, extension)
    assert phone_key(phone) == phone_key(number)


def test_the_region_is_the_setting_or_the_computers() -> None:
    assert phone_region("US", {"LANG": "en_GB.UTF-8"}) == "US"
    assert phone_region("auto", {"LANG": "en_GB.UTF-8"}) == "GB"
    assert phone_region("auto", {"LC_TELEPHONE": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}) == "DE"
    assert phone_region("auto", {"LC_ALL": "fr_FR.UTF-8", "LC_TELEPHONE": "de_DE"}) == "FR"
    assert phone_region("auto", {"LANG": "C"}) is None
    assert phone_region("auto", {}) is None


def test_the_setting_takes_a_country_code_in_any_case() -> None:
    assert Settings.from_mapping({"phone_region": "gb"}).phone_region == "GB"
    assert Settings.from_mapping({"phone_region": " Auto "}).phone_region == "auto"
    assert Settings().phone_region == "auto"
    for wrong in ("Britain", "G", "G1", "", "ÉÉ"):
        with pytest.raises(BadInput, match="phone_region"):
            Settings.from_mapping({"phone_region": wrong})


def test_numbers_kept_as_typed_still_match_their_international_writing() -> None:
    assert same_phone(phone_key("07911 123456"), phone_key("+44 7911 123456"))
