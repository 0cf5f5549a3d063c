"""Commands about contacts, and the quick-add, script, import and export commands."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import time

from trayapp.cli import output as out
from trayapp.core.contacts import label, parse_role
from trayapp.core.errors import BadInput
from trayapp.core.model import Contact, Role
from trayapp.ledger.opening import Opened
from trayapp.services.contacts import ContactChanges, add_contact, edit_contact
from trayapp.services.promises import get_view
from trayapp.services.resolve import find_contact
from trayapp.services.verdicts import verdict_for
from trayapp.words import verdicts as words

CONTACT_FIELDS = ("company", "email", "phone", "linkedin", "tz", "notes")
LIST_LIMIT = 200


def cmd_contacts(args: argparse.Namespace, opened: Opened) -> int:
    action = args.contacts_command or "list"
    from trayapp.cli.rights import cmd_erase, cmd_stale

    return {
        "list": _contacts_list,
        "show": _contacts_show,
        "add": _contacts_add,
        "edit": _contacts_edit,
        "erase": cmd_erase,
        "stale": cmd_stale,
    }[action](args, opened)


def _contacts_list(args: argparse.Namespace, opened: Opened) -> int:
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


def _contacts_show(args: argparse.Namespace, opened: Opened) -> int:
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
    print(f"  {words.verdict(verdict, ctx.tz)}")
    print("Promises:" if history.promises else "No promises.")
    for p in history.promises:
        print(f"  #{p.id} {words.when(p.due_at, ctx.tz, now)} {p.what} [{p.state.value}]")
    print("Touches:" if history.touches else "No touches.")
    for t in history.touches:
        print("  " + out.touch_line(t, ctx.tz, now))
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


def _refuse_empty_zone(args: argparse.Namespace) -> None:
    if args.tz is not None and not args.tz.strip():
        raise BadInput("--tz needs a time zone, e.g. Europe/Berlin")


def _contacts_add(args: argparse.Namespace, opened: Opened) -> int:
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
    saved = add_contact(opened.ctx, contact)
    return _report_contact(args, saved, "Added")


def _contacts_edit(args: argparse.Namespace, opened: Opened) -> int:
    saved = edit_contact(opened.ctx, args.contact, _changes(args, opened))
    return _report_contact(args, saved, "Updated")


def _report_contact(args: argparse.Namespace, contact: Contact, verb: str) -> int:
    if args.json:
        out.emit_json({"contact": out.contact_json(contact)})
    else:
        print(f"{verb} contact #{contact.id}: {label(contact)}")
    return 0


def cmd_add(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.services.quick import apply

    ctx = opened.ctx
    result = apply(ctx, args.line, reason=args.reason)
    seen = result.preview
    if args.json:
        data: dict[str, object] = {"kind": seen.kind, "contact": out.contact_json(result.contact)}
        data["created_contact"] = result.created_contact
        if result.promise is not None and result.promise.id is not None:
            data["promise"] = out.promise_json(get_view(ctx, result.promise.id))
        if result.logged is not None:
            data["touch"] = out.touch_json(result.logged.touch)
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
    if result.logged is not None:
        touch = result.logged.touch
        arrow = "from" if not touch.outbound else "to"
        print(f"Logged {touch.channel.value} {arrow} {who} (touch #{touch.id})")
        if touch.over_limit:
            print(
                f"  This touch went past the limit: {words.verdict(result.logged.before, ctx.tz)}"
            )
    if seen.kind == "do_not_contact":
        print(f"Marked {result.contact.name} do not contact.")
    if seen.kind == "callback" and result.contact.quiet_until:
        print(
            f"  {result.contact.name} is quiet until "
            f"{words.when(result.contact.quiet_until, ctx.tz, now)}"
        )
    print(f"  {result.contact.name}: {words.verdict(result.verdict, ctx.tz)}")
    return 0


def cmd_script(args: argparse.Namespace, opened: Opened) -> int:
    from trayapp.core.scripts.library import ScriptChannel
    from trayapp.platform.templates import load_script_library
    from trayapp.services.scripting import script_for

    library = load_script_library(opened.paths.user_scripts)
    script = script_for(opened.ctx, library, args.id, ScriptChannel(args.channel))
    if args.json:
        out.emit_json(
            {
                "promise_id": args.id,
                "situation": script.situation.value,
                "tier": script.tier.value if script.tier else None,
                "channel": script.channel.value,
                "subject": script.subject,
                "body": script.body,
            }
        )
        return 0
    tier = f" ({script.tier.value} late)" if script.tier else ""
    print(f"[{script.situation.value.replace('_', ' ')}{tier} - {script.channel.value}]")
    if script.subject:
        print(f"Subject: {script.subject}\n")
    print(script.body)
    return 0


def cmd_import(args: argparse.Namespace, opened: Opened) -> int:
    from pathlib import Path

    from trayapp.services.transfer.files import import_contacts, import_touches

    path = Path(args.file)
    if not path.is_file():
        raise BadInput(f"there is no file {args.file}")
    with path.open("rb") as stream:
        if args.kind == "contacts":
            report = import_contacts(opened.ctx.ledger, stream, now=opened.ctx.now())
        else:
            report = import_touches(
                opened.ctx.ledger, stream, now=opened.ctx.now(), tz=opened.ctx.tz
            )
    if args.json:
        out.emit_json(
            {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rows": report.rows,
                "encoding": report.encoding,
                "skipped": [
                    {"row": p.row, "field": p.field, "message": p.message} for p in report.skipped
                ],
            }
        )
        return 0
    print(
        f"Imported {args.kind} from {path.name} ({report.encoding}): {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {len(report.skipped)} skipped"
    )
    for problem in report.skipped[:50]:
        print(f"  row {problem.row}: {problem.field}: {problem.message}")
    if len(report.skipped) > 50:
        print(f"  ... and {len(report.skipped) - 50} more")
    return 0


def cmd_export(args: argparse.Namespace, opened: Opened) -> int:
    import sys

    from trayapp.services.transfer.files import export_all_chunks, export_contact

    ctx = opened.ctx
    if args.contact:
        contact = find_contact(args.contact, ctx.ledger)
        data = export_contact(ctx.ledger, contact.id or 0, fmt=args.format, now=ctx.now())
        chunks = iter([data.encode("utf-8") if isinstance(data, str) else data])
    else:
        chunks = export_all_chunks(ctx.ledger, args.format, ctx.now())
    if args.out:
        _write_atomically(args.out, chunks)
        print(f"Exported to {args.out}", file=sys.stderr)
        return 0
    for chunk in chunks:
        sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
    return 0


def _write_atomically(target: str, chunks: Iterator[bytes]) -> None:
    import os
    import tempfile
    from pathlib import Path

    path = Path(target)
    if path.is_dir():
        raise BadInput(f"{target} is a folder; name a file to export to")
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=folder)
    except OSError as err:
        raise BadInput(f"cannot write to {folder}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"could not write {target}: {err.strerror}") from None


HANDLERS = {
    "contacts": cmd_contacts,
    "add": cmd_add,
    "script": cmd_script,
    "import": cmd_import,
    "export": cmd_export,
}
