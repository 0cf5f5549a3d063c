"""The promise commands: ``promise``, ``list``, ``show``, ``kept``, ``release``, ``snooze``,
``renegotiate`` and ``urgent``."""

from __future__ import annotations

import argparse
from datetime import time

from trayapp.cli import output as out
from trayapp.cli.touches import reason_from_terminal, refuse_without_reason
from trayapp.core.contacts import label
from trayapp.core.errors import BadInput
from trayapp.core.model import Channel, Promise, Touch
from trayapp.ledger.opening import Opened
from trayapp.services import promises as promise_cases
from trayapp.services.contacts import contact_for
from trayapp.services.resolve import find_contact
from trayapp.services.touches import ReasonNeeded
from trayapp.services.verdicts import verdict_for
from trayapp.words import verdicts as words
from trayapp.words.lateness import recorded_late

URGENT_NOTE = "urgent: reminded when due, even outside working hours or while paused"


def cmd_promise(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    if not args.new_contact:
        find_contact(args.contact, ctx.ledger)  # a name not on file is told first
    due = ctx.parse_when(args.due, what="due date", late=True)
    made = None
    if args.made is not None:
        made = ctx.parse_when(args.made, what="time it was made", future=False)
    with ctx.ledger.atomic():
        contact, created = contact_for(ctx, args.contact, new_contact=args.new_contact)
        saved = promise_cases.make_promise(
            ctx, contact, args.what, due, urgent=args.urgent, made=made
        )
    assert saved.id is not None
    view = promise_cases.get_view(ctx, saved.id)
    verdict = verdict_for(ctx, contact)
    late = recorded_late(ctx, saved, verdict)
    if args.json:
        out.emit_json(
            {
                "kind": "promise",
                "promise": out.promise_json(view),
                "already_late": late,
                "created_contact": created,
                **out.verdict_json(verdict, ctx.tz),
            }
        )
    else:
        new = " (new contact)" if created else ""
        print(f"Saved promise #{saved.id} to {label(contact)}{new}: {saved.what}")
        print(f"  due {words.when(saved.due_at, ctx.tz, ctx.now())}")
        if late:
            print(f"  {late}")
        if saved.urgent:
            print(f"  {URGENT_NOTE}")
        print(out.verdict_line(contact.name, verdict.level, out.verdict_text(verdict, ctx.tz)))
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
    print(f"  {out.verdict_text(item.verdict, ctx.tz)}")
    return 0


def _when_words(parts: list[str]) -> str:
    return " ".join(parts)


def cmd_kept(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    at = ctx.parse_when(args.at, what="time", future=False) if args.at is not None else None

    def keep(reason: str) -> tuple[Promise, Touch]:
        return promise_cases.keep(ctx, args.id, at, Channel(args.channel), args.note, reason=reason)

    try:
        promise, touch = keep(args.reason)
    except ReasonNeeded as error:
        typed = "" if args.reason else reason_from_terminal()  # at a terminal: asked once
        if not typed:
            raise refuse_without_reason(error, opened) from None
        promise, touch = keep(typed)
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
