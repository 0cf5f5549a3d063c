"""The notification words: what is owed to whom and how urgent, and the away/today digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from trayapp.core.guard.verdict import Level, Reason, ReasonCode, Situation, Verdict
from trayapp.core.model import Contact, Promise
from trayapp.core.ports import NoticeAction
from trayapp.core.promises import PromiseStatus
from trayapp.core.reminders.plan import Occurrence, OccurrenceKind
from trayapp.services.promises import PromiseView
from trayapp.services.reminding import Digest, Reminder
from trayapp.words.notices import digest_notice, reminder_notice, reminder_title

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")


def view(pid: int, name: str, what: str, due: datetime) -> PromiseView:
    promise = Promise(pid, what, due, NOW - timedelta(days=30), id=pid)
    status = PromiseStatus.OVERDUE if due < NOW else PromiseStatus.OPEN
    return PromiseView(promise, Contact(name, id=pid), status, max(0, (NOW - due).days))


def reminder(kind: OccurrenceKind, due: datetime, what: str = "send Acme feedback") -> Reminder:
    v = view(7, "Dana Smith", what, due)
    return Reminder(Occurrence(7, kind, 0, NOW, NOW, due), v, verdict(), Situation.CHECK_IN, 3)


def verdict(level: Level = Level.OK, *reasons: Reason) -> Verdict:
    return Verdict(level, reasons, None, 0, Situation.CHECK_IN, NOW)


def test_titles_say_how_urgent_what_and_to_whom() -> None:
    heads_up = reminder(OccurrenceKind.HEADS_UP, NOW + timedelta(hours=1))
    due = reminder(OccurrenceKind.DUE, NOW - timedelta(seconds=20))
    late = reminder(OccurrenceKind.OVERDUE, NOW - timedelta(days=2, hours=1))
    snoozed = reminder(OccurrenceKind.SNOOZE_END, NOW + timedelta(minutes=30))
    assert reminder_title(heads_up, NOW) == (
        "Heads-up: send Acme feedback — Dana Smith, due in 1 hour"
    )
    assert reminder_title(due, NOW) == "Due now: send Acme feedback — Dana Smith"
    assert reminder_title(late, NOW) == "Overdue 2 days: send Acme feedback — Dana Smith"
    assert reminder_title(snoozed, NOW).startswith("Snooze over: send Acme feedback")
    just_before = reminder(OccurrenceKind.HEADS_UP, NOW + timedelta(seconds=58))
    assert reminder_title(just_before, NOW).endswith("due in 1 minute")


def test_a_long_promise_is_shortened_in_the_title() -> None:
    long = reminder(OccurrenceKind.DUE, NOW, what="x" * 200)
    title = reminder_title(long, NOW)
    assert "…" in title and len(title) < 100
    assert title.endswith("— Dana Smith")


def test_the_body_has_the_verdict_and_the_suggested_message_and_buttons() -> None:
    caution = verdict(Level.CAUTION, Reason(ReasonCode.WEEK_LIMIT, Level.CAUTION, 3, 3, 7.0))
    notice = reminder_notice(
        reminder(OccurrenceKind.DUE, NOW), caution, Situation.OVERDUE_APOLOGY, TZ, NOW
    )
    assert notice.body.splitlines()[0].startswith("Caution: 3 outbound touches")
    assert notice.body.splitlines()[1] == "Suggested: an apology for the delay"
    assert notice.promise_id == 7
    assert notice.key == "7:" + str(int(NOW.timestamp())) + ":due:0"
    assert notice.actions == (NoticeAction.OPEN, NoticeAction.KEPT, NoticeAction.SNOOZE_HOUR)
    no_snooze = reminder_notice(
        reminder(OccurrenceKind.DUE, NOW),
        verdict(),
        Situation.RENEGOTIATE,
        TZ,
        NOW,
        can_snooze=False,
    )
    assert NoticeAction.SNOOZE_HOUR not in no_snooze.actions
    assert no_snooze.body == "OK to contact\nSuggested: ask for a new date"


def digest(*views: PromiseView, catch_up: bool, start: bool) -> Digest:
    return Digest("d", tuple(views), catch_up, start, due_today=2, overdue=1)


def test_the_catch_up_names_the_count_and_the_oldest() -> None:
    views = (
        view(1, "Dana Smith", "a", NOW - timedelta(days=2, hours=2)),
        view(2, "Lee Park", "b", NOW - timedelta(hours=5)),
        view(3, "Ana Ruiz", "c", NOW - timedelta(hours=1)),
    )
    notice = digest_notice(digest(*views, catch_up=True, start=False), NOW)
    assert (
        notice.title
        == "While you were away: 3 promises became due, oldest Dana Smith — 2 days late"
    )
    assert "Today" not in notice.body
    assert notice.promise_id is None
    assert notice.actions == (NoticeAction.OPEN,)


def test_catch_up_and_start_of_day_are_one_notice() -> None:
    one = view(4, "Dana Smith", "a", NOW - timedelta(minutes=5))
    notice = digest_notice(digest(one, catch_up=True, start=True), NOW)
    assert notice.title == "While you were away: 1 promise became due: Dana Smith — 5 minutes late"
    assert notice.body.splitlines()[0] == "Today: 2 due, 1 overdue"
    assert notice.promise_id == 4


def test_the_start_of_day_alone_sums_up_the_day() -> None:
    notice = digest_notice(digest(catch_up=False, start=True), NOW)
    assert notice.title == "Today: 2 due, 1 overdue"
    assert notice.key == "d"


def test_a_heads_up_in_a_digest_is_coming_up_not_due() -> None:
    due = view(5, "Dana Smith", "a", NOW - timedelta(hours=3))
    soon = view(6, "Lee Park", "b", NOW + timedelta(minutes=40))
    notice = digest_notice(
        Digest("d", (due,), True, False, due_today=2, overdue=1, coming_up=(soon,)), NOW
    )
    assert notice.title == "While you were away: 1 promise became due: Dana Smith — 3 hours late"
    assert notice.body.splitlines()[0] == "1 promise coming up: Lee Park — due in 40 minutes"
    only_soon = Digest("d", (), True, False, due_today=2, overdue=1, coming_up=(soon,))
    assert digest_notice(only_soon, NOW).title == (
        "While you were away: 1 promise coming up: Lee Park — due in 40 minutes"
    )


def test_the_start_of_day_names_contacts_cooling_down() -> None:
    notice = digest_notice(Digest("d", (), False, True, due_today=2, overdue=1, cooling=3), NOW)
    assert notice.title == "Today: 2 due, 1 overdue, 3 contacts cooling down"


def test_a_catch_up_says_due_now_only_within_the_minute() -> None:
    one = view(4, "Dana Smith", "a", NOW - timedelta(seconds=40))
    notice = digest_notice(digest(one, catch_up=True, start=False), NOW)
    assert notice.title == "While you were away: 1 promise became due: Dana Smith — due now"


def test_a_digest_lists_the_promises_it_carries_oldest_first() -> None:
    views = (
        view(1, "Dana Smith", "send the deck", NOW - timedelta(days=3, hours=1)),
        view(2, "Lee Park", "call back about the offer", NOW - timedelta(hours=5)),
        view(3, "Ana Ruiz", "book the panel", NOW - timedelta(seconds=20)),
        view(4, "Sam Cole", "share the brief", NOW - timedelta(days=1)),
    )
    notice = digest_notice(digest(*views, catch_up=True, start=False), NOW)
    assert notice.body.splitlines() == [
        "Dana Smith — send the deck — 3 days late",
        "Lee Park — call back about the offer — 5 hours late",
        "Ana Ruiz — book the panel — due now",
        "Sam Cole — share the brief — 1 day late",
        "Open Follow-Through to see them all.",
    ]


def test_a_long_digest_names_five_then_says_how_many_more() -> None:
    views = tuple(
        view(n, f"Person {n}", f"task {n}", NOW - timedelta(days=6 - n / 2)) for n in range(8)
    )
    notice = digest_notice(digest(*views, catch_up=True, start=True), NOW)
    lines = notice.body.splitlines()
    assert lines[0] == "Today: 2 due, 1 overdue"
    assert [line.rsplit(" — ", 1)[0] for line in lines[1:6]] == [
        f"Person {n} — task {n}" for n in range(5)
    ]
    assert lines[1].endswith("— 6 days late")
    assert lines[6] == "and 3 more"
    assert len(notice.body) < 400


def test_a_digest_line_shortens_a_long_promise_and_says_when_coming_up_is_due() -> None:
    due = view(5, "Dana Smith", "x" * 200, NOW - timedelta(hours=3))
    soon = view(6, "Lee Park", "prep the call", NOW + timedelta(minutes=40))
    notice = digest_notice(
        Digest("d", (due,), True, False, due_today=2, overdue=1, coming_up=(soon,)), NOW
    )
    lines = notice.body.splitlines()
    assert lines[1].startswith("Dana Smith — xxx") and lines[1].endswith("… — 3 hours late")
    assert len(lines[1]) < 70
    assert lines[2] == "Lee Park — prep the call — due in 40 minutes"
