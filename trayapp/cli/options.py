"""What each command takes on the command line: its arguments and options.

One function per command (``commands.COMMANDS`` names it beside the handler); the types of
typed values (ids, months). Only ``argparse`` and the model's names, so parsing stays fast.
"""

from __future__ import annotations

import argparse

from trayapp.words.dates import WHEN_LINE

#: Ids are SQLite row ids: positive and below 2**63.
MAX_ID = 2**63 - 1


def record_id(text: str) -> int:
    """An id typed on the command line: a positive whole number below 2**63."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' is not an id; an id is a positive whole number below 2**63"
        )
    return value


def positive_months(text: str) -> int:
    """A number of months: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a number of months (1 or more)")
    return value


def new_contact(p: argparse.ArgumentParser) -> None:
    """``--new-contact``: the name is someone new, even when it is like a name on file."""
    p.add_argument(
        "--new-contact",
        action="store_true",
        help="the name is someone new: add them even if the name is like one on file",
    )


def run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--demo", action="store_true", help="start on a sample profile")
    p.add_argument(
        "--quick-add",
        action="store_true",
        help="open quick add (in the running app; else start it so); for a desktop shortcut",
    )
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)


def quick_add(p: argparse.ArgumentParser) -> None:
    p.add_argument("line")
    new_contact(p)
    p.add_argument(
        "--reason", default="", help="why, when logging a touch against a stop (required then)"
    )


def promise(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    new_contact(p)
    p.add_argument("what")
    p.add_argument(
        "--due",
        required=True,
        metavar="WHEN",
        help=f"when it is due: {WHEN_LINE}; a past date with its year (2025-07-15) is a "
        "promise already owed",
    )
    p.add_argument("--made", metavar="WHEN", help="when it was promised (default: now)")
    p.add_argument(
        "--urgent",
        action="store_true",
        help="remind when meant, even outside working hours or while paused",
    )


def touch(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    new_contact(p)
    p.add_argument("--channel", required=True, choices=_channels())
    p.add_argument("--in", dest="inbound", action="store_true", help="they reached out")
    p.add_argument("--at", metavar="WHEN")
    p.add_argument("--note", default="")
    p.add_argument(
        "--reason", default="", help="why, when contacting someone at stop (required then)"
    )
    p.add_argument("--promise", type=record_id, metavar="ID", help="the promise this touch fulfils")


def check(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    p.add_argument("--at", metavar="WHEN")
    p.add_argument(
        "--channel",
        choices=_channels(),
        help="how you would get in touch (calling hours pace only calls, voicemails and texts)",
    )


def promise_list(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--status",
        default="open",
        choices=["open", "overdue", "due-today", "kept", "released", "all"],
    )


def promise_id(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)


def script(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("--channel", default="email", choices=["voicemail", "email", "message"])


def kept(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("--at", metavar="WHEN")
    p.add_argument("--channel", default="other", choices=_channels())
    p.add_argument("--note", default="")
    p.add_argument("--reason", default="", help="why, when the contact is at stop (required then)")


def release(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("--reason", required=True)


def snooze(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("until", nargs="+", metavar="UNTIL", help=f"until when: {WHEN_LINE}")


def renegotiate(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("new_due", nargs="+", metavar="NEW_DUE", help=f"the new date: {WHEN_LINE}")


def urgent(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)
    p.add_argument("--off", action="store_true", help="wait for working hours again")


def contact(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")


def contact_add(p: argparse.ArgumentParser) -> None:
    p.add_argument("name")
    new_contact(p)
    _contact_fields(p)


def contact_edit(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    p.add_argument("--name")
    _contact_fields(p)
    dnc = p.add_mutually_exclusive_group()
    dnc.add_argument("--dnc", action="store_true", help="mark do not contact")
    dnc.add_argument("--no-dnc", action="store_true", help="clear do not contact")
    p.add_argument("--reason", default="", help="why they are not to be contacted")
    quiet = p.add_mutually_exclusive_group()
    quiet.add_argument("--quiet-until", metavar="WHEN")
    quiet.add_argument("--no-quiet", action="store_true")


def _contact_fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--company")
    from trayapp.core.model import Role

    p.add_argument("--role", help=", ".join(r.value for r in Role))
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--linkedin", metavar="URL")
    p.add_argument("--tz", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin")
    p.add_argument("--notes")


def contact_erase(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    p.add_argument("--yes", action="store_true", help="do not ask to confirm")


def contact_stale(p: argparse.ArgumentParser) -> None:
    p.add_argument("--months", type=positive_months, default=24, metavar="N")


def import_file(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=["contacts", "touches", "promises"])
    p.add_argument("file")
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be imported; save nothing"
    )


def export(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", default="json", choices=["json", "csv"])
    p.add_argument("--contact")
    p.add_argument("--out", metavar="FILE")


def restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", nargs="?", help="a backup file or name (default: the newest)")
    _recovery_key(p, "open an encrypted backup with the recovery key")


def encrypt(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-env", metavar="VAR", help="read a passphrase from VAR")


def unlock(p: argparse.ArgumentParser) -> None:
    _recovery_key(p, "the recovery key")
    p.add_argument("--passphrase-env", metavar="VAR", help="a new passphrase from VAR")


def _recovery_key(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--recovery-key",
        nargs="?",
        const="",
        metavar="CODE",
        help=f"{what}; without CODE it is typed at a prompt (or read from TRAYAPP_RECOVERY_KEY),"
        " which keeps it out of the shell's history",
    )


def stats(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--weeks",
        type=_weeks,
        default=12,
        metavar="N",
        help="how many weeks, this one included (default 12)",
    )


def _weeks(text: str) -> int:
    from trayapp.core.stats import MAX_WEEKS

    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a whole number") from None
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"weeks must be from 1 to {MAX_WEEKS}")
    return weeks


def waiting_start(p: argparse.ArgumentParser) -> None:
    p.add_argument("contact")
    p.add_argument(
        "--until",
        required=True,
        metavar="WHEN",
        help="when to remind if they have not replied ('next tue', 'fri 3pm', 2026-12-01)",
    )
    p.add_argument("--about", default="", metavar="TEXT", help="what you are waiting about")


def waiting_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("--all", action="store_true", help="closed waits too (replied, cancelled)")


def waiting_cancel(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record_id)


def team_init(p: argparse.ArgumentParser) -> None:
    p.add_argument("dsn", metavar="ADDRESS", help="postgresql://OWNER@HOST:PORT/DATABASE")


def team_invite(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="the recruiter's name on the server, e.g. sam")
    p.add_argument(
        "--server", metavar="ADDRESS", help="the owner's address (default: the one 'init' used)"
    )


def team_join(p: argparse.ArgumentParser) -> None:
    p.add_argument("dsn", metavar="ADDRESS", help="the address 'trayapp team invite' printed")


def _channels() -> list[str]:
    """The channels a touch can take (the model is loaded only for a command that asks)."""
    from trayapp.core.model import Channel

    return [c.value for c in Channel]
