"""How fast one person's export stays when that person has a long history in a big ledger.

Builds a synthetic ledger in a temporary folder with ``bench_guard``'s builder (by default
5,000 contacts, 200,000 touches, 20,000 promises), then adds two people through the ledger
itself: a heavy one with 1,000 touches (every channel, both ways, some over the limit with a
reason) and 100 promises (open, kept, released, renegotiated, with their events), and a light
one with 10 touches and a promise. Times ``export_contact`` for both, as JSON and as CSV, and
prints the medians side by side with their ratio (the light person is the baseline).

Target: the heavy person's export under 2 s in either format. When ``jsonschema`` is installed
(the ``test`` extra) the heavy person's JSON is also checked against the shipped schema.

    python -m benchmarks.bench_export [--contacts N] [--touches N] [--runs N] [--seed N]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.bench_guard import NOW, Metric, Size, build, timed
from trayapp.core import promises as rules
from trayapp.core.model import Channel, Contact, Direction, Promise, Role, Touch
from trayapp.services.transfer.files import export_contact
from trayapp.store.ledger import SqliteLedger

TARGET_S = 2.0
HEAVY_TOUCHES = 1_000
HEAVY_PROMISES = 100
LIGHT_TOUCHES = 10
DAY = timedelta(days=1)
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "resources" / "schema" / "export.schema.json"


def add_person(
    ledger: SqliteLedger, name: str, touches: int, promises: int, rng: random.Random
) -> int:
    """A person with ``touches`` touches and ``promises`` promises of every kind, written in
    one transaction through the ledger (so the rows are exactly what the app would write)."""
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
            ledger.add_touch(
                Touch(
                    cid,
                    channel,
                    direction,
                    start + timedelta(minutes=rng.uniform(0, 700 * 1440)),
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


def measure(ledger: SqliteLedger, people: dict[str, int], runs: int) -> dict[str, Metric]:
    """Median (and p95) of ``runs`` exports per person and format, after one warm-up."""
    metrics = {}
    for label, cid in people.items():
        for fmt in ("json", "csv"):
            call = functools.partial(export_contact, ledger, cid, fmt=fmt, now=NOW)
            metrics[f"{label} {fmt}"] = timed(f"{label} {fmt}", [call] * runs)
    return metrics


def check_schema(ledger: SqliteLedger, cid: int) -> str:
    """Whether the person's JSON export passes the shipped schema (needs ``jsonschema``)."""
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        return "not checked (install the test extra for jsonschema)"
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$ref"] = "#/$defs/person_export"
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    started = time.perf_counter()
    errors = list(
        validator.iter_errors(json.loads(export_contact(ledger, cid, fmt="json", now=NOW)))
    )
    took = time.perf_counter() - started
    verdict = (
        "valid" if not errors else f"INVALID ({len(errors)} errors, first: {errors[0].message})"
    )
    return f"{verdict}; export + parse + validation took {took:.2f} s"


def report(metrics: dict[str, Metric]) -> str:
    head = f"{'format':8} {'10 touches ms':>15} {'1,000 touches ms':>18} {'ratio':>7}  target"
    lines = [head, "  (each cell: median / p95)", "-" * len(head)]
    for fmt in ("json", "csv"):
        light, heavy = metrics[f"light {fmt}"], metrics[f"heavy {fmt}"]
        ratio = heavy.median_ms / light.median_ms if light.median_ms else float("inf")
        met = heavy.p95_ms < TARGET_S * 1000
        lines.append(
            f"{fmt:8} {light.median_ms:6.1f} / {light.p95_ms:6.1f} "
            f"{heavy.median_ms:8.1f} / {heavy.p95_ms:7.1f} {ratio:7.1f}  "
            f"< {TARGET_S:g} s {'ok' if met else 'MISSED'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5_000, help="other people in the ledger")
    parser.add_argument("--touches", type=int, default=200_000, help="their touches (>= 1,000)")
    parser.add_argument("--runs", type=int, default=7, help="exports timed per person and format")
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    size = Size("export", args.contacts, args.touches, promises=args.touches // 10, chase=0)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="trayapp-bench-") as folder:
        started = time.perf_counter()
        ledger = build(Path(folder), size, args.seed)
        people = {
            "heavy": add_person(ledger, "Heavy Hitter", HEAVY_TOUCHES, HEAVY_PROMISES, rng),
            "light": add_person(ledger, "Light Touch", LIGHT_TOUCHES, 1, rng),
        }
        print(
            f"ledger: {size.contacts:,} contacts, {size.touches:,} touches, {size.promises:,} "
            f"promises, plus one person with {HEAVY_TOUCHES:,} touches and {HEAVY_PROMISES} "
            f"promises and one with {LIGHT_TOUCHES} touches — built in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        metrics = measure(ledger, people, max(1, args.runs))
        schema = check_schema(ledger, people["heavy"])
    print(f"\nexport_contact, {max(1, args.runs)} runs per cell after one warm-up")
    print(report(metrics))
    print(f"heavy person's JSON against the schema: {schema}")


if __name__ == "__main__":
    main()
