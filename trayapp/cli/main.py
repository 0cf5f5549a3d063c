"""The command line: ``trayapp COMMAND ...``; parses, calls the use cases, prints text or JSON.

Exit codes: 0 done, 2 bad input (nothing changed; the message is on stderr), 3 not found,
1 anything unexpected.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from trayapp import __version__
from trayapp.core.errors import UserFacingError
from trayapp.core.model import Channel, Role

EXIT_OK, EXIT_UNEXPECTED, EXIT_BAD_INPUT, EXIT_NOT_FOUND = 0, 1, 2, 3
#: Ids are SQLite row ids: positive and below 2**63.
MAX_ID = 2**63 - 1

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with the bad-input code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"trayapp: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


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


def _contact_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--company")
    p.add_argument("--role", help=", ".join(r.value for r in Role))
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--linkedin", metavar="URL")
    p.add_argument("--tz", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin")
    p.add_argument("--notes")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON")
    common.add_argument(
        "--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="keep all data in DIR"
    )
    parser = _Parser(prog="trayapp", description="Follow-Through: keep promises, pace follow-ups.")
    parser.add_argument("--version", action="version", version=f"trayapp {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="keep all data in DIR")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("run", parents=[common], help="start the tray app")
    p.add_argument("--demo", action="store_true", help="start on a sample profile")
    p.add_argument(
        "--quick-add",
        action="store_true",
        help="open quick add (in the running app; else start it so); for a desktop shortcut",
    )
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)

    p = sub.add_parser("add", parents=[common], help="quick add: one line such as 'called Dana'")
    p.add_argument("line")
    p.add_argument("--reason", default="", help="why, when logging a touch past a stop")

    p = sub.add_parser("promise", parents=[common], help="record a promise to a contact")
    p.add_argument("contact")
    p.add_argument("what")
    p.add_argument("--due", required=True, metavar="WHEN")
    p.add_argument(
        "--urgent",
        action="store_true",
        help="remind when meant, even outside working hours or while paused",
    )

    p = sub.add_parser("touch", parents=[common], help="log a call, e-mail, message...")
    p.add_argument("contact")
    p.add_argument("--channel", required=True, choices=[c.value for c in Channel])
    p.add_argument("--in", dest="inbound", action="store_true", help="they reached out")
    p.add_argument("--at", metavar="WHEN")
    p.add_argument("--note", default="")
    p.add_argument("--reason", default="", help="why, when contacting past a stop")
    p.add_argument("--promise", type=record_id, metavar="ID", help="the promise this touch fulfils")

    p = sub.add_parser("check", parents=[common], help="may I contact this person now?")
    p.add_argument("contact")
    p.add_argument("--at", metavar="WHEN")
    p.add_argument(
        "--channel",
        choices=[c.value for c in Channel],
        help="how you would get in touch (calling hours pace only calls, voicemails and texts)",
    )

    p = sub.add_parser("list", parents=[common], help="list promises")
    p.add_argument(
        "--status",
        default="open",
        choices=["open", "overdue", "due-today", "kept", "released", "all"],
    )

    for name, helptext in (("show", "show a promise"), ("script", "suggested message")):
        p = sub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("id", type=record_id)
        if name == "script":
            p.add_argument("--channel", default="email", choices=["voicemail", "email", "message"])

    _promise_parsers(sub, common)
    _contacts_parser(sub, common)

    p = sub.add_parser("import", parents=[common], help="import contacts or touches from CSV")
    p.add_argument("kind", choices=["contacts", "touches"])
    p.add_argument("file")

    p = sub.add_parser("export", parents=[common], help="export the ledger or one person")
    p.add_argument("--format", default="json", choices=["json", "csv"])
    p.add_argument("--contact")
    p.add_argument("--out", metavar="FILE")

    sub.add_parser("doctor", parents=[common], help="what works on this machine")
    _safety_parsers(sub, common)
    return parser


def _safety_parsers(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    """Backups, restore and encryption."""
    sub.add_parser("backup", parents=[common], help="back up now (a verified copy)")
    sub.add_parser("backups", parents=[common], help="list the backups")
    p = sub.add_parser("restore", parents=[common], help="replace the ledger with a backup")
    p.add_argument("backup", nargs="?", help="a backup file or name (default: the newest)")
    _recovery_key_option(p, "open an encrypted backup with the recovery key")
    p = sub.add_parser("encrypt", parents=[common], help="encrypt the ledger at rest")
    p.add_argument("--passphrase-env", metavar="VAR", help="read a passphrase from VAR")
    sub.add_parser("recovery-key", parents=[common], help="show the recovery key again")
    p = sub.add_parser("unlock", parents=[common], help="unlock with the recovery key")
    _recovery_key_option(p, "the recovery key")
    p.add_argument("--passphrase-env", metavar="VAR", help="a new passphrase from VAR")


def _recovery_key_option(p: _Parser, what: str) -> None:
    p.add_argument(
        "--recovery-key",
        nargs="?",
        const="",
        metavar="CODE",
        help=f"{what}; without CODE it is typed at a prompt (or read from TRAYAPP_RECOVERY_KEY),"
        " which keeps it out of the shell's history",
    )


def _promise_parsers(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    p = sub.add_parser("kept", parents=[common], help="mark a promise kept")
    p.add_argument("id", type=record_id)
    p.add_argument("--at", metavar="WHEN")
    p.add_argument("--channel", default="other", choices=[c.value for c in Channel])
    p.add_argument("--note", default="")

    p = sub.add_parser("release", parents=[common], help="let a promise go, with a reason")
    p.add_argument("id", type=record_id)
    p.add_argument("--reason", required=True)

    p = sub.add_parser("snooze", parents=[common], help="quiet a promise's reminders until WHEN")
    p.add_argument("id", type=record_id)
    p.add_argument("until", nargs="+", metavar="UNTIL")

    p = sub.add_parser("renegotiate", parents=[common], help="agree a new due date")
    p.add_argument("id", type=record_id)
    p.add_argument("new_due", nargs="+", metavar="NEW_DUE")

    p = sub.add_parser(
        "urgent", parents=[common], help="remind about a promise even outside working hours"
    )
    p.add_argument("id", type=record_id)
    p.add_argument("--off", action="store_true", help="wait for working hours again")


def _contacts_parser(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    p = sub.add_parser("contacts", parents=[common], help="list, show, add or edit contacts")
    csub = p.add_subparsers(dest="contacts_command", parser_class=_Parser, metavar="ACTION")
    csub.add_parser("list", parents=[common], help="list contacts")
    c = csub.add_parser("show", parents=[common], help="a contact's profile and history")
    c.add_argument("contact")
    c = csub.add_parser("add", parents=[common], help="add a contact")
    c.add_argument("name")
    _contact_options(c)
    c = csub.add_parser("edit", parents=[common], help="change a contact")
    c.add_argument("contact")
    c.add_argument("--name")
    _contact_options(c)
    dnc = c.add_mutually_exclusive_group()
    dnc.add_argument("--dnc", action="store_true", help="mark do not contact")
    dnc.add_argument("--no-dnc", action="store_true", help="clear do not contact")
    c.add_argument("--reason", default="", help="why they are not to be contacted")
    quiet = c.add_mutually_exclusive_group()
    quiet.add_argument("--quiet-until", metavar="WHEN")
    quiet.add_argument("--no-quiet", action="store_true")
    c = csub.add_parser("erase", parents=[common], help="erase a person and all their history")
    c.add_argument("contact")
    c.add_argument("--yes", action="store_true", help="do not ask to confirm")
    c = csub.add_parser("stale", parents=[common], help="people untouched for months")
    c.add_argument("--months", type=positive_months, default=24, metavar="N")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code. What it prints cannot act on the terminal."""
    from trayapp.cli.output import visible_output

    with visible_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        args.command, args.demo, args.quit_after, args.json = "run", False, None, False
    try:
        from trayapp.cli.commands import dispatch

        return dispatch(args)
    except UserFacingError as err:
        sys.stderr.write(f"trayapp: {err.message}\n")
        return int(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("trayapp: interrupted; nothing was changed by the unfinished step\n")
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # a bug: say so plainly, keep the details out of sight
        log.debug("unexpected failure", exc_info=True)
        sys.stderr.write(
            f"trayapp: something unexpected went wrong ({type(err).__name__}). "
            "Nothing was lost: changes are saved only when complete.\n"
        )
        return EXIT_UNEXPECTED
