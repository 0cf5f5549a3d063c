"""Waiting for a reply: ``waiting CONTACT --until WHEN``, ``waiting list``, ``waiting cancel``."""

from __future__ import annotations

import argparse

from trayapp.cli import output as out
from trayapp.ledger.opening import Opened
from trayapp.services import waiting
from trayapp.services.resolve import find_contact
from trayapp.words import waiting as words


def cmd_start(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    contact = find_contact(args.contact, ctx.ledger)
    until = ctx.parse_when(args.until, what="time to wait until")
    view = waiting.start_wait(ctx, contact, until, args.about)
    if args.json:
        out.emit_json({"kind": "wait", "wait": out.wait_json(view)})
    else:
        print(words.started(view, ctx.tz, ctx.now()))
    return 0


def cmd_list(args: argparse.Namespace, opened: Opened) -> int:
    ctx = opened.ctx
    # ``trayapp waiting`` alone lists too, without the list options parsed.
    views = waiting.list_waits(ctx, include_closed=getattr(args, "all", False))
    if args.json:
        out.emit_json([out.wait_json(v) for v in views])
        return 0
    if not views:
        print("Not waiting for anyone's reply")
        return 0
    now = ctx.now()
    for view in views:
        print(words.line(view, ctx.tz, now))
    return 0


def cmd_cancel(args: argparse.Namespace, opened: Opened) -> int:
    view = waiting.cancel_wait(opened.ctx, args.id)
    if args.json:
        out.emit_json({"kind": "wait", "wait": out.wait_json(view)})
    else:
        print(words.cancelled(view))
    return 0
