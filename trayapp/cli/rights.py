"""Per-person rights on the command line: ``contacts erase`` and ``contacts stale``.

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

from trayapp.cli import output as out
from trayapp.core.contacts import label
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact
from trayapp.ledger.opening import Opened
from trayapp.ledger.safekeeping import erase_from_copies_after
from trayapp.services.resolve import find_contact
from trayapp.services.rights import DEFAULT_MONTHS, erase_contact, stale
from trayapp.store.erase_copies import CopiesReport
from trayapp.words import verdicts as words


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
