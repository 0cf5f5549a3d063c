"""People's names: which typed text may become a new contact's name, and what to call them.

- A new contact's name is made of words of letters, with hyphens, apostrophes and dots inside
  (``Dana``, ``O'Neil``, ``Jean-Luc``, ``J. R. Smith``); digits, ``@``, parentheses and other
  marks, or a word that only says when (``yesterday``), mean the text is not just a name.
- The name a greeting uses: ``Smith, Dana`` -> ``Dana``, ``Dr. Dana Smith`` -> ``Dana``; nothing
  (so the script says "Hi there") when no plausible first name is left: an initial, an e-mail
  address, a phone number, a shared mailbox such as ``info``.
- A name guessed from an e-mail address only when its local part reads like one
  (``dana.smith@acme.com`` -> ``Dana Smith``; ``info@``, ``jdoe123@`` -> no guess).
"""

from __future__ import annotations

import re

from trayapp.core.matching import looks_like_email, looks_like_phone


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HONORIFICS = _words(
    "mr mrs ms miss mx dr prof professor sir dame madam madame mme mlle herr frau rev"
)
# Shared mailboxes: an address such as info@acme.com names no person.
MAILBOXES = _words(
    "info sales hr admin contact contacts support jobs job careers career hello hi team office"
    " noreply no-reply donotreply recruiting recruitment recruiter talent hiring enquiries"
    " inquiries enquiry mail email webmaster billing accounts help service marketing press"
    " privacy reception hq general people apply applications cv resume"
)
# Words that say when, never part of a name: "called Dana yesterday" is not "Dana Yesterday".
WHEN_WORDS = _words("yesterday today tomorrow tonight ago")
_MONTHS = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june"
    " july august september october november december"
)
_JOINERS = _words("at by on before until till in")
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:['’.\-]+[^\W\d_]*)*$")
_LOCAL_PART = re.compile(r"[._\-]+")


def is_name_word(word: str) -> bool:
    """Letters, with hyphens, apostrophes and dots after the first letter."""
    return bool(_NAME_WORD.match(word)) and word.casefold() not in WHEN_WORDS


def unclean_part(name: str) -> str:
    """The part of ``name`` that is not a name (``""`` when it is a clean name).

    ``Dana at 25:00`` -> ``at 25:00``; ``Dana feb 30`` -> ``feb 30``; ``Dana (Acme)`` -> ``(Acme)``.
    """
    words = name.split()
    if not words:
        return name
    bad = next((i for i, word in enumerate(words) if not is_name_word(word)), None)
    if bad is None:
        return ""
    start = bad
    while start > 0 and words[start - 1].casefold() in _MONTHS | _JOINERS:
        start -= 1
    return " ".join(words[start:])


def greeting_name(name: str) -> str:
    """The first name a script greets with; ``""`` when there is no plausible one."""
    text = " ".join(name.split())
    if not text or looks_like_email(text) or looks_like_phone(text):
        return ""
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if first and last:
            text = first
    words = [w.strip(",") for w in text.split()]
    while words and words[0].casefold().rstrip(".") in HONORIFICS:
        words = words[1:]
    if not words:
        return ""
    first = words[0]
    letters = sum(ch.isalpha() for ch in first)
    if letters < 2 or not is_name_word(first) or first.casefold() in MAILBOXES:
        return ""
    return first


def name_from_email(email: str) -> str:
    """``dana.smith@acme.com`` -> ``Dana Smith``; ``""`` when the local part is not a name."""
    local = email.strip().split("@", 1)[0].split("+", 1)[0]
    words = [w for w in _LOCAL_PART.split(local) if w]
    if not 1 <= len(words) <= 3 or any(w.casefold() in MAILBOXES for w in words):
        return ""
    if not all(w.isalpha() and len(w) >= 2 for w in words):
        return ""
    return " ".join(w[:1].upper() + w[1:] for w in words)
