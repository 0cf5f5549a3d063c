"""Words for waiting for a reply: the line in a list, what starting one says, its notification.

A wait's reminder says who has not replied and about what, then the guard's verdict on one
more touch and the kind of message that fits their unanswered streak.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from trayapp.core.model import WaitEnd, WaitingForReply
from trayapp.core.ports import Notice, NoticeAction
from trayapp.services.waiting import WaitReminder, WaitView
from trayapp.words import verdicts as words
from trayapp.words.notices import DIGEST_LINES, SITUATION_WORDS

ENDED = {
    WaitEnd.REPLY: "they replied",
    WaitEnd.CANCELLED: "cancelled",
    WaitEnd.REMINDED: "reminded",
}
#: The card's action and the quick-add window's word for it.
ACTION = "Wait for a reply…"
#: More waits than this ending at once (after the app was closed) come as one notification.
BURST = 3


def _re(wait: WaitingForReply) -> str:
    return f" re {wait.about}" if wait.about else ""


def started(view: WaitView, tz: ZoneInfo, now: datetime) -> str:
    """``Waiting for Dana Smith's reply re offer until Tue 1 Dec 18:00 (wait #3); their reply
    cancels the reminder.``"""
    wait = view.wait
    until = words.when(wait.until, tz, now)
    return (
        f"Waiting for {view.contact.name}'s reply{_re(wait)} until {until} (wait #{wait.id}); "
        "a reply logged from them cancels the reminder"
    )


def preview(name: str, about: str, until: datetime, tz: ZoneInfo, now: datetime) -> str:
    """What quick add will do: ``Wait for a reply from Dana Smith (on file) re offer until
    Tue 1 Dec 18:00 — reminded then unless they reply``."""
    re = f" re {about}" if about else ""
    at = words.when(until, tz, now)
    return f"Wait for a reply from {name}{re} until {at} — reminded then unless they reply"


def saved(name: str, wait: WaitingForReply, tz: ZoneInfo, now: datetime) -> str:
    """``Waiting for Dana Smith's reply re offer until Tue 1 Dec 18:00.``"""
    return f"Waiting for {name}'s reply{_re(wait)} until {words.when(wait.until, tz, now)}."


def line(view: WaitView, tz: ZoneInfo, now: datetime) -> str:
    """One wait in a list: ``#3     Tue 1 Dec 18:00        Dana Smith re offer (in 2 days)``."""
    wait = view.wait
    if wait.closed_by is not None:
        state = ENDED[wait.closed_by]
    elif wait.until > now:
        state = f"in {words.duration(wait.until - now)}"
    else:
        state = "due now"
    until = words.when(wait.until, tz, now)
    return f"#{wait.id:<5} {until:<22} {view.contact.name}{_re(wait)} ({state})"


def cancelled(view: WaitView) -> str:
    return f"Stopped waiting for {view.contact.name}'s reply{_re(view.wait)} (wait #{view.wait.id})"


def title(reminder: WaitReminder) -> str:
    """``No reply yet: Dana Smith re offer``."""
    view = reminder.view
    return f"No reply yet: {view.contact.name}{_re(view.wait)}"


def notices(reminders: tuple[WaitReminder, ...], tz: ZoneInfo) -> list[Notice]:
    """One notice per wait; more than ``BURST`` at once (after the app was closed) come as one
    notification, never a burst."""
    if len(reminders) <= BURST:
        return [notice(r, tz) for r in reminders]
    lines = [f"{title(r).removeprefix('No reply yet: ')} — {_fits(r)}" for r in reminders]
    if len(lines) > DIGEST_LINES:
        lines = [*lines[:DIGEST_LINES], f"and {len(lines) - DIGEST_LINES} more"]
    first, last = reminders[0].view.wait.id, reminders[-1].view.wait.id
    return [
        Notice(
            key=f"waits:{first}-{last}",
            title=f"No reply yet from {len(reminders)} people you were waiting for",
            body="\n".join(lines),
            actions=(NoticeAction.OPEN,),
        )
    ]


def _fits(reminder: WaitReminder) -> str:
    return SITUATION_WORDS.get(reminder.situation, reminder.situation.value.replace("_", " "))


def notice(reminder: WaitReminder, tz: ZoneInfo) -> Notice:
    """The wait's one reminder: who has not replied, the verdict and the message that fits."""
    body = f"{words.verdict(reminder.verdict, tz)}\nSuggested: {_fits(reminder)}"
    return Notice(
        key=f"wait:{reminder.view.wait.id}",
        title=title(reminder),
        body=body,
        actions=(NoticeAction.OPEN,),
    )
