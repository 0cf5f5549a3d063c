"""The drafts quick add produces: what a typed line means, before anything is saved."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.errors import BadInput
from trayapp.core.matching import looks_like_email, looks_like_phone, mailbox
from trayapp.core.model import Channel, Direction


class RefKind(enum.StrEnum):
    """What a typed contact reference looks like."""

    EMAIL = "email"
    PHONE = "phone"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class ContactRef:
    """A contact as typed: a name, an e-mail address or a phone number."""

    text: str

    @property
    def kind(self) -> RefKind:
        if looks_like_email(self.text) or mailbox(self.text):
            return RefKind.EMAIL
        if looks_like_phone(self.text):
            return RefKind.PHONE
        return RefKind.NAME


@dataclass(frozen=True, slots=True)
class PromiseDraft:
    """A promise to save: ``what`` owed to the contact by ``due_at`` (UTC); ``urgent`` when the
    line was marked so (its reminders then come outside working hours too)."""

    contact_ref: ContactRef
    what: str
    due_at: datetime
    due_text: str
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class TouchDraft:
    """A touch to log; ``at`` (UTC) is ``None`` for now."""

    contact_ref: ContactRef
    channel: Channel
    direction: Direction
    note: str = ""
    at: datetime | None = None
    at_text: str = ""


@dataclass(frozen=True, slots=True)
class DoNotContactDraft:
    """They said no: log an inbound touch now and mark the contact do not contact."""

    contact_ref: ContactRef
    reason: str = "said no"
    note: str = ""
    channel: Channel = Channel.OTHER
    direction: Direction = Direction.INBOUND


@dataclass(frozen=True, slots=True)
class CallbackDraft:
    """They asked to be called back: log an inbound touch now, set the contact quiet until
    ``quiet_until`` and save the promise ``what`` due at ``due_at`` (both UTC), urgent or not."""

    contact_ref: ContactRef
    quiet_until: datetime
    due_at: datetime
    due_text: str
    what: str = "call back"
    channel: Channel = Channel.OTHER
    direction: Direction = Direction.INBOUND
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class WaitDraft:
    """Wait for the contact's reply until ``until`` (UTC), about ``about``: their next inbound
    touch cancels it, else it reminds then."""

    contact_ref: ContactRef
    until: datetime
    until_text: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class LookupDraft:
    """Only a contact was typed: nothing to save; show who it is and the verdict."""

    contact_ref: ContactRef


Draft = PromiseDraft | TouchDraft | DoNotContactDraft | CallbackDraft | WaitDraft | LookupDraft


class UnreadLine(BadInput):
    """A line that could not be read; ``contact_ref`` is the contact, when that part was read."""

    def __init__(self, message: str, contact_ref: ContactRef | None = None) -> None:
        super().__init__(message)
        self.contact_ref = contact_ref
