"""Plain words for what ``core`` returns as data: verdicts, reasons, instants and durations.

Shared by the command line and the windows, so a verdict reads the same everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.verdict import Level, Reason, ReasonCode, Verdict
from trayapp.core.promises import PromiseStatus

LEVEL_WORDS = {
    Level.OK: "OK to contact",
    Level.CAUTION: "Caution",
    Level.STOP: "Stop",
}

STATUS_WORDS = {
    PromiseStatus.OPEN: "open",
    PromiseStatus.OVERDUE: "overdue",
    PromiseStatus.KEPT: "kept on time",
    PromiseStatus.KEPT_LATE: "kept late",
    PromiseStatus.RELEASED: "released",
}


#: How an urgent promise is marked wherever it is shown (its reminders ignore working hours).
URGENT_MARK = "Urgent · "


def urgent_mark(urgent: bool) -> str:
    """:data:`URGENT_MARK` for an urgent promise, nothing for any other."""
    return URGENT_MARK if urgent else ""


def when(at: datetime, tz: ZoneInfo, now: datetime | None = None) -> str:
    """``Fri 27 Nov 15:00`` in ``tz``; the year is added when it is not ``now``'s."""
    local = at.astimezone(tz)
    text = f"{local:%a} {local.day} {local:%b %H:%M}"
    if now is not None and local.year != now.astimezone(tz).year:
        text = f"{local:%a} {local.day} {local:%b %Y %H:%M}"
    return text


def duration(delta: timedelta) -> str:
    """A rounded, human duration: ``45 minutes``, ``3 hours``, ``2 days``, ``1 year``."""
    seconds = abs(delta.total_seconds())
    steps = (
        (365 * 86400, "year"),
        (30 * 86400, "month"),
        (7 * 86400, "week"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
    )
    for size, unit in steps:
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 outbound touch``, ``3 outbound touches``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def reason(item: Reason, tz: ZoneInfo, now: datetime, *, until_too: bool = True) -> str:
    """One reason in a sentence, with its numbers (and when it stops applying, unless
    ``until_too`` is False: the headline says that once for the whole verdict)."""
    window = f"{item.window_days:g} days" if item.window_days else ""
    if item.window_days == 1:
        window = "24 hours"
    until = f" until {when(item.until, tz, now)}" if item.until else ""
    touches = plural(item.count or 0, "outbound touch", "outbound touches")
    streak = plural(item.count or 0, "unanswered touch", "unanswered touches")
    texts = {
        ReasonCode.DAY_LIMIT: f"{touches} in the last {window} (limit {item.limit})",
        ReasonCode.WEEK_LIMIT: f"{touches} in the last {window} (limit {item.limit})",
        ReasonCode.MONTH_LIMIT: f"{touches} in the last {window} (limit {item.limit})",
        ReasonCode.HARD_CEILING: f"{touches} in {window}: the hard ceiling of {item.limit}",
        ReasonCode.UNANSWERED_STREAK: f"{streak} in a row (stop chasing after {item.limit}); "
        f"wait{until}",
        ReasonCode.COOL_OFF: f"you spoke recently; cooling off for {window}",
        ReasonCode.DO_NOT_CONTACT: "marked do not contact",
        ReasonCode.QUIET_UNTIL: "they asked to be contacted later",
        ReasonCode.COMPANY_LIMIT: f"{touches} to this company in the last {window} "
        f"(limit {item.limit})",
        ReasonCode.OUTSIDE_CALLING_HOURS: "outside their calling hours in their own time zone "
        "(for calls, voicemails and texts, not e-mail)",
        ReasonCode.TEAM_RECENT: _teammate(item, now),
        ReasonCode.TEAM_OWNER: f"{item.by} approached them first, "
        f"{_ago(item.at, now)}: they are {item.by}'s for {window}",
        ReasonCode.TEAM_DO_NOT_CONTACT: f"{item.by} recorded that they asked not to be contacted"
        + (f" ({item.note})" if item.note else ""),
        ReasonCode.TEAM_QUIET_UNTIL: f"they asked {item.by} to be contacted later",
        ReasonCode.TEAM_DAY_LIMIT: f"{touches} in the last {window} counting {item.by}'s "
        f"(limit {item.limit} for the whole team)",
        ReasonCode.TEAM_WEEK_LIMIT: f"{touches} in the last {window} counting {item.by}'s "
        f"(limit {item.limit} for the whole team)",
        ReasonCode.TEAM_MONTH_LIMIT: f"{touches} in the last {window} counting {item.by}'s "
        f"(limit {item.limit} for the whole team)",
        ReasonCode.TEAM_COMPANY_LIMIT: f"{touches} to this company in the last {window} "
        f"counting {item.by}'s (limit {item.limit} for the whole team)",
        ReasonCode.TEAM_HARD_CEILING: f"{touches} in {window} counting {item.by}'s: the team's "
        f"hard ceiling of {item.limit}",
    }
    text = texts.get(item.code, item.code.value)
    if item.code is ReasonCode.UNANSWERED_STREAK and not until_too:
        text = text.split("; wait")[0]
    if item.code in (ReasonCode.TEAM_RECENT, ReasonCode.TEAM_OWNER) and until and until_too:
        text += f"; give it{until}"
    elif item.code is not ReasonCode.UNANSWERED_STREAK and until and until_too:
        text += until
    return text


#: What a teammate did, by channel: "Sam called", "Sam e-mailed".
TEAM_VERBS = {
    "call": "called",
    "voicemail": "left a voicemail",
    "email": "e-mailed",
    "linkedin": "messaged them on LinkedIn",
    "sms": "texted",
    "meeting": "met them",
    "other": "reached them",
}


def _teammate(item: Reason, now: datetime) -> str:
    """``sam called 2 hours ago`` (and how many teammates' touches in the window)."""
    verb = TEAM_VERBS.get(item.channel, "reached them")
    text = f"{item.by} {verb} {_ago(item.at, now)}"
    if item.count and item.count > 1 and item.window_days:
        text += f" ({item.count} teammates' touches in {item.window_days:g} days)"
    return text


def _ago(at: datetime | None, now: datetime) -> str:
    if at is None:
        return "lately"
    return f"{duration(now - at)} ago" if now - at >= timedelta(minutes=1) else "just now"


def _deciding(item: Verdict) -> Reason | None:
    """The reason that decides the verdict: at its level, the one that lasts longest."""
    at_level = [r for r in item.reasons if r.level is item.level] or list(item.reasons)
    if not at_level:
        return None
    return max(at_level, key=lambda r: (r.until is None, r.until or item.at))


def verdict(item: Verdict, tz: ZoneInfo) -> str:
    """The headline: the level, the reason that decides it and when it is OK again —
    ``Stop: 7 outbound touches in 7 days: the hard ceiling of 7. OK again Mon 28 Dec 10:00``.
    The other reasons are :func:`other_reasons`."""
    head = LEVEL_WORDS[item.level]
    deciding = _deciding(item)
    if deciding is None:
        return head
    tail = ""
    if item.level is not Level.OK:
        tail = (
            f". OK again {when(item.next_ok_at, tz, item.at)}"
            if item.next_ok_at
            else ". Only you can lift this"
        )
    return f"{head}: {reason(deciding, tz, item.at, until_too=False)}{tail}"


def other_reasons(item: Verdict, tz: ZoneInfo) -> list[str]:
    """Every reason but the headline's, each in a sentence with when it stops applying."""
    deciding = _deciding(item)
    return [reason(r, tz, item.at) for r in item.reasons if r is not deciding]


def verdict_details(item: Verdict, tz: ZoneInfo) -> str:
    """The headline, then ``Also: ...`` with the other reasons when there are any."""
    others = other_reasons(item, tz)
    headline = verdict(item, tz)
    return f"{headline}\nAlso: {'; '.join(others)}." if others else headline


def verdict_summary(item: Verdict, tz: ZoneInfo) -> str:
    """Every reason in one paragraph (the ``summary`` of the JSON output, kept as it was):
    ``Caution: 3 outbound touches in the last 7 days (limit 3). OK again Fri 27 Nov 10:00``."""
    head = LEVEL_WORDS[item.level]
    if not item.reasons:
        return head
    parts = "; ".join(reason(r, tz, item.at) for r in item.reasons)
    tail = ""
    if item.level is not Level.OK:
        tail = (
            f". OK again {when(item.next_ok_at, tz, item.at)}"
            if item.next_ok_at
            else ". Only you can lift this"
        )
    return f"{head}: {parts}{tail}"


def situation(item: Verdict) -> str:
    """The suggested script in words: ``check in``, ``overdue apology (months late)``."""
    text = item.suggested_situation.value.replace("_", " ")
    return f"{text} ({item.suggested_tier.value} late)" if item.suggested_tier else text


def reason_needed(name: str, item: Verdict, tz: ZoneInfo, how: str) -> str:
    """Why a touch against a stop was refused and how to log it anyway: ``Dana Smith is at
    Stop (7 outbound touches in 7 days: the hard ceiling of 7); to log it anyway, say why
    with --reason "..."`` (``how`` is the front end's way of giving the reason)."""
    parts = "; ".join(reason(r, tz, item.at) for r in item.reasons)
    why = f" ({parts})" if parts else ""
    return f"{name} is at Stop{why}; to log it anyway, {how}"
