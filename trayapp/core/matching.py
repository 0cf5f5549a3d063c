"""Keys for finding people: names without case or accents, e-mails, phone digits."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAILBOX = re.compile(r"^(?P<name>[^<>@]*?)\s*<(?P<email>[^<>\s]+)>$")
MIN_PHONE_DIGITS = 7
MAX_COUNTRY_CODE = 3


#: An extension at the end of a number: ``x12``, ``ext. 12``, ``extension 12``, ``;ext=12``.
_EXTENSION = re.compile(r"(?:;\s*ext=|\b(?:ext|extension)\b\.?|x|#)\s*(?P<ext>\d+)\s*$", re.I)
_LINKEDIN = re.compile(r"linkedin\.com/in/(?P<slug>[^/?#\s]+)")


def name_key(name: str) -> str:
    """Fold case and accents and collapse spaces: ``"  José  ÁLVAREZ"`` -> ``"jose alvarez"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()


def first_name_key(name: str) -> str:
    """The folded first word of a name."""
    key = name_key(name)
    return key.split(" ", 1)[0] if key else ""


def email_key(email: str) -> str:
    return email.strip().casefold()


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def mailbox(text: str) -> tuple[str, str] | None:
    """``Dana Smith <dana@acme.com>``, as mail programs copy it: (``Dana Smith``, the address)."""
    match = _MAILBOX.match(text.strip())
    if match is None or not looks_like_email(match["email"]):
        return None
    return match["name"].strip().strip('"').strip(), match["email"]


def linkedin_key(url: str) -> str:
    """A LinkedIn profile as ``in/<name>``, whatever the address's form (scheme, www., a
    country subdomain, a trailing slash or query); empty when it is no profile address."""
    match = _LINKEDIN.search(url.strip().casefold())
    return f"in/{match['slug']}" if match else ""


def phone_extension(phone: str) -> tuple[str, str]:
    """A number and its extension: ``"+1 415-555-0132 ext. 12"`` -> (``"+1 415-555-0132"``,
    ``"12"``); a number without one comes back with ``""``."""
    found = _EXTENSION.search(phone)
    if found is None or not any(ch.isdigit() for ch in phone[: found.start()]):
        return phone.strip(), ""
    return phone[: found.start()].strip(), found["ext"]


def phone_key(phone: str) -> str:
    """The digits of a phone number without its extension, a leading international ``00`` or
    a trunk ``0``: for a number written the international way, its E.164 digits."""
    digits = "".join(ch for ch in phone_extension(phone)[0] if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    return digits.lstrip("0")


def same_phone(one: str, other: str) -> bool:
    """Whether two phone keys are one number, one of them with a country code (1-3 digits)
    in front: ``15550102030`` and ``5550102030``. The shorter needs at least 7 digits."""
    short, long = sorted((one, other), key=len)
    if len(short) < MIN_PHONE_DIGITS:
        return one == other
    return long.endswith(short) and len(long) - len(short) <= MAX_COUNTRY_CODE


def looks_like_phone(text: str) -> bool:
    stripped = text.strip()
    digits = sum(ch.isdigit() for ch in stripped)
    return digits >= 6 and all(ch.isdigit() or ch in "+-() ." for ch in stripped)


def company_key(company: str) -> str:
    """Companies are compared like names: ``"ACME "`` and ``"Acme"`` are one company."""
    return name_key(company)
