"""The words of waiting for a reply: the notification, a list line, what starting one says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.verdict import Level, Reason, ReasonCode, Situation, Verdict
from trayapp.core.model import Contact, WaitEnd, WaitingForReply
from trayapp.core.ports import NoticeAction
from trayapp.services.waiting import WaitReminder, WaitView
from trayapp.words import waiting as words

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")
DANA = Contact("Dana Smith", id=4)


def wait_view(
    about: str = "offer", closed_at: datetime | None = None, closed_by: WaitEnd | None = None
) -> WaitView:
    wait = WaitingForReply(4, NOW + timedelta(days=2), NOW, about, 9, closed_at, closed_by)
    return WaitView(wait, DANA)


def test_the_notice_names_who_did_not_reply_the_verdict_and_the_message() -> None:
    streak = Reason(ReasonCode.UNANSWERED_STREAK, Level.CAUTION, count=4, limit=3)
    verdict = Verdict(Level.CAUTION, (streak,), None, 4, Situation.BALL_IN_COURT, NOW)
    notice = words.notice(WaitReminder(wait_view(), verdict, Situation.BALL_IN_COURT), TZ)
    assert notice.key == "wait:9"
    assert notice.title == "No reply yet: Dana Smith re offer"
    assert notice.body.startswith("Caution: 4 unanswered touches in a row (stop chasing after 3)")
    assert notice.body.endswith("\nSuggested: leave the ball in their court")
    assert notice.promise_id is None and notice.actions == (NoticeAction.OPEN,)


def test_list_lines_say_when_or_how_it_ended() -> None:
    assert (
        words.line(wait_view(), TZ, NOW)
        == "#9     Thu 12 Mar 15:00       Dana Smith re offer (in 2 days)"
    )
    replied = wait_view("", closed_at=NOW, closed_by=WaitEnd.REPLY)
    assert words.line(replied, TZ, NOW).endswith("Dana Smith (they replied)")
    assert words.line(wait_view(), TZ, NOW + timedelta(days=3)).endswith("(due now)")


def test_starting_and_cancelling_say_so() -> None:
    assert words.started(wait_view(), TZ, NOW) == (
        "Waiting for Dana Smith's reply re offer until Thu 12 Mar 15:00 (wait #9); "
        "a reply logged from them cancels the reminder"
    )
    assert (
        words.cancelled(wait_view()) == "Stopped waiting for Dana Smith's reply re offer (wait #9)"
    )


def test_many_waits_ending_at_once_come_as_one_notice() -> None:
    verdict = Verdict(Level.OK, (), None, 3, Situation.GONE_DARK, NOW)

    def ended(ident: int, name: str) -> WaitReminder:
        wait = WaitingForReply(ident, NOW, NOW - timedelta(days=1), "", ident)
        return WaitReminder(WaitView(wait, Contact(name, id=ident)), verdict, Situation.GONE_DARK)

    few = tuple(ended(i, f"Person {i}") for i in range(1, 4))
    assert [n.title for n in words.notices(few, TZ)] == [
        f"No reply yet: Person {i}" for i in (1, 2, 3)
    ]
    many = tuple(ended(i, f"Person {i}") for i in range(1, 8))
    [one] = words.notices(many, TZ)
    assert (one.key, one.title) == ("waits:1-7", "No reply yet from 7 people you were waiting for")
    assert one.body.splitlines() == [
        *(f"Person {i} — a last try before going quiet" for i in range(1, 6)),
        "and 2 more",
    ]
