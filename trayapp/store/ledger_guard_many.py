"""The cadence guard's facts about many contacts at once, for figures that judge everyone
touched lately (the week in numbers counts who is at caution or stop).

The facts are the very ones ``ledger_guard.read_guard_facts`` reads for each contact, with its
caps, from a few set-wise queries instead of ten per person: every touch of these contacts
(their histories, in one read), the outbound touches to their companies (each company's
newest and its last 7 days), and their open promises. A team's facts are still read per person
(``ledger_guard.read_team_facts``), only on a desktop that is on a team.

Reading whole histories costs what the people judged have on file, so this serves figures over
people reached lately; a single verdict keeps to ``read_guard_facts``, whose cost does not grow
with the history.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from trayapp.core.guard.facts import DAY, MONTH, WEEK, company_cap, recent_cap
from trayapp.core.guard.verdict import GuardFacts
from trayapp.core.matching import company_key
from trayapp.core.model import Contact, Promise
from trayapp.core.settings import GuardSettings
from trayapp.store import driver
from trayapp.store.ledger_guard import COUNT_CAP, STREAK_CAP, on_team, read_team_facts
from trayapp.store.rows import (
    PROMISE_COLUMNS,
    from_micros,
    opt_instant,
    promise_from,
    span_micros,
    to_micros,
)

__all__ = ["read_guard_facts_many"]

_IDS = "(SELECT value FROM json_each(?))"
# Every touch of these people up to now, each person's newest first.
_TOUCHES = (
    f"SELECT contact_id, direction, channel, at FROM touches WHERE contact_id IN {_IDS}"
    " AND at <= ? ORDER BY contact_id, at DESC"
)
# Each company's outbound touches: its newest (any age) and every one of its last 7 days.
_COMPANIES = f"""
SELECT company_key, at FROM (
  SELECT company_key, at, row_number() OVER (PARTITION BY company_key ORDER BY at DESC) AS n
  FROM touches WHERE company_key IN {_IDS} AND company_key <> '' AND direction = 'out'
  AND at <= ?)
WHERE n <= ? OR at > ? ORDER BY company_key, at DESC
"""
_OPEN_PROMISES = (
    f"SELECT id, {PROMISE_COLUMNS} FROM promises WHERE contact_id IN {_IDS} AND state = 'open'"
)
_CONVERSATIONS = frozenset({"call", "meeting"})

Row = tuple[str, str, int]  # direction, channel, at (microseconds), newest first


def read_guard_facts_many(
    conn: sqlite3.Connection, contacts: Sequence[Contact], at: datetime, settings: GuardSettings
) -> list[GuardFacts]:
    """The guard's facts about one more outbound touch at ``at`` to each saved contact of
    ``contacts``, in their order (unsaved ones are left out)."""
    saved = [c for c in contacts if c.id is not None]
    now = to_micros(at)
    ids = json.dumps([c.id for c in saved])
    history: defaultdict[int, list[Row]] = defaultdict(list)
    for ident, direction, channel, when in conn.execute(_TOUCHES, (ids, now)):
        history[int(ident)].append((str(direction), str(channel), int(when)))
    keys = {c.id: company_key(c.company) for c in saved}
    companies = _company_touches(conn, set(keys.values()), now, settings)
    promises = _open_promises(conn, ids)
    team = on_team(conn)
    found = []
    for contact in saved:
        assert contact.id is not None
        own = history.get(contact.id, [])
        mine = promises.get(contact.id, [])
        key = keys[contact.id]
        theirs = companies.get(key, []) if key else None  # None: a name that folds to no key
        facts = _own_facts(contact, at, own, settings, company=theirs, promises=mine)
        if team:
            own_recent = (facts.recent_outbound, facts.month_count)
            facts = replace(facts, **read_team_facts(conn, contact, now, settings, own_recent))
        found.append(facts)
    return found


def _own_facts(
    contact: Contact,
    at: datetime,
    own: list[Row],
    settings: GuardSettings,
    *,
    company: list[int] | None,
    promises: list[Promise],
) -> GuardFacts:
    """``read_guard_facts``'s own-history facts, from the person's touches newest first."""
    now = to_micros(at)
    outbound = [when for direction, _channel, when in own if direction == "out"]
    month_from, week_from, day_from = (now - span_micros(span) for span in (MONTH, WEEK, DAY))
    # Newest first: the month's touches come first, and the count reads at most COUNT_CAP.
    month = [when for when in outbound[:COUNT_CAP] if when > month_from]
    last_in = next((when for direction, _c, when in own if direction == "in"), None)
    last_talk = next((when for _d, channel, when in own if channel in _CONVERSATIONS), None)
    answered = max((t for t in (last_in, last_talk) if t is not None), default=None)
    streak = sum(1 for when in outbound if answered is None or when > answered)
    recent = tuple(from_micros(when) for when in outbound[: recent_cap(settings)])
    company_count, company_recent = _company_facts(contact, now, outbound, company, settings)
    pressing = min(promises, key=lambda p: (p.due_at, p.id or 0), default=None)
    return GuardFacts(
        contact=contact,
        at=at,
        day_count=sum(when > day_from for when in month),
        week_count=sum(when > week_from for when in month),
        month_count=len(month),
        recent_outbound=recent,
        unanswered_streak=min(streak, STREAK_CAP),
        last_outbound_at=recent[0] if recent else None,
        last_inbound_at=opt_instant(last_in),
        last_conversation_at=opt_instant(last_talk),
        company_week_count=company_count,
        company_recent_outbound=company_recent,
        pressing_promise=pressing,
        open_promises=len(promises),
    )


def _company_facts(
    contact: Contact,
    now: int,
    outbound: list[int],
    company: list[int] | None,
    settings: GuardSettings,
) -> tuple[int, tuple[datetime, ...]]:
    """As ``ledger_guard._company_facts``: the company's touches (found by its key), or the
    person's own when the name folds to no key."""
    if not contact.company.strip():
        return 0, ()
    start = now - span_micros(WEEK)
    touches = outbound if company is None else company
    # Newest first: the week's touches come first, and the count reads at most COUNT_CAP.
    count = sum(when > start for when in touches[:COUNT_CAP])
    return count, tuple(from_micros(when) for when in touches[: company_cap(settings)])


def _company_touches(
    conn: sqlite3.Connection, keys: set[str], now: int, settings: GuardSettings
) -> dict[str, list[int]]:
    """Each company's outbound touches, newest first: its newest few and its last 7 days."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    if not keys - {""}:
        return found
    params = (json.dumps(sorted(keys - {""})), now, company_cap(settings), now - span_micros(WEEK))
    for key, when in conn.execute(_COMPANIES, params):
        found[str(key)].append(int(when))
    return found


def _open_promises(conn: sqlite3.Connection, ids: str) -> dict[int, list[Promise]]:
    cursor = conn.cursor()
    cursor.row_factory = driver.Row
    found: defaultdict[int, list[Promise]] = defaultdict(list)
    for row in cursor.execute(_OPEN_PROMISES, (ids,)):
        promise = promise_from(row)
        found[promise.contact_id].append(promise)
    return found
