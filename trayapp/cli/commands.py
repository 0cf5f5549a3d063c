"""What each command does: open the ledger, call the use case, print the result."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import time

from trayapp.cli import output as out
from trayapp.core.contacts import label
from trayapp.core.errors import BadInput
from trayapp.core.guard.verdict import Level
from trayapp.core.model import Channel, Direction
from trayapp.ledger.opening import Opened, open_ledger
from trayapp.services import promises as promise_cases
from trayapp.services.resolve import find_contact
from trayapp.services.touches import NO_REASON, LoggedTouch, log_touch
from trayapp.services.verdicts import verdict_for
from trayapp.words import verdicts as words

Command = Callable[[argparse.Namespace, Opened], int]


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        from trayapp.cli.run import run

        return run(args)
    if args.command == "doctor":
        from trayapp.cli.doctor import doctor

        return doctor(args)
    if args.command in _WITHOUT_LEDGER:
        return _without_ledger(args)
    handler = _HANDLERS.get(args.command)
    if handler is None:
        from trayapp.cli.contacts import HANDLERS

        handler = HANDLERS[args.command]
    from trayapp.cli.encryption import announce

    creates = _changes_data(args) or args.command == "backup"
    with open_ledger(args.data_dir, create=creates) as opened:
        announce(opened)
        _tell_about_safety(opened)
        if opened.settings_problem:
            sys.stderr.write(f"trayapp: {opened.settings_problem}; using default settings\n")
        code = handler(args, opened)
        if code == 0:
            # What was asked is done and said first; the daily backup (seconds on a large
            # encrypted ledger) comes after, once a running app has been told of the change.
            sys.stdout.flush()
            if _changes_data(args):
                _tell_the_app(opened)
            _backup_if_due(opened)
        return code


_WITHOUT_LEDGER = frozenset({"restore", "encrypt", "recovery-key", "unlock"})
_CHANGING = frozenset(
    {"add", "promise", "touch", "kept", "release", "snooze", "renegotiate", "urgent"}
)
_CHANGING_CONTACTS = frozenset({"add", "edit", "erase"})


def _changes_data(args: argparse.Namespace) -> bool:
    if args.command == "contacts":
        return getattr(args, "contacts_command", None) in _CHANGING_CONTACTS
    return args.command in _CHANGING or args.command == "import"


def _tell_the_app(opened: Opened) -> None:
    """Let a running tray app redraw now rather than at its next look at the ledger. Best
    effort, and quick when no app runs: the app notices every commit anyway (it polls
    SQLite's data_version), this only makes it immediate."""
    try:
        from trayapp.platform.single_instance import tell_running
    except ImportError:
        return
    tell_running(opened.paths.data, "refresh")


def _without_ledger(args: argparse.Namespace) -> int:
    """Commands that take the ledger's file or key in hand themselves."""
    from trayapp.cli import encryption as cli_crypto

    return {
        "restore": cli_crypto.cmd_restore,
        "encrypt": cli_crypto.cmd_encrypt,
        "recovery-key": cli_crypto.cmd_recovery_key,
        "unlock": cli_crypto.cmd_unlock,
    }[args.command](args)


def _tell_about_safety(opened: Opened) -> None:
    """On stderr: a recovery from a backup just made, and a cloud-synced or network folder."""
    from trayapp.ledger.safekeeping import folder_warning

    if opened.recovery is not None:
        sys.stderr.write(f"trayapp: {opened.recovery.message()}\n")
    risk = folder_warning(opened.paths)
    if risk is not None:
        sys.stderr.write(f"trayapp: warning: {risk}\n")


def _backup_if_due(opened: Opened) -> None:
    """Keep a verified backup under a day old whenever the data changed. Never fails a
    command: what was done is saved, so a backup problem is a warning and the exit code stays."""
    from trayapp.ledger.safekeeping import automatic_backup

    problem = automatic_backup(opened).problem
    if problem is not None:
        sys.stderr.write(f"trayapp: warning: {problem}; what was done is saved\n")


def cmd_backup(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.cli.backups import cmd_backup as backup_now

    return backup_now(args, opened, connect=opened.connect_copy)


def cmd_backups(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.cli.backups import cmd_backups as listed

    return listed(args, opened)


def _print_verdict_line(contact_label: str, level: Level, text: str) -> None:
    marker = {Level.OK: "OK", Level.CAUTION: "CAUTION", Level.STOP: "STOP"}[level]
    print(f"  {contact_label}: [{marker}] {text}")


def cmd_promise(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    due = ctx.parse_when(args.due, what="due date")
    saved = promise_cases.make_promise(ctx, contact, args.what, due, urgent=args.urgent)
    assert saved.id is not None
    view = promise_cases.get_view(ctx, saved.id)
    verdict = verdict_for(ctx, contact)
    if args.json:
        out.emit_json(
            {
                "kind": "promise",
                "promise": out.promise_json(view),
                **out.verdict_json(verdict, ctx.tz),
            }
        )
    else:
        print(f"Saved promise #{saved.id} to {label(contact)}: {saved.what}")
        print(f"  due {words.when(saved.due_at, ctx.tz, ctx.now())}")
        if saved.urgent:
            print(f"  {URGENT_NOTE}")
        _print_verdict_line(contact.name, verdict.level, words.verdict(verdict, ctx.tz))
    return 0


def _ask_reason(logged_level: Level, reason: str) -> str:
    """On a terminal, ask for the one-line reason a touch past a stop needs."""
    if reason or logged_level is not Level.STOP or not sys.stdin.isatty():
        return reason
    sys.stderr.write("This contact is at STOP. One line on why you are contacting them anyway: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip()


def cmd_touch(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    at = ctx.parse_when(args.at, what="time", future=False) if args.at is not None else None
    direction = Direction.INBOUND if args.inbound else Direction.OUTBOUND
    reason = args.reason
    if direction is Direction.OUTBOUND:
        channel = Channel(args.channel)
        reason = _ask_reason(verdict_for(ctx, contact, at, channel).level, reason)
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
    report_touch(opened, logged, args.json, contact.name)
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
        print(f"  This touch went past the limit: {words.verdict(logged.before, ctx.tz)}")
    if touch.override_reason == NO_REASON:
        sys.stderr.write(
            "trayapp: logged against a STOP without a reason; next time add --reason\n"
        )
    _print_verdict_line(name, logged.after.level, words.verdict(logged.after, ctx.tz))


def cmd_check(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    at = ctx.parse_when(args.at, what="time", future=True) if args.at is not None else None
    channel = Channel(args.channel) if args.channel else None
    verdict = verdict_for(ctx, contact, at, channel)
    if args.json:
        out.emit_json({"contact": out.contact_json(contact), **out.verdict_json(verdict, ctx.tz)})
        return 0
    print(f"{label(contact)}: {words.verdict(verdict, ctx.tz)}")
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


def cmd_list(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    views = promise_cases.list_promises(ctx, promise_cases.ListFilter(args.status))
    if args.json:
        out.emit_json([out.promise_json(v) for v in views])
        return 0
    if not views:
        print(f"No {args.status.replace('-', ' ')} promises.")
    now = ctx.now()
    for view in views:
        print(out.promise_line(view, ctx.tz, now))
    return 0


def cmd_show(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    item = promise_cases.detail(ctx, args.id)
    if args.json:
        data = out.promise_json(item.view)
        data["events"] = [out.event_json(e) for e in item.events]
        data["snoozes_left"] = item.snoozes_left
        data["verdict"] = out.verdict_json(item.verdict, ctx.tz)
        out.emit_json(data)
        return 0
    now = ctx.now()
    print(out.promise_line(item.view, ctx.tz, now))
    print(f"  snoozes left: {item.snoozes_left}")
    for event in item.events:
        print(f"  {words.when(event.at, ctx.tz, now):<22} {event.kind.value} {event.note}".rstrip())
    print(f"  {words.verdict(item.verdict, ctx.tz)}")
    return 0


def _when_words(parts: list[str]) -> str:
    return " ".join(parts)


def cmd_kept(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    at = ctx.parse_when(args.at, what="time", future=False) if args.at is not None else None
    promise, touch = promise_cases.keep(ctx, args.id, at, Channel(args.channel), args.note)
    return _report_promise(
        opened, promise.id, args.json, "Kept", extra={"touch": out.touch_json(touch)}
    )


def cmd_release(args: argparse.Namespace, opened: Opened) -> int:
    promise = promise_cases.release(opened.ctx, args.id, args.reason)
    return _report_promise(opened, promise.id, args.json, "Released")


def cmd_snooze(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    until = ctx.parse_when(_when_words(args.until), what="snooze time", day_time=time(9, 0))
    promise = promise_cases.snooze(ctx, args.id, until)
    return _report_promise(opened, promise.id, args.json, "Snoozed")


def cmd_renegotiate(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    new_due = ctx.parse_when(_when_words(args.new_due), what="new due date")
    promise = promise_cases.renegotiate(ctx, args.id, new_due)
    return _report_promise(opened, promise.id, args.json, "Renegotiated")


URGENT_NOTE = "urgent: reminded when due, even outside working hours or while paused"


def cmd_urgent(args: argparse.Namespace, opened: Opened) -> int:
    promise = promise_cases.mark_urgent(opened.ctx, args.id, not args.off)
    return _report_promise(opened, promise.id, args.json, "Not urgent" if args.off else "Urgent")


def _report_promise(
    opened: Opened,
    promise_id: int | None,
    as_json: bool,
    verb: str,
    extra: dict[str, object] | None = None,
) -> int:
    if promise_id is None:
        raise BadInput("the promise was not saved")
    ctx = opened.ctx
    view = promise_cases.get_view(ctx, promise_id)
    if as_json:
        out.emit_json({"promise": out.promise_json(view), **(extra or {})})
        return 0
    print(f"{verb}: {out.promise_line(view, ctx.tz, ctx.now())}")
    if view.promise.snoozed_until and view.promise.is_open:
        print(f"  reminders resume {words.when(view.promise.snoozed_until, ctx.tz, ctx.now())}")
    return 0


_HANDLERS: dict[str, Command] = {
    "backup": cmd_backup,
    "backups": cmd_backups,
    "promise": cmd_promise,
    "touch": cmd_touch,
    "check": cmd_check,
    "list": cmd_list,
    "show": cmd_show,
    "kept": cmd_kept,
    "release": cmd_release,
    "snooze": cmd_snooze,
    "renegotiate": cmd_renegotiate,
    "urgent": cmd_urgent,
}
