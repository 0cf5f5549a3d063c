"""The words of the notifications: one per reminder, one per digest.

Pure functions from the sweep's data to a ``core.ports.Notice``; the app shows what they return.
A reminder says what is owed to whom and how urgent it is, then the guard's verdict and the
kind of message the card will suggest. A digest sums up what fell due while the app was away,
and the day ahead.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.verdict import Situation, Verdict
from trayapp.core.ports import Notice, NoticeAction
from trayapp.core.reminders.plan import OccurrenceKind
from trayapp.services.promises import PromiseView
from trayapp.services.reminding import Digest, Reminder
from trayapp.words import verdicts as words

__all__ = ["SITUATION_WORDS", "digest_lines", "digest_notice", "reminder_notice", "reminder_title"]

SITUATION_WORDS = {
    Situation.CHECK_IN: "a quick check-in",
    Situation.NO_NEWS: "a no-news-yet update",
    Situation.OVERDUE_APOLOGY: "an apology for the delay",
    Situation.GONE_DARK: "a last try before going quiet",
    Situation.BALL_IN_COURT: "leave the ball in their court",
    Situation.TIME_OUT: "a polite time-out",
    Situation.RENEGOTIATE: "ask for a new date",
    Situation.CLOSE_OUT: "a close-out note",
}
MAX_WHAT = 60
#: A digest lists at most this many promises, each on one line, then "and N more".
DIGEST_LINES = 5
#: What a promise is, shortened in a digest's line so the notification stays short.
DIGEST_WHAT = 40
DUE_NOW = timedelta(hours=1)
HALF_MINUTE = timedelta(seconds=30)
ONE_MINUTE = timedelta(minutes=1)


def _shorten(what: str, most: int) -> str:
    return what if len(what) <= most else what[: most - 1].rstrip() + "…"


def _subject(view: PromiseView) -> str:
    return f"{_shorten(view.promise.what, MAX_WHAT)} — {view.contact.name}"


def _late(view: PromiseView, now: datetime) -> str:
    return words.duration(now - view.promise.due_at)


def reminder_title(reminder: Reminder, now: datetime) -> str:
    """``Due now: send Acme feedback — Dana Smith``, ``Heads-up: …, due in 1 hour``,
    ``Overdue 2 days: …``; an urgent promise's begins ``Urgent · ``."""
    return words.urgent_mark(reminder.view.promise.urgent) + _reminder_title(reminder, now)


def _reminder_title(reminder: Reminder, now: datetime) -> str:
    view = reminder.view
    subject = _subject(view)
    due_at = view.promise.due_at
    if due_at > now:
        left = words.duration(due_at - now + HALF_MINUTE)  # to the nearest minute
        if reminder.occurrence.kind is OccurrenceKind.SNOOZE_END:
            return f"Snooze over: {subject}, due in {left}"
        return f"Heads-up: {subject}, due in {left}"
    if now - due_at < DUE_NOW:
        return f"Due now: {subject}"
    return f"Overdue {_late(view, now)}: {subject}"


def reminder_notice(
    reminder: Reminder,
    verdict: Verdict,
    situation: Situation,
    tz: ZoneInfo,
    now: datetime,
    *,
    can_snooze: bool = True,
) -> Notice:
    """One reminder: title, the guard's verdict and the suggested kind of message; buttons to
    open the card, mark it kept and (within the snooze budget) snooze an hour."""
    body = (
        f"{words.verdict(verdict, tz)}\n"
        f"Suggested: {SITUATION_WORDS.get(situation, situation.value.replace('_', ' '))}"
    )
    actions: tuple[NoticeAction, ...] = (NoticeAction.OPEN, NoticeAction.KEPT)
    if can_snooze:
        actions += (NoticeAction.SNOOZE_HOUR,)
    return Notice(
        key=reminder.occurrence.key,
        title=reminder_title(reminder, now),
        body=body,
        promise_id=reminder.view.promise.id,
        actions=actions,
    )


def _today(digest: Digest) -> str:
    """``Today: 2 due, 1 overdue, 3 contacts cooling down`` (the last part only when some are)."""
    line = f"Today: {digest.due_today} due, {digest.overdue} overdue"
    if digest.cooling:
        line += f", {words.plural(digest.cooling, 'contact')} cooling down"
    return line


def _how_late(view: PromiseView, now: datetime) -> str:
    """``3 days late``, ``due in 40 minutes``; "due now" only while that is under a minute."""
    due_at = view.promise.due_at
    if due_at > now:
        return f"due in {words.duration(due_at - now + HALF_MINUTE)}"
    return "due now" if now - due_at < ONE_MINUTE else f"{_late(view, now)} late"


def digest_lines(views: tuple[PromiseView, ...], now: datetime) -> list[str]:
    """One line per promise a digest carries, in the order given (oldest first), at most
    ``DIGEST_LINES``: ``Dana Smith — send the deck — 3 days late``, then ``and 4 more``."""
    lines = [
        f"{view.contact.name} — {_shorten(view.promise.what, DIGEST_WHAT)} — {_how_late(view, now)}"
        for view in views[:DIGEST_LINES]
    ]
    if len(views) > DIGEST_LINES:
        lines.append(f"and {len(views) - DIGEST_LINES} more")
    return lines


def _became_due(digest: Digest, now: datetime) -> str:
    views = digest.became_due
    oldest = views[0]
    count = words.plural(len(views), "promise")
    late = _how_late(oldest, now)
    if len(views) == 1:
        return f"{count} became due: {oldest.contact.name} — {late}"
    return f"{count} became due, oldest {oldest.contact.name} — {late}"


def _coming_up(digest: Digest, now: datetime) -> str:
    views = digest.coming_up
    soonest = views[0]
    left = words.duration(soonest.promise.due_at - now + HALF_MINUTE)
    count = words.plural(len(views), "promise")
    if len(views) == 1:
        return f"{count} coming up: {soonest.contact.name} — due in {left}"
    return f"{count} coming up, next {soonest.contact.name} — due in {left}"


def digest_notice(digest: Digest, now: datetime) -> Notice:
    """The catch-up and/or start-of-day digest as one notification: a title that counts them
    and names the oldest, then the day's sums and one line for each promise it carries."""
    lines: list[str] = []
    heads = []
    if digest.became_due:
        heads.append(_became_due(digest, now))
    if digest.coming_up:
        heads.append(_coming_up(digest, now))
    if heads:
        title = f"While you were away: {heads[0]}" if digest.catch_up else heads[0]
        lines.extend(heads[1:])
        if digest.start_of_day:
            lines.append(_today(digest))
    else:
        title = _today(digest)
    shown = digest.became_due + digest.coming_up
    lines.extend(digest_lines(shown, now))
    lines.append("Open Follow-Through to see them all.")
    only = shown[0].promise.id if len(shown) == 1 else None
    return Notice(
        key=digest.key,
        title=title,
        body="\n".join(lines),
        promise_id=only,
        actions=(NoticeAction.OPEN,),
    )
