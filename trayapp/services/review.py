"""The promise-debt review: every open promise, oldest due first, with how late it is and the
script that fits — the year-old forgotten promise at the top — and the weekly review that
brings it up (by default on Monday at the start of work, once a week)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trayapp.core.guard.verdict import Situation, Tier
from trayapp.core.ports import ReminderLog
from trayapp.services.context import Context
from trayapp.services.promises import ListFilter, PromiseView, list_promises
from trayapp.services.scripting import fitting_situation

__all__ = [
    "DebtRow",
    "WeeklyReview",
    "due_weekly_review",
    "next_review",
    "promise_debt",
    "review_instant",
]

#: Where the reminder log remembers the last week reviewed (its ISO year and week).
REVIEWED_STATE = "weekly-review"


@dataclass(frozen=True, slots=True)
class DebtRow:
    """One open promise in the review."""

    view: PromiseView
    late_seconds: float
    situation: Situation
    tier: Tier | None


def promise_debt(ctx: Context, limit: int = 500) -> list[DebtRow]:
    """Open promises, oldest due first, with lateness and the fitting script (the guard's
    verdict on the contact left out: the review is about what is owed, not who may be called)."""
    now = ctx.now()
    rows = []
    for view in list_promises(ctx, ListFilter.OPEN, limit=limit):
        situation, tier = fitting_situation(ctx, view.promise, None)
        rows.append(DebtRow(view, max(0.0, view.promise.lateness(now)), situation, tier))
    return rows


@dataclass(frozen=True, slots=True)
class WeeklyReview:
    """The week's review notice: its week, how many promises are open and late, the oldest."""

    week: str
    open_count: int
    late_count: int
    oldest: DebtRow | None


def review_instant(ctx: Context, day: date) -> datetime:
    """When the review of the week holding ``day`` is due: the setting's weekday, at the start
    of work, in the user's zone."""
    reminders = ctx.settings.reminders
    monday = day - timedelta(days=day.weekday())
    on = monday + timedelta(days=reminders.weekly_review_day)
    return datetime.combine(on, reminders.work_start, ctx.tz)


def _week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_weekly_review(ctx: Context, log: ReminderLog) -> WeeklyReview | None:
    """This week's review when it is due and not given yet (then it is marked given), else
    None. A week the app was not running for is not made up: only the current one counts."""
    if not ctx.settings.reminders.weekly_review:
        return None
    now = ctx.now()
    today = now.astimezone(ctx.tz).date()
    week = _week_key(today)
    if now < review_instant(ctx, today) or log.get_state(REVIEWED_STATE) == week:
        return None
    debt = promise_debt(ctx, limit=500)
    log.set_state(REVIEWED_STATE, week)
    late = [row for row in debt if row.late_seconds > 0]
    return WeeklyReview(week, len(debt), len(late), debt[0] if debt else None)


def next_review(ctx: Context) -> datetime | None:
    """The next instant a weekly review falls due (this week's if still ahead, else next)."""
    if not ctx.settings.reminders.weekly_review:
        return None
    today = ctx.now().astimezone(ctx.tz).date()
    this_week = review_instant(ctx, today)
    if this_week > ctx.now():
        return this_week
    return review_instant(ctx, today + timedelta(days=7))
