"""Idle: what the tray app costs while it waits, beside the bare tray running at the same time.

Both start together; 30 seconds after start their resident (RSS) and unique (USS) memory and
threads are read, then their CPU time and context switches (every wake-up of every thread) are
counted over five idle minutes. ``--tiny`` waits 3 seconds and counts over 5.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.bench import Bench, say
from benchmarks.desktop import BARE_TRAY, OURS, app_env, running
from benchmarks.table import Row, info_row, limit_row

GROUP = "idle"
SETTLE_S, TINY_SETTLE_S = 30.0, 3.0
WINDOW_S, TINY_WINDOW_S = 300.0, 5.0
MEMORY_ALLOWANCE_MB = 25.0
CPU_TARGET_S = 1.0  # per five minutes
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Sample:
    cpu_s: float
    switches: int


def _switches(pid: int) -> int:
    """Context switches of every thread of the process (Linux: from /proc), else psutil's."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        counts = psutil.Process(pid).num_ctx_switches()
        return counts.voluntary + counts.involuntary
    total = 0
    for task in tasks.iterdir():
        try:
            text = (task / "status").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        for line in text.splitlines():
            if "ctxt_switches:" in line:
                total += int(line.split(":")[1])
    return total


def _sample(process: psutil.Process) -> Sample:
    cpu = process.cpu_times()
    return Sample(cpu.user + cpu.system, _switches(process.pid))


def run(bench: Bench) -> list[Row]:
    settle = TINY_SETTLE_S if bench.tiny else SETTLE_S
    window = TINY_WINDOW_S if bench.tiny else WINDOW_S
    env = app_env(bench.screen.env, bench.profile())
    with running(OURS, env) as ours, running(BARE_TRAY, bench.screen.env) as bare:
        ours.line("trayapp: ready")
        bare.line("bare-tray: ready")
        procs = {"ours": psutil.Process(ours.pid), "bare": psutil.Process(bare.pid)}
        time.sleep(max(0.0, ours.started + settle - time.perf_counter()))
        memory = {name: p.memory_full_info() for name, p in procs.items()}
        threads = {name: p.num_threads() for name, p in procs.items()}
        say(f"idle: counting for {window:g} s")
        before = {name: _sample(p) for name, p in procs.items()}
        time.sleep(window)
        after = {name: _sample(p) for name, p in procs.items()}
    cpu = {name: after[name].cpu_s - before[name].cpu_s for name in procs}
    wakes = {name: after[name].switches - before[name].switches for name in procs}
    cpu_limit = CPU_TARGET_S * window / WINDOW_S
    rss = {name: m.rss / MB for name, m in memory.items()}
    uss = {name: m.uss / MB for name, m in memory.items()}
    span = f"{window / 60:g} min" if window >= 60 else f"{window:g} s"
    how = f"both running side by side; {bench.screen.mode}"
    return [
        limit_row(
            GROUP,
            f"resident memory (RSS) {settle:g} s after start",
            "MB",
            rss["ours"],
            rss["bare"],
            limit=rss["bare"] + MEMORY_ALLOWANCE_MB,
            note=f"target: the bare tray's + {MEMORY_ALLOWANCE_MB:g} MB; {how}",
        ),
        limit_row(
            GROUP,
            f"unique memory (USS) {settle:g} s after start",
            "MB",
            uss["ours"],
            uss["bare"],
            limit=uss["bare"] + MEMORY_ALLOWANCE_MB,
        ),
        limit_row(
            GROUP,
            f"CPU over {span} idle",
            "s",
            cpu["ours"],
            cpu["bare"],
            limit=cpu_limit,
            note="target: 1 s per 5 minutes, scaled to the window",
        ),
        info_row(
            GROUP,
            f"wake-ups (context switches) over {span} idle",
            "count",
            wakes["ours"],
            wakes["bare"],
            note="every thread's, voluntary and involuntary",
        ),
        info_row(GROUP, "threads", "count", threads["ours"], threads["bare"]),
    ]
