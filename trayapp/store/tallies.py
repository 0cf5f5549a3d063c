"""The week in numbers from tallies the ledger keeps as promises are written.

Every promise adds to the tally of the day and of the quarter hour (UTC) it was made in, and of
the one it was kept (on time or late) or released in; triggers on ``promises`` keep the tallies
as rows are added, changed or deleted, so no write path can forget them. A week starts at
midnight in the user's zone, which is always on a quarter hour of UTC: a week's counts are the
days it covers, give or take the quarter hours between its edges and the nearest midnight UTC.
So twelve weeks are read from about a hundred rows, however many promises the ledger holds.

Edges off the quarter hours (a zone's offset in minutes that are not a multiple of 15, as some
did before 1900) are counted by reading the promises themselves (``outcomes.read_outcomes``).
How late each promise kept late was is read from an index of those alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

from trayapp.core.stats import Outcomes
from trayapp.store.outcomes import read_outcomes
from trayapp.store.rows import to_micros

__all__ = ["TALLY_SCHEMA", "read_tallied_outcomes"]

_SECOND = 1_000_000
DAY = 86_400
QUARTER = 900
_PER_DAY = DAY // QUARTER
_COUNTS = ("made", "on_time", "late", "released")


def _floor(expr: str, span: str) -> str:
    """``expr`` (microseconds) divided by ``span`` seconds, rounded down (also before 1970)."""
    unit = f"({span} * {_SECOND})"
    return f"(({expr}) - ((({expr}) % {unit}) + {unit}) % {unit}) / {unit}"


def _events(r: str, sign: str, source: str = "") -> str:
    """What the promise ``r`` (``new``, ``old`` or the table's rows, read from ``source``)
    counts, ``sign`` times: one row per instant (made; kept on time or late; released)."""
    return (
        f"SELECT {r}.created_at AS at, {sign} AS made, 0 AS on_time, 0 AS late, 0 AS released"
        f"{source} UNION ALL SELECT {r}.kept_at, 0, {sign} * ({r}.kept_at <= {r}.due_at),"
        f" {sign} * ({r}.kept_at > {r}.due_at), 0{source}"
        f" WHERE {r}.state = 'kept' AND {r}.kept_at IS NOT NULL"
        f" UNION ALL SELECT {r}.released_at, 0, 0, 0, {sign}{source}"
        f" WHERE {r}.state = 'released' AND {r}.released_at IS NOT NULL"
    )


_SPANS = f"(SELECT {DAY} AS span UNION ALL SELECT {QUARTER}) AS spans"
_BUCKET = _floor("events.at", "spans.span")


def _tally(row: str, sign: str) -> str:
    """The statement adding ``sign`` (1 or -1) times what the promise ``row`` (``new`` or
    ``old``) counts to its days and quarter hours."""
    added = ", ".join(f"{c} = {c} + excluded.{c}" for c in _COUNTS)
    return (
        f"INSERT INTO promise_tallies (span, start, {', '.join(_COUNTS)})"
        f" SELECT spans.span, {_BUCKET}, {', '.join(_COUNTS)}"
        f" FROM ({_events(row, sign)}) AS events, {_SPANS} WHERE true"
        f" ON CONFLICT (span, start) DO UPDATE SET {added};"
    )


_WATCHED = "created_at, state, due_at, kept_at, released_at"

#: The tallies, filled from the promises already held, and the triggers that keep them.
TALLY_SCHEMA = (
    """CREATE TABLE promise_tallies (
        span INTEGER NOT NULL,
        start INTEGER NOT NULL,
        made INTEGER NOT NULL DEFAULT 0,
        on_time INTEGER NOT NULL DEFAULT 0,
        late INTEGER NOT NULL DEFAULT 0,
        released INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (span, start)
    ) WITHOUT ROWID""",
    f"INSERT INTO promise_tallies (span, start, {', '.join(_COUNTS)})"
    f" SELECT spans.span, {_BUCKET}, {', '.join(f'sum({c})' for c in _COUNTS)}"
    f" FROM ({_events('promises', '1', ' FROM promises')}) AS events, {_SPANS}"
    " GROUP BY 1, 2",
    f"CREATE TRIGGER promise_tallies_insert AFTER INSERT ON promises BEGIN {_tally('new', '1')}"
    " END",
    f"CREATE TRIGGER promise_tallies_delete AFTER DELETE ON promises BEGIN {_tally('old', '-1')}"
    " END",
    f"CREATE TRIGGER promise_tallies_update AFTER UPDATE OF {_WATCHED} ON promises BEGIN"
    f" {_tally('old', '-1')} {_tally('new', '1')} END",
    # How late each promise kept late was, found by when it was kept.
    "CREATE INDEX promises_kept_late ON promises(kept_at, kept_at - due_at)"
    " WHERE state = 'kept' AND kept_at > due_at",
)

_LATE = (
    "SELECT kept_at - due_at FROM promises INDEXED BY promises_kept_late"
    " WHERE state = 'kept' AND kept_at > due_at AND kept_at >= ? ORDER BY 1"
)


def read_tallied_outcomes(conn: sqlite3.Connection, edges: Sequence[datetime]) -> Outcomes:
    """The same :class:`Outcomes` as ``read_outcomes``, from the tallies."""
    marks = [to_micros(edge) for edge in edges]
    if any(mark % (QUARTER * _SECOND) for mark in marks):
        return read_outcomes(conn, edges)
    ranges = [rng for week in range(len(marks) - 1) for rng in _week_ranges(week, marks)]
    counts = [[0, 0, 0, 0] for _ in range(len(marks) - 1)]
    if ranges:
        listed = ", ".join("(?, ?, ?, ?, ?)" for _ in ranges)
        sums = ", ".join(f"sum(r.sign * t.{c})" for c in _COUNTS)
        sql = (
            f"WITH r(week, span, lo, hi, sign) AS (VALUES {listed})"
            f" SELECT r.week, {sums} FROM r JOIN promise_tallies t"
            " ON t.span = r.span AND t.start >= r.lo AND t.start < r.hi GROUP BY r.week"
        )
        flat = [value for rng in ranges for value in rng]
        for week, *found in conn.execute(sql, flat):
            counts[week] = found
    late = conn.execute(_LATE, (marks[0],)).fetchall()
    return Outcomes(
        tuple((a, b, c, d) for a, b, c, d in counts),
        tuple(timedelta(microseconds=m) for (m,) in late),
    )


def _week_ranges(week: int, marks: Sequence[int]) -> list[tuple[int, int, int, int, int]]:
    """The tallies whose sum is the span from ``marks[week]`` to the next edge: its whole
    days, corrected at each edge by the quarter hours between the edge and the nearer
    midnight (``(week, span, first, after last, sign)``)."""
    day, quarter = DAY * _SECOND, QUARTER * _SECOND
    (lo_day, lo_rest), (hi_day, hi_rest) = divmod(marks[week], day), divmod(marks[week + 1], day)
    found = [(week, DAY, lo_day, hi_day, 1)]  # the days from the first edge's on
    for at_day, rest, sign in ((lo_day, lo_rest, -1), (hi_day, hi_rest, 1)):
        # The quarter hours of the edge's day before the edge: added at the end, taken off at
        # the start; or, nearer the next midnight, that whole day less the quarters after it.
        first, edge = at_day * _PER_DAY, at_day * _PER_DAY + rest // quarter
        if rest == 0:
            continue
        if edge - first <= _PER_DAY // 2:
            found.append((week, QUARTER, first, edge, sign))
        else:
            found.append((week, DAY, at_day, at_day + 1, sign))
            found.append((week, QUARTER, edge, first + _PER_DAY, -sign))
    return [rng for rng in found if rng[2] < rng[3]]
