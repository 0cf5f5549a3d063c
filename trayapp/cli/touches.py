"""The guard's commands: ``touch`` logs a call, e-mail or message; ``check`` asks whether a
person may be contacted now."""

from __future__ import annotations

import argparse
import sys

from trayapp.cli import output as out
from trayapp.core.contacts import label
from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import Level
from trayapp.core.model import Channel, Direction
from trayapp.ledger.opening import Opened
from trayapp.services.contacts import contact_for
from trayapp.services.resolve import find_contact
from trayapp.services.touches import LoggedTouch, ReasonNeeded, log_touch
from trayapp.services.verdicts import verdict_for
from trayapp.words import verdicts as words

#: How the command line takes the reason a touch against a stop needs.
GIVE_REASON = 'say why with --reason "..."'


def refuse_without_reason(error: ReasonNeeded, opened: Opened) -> BadInput:
    """The refusal of a touch against a stop, in the command line's words (exit 2)."""
    tz = opened.ctx.tz
    return BadInput(words.reason_needed(error.contact.name, error.verdict, tz, GIVE_REASON))


def _ask_reason(logged_level: Level, reason: str) -> str:
    """On a terminal, ask for the one-line reason a touch past a stop needs."""
    if reason or logged_level is not Level.STOP:
        return reason
    return reason_from_terminal()


def reason_from_terminal() -> str:
    """The one-line reason a touch at Stop needs, typed at the terminal ("" when there is none
    to ask at)."""
    if not sys.stdin.isatty():
        return ""
    sys.stderr.write("This contact is at STOP. One line on why you are contacting them anyway: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip()


def cmd_touch(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    on_file = None if args.new_contact else find_contact(args.contact, ctx.ledger)
    at = ctx.parse_when(args.at, what="time", future=False) if args.at is not None else None
    direction = Direction.INBOUND if args.inbound else Direction.OUTBOUND
    reason = args.reason
    if direction is Direction.OUTBOUND and on_file is not None:
        channel = Channel(args.channel)
        reason = _ask_reason(verdict_for(ctx, on_file, at, channel).level, reason)
    try:
        with ctx.ledger.atomic():
            contact, created = contact_for(ctx, args.contact, new_contact=args.new_contact)
            logged = log_touch(
                ctx,
                contact,
                Channel(args.channel),
                direction,
                at=at,
                note=args.note,
                reason=reason,
                promise_id=args.promise,
            )
    except ReasonNeeded as error:
        raise refuse_without_reason(error, opened) from None
    report_touch(opened, logged, args.json, contact.name + (" (new contact)" if created else ""))
    return 0


def report_touch(opened: Opened, logged: LoggedTouch, as_json: bool, name: str) -> None:
    ctx = opened.ctx
    if as_json:
        out.emit_json(
            {
                "kind": "touch",
                "touch": out.touch_json(logged.touch),
                "verdict_before": out.verdict_json(logged.before, ctx.tz),
                **out.verdict_json(logged.after, ctx.tz),
            }
        )
        return
    touch = logged.touch
    direction = "from" if not touch.outbound else "to"
    print(f"Logged {touch.channel.value} {direction} {name} (touch #{touch.id})")
    if touch.over_limit:
        print(f"  This touch went past the limit: {out.verdict_text(logged.before, ctx.tz)}")
    if touch.override_reason:
        print(f"  Reason: {touch.override_reason}")
    print(out.verdict_line(name, logged.after.level, out.verdict_text(logged.after, ctx.tz)))


def cmd_check(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    at = ctx.parse_when(args.at, what="time", future=True) if args.at is not None else None
    channel = Channel(args.channel) if args.channel else None
    verdict = verdict_for(ctx, contact, at, channel)
    if args.json:
        out.emit_json({"contact": out.contact_json(contact), **out.verdict_json(verdict, ctx.tz)})
        return 0
    print(f"{label(contact)}: {out.verdict_text(verdict, ctx.tz)}")
    if verdict.last_touch_at:
        ago = words.duration(verdict.at - verdict.last_touch_at)
        print(
            f"  last touch {ago} ago; {verdict.week_count} outbound in 7 days, "
            f"{verdict.month_count} in 30 days; unanswered streak {verdict.unanswered_streak}"
        )
    if verdict.open_promises:
        print(f"  open promises: {verdict.open_promises}")
    print(f"  suggested script: {words.situation(verdict)}")
    return 0
