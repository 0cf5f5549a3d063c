"""The words of the promise-debt review: its rows (how late, which script) and the weekly
notification that opens it."""

from __future__ import annotations

from trayapp.core.ports import Notice, NoticeAction
from trayapp.services.review import DebtRow, WeeklyReview
from trayapp.words.lateness import SCRIPT_NAMES, late_by
from trayapp.words.verdicts import plural

__all__ = ["REVIEW_KEY", "how_late", "review_notice", "script_name"]

#: Every weekly review notice's key starts so; a click on it opens the review.
REVIEW_KEY = "weekly-review:"
WHAT_LENGTH = 50


def how_late(row: DebtRow) -> str:
    """``1 year late``, ``3 days late``, or ``not late yet``."""
    return f"{late_by(row.late_seconds)} late" if row.late_seconds > 0 else "not late yet"


def script_name(row: DebtRow) -> str:
    """``apology (months late)``, ``check-in``."""
    name = SCRIPT_NAMES.get(row.situation, row.situation.value.replace("_", " "))
    return f"{name} ({row.tier.value} late)" if row.tier is not None else name


def review_notice(review: WeeklyReview) -> Notice:
    """``Weekly review: 6 open promises, 2 late`` and the oldest, by name."""
    late = f", {review.late_count} late" if review.late_count else ", none late"
    title = f"Weekly review: {plural(review.open_count, 'open promise')}{late}"
    if review.oldest is None:
        body = "Nothing is owed to anyone: a clean slate."
    else:
        view = review.oldest.view
        what = view.promise.what
        what = what if len(what) <= WHAT_LENGTH else what[: WHAT_LENGTH - 1] + "…"
        body = (
            f"Oldest: {view.contact.name} — {what}, {how_late(review.oldest)}. "
            "Open the review to go through them, oldest first."
        )
    return Notice(REVIEW_KEY + review.week, title, body, actions=(NoticeAction.OPEN,))
