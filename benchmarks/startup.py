"""Start-up: from spawn to the tray icon shown, the tray app (with the start-up ledger) against
the bare tray, in alternating runs after one warm-up of each.

Under Xvfb the moment is when the icon appears in the tray host; offscreen (no tray) it is the
program's ready line. Also the CPU each had spent by then.
"""

from __future__ import annotations

import time

import psutil

from benchmarks.bench import Bench, say
from benchmarks.desktop import BARE_TRAY, OURS, Program, Screen, app_env
from benchmarks.table import Row, info_row, median, ratio_row

GROUP = "start-up"
TARGET_RATIO = 1.3
ROUNDS, TINY_ROUNDS = 7, 1


def _once(screen: Screen, args: list[str], env: dict[str, str], ready: str) -> tuple[float, float]:
    """Seconds from spawn to the icon shown, and CPU seconds spent by then."""
    program = Program(args, env)
    try:
        shown = _icon_appears(screen, program) if screen.has_tray else program.line(ready)
        cpu = psutil.Process(program.pid).cpu_times()
        program.line(ready)
        return shown, cpu.user + cpu.system
    finally:
        program.stop()
        _icon_gone(screen)


def _icon_appears(screen: Screen, program: Program, timeout: float = 60.0) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if screen.icons():
            return time.perf_counter() - program.started
        if program.proc.poll() is not None:
            break
        time.sleep(0.002)
    program.line("\0", timeout=0)  # raises with the program's output
    raise AssertionError("unreachable")


def _icon_gone(screen: Screen, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while screen.icons() and time.monotonic() < end:
        time.sleep(0.01)


def run(bench: Bench) -> list[Row]:
    screen = bench.screen
    ours_env = app_env(screen.env, bench.profile())
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "bare": []}
    rounds = TINY_ROUNDS if bench.tiny else ROUNDS
    for index in range(rounds + 1):  # the first round warms up (caches, first-start work)
        for name, args, env, ready in (
            ("ours", OURS, ours_env, "trayapp: ready"),
            ("bare", BARE_TRAY, screen.env, "bare-tray: ready"),
        ):
            result = _once(screen, args, env, ready)
            if index:
                runs[name].append(result)
        if index:
            say(
                f"start-up round {index}: ours {runs['ours'][-1][0]:.2f} s, "
                f"bare {runs['bare'][-1][0]:.2f} s"
            )
    ours = [shown for shown, _cpu in runs["ours"]]
    bare = [shown for shown, _cpu in runs["bare"]]
    how = f"median of {rounds} alternating runs after a warm-up; {screen.mode}"
    where = "spawn → tray icon shown" if screen.has_tray else "spawn → ready line"
    size = bench.profile_size.describe()
    return [
        ratio_row(
            GROUP,
            f"{where}, ledger of {size}",
            "s",
            median(ours),
            median(bare),
            limit=TARGET_RATIO,
            note=how,
        ),
        info_row(
            GROUP,
            "CPU spent by then",
            "s",
            median([cpu for _shown, cpu in runs["ours"]]),
            median([cpu for _shown, cpu in runs["bare"]]),
        ),
    ]
