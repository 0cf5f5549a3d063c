"""The main window's views on a large ledger: the Promises and Contacts tabs read and drawn,
search as you type, and the Numbers tab's twelve weeks — each on 100,000 promises and 50,000
contacts against the same on 1,000 of each, in process (offscreen), alternating.

- promises view: the Promises tab's refresh with the "All" filter (every state, the largest
  list), its rows drawn;
- contacts view: the Contacts tab's refresh (a verdict per contact listed);
- search: a name typed one key at a time into the Promises tab's search box, "All" shown, each
  key followed by the list it brings (p95 over the keys);
- stats: the figures of the last twelve weeks (``services.stats.week_stats``), as the Numbers
  tab reads them after the other tabs: from the tallies and the levels the ledger keeps (the
  first round judges everyone, so the median is of looks with the levels kept);
- stats, first look: the same with no level kept (a ledger never looked at, or after the
  guard's settings or a teammate's touches changed): everyone contacted in 30 days judged.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from benchmarks.bench import Bench, now_utc, say
from benchmarks.ledgers import Size, build, context
from benchmarks.table import Row, limit_row, median, p95, ratio_row
from trayapp.services.context import Context
from trayapp.services.promises import ListFilter
from trayapp.services.stats import week_stats

GROUP = "views"
RATIO_TARGET = 2.0
STATS_LIMIT_MS = 200.0
BIG = Size("views-big", contacts=50_000, touches=100_000, promises=100_000)
TINY_BIG = Size("views-big", contacts=2_000, touches=4_000, promises=4_000)
SMALL = Size("views-small", contacts=1_000, touches=2_000, promises=1_000)
TYPED = "Dana Smith 4"


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _key(line_edit: QLineEdit, char: str) -> float:
    """One key typed, and the list it brings (the search box refreshes on each change)."""
    started = time.perf_counter()
    QTest.keyClicks(line_edit, char)
    return (time.perf_counter() - started) * 1000


def _measure(conn: sqlite3.Connection) -> dict[str, float]:
    """One round on one ledger: milliseconds per view, and the search's p95 per key."""
    from trayapp.ui.main_window.contacts import ContactsTab
    from trayapp.ui.main_window.tables import PromisesTab

    ctx = context(conn)
    promises = PromisesTab(ctx, load=False)
    promises.filter_combo.setCurrentIndex(promises.filter_combo.findData(ListFilter.ALL.value))
    contacts = ContactsTab(ctx, load=False)
    figures = {
        "promises": _ms(promises.refresh),
        "contacts": _ms(contacts.refresh),
        "stats": _ms(lambda: week_stats(ctx, 12)),
        "first look": _first_look(conn, ctx),
    }
    figures["search"] = p95([_key(promises.search_edit, char) for char in TYPED])
    promises.deleteLater()
    contacts.deleteLater()
    return figures


def _first_look(conn: sqlite3.Connection, ctx: Context) -> float:
    """The figures with every kept level void, as after other guard settings."""
    conn.execute("UPDATE levels_marks SET judged_under = ''")
    return _ms(lambda: week_stats(ctx, 12))


NAMES = {
    "promises": "promises view, all states",
    "contacts": "contacts view (a verdict each)",
    "search": "search, per keystroke p95",
    "stats": "stats, 12 weeks",
}


def run(bench: Bench) -> list[Row]:
    app = QApplication.instance() or QApplication(["benchmarks"])
    assert app is not None
    big = TINY_BIG if bench.tiny else BIG
    rounds = 1 if bench.tiny else 3
    conns: dict[str, sqlite3.Connection] = {}
    for size in (big, SMALL):
        started = time.perf_counter()
        conns[size.label] = build(bench.work / size.label / "ledger.sqlite3", size, bench.seed,
                                  now_utc())  # fmt: skip
        say(f"views: {size.describe()} — built in {time.perf_counter() - started:.1f} s")
    _measure(conns[SMALL.label])  # discarded: pays for imports and Qt's set-up
    runs: dict[str, list[dict[str, float]]] = {big.label: [], SMALL.label: []}
    for _ in range(rounds):
        for label, found in runs.items():
            found.append(_measure(conns[label]))
    for conn in conns.values():
        conn.close()
    note = f"large: {big.describe()}; small: {SMALL.describe()}; median of {rounds}"
    rows = []
    for key, name in NAMES.items():
        ours = median([r[key] for r in runs[big.label]])
        base = median([r[key] for r in runs[SMALL.label]])
        label = f"{name}, {big.promises:,} vs {SMALL.promises:,}"
        rows.append(ratio_row(GROUP, label, "ms", ours, base, limit=RATIO_TARGET, note=note))
        note = ""
    ours, base = (median([r["first look"] for r in runs[label]]) for label in runs)
    label = f"stats, first look (30 days' people judged), {big.promises:,} vs {SMALL.promises:,}"
    rows.append(limit_row(GROUP, label, "ms", ours, base, limit=STATS_LIMIT_MS))
    return rows
