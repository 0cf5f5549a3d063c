"""Quick add: preview what a typed line means, then save it in one transaction.

``preview`` never writes: it reads the line, finds the contact (or proposes a new one) and
judges one more touch to that contact, for the live preview and "check before you dial". A
line that logs a touch is judged at that touch's time and channel: the verdict it is made under.
A name one or two letters off contacts on file carries them as ``near`` ("did you mean Dana
Smith?"); ``apply`` then refuses (:class:`NearMiss`) unless a new contact is asked for.
``apply`` saves exactly what the preview showed, all or nothing, and judges the contact once:
the preview it returns carries the verdict the touch was logged under, and the verdict after
the save is computed only when it is asked for.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import Contact, Promise, WaitingForReply
from trayapp.core.quickadd.forms import EXAMPLES
from trayapp.core.quickadd.parse import (
    CallbackDraft,
    DoNotContactDraft,
    Draft,
    LookupDraft,
    PromiseDraft,
    TouchDraft,
    UnreadLine,
    WaitDraft,
    parse_quick_add,
)
from trayapp.services.contacts import add_contact
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.services.resolve import near_miss, resolve_contact
from trayapp.services.touches import LoggedTouch, log_touch
from trayapp.services.verdicts import verdict_for
from trayapp.services.waiting import start_wait

KINDS = {
    PromiseDraft: "promise",
    TouchDraft: "touch",
    DoNotContactDraft: "do_not_contact",
    CallbackDraft: "callback",
    WaitDraft: "wait",
    LookupDraft: "lookup",
}


@dataclass(frozen=True, slots=True)
class QuickPreview:
    """What a line was understood to mean; ``contact`` matched, or ``new_contact`` proposed
    (``near``: the people on file its name may be a slip for)."""

    draft: Draft
    kind: str
    contact: Contact | None
    new_contact: Contact | None
    what: str
    when: datetime | None
    verdict: Verdict | None
    near: tuple[Contact, ...] = ()

    @property
    def contact_name(self) -> str:
        found = self.contact or self.new_contact
        return found.name if found else ""


@dataclass(frozen=True)
class QuickResult:
    """What was saved, and the preview it was saved from."""

    preview: QuickPreview
    contact: Contact
    created_contact: bool
    promise: Promise | None
    logged: LoggedTouch | None
    ctx: Context = field(repr=False, compare=False)
    wait: WaitingForReply | None = None

    @cached_property
    def verdict(self) -> Verdict:
        """The contact's verdict after the save (judged the first time it is asked for)."""
        if self.logged is None and self.promise is None and self.preview.verdict is not None:
            return self.preview.verdict  # a look-up saves nothing
        return verdict_for(self.ctx, self.contact)


def preview(ctx: Context, line: str) -> QuickPreview:
    """Read ``line`` against the ledger without saving anything; raises ``BadInput``."""
    draft = parse_quick_add(
        line,
        now=ctx.now(),
        tz=ctx.tz,
        when=ctx.when,
        end_of_day=ctx.settings.reminders.work_end,
    )
    resolution = resolve_contact(draft.contact_ref.text, ctx.ledger)
    contact = resolution.contact
    if contact is None and resolution.refused and not isinstance(draft, LookupDraft):
        raise UnreadLine(resolution.refused, draft.contact_ref)
    verdict = _judge(ctx, draft, contact) if contact is not None else None
    what, when = _what_and_when(draft)
    kind, fresh = KINDS[type(draft)], resolution.new_contact()
    return QuickPreview(draft, kind, contact, fresh, what, when, verdict, resolution.near)


def _judge(ctx: Context, draft: Draft, contact: Contact) -> Verdict:
    """One more touch to ``contact``: the one the line logs (its time and channel), else one
    now; the same verdict ``log_touch`` would reach, so the save need not judge again."""
    if isinstance(draft, TouchDraft):
        return verdict_for(ctx, contact, draft.at or ctx.now(), draft.channel)
    if isinstance(draft, DoNotContactDraft | CallbackDraft):
        return verdict_for(ctx, contact, ctx.now(), draft.channel)
    return verdict_for(ctx, contact)


def _what_and_when(draft: Draft) -> tuple[str, datetime | None]:
    if isinstance(draft, PromiseDraft):
        return draft.what, draft.due_at
    if isinstance(draft, CallbackDraft):
        return draft.what, draft.due_at
    if isinstance(draft, TouchDraft):
        direction = "from" if draft.direction.value == "in" else "to"
        return f"{draft.channel.value} {direction} them" + (
            f": {draft.note}" if draft.note else ""
        ), draft.at
    if isinstance(draft, DoNotContactDraft):
        return f"do not contact ({draft.reason})", None
    if isinstance(draft, WaitDraft):
        return draft.about, draft.until
    return "", None


def apply(ctx: Context, line: str, reason: str = "", *, new_contact: bool = False) -> QuickResult:
    """Save what ``line`` means: all of it in one transaction, or nothing. A name that is a
    slip of someone on file is refused unless ``new_contact`` says a new person is meant."""
    with ctx.ledger.atomic():
        seen = preview(ctx, line)
        draft = seen.draft
        if seen.contact is None and seen.near and not new_contact:
            raise near_miss(" ".join(draft.contact_ref.text.split())[:80], seen.near)
        if isinstance(draft, LookupDraft):
            if seen.contact is None:
                raise UnreadLine(_nothing_to_save(draft.contact_ref.text, seen))
            return QuickResult(seen, seen.contact, False, None, None, ctx)
        created = seen.contact is None
        contact = seen.contact or add_contact(ctx, seen.new_contact or Contact(name="?"))
        if isinstance(draft, WaitDraft):
            wait = start_wait(ctx, contact, draft.until, draft.about).wait
            return QuickResult(seen, contact, created, None, None, ctx, wait)
        promise, logged = _save(ctx, seen, contact, reason)
        if logged is not None and isinstance(draft, DoNotContactDraft | CallbackDraft):
            contact = _flag(ctx, draft, contact)
    return QuickResult(seen, contact, created, promise, logged, ctx)


def _nothing_to_save(text: str, seen: QuickPreview) -> str:
    """A line that only names someone not on file: say so, and what a line to save looks like."""
    shown = " ".join(text.split())[:80]
    if seen.new_contact is None:
        return f"could not understand '{shown}'; {EXAMPLES}"
    return f"no contact matches '{shown}' and the line says nothing to save; {EXAMPLES}"


def _save(
    ctx: Context, seen: QuickPreview, contact: Contact, reason: str
) -> tuple[Promise | None, LoggedTouch | None]:
    """Save the draft; a touch is logged under the verdict the preview judged (a new contact
    has none yet and is judged when its touch is logged)."""
    draft, judged = seen.draft, seen.verdict
    if isinstance(draft, PromiseDraft):
        return make_promise(ctx, contact, draft.what, draft.due_at, urgent=draft.urgent), None
    if isinstance(draft, TouchDraft):
        logged = log_touch(
            ctx,
            contact,
            draft.channel,
            draft.direction,
            at=draft.at,
            note=draft.note,
            reason=reason,
            judged=judged,
        )
        return None, logged
    if isinstance(draft, DoNotContactDraft | CallbackDraft):
        note = draft.note if isinstance(draft, DoNotContactDraft) else "asked to be called back"
        logged = log_touch(ctx, contact, draft.channel, draft.direction, note=note, judged=judged)
        promise = None
        if isinstance(draft, CallbackDraft):
            promise = make_promise(ctx, contact, draft.what, draft.due_at, urgent=draft.urgent)
        return promise, logged
    return None, None


def _flag(ctx: Context, draft: DoNotContactDraft | CallbackDraft, contact: Contact) -> Contact:
    if isinstance(draft, DoNotContactDraft):
        flagged = mark_do_not_contact(contact, ctx.now(), draft.reason)
    else:
        flagged = dataclasses.replace(contact, quiet_until=draft.quiet_until)
    return ctx.ledger.update_contact(flagged)
