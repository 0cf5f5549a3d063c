"""Per-person rights on the command line: ``contacts erase`` and ``contacts stale``.

``trayapp contacts erase CONTACT --yes`` erases a person for good; without ``--yes`` a terminal
asks to type the contact's name, and a script (no terminal) is refused with exit code 2.
``trayapp contacts stale [--months N]`` lists the people untouched for N months (24 by default)
with no open promise: the candidates for erasure under the retention rule.
"""

from __future__ import annotations

import argparse
import sys

from trayapp import cli_output as out
from trayapp import words
from trayapp.compose import Opened
from trayapp.core.contacts import label
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact
from trayapp.services.resolve import find_contact
from trayapp.services.rights import DEFAULT_MONTHS, erase_contact, stale

BACKUP_NOTE = (
    "Backups made before now still hold this person; they expire with the backup rotation "
    "and are not read by the app meanwhile."
)


def cmd_erase(args: argparse.Namespace, opened: Opened) -> int:
    """Erase one contact with all their promises and touches, after confirmation."""
    contact = find_contact(args.contact, opened.ctx.ledger)
    if not getattr(args, "yes", False):
        _confirm(contact)
    report = erase_contact(opened.ctx, f"#{contact.id}")
    if args.json:
        out.emit_json(
            {
                "erased": {
                    "contact_id": report.contact_id,
                    "promises": report.promises,
                    "touches": report.touches,
                },
                "compacted": True,
                "note": BACKUP_NOTE,
            }
        )
        return 0
    promises = words.plural(report.promises, "promise")
    touches = words.plural(report.touches, "touch", "touches")
    print(
        f"Erased contact #{report.contact_id} with {promises} and {touches}; "
        "the ledger was compacted."
    )
    print(BACKUP_NOTE)
    return 0


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
