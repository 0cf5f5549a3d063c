"""Scale: the guard, the lists, the schedule rebuild and the catch-up sweep on a small ledger
(1,000 touches) and a large one (1,000,000 touches, 100,000 promises, 50,000 contacts), in
alternating rounds; each figure on the large ledger should stay within twice the small one's.

Both ledgers hold the same 300 open promises (today's work); the large one has two years more
history around them. ``--tiny`` makes the large ledger 20,000 touches.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from benchmarks.bench import Bench, say
from benchmarks.ledgers import HEAVY_CONTACTS, NOW, Size, build
from benchmarks.table import Row, limit_row, median, p95, ratio_row
from trayapp.core.clock import FixedClock
from trayapp.core.guard.rules import judge
from trayapp.core.matching import first_name_key, name_key
from trayapp.core.model import Contact, PromiseState
from trayapp.core.ports import ContactQuery
from trayapp.core.settings import GuardSettings, Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.phones import LibPhoneNumbers
from trayapp.services.context import Context
from trayapp.services.reminding import SweepCause, next_wake, sweep
from trayapp.store.ledger import SqliteLedger
from trayapp.store.reminder_log import SqliteReminderLog

GROUP = "scale"
RATIO_TARGET = 2.0
VERDICT_TARGET_MS = 2.0
SMALL = Size("small", contacts=100, touches=1_000, promises=400, chase=50)
LARGE = Size("large", contacts=50_000, touches=1_000_000, promises=100_000, chase=3_000)
TINY_LARGE = Size("large", contacts=1_000, touches=20_000, promises=2_000, chase=200)

Timings = dict[str, list[float]]


def _times(
    calls: list[Callable[[], object]], setup: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds of each call, after one untimed warm-up of the first."""
    calls[0]()
    spent = []
    for call in calls:
        if setup is not None:
            setup()
        started = time.perf_counter_ns()
        call()
        spent.append((time.perf_counter_ns() - started) / 1e6)
    return spent


def _forget_deliveries(conn: sqlite3.Connection) -> None:
    """Back to the moment the app starts after an absence: nothing shown, no sweep yet."""
    conn.execute("DELETE FROM deliveries")
    conn.execute("DELETE FROM app_state")


def measure(conn: sqlite3.Connection, size: Size, samples: int, seed: int) -> Timings:
    rng = random.Random(seed + 1)
    ledger = SqliteLedger(conn)
    ctx = Context(
        ledger,
        FixedClock(NOW),
        Settings(),
        ZoneInfo("UTC"),
        DateparserWhenParser(),
        LibPhoneNumbers("GB"),
    )
    log = SqliteReminderLog(conn)
    gs = GuardSettings()
    picked = [rng.randrange(HEAVY_CONTACTS + 1, size.contacts + 1) for _ in range(samples)]
    people = [c for c in map(ledger.get_contact, picked) if c is not None]
    heavy = [c for c in map(ledger.get_contact, range(1, HEAVY_CONTACTS + 1)) if c]
    day = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    open_ = [PromiseState.OPEN]
    repeat = max(20, samples // 5)

    def verdict(contact: Contact) -> Callable[[], object]:
        return lambda: judge(ledger.guard_facts(contact, NOW, gs), gs)

    def lookup(by: ContactQuery, key: str) -> Callable[[], object]:
        return lambda: ledger.find_contacts(by, key, limit=5)

    def catch_up() -> object:
        return sweep(ctx, log, SweepCause.START)

    return {
        "verdict (guard facts + judge)": _times([verdict(c) for c in people]),
        "verdict, longest unanswered chase": _times([verdict(c) for c in heavy] * 5),
        "list open (first 100)": _times([lambda: ledger.list_promises(open_, limit=100)] * repeat),
        "list overdue (first 100)": _times(
            [lambda: ledger.list_promises(open_, due_before=NOW, limit=100)] * repeat
        ),
        "list due today": _times(
            [lambda: ledger.list_promises(open_, due_from=day, due_before=day + timedelta(1))]
            * repeat
        ),
        "find contact by full name": _times(
            [lookup(ContactQuery.NAME, name_key(c.name)) for c in people]
        ),
        "find contacts by first name": _times(
            [lookup(ContactQuery.FIRST_NAME, first_name_key(c.name)) for c in people]
        ),
        "contacts touched in 7 days": _times(
            [lambda: ledger.contacts_touched_since(NOW - timedelta(days=7), 10)] * repeat
        ),
        "schedule rebuild (next wake)": _times([lambda: next_wake(ctx, log)] * 10),
        "catch-up sweep after an absence": _times(
            [catch_up] * 5, setup=lambda: _forget_deliveries(conn)
        ),
    }


def _count(number: int) -> str:
    return f"{number / 1e6:g}M" if number >= 1_000_000 else f"{number / 1000:g}k"


def _best(rounds: list[Timings]) -> Timings:
    """Per figure, the round with the lowest median: the machine's other work only adds time."""
    return {name: min((r[name] for r in rounds), key=median) for name in rounds[0]}


def run(bench: Bench) -> list[Row]:
    sizes = (SMALL, TINY_LARGE if bench.tiny else LARGE)
    samples, rounds = (50, 1) if bench.tiny else (500, 3)
    conns = []
    for size in sizes:
        started = time.perf_counter()
        conns.append(build(bench.work / f"scale-{size.label}.sqlite3", size, bench.seed))
        took = time.perf_counter() - started
        say(f"scale: {size.label} ledger, {size.describe()} — built in {took:.1f} s")
    results: list[list[Timings]] = [[], []]
    for index in range(rounds):
        for which, (size, conn) in enumerate(zip(sizes, conns, strict=True)):
            results[which].append(measure(conn, size, samples, bench.seed))
        say(f"scale: round {index + 1} of {rounds} done")
    for conn in conns:
        conn.close()
    small, large = _best(results[0]), _best(results[1])
    how = f"large: {sizes[1].describe()}; small: {SMALL.describe()}; best of {rounds} rounds"
    label = f"{_count(sizes[1].touches)} vs {_count(SMALL.touches)} touches"
    rows = [
        ratio_row(
            GROUP,
            f"{name}, {label}",
            "ms",
            median(large[name]),
            median(small[name]),
            limit=RATIO_TARGET,
            note="" if n else how,
        )
        for n, name in enumerate(small)
    ]
    verdicts = "verdict (guard facts + judge)"
    rows.append(
        limit_row(
            GROUP,
            "verdict p95 on the large ledger",
            "ms",
            p95(large[verdicts]),
            p95(small[verdicts]),
            limit=VERDICT_TARGET_MS,
            strict=True,
        )
    )
    return rows
