"""Export: one person's export from a big ledger, a person with a long history (1,000
touches, 100 promises of every kind) against one with a short one (10 touches, a promise).

The people are added through the ledger itself, so their rows are what the app writes. The
heavy person's JSON is also checked against the shipped schema (with ``jsonschema``, from the
``test`` extra); an export that fails it fails the benchmark.
"""

from __future__ import annotations

import functools
import json
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.bench import Bench, say
from benchmarks.ledgers import NOW, Size, build
from benchmarks.table import Row, limit_row, median
from trayapp.core import promises as rules
from trayapp.core.model import Channel, Contact, Direction, Promise, Role, Touch
from trayapp.services.transfer.files import export_contact
from trayapp.store.ledger import SqliteLedger

GROUP = "export"
TARGET_MS = 2_000.0
HEAVY_TOUCHES = 1_000
HEAVY_PROMISES = 100
LIGHT_TOUCHES = 10
DAY = timedelta(days=1)
LEDGER = Size("export", contacts=5_000, touches=200_000, promises=20_000)
TINY_LEDGER = Size("export", contacts=200, touches=2_000, promises=400)
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "resources" / "schema" / "export.schema.json"


def add_person(
    ledger: SqliteLedger, name: str, touches: int, promises: int, rng: random.Random
) -> int:
    """A person with ``touches`` touches and ``promises`` promises of every kind, written in
    one transaction through the ledger."""
    start = NOW - timedelta(days=700)
    with ledger.atomic():
        person = ledger.add_contact(
            Contact(name, company="Heavy Industries", role=Role.CLIENT, created_at=start)
        )
        cid = person.id or 0
        for n in range(promises):
            _add_promise(ledger, cid, n, start + timedelta(days=n * 6), rng)
        channels = [(c, d) for c in Channel for d in Direction]
        for n in range(touches):
            channel, direction = channels[n % len(channels)]
            over = n % 20 == 0
            at = start + timedelta(minutes=rng.uniform(0, 700 * 1440))
            ledger.add_touch(
                Touch(
                    cid,
                    channel,
                    direction,
                    at,
                    note=f"touch {n}: talked about the role and next steps",
                    over_limit=over,
                    override_reason="they asked me to call back today" if over else "",
                )
            )
    return cid


def _add_promise(
    ledger: SqliteLedger, cid: int, n: int, made: datetime, rng: random.Random
) -> None:
    """The ``n``-th promise: open, kept, released or renegotiated and then kept, in turn."""
    promise = ledger.add_promise(Promise(cid, f"promise {n}: send feedback", made + DAY * 3, made))
    kind = n % 4
    if kind == 0:
        return
    if kind == 3:
        promise, event = rules.renegotiate(promise, made + DAY * 5, made + DAY)
        ledger.update_promise(promise)
        ledger.add_event(event)
    if kind == 2:
        promise, event = rules.release(promise, made + DAY * 2, "the role was filled")
    else:
        promise, event = rules.keep(promise, made + DAY * rng.uniform(1, 6))
    ledger.update_promise(promise)
    ledger.add_event(event)


def _times(ledger: SqliteLedger, cid: int, fmt: str, runs: int) -> list[float]:
    call = functools.partial(export_contact, ledger, cid, fmt=fmt, now=NOW)
    call()
    spent = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def check_schema(ledger: SqliteLedger, cid: int) -> str:
    """Raise when the person's JSON export fails the shipped schema."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        return "schema not checked (install the test extra for jsonschema)"
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$ref"] = "#/$defs/person_export"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    exported = json.loads(export_contact(ledger, cid, fmt="json", now=NOW))
    errors = list(validator.iter_errors(exported))
    if errors:
        raise AssertionError(f"export fails its schema ({len(errors)}): {errors[0].message}")
    return "the heavy person's JSON passes the shipped schema"


def run(bench: Bench) -> list[Row]:
    size = TINY_LEDGER if bench.tiny else LEDGER
    runs = 3 if bench.tiny else 7
    rng = random.Random(bench.seed)
    ledger = SqliteLedger(build(bench.work / "export.sqlite3", size, bench.seed))
    heavy = add_person(ledger, "Heavy Hitter", HEAVY_TOUCHES, HEAVY_PROMISES, rng)
    light = add_person(ledger, "Light Touch", LIGHT_TOUCHES, 1, rng)
    say(f"export: ledger of {size.describe()} plus a heavy and a light person")
    schema = check_schema(ledger, heavy)
    rows = []
    for fmt in ("json", "csv"):
        ours = median(_times(ledger, heavy, fmt, runs))
        base = median(_times(ledger, light, fmt, runs))
        note = f"median of {runs}; baseline: {LIGHT_TOUCHES} touches; {schema}"
        rows.append(
            limit_row(
                GROUP,
                f"{fmt.upper()} of a person with {HEAVY_TOUCHES:,} touches, {HEAVY_PROMISES} "
                "promises",
                "ms",
                ours,
                base,
                limit=TARGET_MS,
                note=note if fmt == "json" else "",
                strict=True,
            )
        )
    return rows
