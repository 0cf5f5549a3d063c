"""The forms of a quick-add line, each read into a draft.

Tried in order: a verb first (``called Dana``, ``call Dana re offer fri``), a contact and a
colon or dash (``Dana: send feedback by fri``), a contact first (``Dana replied``,
``Dana said no``), and a contact alone (``Dana Smith``). A line no form fits is refused,
naming the part not understood (``Dana said yes`` -> ``said yes``), rather than taken for a
contact's name; so is a when that is no date (``called Dana on feb 30``).
"""

from __future__ import annotations

import re

from trayapp.core.errors import BadInput
from trayapp.core.matching import looks_like_email, looks_like_phone, mailbox
from trayapp.core.model import Channel, Direction
from trayapp.core.quickadd.drafts import (
    CallbackDraft,
    ContactRef,
    DoNotContactDraft,
    Draft,
    LookupDraft,
    PromiseDraft,
    RefKind,
    TouchDraft,
    UnreadLine,
    WaitDraft,
)
from trayapp.core.quickadd.vocabulary import (
    CALL_BACK,
    CHANNEL_HINTS,
    DATE_JOINERS,
    HINT_JOINERS,
    INBOUND_TOUCH,
    KNOWN_WORDS,
    NAME_ENDS,
    OUTBOUND_TOUCH,
    PROMISE_VERBS,
    SAID_NO,
    TOPIC_WORDS,
    WAITING,
    WHEN_HINTS,
    Verb,
    folded,
    starts_with,
)
from trayapp.core.quickadd.when import (
    Reader,
    Split,
    due_instant,
    past_instant,
    quiet_instant,
    split_date,
    unread_date,
    until_instant,
    words_after_a_date,
)
from trayapp.core.when_phrases import DATE_EXAMPLES, unread

MAX_REF = 200
MAX_NAME_WORDS = 5
EXAMPLES = "e.g. 'Dana Smith: send feedback by fri 3pm', 'called Dana' or 'Dana replied'"
_COLON = re.compile(r"^(?P<who>[^:]*?)\s*:(?:\s+|$)(?P<rest>.*)$")
_DASH = re.compile(r"^(?P<who>.+?)\s+[-–—]\s+(?P<rest>.*)$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_REPORTING = frozenset({"said", "says", "asked", "wants"})


def read_words(words: list[str], reader: Reader) -> Draft:
    """The draft a line's words stand for; :class:`UnreadLine` when none fits."""
    draft = (
        read_waiting(words, reader)
        or read_verb_first(words, reader)
        or read_with_separator(words, reader)
        or read_subject_first(words, reader)
    )
    if draft is not None:
        return draft
    known = first_known_word(words)
    if known == 0:
        line = _shown(" ".join(words))
        raise UnreadLine(f"could not understand '{line}': say who first, e.g. 'Dana replied'")
    if known is not None:
        who, rest = " ".join(words[:known]), _shown(" ".join(words[known:]))
        raise UnreadLine(f"could not understand '{rest}' after '{_shown(who)}'; {EXAMPLES}")
    if looks_like_ref(words) and split_date(words, reader, keep=0) is None:
        return LookupDraft(make_ref(words, "here"))
    raise UnreadLine(f"could not understand '{_shown(' '.join(words))}'; {EXAMPLES}")


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def first_known_word(words: list[str]) -> int | None:
    """Where a word of quick add's own (a verb, ``said``, ``re``...) stands in a line no form
    fits: ``Dana said yes`` is not a contact called "Dana said yes"."""
    low = folded(words)
    for index, word in enumerate(low):
        if word in KNOWN_WORDS:
            return index
    return None


def make_ref(words: list[str], where: str) -> ContactRef:
    """A contact reference from ``words``; ``where`` says where in the line it was looked for."""
    text = " ".join(words).strip(" ,;:")
    if not text:
        raise UnreadLine(f"no contact named {where}")
    if len(text) > MAX_REF:
        raise UnreadLine(f"'{text[:40]}...' is too long to be a contact")
    ref = ContactRef(text)
    if ref.kind is RefKind.NAME and not any(ch.isalpha() for ch in text):
        raise UnreadLine(f"'{text[:40]}' does not look like a name, an e-mail or a phone number")
    if ref.kind is RefKind.NAME and "@" in text:
        raise UnreadLine(_not_an_address(text.split()))
    return ref


def _not_an_address(words: list[str]) -> str:
    """What is wrong with a contact holding an ``@``: a broken address, or more after one."""
    if looks_like_email(words[0]):
        return f"could not read '{_shown(' '.join(words[1:]))}' after '{words[0][:80]}'"
    odd = next(w for w in words if "@" in w)
    return f"'{odd[:80]}' is not an e-mail address (e.g. dana@acme.com)"


def looks_like_ref(words: list[str]) -> bool:
    """A bare contact: an e-mail, a phone number or a few name-like words."""
    text = " ".join(words)
    if looks_like_email(text) or looks_like_phone(text) or mailbox(text):
        return True
    return len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


# -- waiting for a reply ------------------------------------------------------------------


def read_waiting(words: list[str], reader: Reader) -> WaitDraft | None:
    """``waiting on Dana re offer until tue``: wait for their reply until then."""
    phrase = next((p for p in WAITING if starts_with(words, p)), None)
    if phrase is None:
        return None
    rest = words[len(phrase) :]
    where = f"after '{' '.join(phrase)}'"
    split = split_date(rest, reader, keep=1)
    if split is None:
        who, _ = split_name(rest)
        ref = make_ref(who, where)
        raise UnreadLine("say until when to wait, e.g. 'waiting on Dana re offer until tue'", ref)
    who, about = split_name(split.head)
    ref = make_ref(who, where)
    try:
        until = until_instant(split, reader)
    except BadInput as error:
        raise UnreadLine(error.message, ref) from None
    return WaitDraft(ref, until, split.text, about)


# -- a verb first -------------------------------------------------------------------------


def read_verb_first(words: list[str], reader: Reader) -> Draft | None:
    for verb in OUTBOUND_TOUCH:
        if starts_with(words, verb.words):
            return read_touch(words[len(verb.words) :], verb, Direction.OUTBOUND, reader)
    for verb in PROMISE_VERBS:
        if starts_with(words, verb.words):
            return read_verb_promise(words[len(verb.words) :], verb, reader)
    return None


def read_touch(rest: list[str], verb: Verb, direction: Direction, reader: Reader) -> TouchDraft:
    """``vm Dana re Acme yesterday``: the contact, a note, and when (default: now)."""
    rest, hinted = pull_channel_hint(rest)
    split = split_date(rest, reader, keep=1)
    who, after = split_name_words(split.head if split else rest)
    if split is None:  # "called Dana yesterday re offer": the date between name and note
        split = split_date(who, reader, keep=1)
        who = split.head if split else who
    if split is None:  # "called Dana on friday re offer"
        split, after = when_then_note(after, reader)
    at = past_instant(split, reader) if split else None
    ref = make_ref(who, f"after '{' '.join(verb.words)}'")
    channel = hinted if hinted and verb.channel is Channel.OTHER else verb.channel
    return TouchDraft(ref, channel, direction, note_of(after), at, split.text if split else "")


def read_verb_promise(rest: list[str], verb: Verb, reader: Reader) -> PromiseDraft:
    """``call Dana re offer next tue 10:00``: a promise to call, e-mail, get back..."""
    split = split_date(rest, reader, keep=1)
    who, _ = split_name(split.head if split else rest)
    ref = make_ref(who, f"after '{' '.join(verb.words)}'")
    topic = (split.head if split else rest)[len(who) :]
    return read_promise(ref, [*topic, *(split.date_words if split else [])], reader, verb.what)


def split_name(words: list[str]) -> tuple[list[str], str]:
    """``Dana re Acme`` -> (``Dana``, ``Acme``): the name ends at ``re``/``about``/``on``..."""
    who, after = split_name_words(words)
    return who, note_of(after)


def split_name_words(words: list[str]) -> tuple[list[str], list[str]]:
    """``Dana re Acme`` -> (``Dana``, ``re Acme``)."""
    for index in range(1, len(words)):
        if words[index].casefold() in NAME_ENDS or words[index - 1].endswith((":", ",")):
            return words[:index], words[index:]
    return words, []


def note_of(words: list[str]) -> str:
    """The note: the words after the contact, without a leading ``re``/``about``."""
    if words and words[0].casefold() in TOPIC_WORDS:
        words = words[1:]
    return " ".join(words)


def when_then_note(words: list[str], reader: Reader) -> tuple[Split | None, list[str]]:
    """``on friday re offer`` -> (``friday``, ``re offer``): a when before the note. A when that
    is not a date (``on feb 30``, ``25pm``) is refused rather than kept as the note."""
    low = folded(words)
    cut = next((i for i, word in enumerate(low) if word in TOPIC_WORDS), len(words))
    start = 1 if low and low[0] in DATE_JOINERS else 0
    if start >= cut:
        return None, words
    lead = words[start:cut]
    parsed = reader.parse(" ".join(lead))
    if parsed is not None:
        return Split([], lead, parsed), words[cut:]
    if low[start] in WHEN_HINTS or any(ch.isdigit() for ch in low[start]):
        raise UnreadLine(unread(" ".join(words[:cut])))
    return None, words


def pull_channel_hint(words: list[str], start: int = 1) -> tuple[list[str], Channel | None]:
    """Take ``on linkedin``/``by text``... out of the words (from ``start``), with its channel."""
    low = folded(words)
    for index in range(start, len(words)):
        if low[index] not in HINT_JOINERS:
            continue
        for phrase, channel in CHANNEL_HINTS.items():
            if starts_with(words, phrase, index + 1):
                return words[:index] + words[index + 1 + len(phrase) :], channel
    return words, None


# -- a contact, then a colon or a dash ----------------------------------------------------


def read_with_separator(words: list[str], reader: Reader) -> Draft | None:
    """``Dana: ...`` / ``Dana - ...``: a "no", a call-back request or a promise."""
    parts = split_who(words)
    if parts is None:
        return None
    who, rest, mark = parts
    ref = make_ref(who, f"before {mark}")
    if not rest:
        raise UnreadLine(f"nothing after {mark}: say what is due and when, {EXAMPLES}", ref)
    return (
        read_said_no(ref, rest)
        or read_call_back(ref, rest, reader)
        or read_promise(ref, rest, reader)
    )


def split_who(words: list[str]) -> tuple[list[str], list[str], str] | None:
    """The contact's words, the rest, and the separator; the earliest separator wins."""
    text = " ".join(words)
    found = []
    for pattern, mark in ((_COLON, "':'"), (_DASH, "'-'")):
        match = pattern.match(text)
        if match and not looks_like_email(match["who"]):
            found.append((len(match["who"]), match["who"].split(), match["rest"].split(), mark))
    if not found:
        return None
    _, who, rest, mark = min(found, key=lambda item: item[0])
    return who, rest, mark


def read_said_no(ref: ContactRef, rest: list[str]) -> DoNotContactDraft | None:
    for phrase in SAID_NO:
        if starts_with(rest, phrase):
            return DoNotContactDraft(ref, reason="said no", note=" ".join(rest[len(phrase) :]))
    return None


def read_call_back(ref: ContactRef, rest: list[str], reader: Reader) -> CallbackDraft | None:
    """``call me back in two weeks``: quiet until that day, and a promise due then."""
    phrase = next((p for p in CALL_BACK if starts_with(rest, p)), None)
    if phrase is None:
        return None
    date_words = rest[len(phrase) :]
    if not date_words:
        raise UnreadLine("say when to call back, e.g. 'call me back in two weeks'", ref)
    split = split_date(date_words, reader, keep=0)
    if split is None or split.head:
        raise UnreadLine(unread(" ".join(date_words)), ref)
    try:
        quiet = quiet_instant(split, reader)
        due = due_instant(split, reader)
    except BadInput as error:
        raise UnreadLine(error.message, ref) from None
    return CallbackDraft(ref, quiet_until=quiet, due_at=due, due_text=split.text)


def read_promise(ref: ContactRef, rest: list[str], reader: Reader, verb: str = "") -> PromiseDraft:
    """``send Acme feedback by fri 3pm``: what is owed, and when."""
    split = split_date(rest, reader, keep=0 if verb else 1)
    if split is None and not verb and split_date(rest, reader, keep=0):
        raise UnreadLine(f"say what is due before the date '{' '.join(rest)}'", ref)
    if split is None:
        stray = words_after_a_date(rest, reader)
        if stray:
            raise UnreadLine(f"could not read '{stray[1]}' after the date '{stray[0]}'", ref)
        typed = unread_date(rest)
        if typed:
            raise UnreadLine(unread(typed), ref)
        raise UnreadLine(f"say when it is due, such as {DATE_EXAMPLES}", ref)
    what = " ".join([verb, *split.head]).strip(" ,;:-")
    if not what:
        raise UnreadLine(f"say what is due before the date '{split.text}'", ref)
    try:
        due = due_instant(split, reader)
    except BadInput as error:
        raise UnreadLine(error.message, ref) from None
    return PromiseDraft(ref, what=what, due_at=due, due_text=split.text)


# -- a contact first ----------------------------------------------------------------------


def read_subject_first(words: list[str], reader: Reader) -> Draft | None:
    """``Dana replied``, ``Dana Smith said no``, ``Dana said call me back in 2 weeks``."""
    for index in range(1, min(len(words), MAX_NAME_WORDS + 1)):
        who = words[:index]
        if not looks_like_ref(who):
            return None
        rest = words[index:]
        said_no = read_said_no(make_ref(who, "first"), rest)
        if said_no is not None:
            return said_no
        if rest[0].casefold() in _REPORTING:
            call_back = read_call_back(make_ref(who, "first"), rest, reader)
            if call_back is not None:
                return call_back
        for verb in INBOUND_TOUCH:
            if starts_with(rest, verb.words):
                return read_inbound(who, rest[len(verb.words) :], verb, reader)
    return None


def read_inbound(who: list[str], rest: list[str], verb: Verb, reader: Reader) -> TouchDraft:
    """``Dana replied re offer yesterday``: an inbound touch with a note and a time."""
    ref = make_ref(who, "first")
    rest, hinted = pull_channel_hint(rest, start=0)
    split = split_date(rest, reader, keep=0)
    after = split.head if split else rest
    if split is None:  # "Dana replied yesterday re offer": the date before the note
        split, after = when_then_note(rest, reader)
    at = past_instant(split, reader) if split else None
    channel = hinted if hinted and verb.channel is Channel.OTHER else verb.channel
    return TouchDraft(
        ref, channel, Direction.INBOUND, note_of(after), at, split.text if split else ""
    )
