"""What happened to promises in a run of spans (the week in numbers), from one read of the
promises made, kept or released since the first span began: the same counts as
``core.stats.outcomes_of``, without making a ``Promise`` of each row."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

from trayapp.core.stats import Outcomes
from trayapp.store.rows import to_micros

__all__ = ["read_outcomes"]

_SINCE = (
    "SELECT created_at, state, due_at, kept_at, released_at FROM promises"
    " WHERE created_at >= ? OR kept_at >= ? OR released_at >= ?"
)


def read_outcomes(conn: sqlite3.Connection, edges: Sequence[datetime]) -> Outcomes:
    """Made, kept on time, kept late and released in each span between ``edges``; and how
    late each promise kept late since ``edges[0]`` was."""
    marks = [to_micros(edge) for edge in edges]
    start, end = marks[0], marks[-1]
    counts = [[0, 0, 0, 0] for _ in range(len(marks) - 1)]
    late: list[int] = []

    def count(at: int | None, column: int) -> None:
        if at is not None and start <= at < end:
            counts[bisect.bisect_right(marks, at) - 1][column] += 1

    for created, state, due, kept, released in conn.execute(_SINCE, (start, start, start)):
        count(created, 0)
        if state == "kept" and kept is not None:
            count(kept, 1 if kept <= due else 2)
            if kept >= start and kept > due:
                late.append(kept - due)
        elif state == "released":
            count(released, 3)
    return Outcomes(
        tuple((a, b, c, d) for a, b, c, d in counts),
        tuple(timedelta(microseconds=m) for m in sorted(late)),
    )
