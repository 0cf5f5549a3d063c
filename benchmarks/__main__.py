"""Runs every benchmark and prints one table: each figure of ours beside its baseline from the
same run, their ratio, the target and whether it was met.

    python -m benchmarks [--tiny] [--json FILE] [--only NAME ...] [--offscreen]

``--tiny`` runs everything at a small size in well under a minute (what the test run does, so
a broken benchmark fails it). The exit code is 1 when a benchmark failed to run; a missed target
is reported in the table, not in the exit code.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# In-process widgets (quick add's preview, the main window) are measured offscreen; programs
# started for measuring get the desktop's own environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import export, idle, quickadd, scale, startup, team, views
from benchmarks.bench import Bench, say
from benchmarks.desktop import screen
from benchmarks.table import Row, render, write_json

BENCHMARKS: dict[str, Callable[[Bench], list[Row]]] = {
    "startup": startup.run,
    "idle": idle.run,
    "scale": scale.run,
    "quickadd": quickadd.run,
    "export": export.run,
    "views": views.run,
    "team": team.run,
}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--tiny", action="store_true", help="small sizes and short waits")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the rows as JSON")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--offscreen", action="store_true", help="no desktop even when Xvfb and trayer exist"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    chosen = args.only or list(BENCHMARKS)
    rows: list[Row] = []
    failed: list[str] = []
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="trayapp-bench-") as work,
        screen(offscreen=args.offscreen) as shown_on,
    ):
        bench = Bench(tiny=args.tiny, screen=shown_on, work=Path(work))
        say(f"benchmarks: {', '.join(chosen)}{' (tiny)' if args.tiny else ''}; {shown_on.mode}")
        for name in chosen:
            began = time.perf_counter()
            try:
                rows += BENCHMARKS[name](bench)
            except Exception:
                failed.append(name)
                traceback.print_exc()
            say(f"{name}: {time.perf_counter() - began:.1f} s")
    took = time.perf_counter() - started
    print(f"\nFollow-Through benchmarks ({'tiny' if args.tiny else 'full'} size), {shown_on.mode}")
    print(
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"took {took:.0f} s\n"
    )
    print(render(rows))
    if failed:
        print(f"\nFAILED to run: {', '.join(failed)}")
    if args.json:
        context: dict[str, object] = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "size": "tiny" if args.tiny else "full",
            "screen": shown_on.mode,
            "machine": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "seconds": round(took, 1),
            "failed": failed,
        }
        write_json(args.json, rows, context)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
