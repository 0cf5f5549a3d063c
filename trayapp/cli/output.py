"""The command line's output: stable JSON shapes and plain-text lines.

Stored text is shown, never obeyed: while a command runs, :func:`visible_output` has whatever
it prints show control and invisible formatting characters as escapes (``\\x1b``,
``\\u202e``), and :func:`emit_json` writes them as JSON ``\\u`` escapes.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from trayapp.core.contacts import label
from trayapp.core.guard.verdict import Level, Verdict
from trayapp.core.model import Contact, PromiseEvent, Touch
from trayapp.core.text import json_escaped
from trayapp.services.promises import PromiseView
from trayapp.services.transfer.export import profile
from trayapp.services.waiting import WaitView
from trayapp.words import verdicts as words


def iso(at: datetime | None) -> str | None:
    """An instant as the command line writes it: ISO 8601 with ``Z`` for UTC."""
    return at.isoformat().replace("+00:00", "Z") if at else None


def contact_json(contact: Contact) -> dict[str, Any]:
    """A contact on the command line: the one contact shape, ``export.profile``, with the two
    differences the command line has always had, kept for the scripts that read it: instants
    end in ``Z`` (``iso`` above; the export writes ``+00:00``) and there is no ``created_at``
    (the export's format version 1 has it)."""
    shape: dict[str, Any] = profile(contact, instant=iso)
    del shape["created_at"]
    return shape


def promise_json(view: PromiseView) -> dict[str, Any]:
    p = view.promise
    return {
        "id": p.id,
        "contact": view.contact.name,
        "contact_id": view.contact.id,
        "company": view.contact.company,
        "what": p.what,
        "due_at": iso(p.due_at),
        "status": view.status.value,
        "state": p.state.value,
        "days_late": view.days_late,
        "created_at": iso(p.created_at),
        "kept_at": iso(p.kept_at),
        "released_at": iso(p.released_at),
        "release_reason": p.release_reason,
        "snooze_count": p.snooze_count,
        "snoozed_until": iso(p.snoozed_until),
        "original_due_at": iso(p.original_due_at),
        "urgent": p.urgent,
    }


def touch_json(touch: Touch) -> dict[str, Any]:
    return {
        "id": touch.id,
        "contact_id": touch.contact_id,
        "channel": touch.channel.value,
        "direction": "inbound" if not touch.outbound else "outbound",
        "at": iso(touch.at),
        "note": touch.note,
        "promise_id": touch.promise_id,
        "over_limit": touch.over_limit,
        "override_reason": touch.override_reason,
    }


def event_json(event: PromiseEvent) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "at": iso(event.at),
        "old_due_at": iso(event.old_due_at),
        "new_due_at": iso(event.new_due_at),
        "note": event.note,
    }


def verdict_json(verdict: Verdict, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "verdict": verdict.level.value,
        "reasons": [
            {
                "code": r.code.value,
                "level": r.level.value,
                "count": r.count,
                "limit": r.limit,
                "window_days": r.window_days,
                "until": iso(r.until),
                "text": words.reason(r, tz, verdict.at),
                **({"by": r.by, "channel": r.channel, "at": iso(r.at)} if r.by else {}),
            }
            for r in verdict.reasons
        ],
        "next_ok_at": iso(verdict.next_ok_at),
        "unanswered_streak": verdict.unanswered_streak,
        "suggested_situation": verdict.suggested_situation.value,
        "suggested_tier": verdict.suggested_tier.value if verdict.suggested_tier else None,
        "last_touch_at": iso(verdict.last_touch_at),
        "open_promises": verdict.open_promises,
        "summary": words.verdict_summary(verdict, tz),
    }


def emit_json(data: Any) -> None:
    sys.stdout.write(json_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def verdict_line(contact_label: str, level: Level, text: str) -> str:
    marker = {Level.OK: "OK", Level.CAUTION: "CAUTION", Level.STOP: "STOP"}[level]
    return f"  {contact_label}: [{marker}] {text}"


def promise_line(view: PromiseView, tz: ZoneInfo, now: datetime) -> str:
    p = view.promise
    status = words.STATUS_WORDS[view.status]
    late = f", {words.plural(view.days_late, 'day')} late" if view.days_late else ""
    urgent = ", urgent" if p.urgent else ""
    due = words.when(p.due_at, tz, now)
    return f"#{p.id:<5} {due:<22} {label(view.contact)}: {p.what} [{status}{late}{urgent}]"


def touch_line(touch: Touch, tz: ZoneInfo, now: datetime) -> str:
    arrow = "->" if touch.outbound else "<-"
    extra = " (over the limit" + (f": {touch.override_reason}" if touch.override_reason else "")
    extra = extra + ")" if touch.over_limit else ""
    note = f" - {touch.note}" if touch.note else ""
    return f"{words.when(touch.at, tz, now):<22} {arrow} {touch.channel.value}{note}{extra}"


def verdict_text(verdict: Verdict, tz: ZoneInfo, indent: str = "  ") -> str:
    """The verdict's headline, then its other reasons as a second paragraph."""
    others = words.other_reasons(verdict, tz)
    headline = words.verdict(verdict, tz)
    return f"{headline}\n{indent}Also: {'; '.join(others)}." if others else headline


def wait_json(view: WaitView) -> dict[str, Any]:
    w = view.wait
    return {
        "id": w.id,
        "contact": {"id": view.contact.id, "name": view.contact.name},
        "about": w.about,
        "until": iso(w.until),
        "created_at": iso(w.created_at),
        "open": w.is_open,
        "closed_at": iso(w.closed_at),
        "closed_by": None if w.closed_by is None else w.closed_by.value,
    }
