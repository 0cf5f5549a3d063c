"""The ``contacts`` commands: ``list``, ``show``, ``add``, ``edit``, ``erase`` and ``stale``.

``trayapp contacts erase CONTACT --yes`` erases a person for good; without ``--yes`` a terminal
asks to type the contact's name, and a script (no terminal) is refused with exit code 2. Then a
fresh backup is taken and the person is erased from the older copies: backups holding them
are removed, a ledger replaced by a restore is cleaned, temporary copies go.
``trayapp contacts stale [--months N]`` lists the people untouched for N months (24 by default)
with no open promise: the candidates for erasure under the retention rule.
"""

from __future__ import annotations

import argparse
import sys
from datetime import time

from trayapp.cli import output as out
from trayapp.core.contacts import label, parse_role
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact, Role
from trayapp.ledger.opening import Opened
from trayapp.ledger.safekeeping import erase_from_copies_after
from trayapp.services.contacts import (
    ContactChanges,
    add_contact,
    edit_contact,
    refuse_near_duplicate,
)
from trayapp.services.promises import get_view
from trayapp.services.resolve import find_contact
from trayapp.services.rights import DEFAULT_MONTHS, erase_contact, stale
from trayapp.services.verdicts import verdict_for
from trayapp.services.waiting import WaitView
from trayapp.store.erase_copies import CopiesReport
from trayapp.words import verdicts as words
from trayapp.words import waiting as waiting_words

CONTACT_FIELDS = ("company", "email", "phone", "linkedin", "tz", "notes")
LIST_LIMIT = 200


def cmd_list(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    total = ctx.ledger.count_contacts()
    contacts = ctx.ledger.list_contacts(limit=LIST_LIMIT)
    rows = [(c, verdict_for(ctx, c)) for c in contacts]
    if args.json:
        out.emit_json(
            [{**out.contact_json(c), "verdict": out.verdict_json(v, ctx.tz)} for c, v in rows]
        )
        return 0
    if not rows:
        print("No contacts yet. Add one with: trayapp contacts add NAME")
    for contact, verdict in rows:
        last = (
            f"last touch {words.duration(verdict.at - verdict.last_touch_at)} ago"
            if verdict.last_touch_at
            else "never touched"
        )
        print(
            f"{label(contact):<40} {verdict.level.value:<8} {last}; "
            f"streak {verdict.unanswered_streak}"
        )
    if total > len(rows):
        print(f"... and {total - len(rows)} more; use --json with export for the full list")
    return 0


def cmd_show(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    assert contact.id is not None
    history = ctx.ledger.history(contact.id)
    verdict = verdict_for(ctx, contact)
    if args.json:
        out.emit_json(
            {
                "contact": out.contact_json(contact),
                "verdict": out.verdict_json(verdict, ctx.tz),
                "promises": [out.promise_json(get_view(ctx, p.id or 0)) for p in history.promises],
                "events": [
                    out.event_json(e) | {"promise_id": e.promise_id} for e in history.events
                ],
                "touches": [out.touch_json(t) for t in history.touches],
                "waits": [out.wait_json(WaitView(w, contact)) for w in history.waits],
            }
        )
        return 0
    now = ctx.now()
    print(label(contact))
    for name in ("role", *CONTACT_FIELDS):
        value = getattr(contact, name)
        if value:
            print(f"  {name}: {getattr(value, 'value', value)}")
    if contact.dnc_at is not None:
        since = words.when(contact.dnc_at, ctx.tz, now)
        print(f"  DO NOT CONTACT since {since}: {contact.dnc_reason}")
    if contact.quiet_until:
        print(f"  quiet until {words.when(contact.quiet_until, ctx.tz, now)}")
    print(f"  {out.verdict_text(verdict, ctx.tz)}")
    print("Promises:" if history.promises else "No promises.")
    for p in history.promises:
        print(f"  #{p.id} {words.when(p.due_at, ctx.tz, now)} {p.what} [{p.state.value}]")
    print("Touches:" if history.touches else "No touches.")
    for t in history.touches:
        print("  " + out.touch_line(t, ctx.tz, now))
    if history.waits:
        print("Waiting for a reply:")
    for w in history.waits:
        print("  " + waiting_words.line(WaitView(w, contact), ctx.tz, now))
    return 0


def _changes(args: argparse.Namespace, opened: Opened) -> ContactChanges:
    fields = {name: getattr(args, name) for name in CONTACT_FIELDS}
    _refuse_empty_zone(args)
    role = parse_role(args.role) if args.role else None
    quiet = None
    if getattr(args, "quiet_until", None) is not None:
        quiet = opened.ctx.parse_when(args.quiet_until, what="quiet-until date", day_time=time(9))
    dnc = (
        True if getattr(args, "dnc", False) else (False if getattr(args, "no_dnc", False) else None)
    )
    if getattr(args, "reason", "") and dnc is not True:
        raise BadInput("--reason goes with --dnc")
    return ContactChanges(
        name=getattr(args, "name", None) if args.contacts_command == "edit" else None,
        role=role,
        dnc=dnc,
        dnc_reason=getattr(args, "reason", ""),
        quiet_until=quiet,
        clear_quiet=bool(getattr(args, "no_quiet", False)),
        **fields,
    )


def phone_written(typed: str, saved: str) -> str:
    """How a typed phone number was saved, in words."""
    if saved.startswith("+"):
        return f"phone: {saved}" + ("" if saved == typed else " (written the international way)")
    return (
        f"phone: {saved}, kept as typed; with its country code (+44 …) it is found however it "
        "is written (or set phone_region to the country of numbers typed without one)"
    )


def _refuse_empty_zone(args: argparse.Namespace) -> None:
    if args.tz is not None and not args.tz.strip():
        raise BadInput("--tz needs a time zone, e.g. Europe/Berlin")


def cmd_add(args: argparse.Namespace, opened: Opened) -> int:
    _refuse_empty_zone(args)
    contact = Contact(
        name=args.name,
        company=args.company or "",
        role=parse_role(args.role) if args.role else Role.OTHER,
        email=args.email or "",
        phone=args.phone or "",
        linkedin=args.linkedin or "",
        tz=args.tz or None,
        notes=args.notes or "",
    )
    with opened.ctx.ledger.atomic():
        if not args.new_contact:
            refuse_near_duplicate(opened.ctx, args.name)
        saved = add_contact(opened.ctx, contact)
    return _report_contact(args, saved, "Added")


def cmd_edit(args: argparse.Namespace, opened: Opened) -> int:
    saved = edit_contact(opened.ctx, args.contact, _changes(args, opened))
    return _report_contact(args, saved, "Updated")


def _report_contact(args: argparse.Namespace, contact: Contact, verb: str) -> int:
    if args.json:
        out.emit_json({"contact": out.contact_json(contact)})
    else:
        print(f"{verb} contact #{contact.id}: {label(contact)}")
        typed = (getattr(args, "phone", None) or "").strip()
        if typed:
            print(f"  {phone_written(typed, contact.phone)}")
    return 0


def cmd_erase(args: argparse.Namespace, opened: Opened) -> int:
    """Erase one contact with all their promises and touches, after confirmation."""
    contact = find_contact(args.contact, opened.ctx.ledger)
    if not getattr(args, "yes", False):
        _confirm(contact)
    report = erase_contact(opened.ctx, f"#{contact.id}")
    copies, problem = erase_from_copies_after(opened, contact)
    if problem is not None:
        sys.stderr.write(f"trayapp: {problem}\n")
    if args.json:
        out.emit_json(
            {
                "erased": {
                    "contact_id": report.contact_id,
                    "promises": report.promises,
                    "touches": report.touches,
                },
                "compacted": True,
                "copies": {
                    "cleaned": [str(p) for p in copies.cleaned],
                    "removed": [str(p) for p in copies.removed],
                    "left": [str(p) for p in copies.left],
                },
            }
        )
        return 0
    promises = words.plural(report.promises, "promise")
    touches = words.plural(report.touches, "touch", "touches")
    print(
        f"Erased contact #{report.contact_id} with {promises} and {touches}; "
        "the ledger was compacted."
    )
    _print_copies(copies)
    return 0


def _print_copies(copies: CopiesReport) -> None:
    """What happened to the older copies of the ledger and the backups holding the person."""
    if copies.removed:
        print(f"Removed {len(copies.removed)} older backup(s) or copies holding this person.")
    if copies.cleaned:
        print(f"Erased this person from {len(copies.cleaned)} older copy(ies) of the ledger.")
    for path in copies.left:
        print(f"  Not checked, may still hold this person (delete it if unneeded): {path}")


def _confirm(contact: Contact) -> None:
    """Ask on a terminal to type the contact's name; refuse without a terminal."""
    if not sys.stdin.isatty():
        raise BadInput("add --yes to erase a contact; nothing was erased")
    sys.stderr.write(
        f"This erases {label(contact)} with every promise and touch, for good.\n"
        f"Type the name ({contact.name}) to confirm: "
    )
    sys.stderr.flush()
    typed = sys.stdin.readline()
    if " ".join(typed.split()).casefold() != " ".join(contact.name.split()).casefold():
        raise BadInput("the name did not match; nothing was erased")


def cmd_stale(args: argparse.Namespace, opened: Opened) -> int:
    """List the contacts untouched for ``--months`` months with no open promise."""
    ctx = opened.ctx
    months = getattr(args, "months", None) or DEFAULT_MONTHS
    found = stale(ctx, months)
    if args.json:
        out.emit_json({"months": months, "contacts": [out.contact_json(c) for c in found]})
        return 0
    if not found:
        print(f"No contacts untouched for {months} months.")
        return 0
    print(f"Untouched for {months} months, with no open promise (oldest first):")
    for contact in found:
        print(f"  #{contact.id} {label(contact)}")
    print("Erase one with: trayapp contacts erase '#ID' --yes")
    return 0
