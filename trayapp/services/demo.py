"""The demo profile: invented recruiting contacts, promises and touches that show every surface.

``trayapp run --demo`` fills a temporary ledger with it so a newcomer sees, within a minute, a
reminder arriving (one promise falls due in under two minutes), an overdue one (a year late),
one past its snooze budget, a contact at caution, one at stop and one marked do not contact.
Every name, company, address and number is made up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from trayapp.core.contacts import mark_do_not_contact
from trayapp.core.model import Channel, Contact, Direction, Promise, PromiseEvent, PromiseEventKind
from trayapp.core.model import Role as R
from trayapp.services.contacts import add_contact
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.services.touches import log_touch

__all__ = ["DemoProfile", "fill_demo"]

_PEOPLE = (
    # name, company, role, e-mail, phone, time zone
    ("Dana Whitfield", "Acme Robotics", R.HIRING_MANAGER, "dana.whitfield@acme-robotics.example",
     "+1 415 555 0142", "America/Los_Angeles"),
    ("Tomasz Brenner", "", R.CANDIDATE, "tomasz.brenner@mail.example", "+49 30 5550 1187",
     "Europe/Berlin"),
    ("Priya Raman", "Northwind Health", R.CLIENT, "priya.raman@northwind.example",
     "+44 20 7946 0321", "Europe/London"),
    ("Marcus Oyelaran", "", R.CANDIDATE, "marcus.o@mail.example", "+1 646 555 0199",
     "America/New_York"),
    ("Keiko Tanabe", "Lumen Analytics", R.HIRING_MANAGER, "k.tanabe@lumen.example",
     "+81 3 5555 0107", "Asia/Tokyo"),
    ("Sofia Marchetti", "", R.CANDIDATE, "sofia.marchetti@mail.example", "+39 02 5555 0164",
     "Europe/Rome"),
    ("Jordan Pike", "Acme Robotics", R.CLIENT, "jordan.pike@acme-robotics.example",
     "+1 415 555 0178", "America/Los_Angeles"),
    ("Aisha Karimi", "", R.CANDIDATE, "aisha.karimi@mail.example", "+61 2 5550 1234",
     "Australia/Sydney"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoProfile:
    """Ids of the demo's notable records, for tests and for the first look."""

    due_soon: int
    year_overdue: int
    past_snooze_budget: int
    caution: int
    stop: int
    do_not_contact: int


def _contacts(ctx: Context) -> dict[str, Contact]:
    saved = {}
    for name, company, role, email, phone, tz in _PEOPLE:
        contact = Contact(name, company=company, role=role, email=email, phone=phone, tz=tz)
        saved[name.split()[0]] = add_contact(ctx, contact)
    return saved


def _past_promise(
    ctx: Context,
    contact: Contact,
    what: str,
    due: datetime,
    *,
    snooze_count: int = 0,
    original_due_at: datetime | None = None,
) -> int:
    """A promise made in the past (the use case only accepts future due dates)."""
    assert contact.id is not None
    created = min(due, original_due_at or due, ctx.now()) - timedelta(days=5)
    promise = Promise(contact.id, what, due, created, snooze_count=snooze_count)
    saved = ctx.ledger.add_promise(replace(promise, original_due_at=original_due_at))
    assert saved.id is not None
    ctx.ledger.add_event(PromiseEvent(saved.id, PromiseEventKind.CREATED, created, new_due_at=due))
    return saved.id


def _touches(ctx: Context, contact: Contact, ago: list[timedelta], channel: Channel) -> None:
    now = ctx.now()
    for delta in sorted(ago, reverse=True):
        log_touch(
            ctx,
            contact,
            channel,
            Direction.OUTBOUND,
            at=now - delta,
            reason="chasing a decision on the offer",
        )


def fill_demo(ctx: Context) -> DemoProfile:
    """Fill an empty ledger with the demo profile (one transaction) and return its notable ids."""
    now = ctx.now()
    day, budget = timedelta(days=1), ctx.settings.reminders.snooze_budget
    with ctx.ledger.atomic():
        c = _contacts(ctx)
        soon = make_promise(ctx, c["Dana"], "send Acme feedback on the two finalists",
                            now + timedelta(seconds=90))  # fmt: skip
        year = _past_promise(ctx, c["Tomasz"], "send the signed offer letter", now - 365 * day)
        snoozed = _past_promise(
            ctx, c["Priya"], "share three more shortlisted profiles", now + timedelta(hours=2),
            snooze_count=budget, original_due_at=now - 4 * day,
        )  # fmt: skip
        make_promise(ctx, c["Keiko"], "confirm interview slots for Thursday", now + 2 * day)
        make_promise(ctx, c["Sofia"], "call back about the salary range", now + 3 * day)
        make_promise(ctx, c["Jordan"], "send the revised fee agreement", now + 4 * day)
        _touches(ctx, c["Marcus"], [d * day + timedelta(hours=2) for d in (1, 3, 5)], Channel.EMAIL)
        _touches(ctx, c["Jordan"], [timedelta(days=12)], Channel.CALL)
        _touches(ctx, c["Sofia"], [d * day + timedelta(hours=3) for d in range(7)], Channel.CALL)
        _touches(ctx, c["Keiko"], [timedelta(days=2)], Channel.EMAIL)
        dnc = mark_do_not_contact(c["Aisha"], now - 20 * day, "asked not to be contacted again")
        ctx.ledger.update_contact(dnc)
    assert soon.id is not None and dnc.id is not None
    ids = (soon.id, year, snoozed, c["Marcus"].id, c["Sofia"].id, dnc.id)
    assert all(i is not None for i in ids)
    return DemoProfile(*(int(i or 0) for i in ids))
