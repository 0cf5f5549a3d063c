"""The cadence guard's facts, read with a handful of bounded, indexed queries.

Every query is an index range scan (see the indexes in ``migrations``) that stops at a window
edge or a ``LIMIT``, so the cost of a verdict does not grow with the size of the history:

- the 24 h / 7 d / 30 d outbound counts come from one scan of the last 30 days of the
  contact's outbound touches, capped at ``COUNT_CAP`` rows;
- the unanswered streak counts outbound touches after the last answer (the newer of the last
  inbound touch and the last conversation), capped at ``STREAK_CAP``;
- the company count is one scan of the company's last 7 days, capped at ``COUNT_CAP``;
- the pressing promise is the first row of the contact's open promises in due order.

The caps are far above any sensible limit: a count at the cap already breaks every rule it
feeds, so capping never changes a verdict (settings accept limits up to 100 000; a limit above
the cap would read a capped count as under it, which is the documented price of a bounded read).

The definitions mirror ``trayapp.core.guard.rules.facts_from_history``, the reference these queries
are tested against.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from trayapp.core.guard.facts import DAY, MONTH, WEEK, company_cap, recent_cap
from trayapp.core.guard.verdict import GuardFacts, TeamMark, TeamTouch
from trayapp.core.matching import company_key
from trayapp.core.model import Contact, Promise
from trayapp.core.settings import GuardSettings
from trayapp.store import driver
from trayapp.store.rows import (
    PROMISE_COLUMNS,
    from_micros,
    opt_instant,
    promise_from,
    span_micros,
    to_micros,
)
from trayapp.store.team_keys import about_person, by_each_key, person_keys

#: At most this many touches are read for one windowed count.
COUNT_CAP = 1000
#: An unanswered streak is counted up to this many touches.
STREAK_CAP = 1000
_BEFORE_ANYTHING = -(2**62)

# Windows are (at - length, at]: a touch exactly one window old has left it.
WINDOW_COUNTS = (
    "SELECT count(*), coalesce(sum(at > ?), 0), coalesce(sum(at > ?), 0) FROM ("
    " SELECT at FROM touches WHERE contact_id = ? AND direction = 'out'"
    " AND at > ? AND at <= ? ORDER BY at DESC LIMIT ?)"
)
RECENT_OUTBOUND = (
    "SELECT at FROM touches WHERE contact_id = ? AND direction = 'out' AND at <= ?"
    " ORDER BY at DESC LIMIT ?"
)
LAST_INBOUND = (
    "SELECT at FROM touches WHERE contact_id = ? AND direction = 'in' AND at <= ?"
    " ORDER BY at DESC LIMIT 1"
)
LAST_CONVERSATION = (
    "SELECT at FROM touches WHERE contact_id = ? AND channel IN ('call', 'meeting')"
    " AND at <= ? ORDER BY at DESC LIMIT 1"
)
# Outbound touches strictly after the last answer. An outbound conversation is an answer
# itself, so none can come after the last answer: the plain outbound scan is the streak.
STREAK = (
    "SELECT count(*) FROM ("
    " SELECT 1 FROM touches WHERE contact_id = ? AND direction = 'out'"
    " AND at > ? AND at <= ? LIMIT ?)"
)
COMPANY_RECENT = (
    "SELECT at FROM touches WHERE company_key = ? AND company_key <> ''"
    " AND direction = 'out' AND at <= ? ORDER BY at DESC LIMIT ?"
)
COMPANY_COUNT = (
    "SELECT count(*) FROM ("
    " SELECT 1 FROM touches WHERE company_key = ? AND company_key <> ''"
    " AND direction = 'out' AND at > ? AND at <= ? LIMIT ?)"
)
# The open promise that falls due first: the most overdue one, or the next to fall due.
PRESSING_PROMISE = (
    f"SELECT id, {PROMISE_COLUMNS} FROM promises WHERE contact_id = ? AND state = 'open'"
    " ORDER BY due_at, id LIMIT 1"
)
OPEN_PROMISES = "SELECT count(*) FROM promises WHERE contact_id = ? AND state = 'open'"

#: Every guard query, for tests that check their query plans.
GUARD_QUERIES = {
    "window_counts": WINDOW_COUNTS,
    "recent_outbound": RECENT_OUTBOUND,
    "last_inbound": LAST_INBOUND,
    "last_conversation": LAST_CONVERSATION,
    "streak": STREAK,
    "company_recent": COMPANY_RECENT,
    "company_count": COMPANY_COUNT,
    "pressing_promise": PRESSING_PROMISE,
    "open_promises": OPEN_PROMISES,
}


def read_guard_facts(
    conn: sqlite3.Connection, contact: Contact, at: datetime, settings: GuardSettings
) -> GuardFacts:
    """The guard's facts about one more outbound touch to ``contact`` at ``at``.

    A contact not saved yet (no id) has no history of its own; its company's still counts.
    """
    now = to_micros(at)
    company_count, company_recent = _company_facts(conn, contact, now, settings)
    team = on_team(conn)
    if contact.id is None:
        return GuardFacts(
            contact,
            at,
            *(0, 0, 0, (), 0, None, None, None),
            *(company_count, company_recent, None, 0),
            **(read_team_facts(conn, contact, now, settings, ((), 0)) if team else {}),
        )
    ident = contact.id
    window = (now - span_micros(WEEK), now - span_micros(DAY), ident, now - span_micros(MONTH), now)
    month, week, day = conn.execute(WINDOW_COUNTS, (*window, COUNT_CAP)).fetchone()
    recent = _instants(conn, RECENT_OUTBOUND, (ident, now, recent_cap(settings)))
    last_in = _scalar(conn, LAST_INBOUND, (ident, now))
    last_talk = _scalar(conn, LAST_CONVERSATION, (ident, now))
    answered = max((t for t in (last_in, last_talk) if t is not None), default=_BEFORE_ANYTHING)
    return GuardFacts(
        contact=contact,
        at=at,
        day_count=day,
        week_count=week,
        month_count=month,
        recent_outbound=recent,
        unanswered_streak=_scalar(conn, STREAK, (ident, answered, now, STREAK_CAP)) or 0,
        last_outbound_at=recent[0] if recent else None,
        last_inbound_at=opt_instant(last_in),
        last_conversation_at=opt_instant(last_talk),
        company_week_count=company_count,
        company_recent_outbound=company_recent,
        pressing_promise=_pressing_promise(conn, ident),
        open_promises=_scalar(conn, OPEN_PROMISES, (ident,)) or 0,
        **(read_team_facts(conn, contact, now, settings, (recent, month)) if team else {}),
    )


def on_team(conn: sqlite3.Connection) -> bool:
    """Whether anything of a team is here: a desktop never on a team skips the team's reads."""
    return _scalar(conn, _ANY_TEAM, ()) == 1


def read_team_facts(
    conn: sqlite3.Connection,
    contact: Contact,
    now: int,
    settings: GuardSettings,
    own: tuple[tuple[datetime, ...], int],
) -> dict[str, Any]:
    """The team's facts about ``contact`` (a desktop on a team): teammates' touches to their
    company, and to them (when saved) with their marks. ``own``: this desktop's newest
    outbound instants and its count of the last 30 days."""
    return {
        **_team_company_facts(conn, contact, now, settings),
        **_team_facts(conn, contact, now, settings, own),
    }


_ANY_TEAM = "SELECT EXISTS (SELECT 1 FROM team_touches) OR EXISTS (SELECT 1 FROM team_boundaries)"
#: Teammates' outbound touches to the person in a span of time (one part per key they have,
#: see ``by_each_key``) ...
_TEAM_ROWS = "SELECT uid, author, channel, at FROM team_touches"
_OUTBOUND_IN = "direction = 'out' AND at > ? AND at <= ?"
#: ... since a time, newest or oldest first;
_TEAM_TOUCHES = "{union} ORDER BY at {order} LIMIT ?"
#: and how many of them in the last 24 hours, 7 days and 30 days (when the newest do not hold
#: them all).
_TEAM_COUNTS = "SELECT sum(at > ?), sum(at > ?), count(*) FROM ({union})"
#: Teammates' outbound touches to anyone at the company in the last 7 days, the newest first
#: (``company_key <> ''`` lets SQLite use the partial index, which holds them in time order);
#: and how many, asked only when the newest do not hold them all.
_TO_COMPANY = (
    "FROM team_touches"
    " WHERE company_key = ? AND company_key <> '' AND direction = 'out' AND at > ? AND at <= ?"
)
_TEAM_COMPANY = f"SELECT author, channel, at {_TO_COMPANY} ORDER BY at DESC LIMIT ?"
_TEAM_COMPANY_COUNT = f"SELECT count(*) {_TO_COMPANY}"
_OWN_FIRST = (
    "SELECT min(at) FROM touches WHERE contact_id = ? AND direction = 'out' AND at > ? AND at <= ?"
)
#: Teammates' touches kept in the facts: enough to name the latest and count a few.
TEAM_CAP = 20


def _team_facts(
    conn: sqlite3.Connection,
    contact: Contact,
    now: int,
    settings: GuardSettings,
    own: tuple[tuple[datetime, ...], int],
) -> dict[str, Any]:
    """Teammates' outbound touches to this person (found by e-mail, phone or LinkedIn in
    the team ledger's copy here): the recent ones, how many in each pacing window, and the
    first within the ownership window; and their marks."""
    keys = person_keys(contact)
    if not any(keys) or contact.id is None:
        return {}
    recent_since = now - span_micros(timedelta(days=settings.cool_off_days))
    owned_since = now - span_micros(timedelta(days=settings.ownership_days))
    day, week, month = (now - span_micros(window) for window in (DAY, WEEK, MONTH))
    since = min(recent_since, month, owned_since)
    limit = max(TEAM_CAP, recent_cap(settings))

    def touches(start: int, order: str, most: int) -> list[TeamTouch]:
        union, values = by_each_key(_TEAM_ROWS, _OUTBOUND_IN, keys, (start, now))
        sql = _TEAM_TOUCHES.format(union=union, order=order)
        found = conn.execute(sql, (*values, most)).fetchall()
        return [TeamTouch(str(a), str(c), from_micros(int(t))) for _uid, a, c, t in found]

    newest = touches(since, "DESC", limit)
    owned_from = from_micros(owned_since)
    if len(newest) < limit:  # every touch since then is here: count and find the first here
        edges = [from_micros(start) for start in (day, week, month)]
        counts = [sum(t.at > edge for t in newest) for edge in edges]
        first = next((t for t in reversed(newest) if t.at > owned_from), None)
    else:  # a person the team reached more often: the database counts
        union, values = by_each_key(_TEAM_ROWS, _OUTBOUND_IN, keys, (month, now))
        counted = conn.execute(_TEAM_COUNTS.format(union=union), (day, week, *values)).fetchone()
        counts = [int(n or 0) for n in counted]
        oldest = touches(owned_since, "ASC", 1)
        first = oldest[0] if oldest else None
    own_first = _own_first(conn, contact.id, (owned_since, now), own) if first else None
    recent_from, month_from = from_micros(recent_since), from_micros(month)
    return {
        "team_recent": tuple(t for t in newest if t.at > recent_from)[:TEAM_CAP],
        "team_first": first,
        "own_first_at": own_first,
        "team_outbound": tuple(t for t in newest if t.at > month_from)[: recent_cap(settings)],
        "team_day_count": counts[0],
        "team_week_count": counts[1],
        "team_month_count": counts[2],
        **_team_marks(conn, keys, contact.id),
    }


def _own_first(
    conn: sqlite3.Connection,
    contact_id: int,
    window: tuple[int, int],
    own: tuple[tuple[datetime, ...], int],
) -> datetime | None:
    """This desktop's first outbound touch in the ownership window: from its newest touches
    when they hold every one of the last 30 days and the window is no longer, else asked."""
    (start, now), (recent, month_count) = window, own
    if now - start <= span_micros(MONTH) and month_count <= len(recent):
        inside = [t for t in recent if t > from_micros(start)]
        return min(inside) if inside else None
    return opt_instant(_scalar(conn, _OWN_FIRST, (contact_id, start, now)))


def _team_company_facts(
    conn: sqlite3.Connection, contact: Contact, now: int, settings: GuardSettings
) -> dict[str, Any]:
    """Teammates' outbound touches to the contact's company (anyone there) in the last 7 days."""
    key = company_key(contact.company)
    if not key:
        return {}
    since, cap = now - span_micros(WEEK), company_cap(settings)
    if cap < 1:  # no company limit: nothing to count
        return {}
    found = conn.execute(_TEAM_COMPANY, (key, since, now, cap + 1)).fetchall()
    count = len(found)
    if count > cap:
        count = _scalar(conn, _TEAM_COMPANY_COUNT, (key, since, now)) or 0
    kept = tuple(TeamTouch(str(a), str(c), from_micros(int(t))) for a, c, t in found[:cap])
    return {"team_company_outbound": kept, "team_company_week_count": count}


#: Every mark teammates recorded on the person (a few at most).
_TEAM_MARKS = "SELECT kind, author, at, until, reason FROM team_boundaries WHERE {person}"
#: Which mark of each kind counts: the latest do-not-contact and lift, the longest quiet-until.
_MARK_FIELDS = {
    "do_not_contact": ("team_dnc", "at"),
    "quiet_until": ("team_quiet", "until"),
    "do_not_contact_lifted": ("team_lift", "at"),
}


def _team_marks(
    conn: sqlite3.Connection, keys: tuple[str, str, str], contact_id: int
) -> dict[str, Any]:
    """A teammate's do-not-contact on the person (the latest, unless lifted since, here or by
    a teammate), the quiet-until that lasts longest, and a teammate's latest lift."""
    found: dict[str, Any] = {}
    person, values = about_person(keys)
    for kind, author, at, until, reason in conn.execute(_TEAM_MARKS.format(person=person), values):
        if kind not in _MARK_FIELDS:
            continue
        field, order = _MARK_FIELDS[kind]
        mark = TeamMark(str(author), from_micros(int(at)), opt_instant(until), str(reason))
        held = found.get(field)
        if held is None or _mark_key(mark, order) > _mark_key(held, order):
            found[field] = mark
    dnc = found.get("team_dnc")
    if dnc is None:
        return found
    lifts = [lift.at for lift in (found.get("team_lift"),) if lift is not None]
    mine = _scalar(conn, "SELECT at FROM dnc_lifts WHERE contact_id = ?", (contact_id,))
    lifts += [from_micros(mine)] if mine is not None else []
    if lifts and max(lifts) >= dnc.at:
        del found["team_dnc"]
    return found


def _mark_key(mark: TeamMark, order: str) -> datetime:
    return (mark.until or mark.at) if order == "until" else mark.at


def _company_facts(
    conn: sqlite3.Connection, contact: Contact, now: int, settings: GuardSettings
) -> tuple[int, tuple[datetime, ...]]:
    """Outbound touches in the last 7 days to anyone at the contact's company (this contact
    included), and the newest such touches of any age; nothing when it has no company.

    A company whose name folds to an empty key (only marks or symbols) matches nobody else,
    so only the contact's own touches count.
    """
    if not contact.company.strip():
        return 0, ()
    key = company_key(contact.company)
    start = now - span_micros(WEEK)
    cap = company_cap(settings)
    if key:
        count = _scalar(conn, COMPANY_COUNT, (key, start, now, COUNT_CAP)) or 0
        return count, _instants(conn, COMPANY_RECENT, (key, now, cap))
    if contact.id is None:
        return 0, ()
    own = _instants(conn, RECENT_OUTBOUND, (contact.id, now, COUNT_CAP))
    return sum(t > from_micros(start) for t in own), own[:cap]


def _pressing_promise(conn: sqlite3.Connection, contact_id: int) -> Promise | None:
    cursor = conn.cursor()
    cursor.row_factory = driver.Row
    row = cursor.execute(PRESSING_PROMISE, (contact_id,)).fetchone()
    return None if row is None else promise_from(row)


def _scalar(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> int | None:
    """The first column of the first row, or ``None`` when there is no row (or no value)."""
    row = conn.execute(sql, params).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _instants(
    conn: sqlite3.Connection, sql: str, params: tuple[object, ...]
) -> tuple[datetime, ...]:
    return tuple(from_micros(row[0]) for row in conn.execute(sql, params))
