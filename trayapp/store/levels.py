"""The cadence guard's level of each person contacted recently, kept between reads.

How many people are at caution or stop is a figure over everyone contacted in the last 30 days;
judging them all takes a while on a large ledger, and little of it changes between two looks.
So each level is kept with the instant it holds until (``core.guard.holds``), and triggers mark
a person's level as changed whenever something it was judged from is written: their touches
and those of anyone at their company, their promises, their own row, a do-not-contact lifted.
A teammate's touch or mark, or other guard settings, void every level kept.

``changes`` counts the writes that concern a person and ``judged`` the count their level was
judged at: a level holds while they are equal and its instant has not come. ``last_out`` is
the person's latest outbound touch, or later (a trigger raises it with each outbound touch and
never lowers it), so it always finds everyone whose latest touch is recent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from trayapp.core.guard.verdict import Level
from trayapp.core.stats import JudgedLevel, KeptLevels
from trayapp.store.rows import to_micros

__all__ = ["LEVELS_SCHEMA", "keep_levels", "kept_levels"]


def _concerns(contact: str) -> str:
    return f"UPDATE contact_levels SET changes = changes + 1 WHERE contact_id = {contact};"


def _company(key: str) -> str:
    return (
        "UPDATE contact_levels SET changes = changes + 1 WHERE contact_id IN"
        f" (SELECT id FROM contacts WHERE company_key = {key} AND company_key <> '');"
    )


def _touch(row: str) -> str:
    """A touch taken away (``old``) or written (``new``): its contact and everyone at the
    company it was filed under. A new outbound touch also raises its contact's latest one
    (adding them, when their level was not kept)."""
    raise_last = (
        "INSERT INTO contact_levels (contact_id, last_out)"
        " SELECT new.contact_id, new.at WHERE new.direction = 'out'"
        " ON CONFLICT (contact_id) DO UPDATE SET"
        " last_out = max(coalesce(last_out, excluded.last_out), excluded.last_out);"
    )
    return (
        f"{raise_last if row == 'new' else ''}"
        f" {_concerns(f'{row}.contact_id')} {_company(f'{row}.company_key')}"
    )


def _contact_rows(update: str) -> dict[str, str]:
    """A row about one contact (``contact_id``) added, taken away, or changed by ``update``:
    the contact it was about and the one it is about now."""
    old, new = _concerns("old.contact_id"), _concerns("new.contact_id")
    return {"INSERT": new, "DELETE": old, update: f"{old} {new}"}


_TEAM = "UPDATE levels_marks SET team = team + 1;"


def _triggers(table: str, body: dict[str, str]) -> tuple[str, ...]:
    return tuple(
        f"CREATE TRIGGER {table}_levels_{event.split()[0].lower()} AFTER {event} ON {table}"
        f" BEGIN {statements} END"
        for event, statements in body.items()
    )


#: The kept levels, the marks that void them all, and the triggers that keep them honest.
LEVELS_SCHEMA = (
    """CREATE TABLE contact_levels (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        last_out INTEGER,
        level TEXT NOT NULL DEFAULT 'ok',
        until INTEGER,
        changes INTEGER NOT NULL DEFAULT 1,
        judged INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX contact_levels_recent ON contact_levels(last_out)",
    "CREATE INDEX contact_levels_raised ON contact_levels(level, last_out) WHERE level <> 'ok'",
    "CREATE INDEX contact_levels_changed ON contact_levels(last_out) WHERE changes <> judged",
    "CREATE INDEX contact_levels_until ON contact_levels(until) WHERE until IS NOT NULL",
    """CREATE TABLE levels_marks (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        team INTEGER NOT NULL DEFAULT 0,
        judged_under TEXT NOT NULL DEFAULT ''
    )""",
    "INSERT INTO levels_marks (id) VALUES (1)",
    "CREATE INDEX team_touches_at ON team_touches(at)",
    "INSERT INTO contact_levels (contact_id, last_out)"
    " SELECT contact_id, max(at) FROM touches WHERE direction = 'out' GROUP BY contact_id",
    *_triggers(
        "touches",
        {
            "INSERT": _touch("new"),
            "DELETE": _touch("old"),
            "UPDATE": f"{_touch('old')} {_touch('new')}",
        },
    ),
    # A level reads which of the person's promises are open and when they fall due.
    *_triggers("promises", _contact_rows("UPDATE OF contact_id, state, due_at")),
    *_triggers("contacts", {"UPDATE": _concerns("new.id")}),
    *_triggers("dnc_lifts", _contact_rows("UPDATE")),
    *(
        trigger
        for table in ("team_touches", "team_boundaries")
        for trigger in _triggers(table, {"INSERT": _TEAM, "DELETE": _TEAM, "UPDATE": _TEAM})
    ),
)

_BOUND = (
    "SELECT last_out, contact_id FROM contact_levels WHERE last_out >= ?"
    " ORDER BY last_out DESC, contact_id DESC LIMIT 1 OFFSET ?"
)
_RECENT = "(last_out, contact_id) >= (?, ?)"
_EVERYONE = f"SELECT contact_id, changes FROM contact_levels WHERE {_RECENT}"
# Whose facts changed since their level was judged, and whose level may have changed since: both
# among the recent (``last_out`` ranks them; the partial indexes find them).
_CHANGED = (
    "SELECT contact_id, changes FROM contact_levels"
    f" WHERE changes <> judged AND last_out >= ? AND {_RECENT}"
)
_LAPSED = (
    "SELECT contact_id, changes FROM contact_levels"
    f" WHERE until IS NOT NULL AND until <= ? AND {_RECENT}"
)
# How many recent people are at a level (above ok), counted in the index.
_COUNT = (
    "SELECT count(*) FROM contact_levels"
    f" WHERE level = ? AND level <> 'ok' AND last_out >= ? AND {_RECENT}"
)
_KEEP = (
    "UPDATE contact_levels SET level = ?, until = ?, judged = changes, last_out = (SELECT"
    " max(at) FROM touches WHERE contact_id = contact_levels.contact_id AND direction = 'out')"
    " WHERE contact_id = ? AND changes = ?"
)
# The first touch, this desktop's or a teammate's, dated later than now (an import, a clock
# set wrong): it enters the windows when its time comes, with nothing written then.
_NEXT_TOUCH = (
    "SELECT min(at) FROM (SELECT min(at) AS at FROM touches"
    " WHERE direction IN ('out', 'in') AND at > ?1"
    " UNION ALL SELECT min(at) FROM team_touches WHERE at > ?1)"
)


def kept_levels(
    conn: sqlite3.Connection, since: datetime, limit: int, now: datetime, settings: str
) -> KeptLevels:
    """The kept levels of the ``limit`` people touched most recently at or after ``since``
    (latest outbound touch first), judged under ``settings`` (the guard's, as text)."""
    team, judged_under = conn.execute("SELECT team, judged_under FROM levels_marks").fetchone()
    under = f"{settings}\n{team}"
    bound = conn.execute(_BOUND, (to_micros(since), limit - 1)).fetchone()
    recent = tuple(bound) if bound else (to_micros(since), -(2**63))
    afresh = judged_under != under
    if afresh:
        found = conn.execute(_EVERYONE, recent).fetchall()
    else:
        found = list(
            dict(
                [
                    *conn.execute(_CHANGED, (recent[0], *recent)),
                    *conn.execute(_LAPSED, (to_micros(now), *recent)),
                ]
            ).items()
        )
    if found:
        ids, marks = zip(*found, strict=True)
        return KeptLevels(0, 0, tuple(ids), tuple(marks), under, afresh)
    caution, stop = (
        conn.execute(_COUNT, (level.value, recent[0], *recent)).fetchone()[0]
        for level in (Level.CAUTION, Level.STOP)
    )
    return KeptLevels(caution, stop)


def keep_levels(
    conn: sqlite3.Connection,
    kept: KeptLevels,
    judged: Sequence[JudgedLevel],
    since: datetime,
    now: datetime,
) -> None:
    """Keep the levels ``judged`` of the people ``kept`` named, each only if nothing about
    them was written since it was read; forget people no longer contacted recently. Runs in
    the caller's transaction."""
    if kept.afresh:
        conn.execute("UPDATE contact_levels SET judged = changes - 1")
        conn.execute("UPDATE levels_marks SET judged_under = ?", (kept.under,))
    upcoming = conn.execute(_NEXT_TOUCH, (to_micros(now),)).fetchone()[0]
    marks = dict(zip(kept.to_judge, kept.marks, strict=True))
    conn.executemany(
        _KEEP,
        [
            (level.level.value, _until(level, upcoming), level.contact_id, marks[level.contact_id])
            for level in judged
        ],
    )
    gone = set(kept.to_judge) - {level.contact_id for level in judged}
    conn.executemany("DELETE FROM contact_levels WHERE contact_id = ?", [(i,) for i in gone])
    conn.execute(
        "DELETE FROM contact_levels WHERE last_out IS NULL OR last_out < ?", (to_micros(since),)
    )


def _until(level: JudgedLevel, upcoming: int | None) -> int | None:
    """When ``level`` lapses: when it may change, or when a touch dated later than now comes."""
    until = None if level.holds_until is None else to_micros(level.holds_until)
    if upcoming is None:
        return until
    return upcoming if until is None else min(until, upcoming)
