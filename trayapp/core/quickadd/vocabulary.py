"""The vocabulary of quick add: verbs, little words and channel hints.

Phrases are lists of lower-case words so they can be matched against the words of a line.
"""

from __future__ import annotations

from dataclasses import dataclass

from trayapp.core.model import Channel


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb phrase and what it means: a channel, and for a promise the words of ``what``."""

    words: tuple[str, ...]
    channel: Channel
    what: str = ""


def _verbs(channel: Channel, phrases: str, what: str = "") -> list[Verb]:
    return [Verb(tuple(p.split()), channel, what) for p in phrases.split("|")]


def _phrases(listed: str) -> list[tuple[str, ...]]:
    """``"a b|c"`` -> ``[("a", "b"), ("c",)]``, longest first so the longest match wins."""
    return sorted((tuple(p.split()) for p in listed.split("|")), key=len, reverse=True)


# "called Dana": something the user did, logged as an outbound touch.
OUTBOUND_TOUCH = sorted(
    _verbs(Channel.CALL, "called|rang|phoned|spoke to|spoke with|talked to|talked with")
    + _verbs(
        Channel.VOICEMAIL,
        "vm|vmed|vm'd|voicemail|voicemailed|left vm for|left a vm for|left voicemail for"
        "|left a voicemail for|left a message for",
    )
    + _verbs(Channel.EMAIL, "emailed|e-mailed|mailed|wrote to")
    + _verbs(Channel.LINKEDIN, "linkedin|linkedined|inmail|inmailed")
    + _verbs(Channel.SMS, "texted|txt|txted|sms|smsed|sms'd|whatsapped")
    + _verbs(Channel.OTHER, "messaged|pinged|dm|dmed|dm'd|contacted|reached out to")
    + _verbs(Channel.MEETING, "met|met with|saw|interviewed|had coffee with|had lunch with"),
    key=lambda v: -len(v.words),
)

# "call Dana re offer next tue 10:00": something the user will do, saved as a promise.
PROMISE_VERBS = sorted(
    _verbs(Channel.CALL, "call|ring|phone", "call")
    + _verbs(Channel.EMAIL, "email|e-mail|mail", "email")
    + _verbs(Channel.SMS, "text", "text")
    + _verbs(Channel.OTHER, "message", "message")
    + _verbs(Channel.OTHER, "ping", "ping")
    + _verbs(Channel.OTHER, "follow up with|follow-up with|follow up|followup", "follow up")
    + _verbs(Channel.OTHER, "get back to", "get back")
    + _verbs(Channel.OTHER, "check in with", "check in"),
    key=lambda v: -len(v.words),
)

# "Dana replied": something the contact did, logged as an inbound touch.
INBOUND_TOUCH = sorted(
    _verbs(Channel.OTHER, "replied|responded|answered|wrote back|got back|got back to me")
    + _verbs(Channel.CALL, "called|called back|rang|rang back|phoned|phoned back")
    + _verbs(Channel.EMAIL, "emailed|e-mailed|mailed|wrote")
    + _verbs(Channel.SMS, "texted|txted|whatsapped")
    + _verbs(Channel.OTHER, "messaged|pinged|dmed|dm'd")
    + _verbs(Channel.VOICEMAIL, "left vm|left a vm|left voicemail|left a voicemail|left a message"),
    key=lambda v: -len(v.words),
)

# "Dana said no": they do not want to be contacted.
SAID_NO = _phrases(
    "said no|said no thanks|says no|declined|is not interested|isn't interested|not interested"
    "|withdrew|pulled out|asked not to be contacted|do not contact|unsubscribed|no thanks"
)

# "Dana: call me back in two weeks": the ball is in their court until then.
CALL_BACK = _phrases(
    "call me back|call back|ring me back|ring back|phone me back|try me again|try again"
    "|get back to me|check back|come back to me|contact me again|call me|ring me"
    "|said call me back|said to call back|said call back|asked to be called back"
    "|wants a call back|wants a callback|callback"
)

# Words that end a name: "vm Dana re Acme", "called Dana about the offer".
#: ``waiting on Dana re offer until tue``: a wait for their reply.
WAITING = _phrases("waiting on|waiting for|wait for|wait on|awaiting")
TOPIC_WORDS = frozenset({"re", "re:", "about", "regarding", "concerning"})
NAME_ENDS = TOPIC_WORDS | frozenset(
    {"on", "via", "for", "with", "to", "-", "–", "—", ":", "the", "a", "an", "my", "our", "some"}
)
# Words that join a "what" to its date: "send feedback by fri".
DATE_JOINERS = frozenset({"by", "on", "at", "before", "until", "till", "due", "-", "–", "—"})

# Words that start a when: "called Dana on feb 30" meant a date, not a note.
_WHEN_HINT_WORDS = (
    "mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat"
    " saturday sun sunday jan january feb february mar march apr april may jun june jul july"
    " aug august sep sept september oct october nov november dec december today tomorrow"
    " yesterday tonight noon midday midnight eod"
)
WHEN_HINTS = frozenset(_WHEN_HINT_WORDS.split())

# "messaged Dana on linkedin": the channel, when the verb does not say it.
CHANNEL_HINTS: dict[tuple[str, ...], Channel] = {
    ("linkedin",): Channel.LINKEDIN,
    ("li",): Channel.LINKEDIN,
    ("inmail",): Channel.LINKEDIN,
    ("email",): Channel.EMAIL,
    ("e-mail",): Channel.EMAIL,
    ("mail",): Channel.EMAIL,
    ("text",): Channel.SMS,
    ("sms",): Channel.SMS,
    ("whatsapp",): Channel.SMS,
    ("phone",): Channel.CALL,
    ("the", "phone"): Channel.CALL,
}
HINT_JOINERS = frozenset({"on", "via", "by", "over", "through"})


# Words a name never holds: a line with one of them that no form fits is not understood.
KNOWN_WORDS = frozenset(
    {v.words[0] for v in OUTBOUND_TOUCH + INBOUND_TOUCH + PROMISE_VERBS if len(v.words) == 1}
    | {"said", "says", "asked", "wants", "re", "re:", "regarding", "concerning"}
) - {"ring", "mail", "saw"}  # also surnames


def folded(words: list[str]) -> list[str]:
    """Lower-case words without trailing punctuation, for matching phrases."""
    return [w.casefold().rstrip(",.;:!") or w.casefold() for w in words]


def starts_with(words: list[str], phrase: tuple[str, ...], at: int = 0) -> bool:
    """Whether ``phrase`` (lower case) stands at position ``at`` of ``words``."""
    end = at + len(phrase)
    return end <= len(words) and tuple(folded(words[at:end])) == phrase
