"""Quick add and scripts: ``add`` reads one line such as "called Dana"; ``script`` shows the
suggested message for a promise."""

from __future__ import annotations

import argparse
from datetime import UTC
from typing import TYPE_CHECKING

from trayapp.cli import output as out
from trayapp.core.contacts import label
from trayapp.ledger.opening import Opened
from trayapp.services.promises import get_view
from trayapp.services.waiting import WaitView
from trayapp.words import verdicts as words
from trayapp.words import waiting as waiting_words
from trayapp.words.lateness import recorded_late

if TYPE_CHECKING:
    from trayapp.services.check_in import CheckInOffer


def cmd_add(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.cli.touches import refuse_without_reason
    from trayapp.services.check_in import offer_with
    from trayapp.services.quick import apply
    from trayapp.services.touches import ReasonNeeded

    ctx = opened.ctx
    try:
        result = apply(ctx, args.line, reason=args.reason, new_contact=args.new_contact)
    except ReasonNeeded as error:
        raise refuse_without_reason(error, opened) from None
    seen = result.preview
    promise_id = result.promise.id if result.promise is not None else None
    offer = offer_with(ctx, result.contact, result.promise, result.verdict)
    if args.json:
        data: dict[str, object] = {"kind": seen.kind, "contact": out.contact_json(result.contact)}
        data["created_contact"] = result.created_contact
        if result.promise is not None and result.promise.id is not None:
            data["promise"] = out.promise_json(get_view(ctx, result.promise.id))
            data["already_late"] = recorded_late(ctx, result.promise, result.verdict)
        if result.logged is not None:
            data["touch"] = out.touch_json(result.logged.touch)
        if result.wait is not None:
            data["wait"] = out.wait_json(WaitView(result.wait, result.contact))
        data["follow_up"] = _follow_up_json(offer, promise_id)
        out.emit_json({**data, **out.verdict_json(result.verdict, ctx.tz)})
        return 0
    who = label(result.contact) + (" (new contact)" if result.created_contact else "")
    now = ctx.now()
    if result.promise is not None:
        due = words.when(result.promise.due_at, ctx.tz, now)
        urgent = " (urgent)" if result.promise.urgent else ""
        print(
            f"Saved promise #{result.promise.id} to {who}: {result.promise.what}, due {due}{urgent}"
        )
        late = recorded_late(ctx, result.promise, result.verdict)
        if late:
            print(f"  {late}")
    if result.logged is not None:
        touch = result.logged.touch
        arrow = "from" if not touch.outbound else "to"
        print(f"Logged {touch.channel.value} {arrow} {who} (touch #{touch.id})")
        if touch.over_limit:
            before = out.verdict_text(result.logged.before, ctx.tz)
            print(f"  This touch went past the limit: {before}")
    if result.wait is not None:
        print(waiting_words.started(WaitView(result.wait, result.contact), ctx.tz, now))
    if seen.kind == "do_not_contact":
        print(f"Marked {result.contact.name} do not contact.")
    if seen.kind == "callback" and result.contact.quiet_until:
        print(
            f"  {result.contact.name} is quiet until "
            f"{words.when(result.contact.quiet_until, ctx.tz, now)}"
        )
    print(f"  {result.contact.name}: {out.verdict_text(result.verdict, ctx.tz)}")
    if offer is not None:
        print(f"  {_offered_line(offer, promise_id, opened)}")
    return 0


def _add_check_in(promise_id: int) -> str:
    return f"trayapp check-in {promise_id}"


def _add_offered(offer: CheckInOffer, promise_id: int | None) -> str:
    """The one command that adds ``offer``: ``check-in`` for a promise's contact, else the
    promise itself."""
    if promise_id is not None:
        return _add_check_in(promise_id)
    import shlex

    due = offer.due_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M%z")
    words_ = (offer.contact.email or offer.contact.name, offer.what)
    return f"trayapp promise {shlex.join(words_)} --due {due}"


def _follow_up_json(offer: CheckInOffer | None, promise_id: int | None) -> dict[str, object] | None:
    """The close-out's check-in as data: what, when (ISO, UTC) and the command that adds it."""
    if offer is None:
        return None
    return {
        "what": offer.what,
        "due": out.iso(offer.due_at.astimezone(UTC)),
        "months": offer.months,
        "add": _add_offered(offer, promise_id),
    }


def _offered_line(offer: CheckInOffer, promise_id: int | None, opened: Opened) -> str:
    """``Check-in offered: check in with Dana, due Tue 23 Feb 09:00. Add it: trayapp ...``"""
    ctx = opened.ctx
    due = words.when(offer.due_at, ctx.tz, ctx.now())
    return f"Check-in offered: {offer.what}, due {due}. Add it: {_add_offered(offer, promise_id)}"


def cmd_check_in(args: argparse.Namespace, opened: Opened) -> int:
    """Add the close-out's check-in for the contact of promise ``args.id``."""
    from trayapp.services.check_in import add_for_promise

    ctx = opened.ctx
    promise = add_for_promise(ctx, args.id)
    view = get_view(ctx, promise.id or 0)
    if args.json:
        out.emit_json(out.promise_json(view))
        return 0
    due = words.when(promise.due_at, ctx.tz, ctx.now())
    print(f"Saved promise #{promise.id} to {label(view.contact)}: {promise.what}, due {due}")
    return 0


def cmd_script(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.core.scripts.library import ScriptChannel
    from trayapp.platform.templates import load_script_library
    from trayapp.services.check_in import offer_for
    from trayapp.services.scripting import script_for

    ctx = opened.ctx
    library = load_script_library(opened.paths.user_scripts)
    script = script_for(ctx, library, args.id, ScriptChannel(args.channel))
    offer = offer_for(ctx, get_view(ctx, args.id).contact, script.situation)
    if args.json:
        out.emit_json(
            {
                "promise_id": args.id,
                "situation": script.situation.value,
                "tier": script.tier.value if script.tier else None,
                "channel": script.channel.value,
                "subject": script.subject,
                "body": script.body,
                "follow_up": _follow_up_json(offer, args.id),
            }
        )
        return 0
    tier = f" ({script.tier.value} late)" if script.tier else ""
    print(f"[{script.situation.value.replace('_', ' ')}{tier} - {script.channel.value}]")
    if script.subject:
        print(f"Subject: {script.subject}\n")
    print(script.body)
    if offer is not None:
        print(f"\n{_offered_line(offer, args.id, opened)}")
    return 0
