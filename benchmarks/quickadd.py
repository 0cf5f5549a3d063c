"""Quick add and the main window: how soon the hotkey's window is there, what each keystroke's
preview costs, and how long the main window takes to open on a ledger of 100,000 promises.

- hotkey → window (Xvfb only): from the chord sent with xdotool to the running app (start-up
  ledger) until the quick-add window is seen on screen, p95 over repeated presses (Esc hides it
  between them). Baseline: one look at the screen — the measurement's resolution.
- preview per keystroke (in process, offscreen): a line typed one key at a time into the
  quick-add window, each key followed by the preview it brings (the debounce skipped), against
  the same keys typed into a bare line edit.
- main window (in process, offscreen): opened first and again on a ledger of 100,000 promises,
  against the same on a small ledger (400 promises).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from benchmarks.bench import Bench, say
from benchmarks.desktop import OURS, Screen, app_env, running
from benchmarks.ledgers import Size, build, context
from benchmarks.table import Row, info_row, limit_row, median, p95, ratio_row
from trayapp.platform.paths import resolve_paths
from trayapp.store.db import open_database
from trayapp.store.reminder_log import SqliteReminderLog

GROUP = "quick add"
WINDOW_GROUP = "main window"
HOTKEY_TARGET_MS = 50.0
PREVIEW_TARGET_MS = 50.0
RATIO_TARGET = 2.0
CHORD = "ctrl+alt+f"  # the default hotkey
QUICK_ADD_TITLE = "Follow-Through — quick add"
PRESSES, TINY_PRESSES = 20, 3
BIG = Size("window-big", contacts=5_000, touches=100_000, promises=100_000)
TINY_BIG = Size("window-big", contacts=200, touches=2_000, promises=2_000)
SMALL = Size("window-small", contacts=100, touches=1_000, promises=400)
EMPTY = Size("window-warm-up", contacts=1, touches=0, promises=0)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _quick_add_shown(screen: Screen) -> bool:
    assert screen.desktop is not None
    return screen.desktop.find_window(QUICK_ADD_TITLE) is not None


def _until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("the quick-add window did not come (or go) in time")
        time.sleep(0.001)


def hotkey(bench: Bench) -> list[Row]:
    screen = bench.screen
    presses = TINY_PRESSES if bench.tiny else PRESSES
    shown: list[float] = []
    floor: list[float] = []
    with running(OURS, app_env(screen.env, bench.profile())) as app:
        app.line("trayapp: ready")
        if not any("hotkey=yes" in text for _, text in app.lines):
            raise AssertionError(f"the app has no hotkey: {[t for _, t in app.lines]}")
        time.sleep(1.0)  # let the first sweep's notifications settle
        for _ in range(presses):
            screen.key(CHORD)  # returns once the chord is sent: the clock starts there
            started = time.perf_counter()
            _until(lambda: _quick_add_shown(screen))
            shown.append(_ms_since(started))
            screen.key("Escape")
            _until(lambda: not _quick_add_shown(screen))
            started = time.perf_counter()
            _quick_add_shown(screen)
            floor.append(_ms_since(started))
    return [
        limit_row(
            GROUP,
            "hotkey → quick-add window shown, p95",
            "ms",
            p95(shown),
            p95(floor),
            limit=HOTKEY_TARGET_MS,
            strict=True,
            note=f"{presses} presses, the first {shown[0]:.0f} ms, timed from the chord sent"
            " (xdotool) to the window seen; baseline: one look at the screen (the resolution)",
        )
    ]


def _typed(line_edit: QLineEdit, text: str, after: Callable[[], object]) -> list[float]:
    spent = []
    for char in text:
        started = time.perf_counter()
        QTest.keyClicks(line_edit, char)
        after()
        spent.append(_ms_since(started))
    return spent


def preview(bench: Bench) -> list[Row]:
    from trayapp.ui.quick_add import QuickAddWindow

    conn = open_database(bench.profile() / "ledger.sqlite3")
    ctx = context(conn)
    name = conn.execute("SELECT name FROM contacts WHERE id = 1").fetchone()[0]
    line = f"{name}: send the shortlist by fri 3pm"
    window = QuickAddWindow(ctx)
    window.open()
    ours = _typed(window.line_edit, line, window.update_preview)
    bare = QLineEdit()
    bare.show()
    base = _typed(bare, line, lambda: None)
    window.close()
    bare.close()
    conn.close()
    return [
        limit_row(
            GROUP,
            "keystroke + its preview, p95",
            "ms",
            p95(ours),
            p95(base),
            limit=PREVIEW_TARGET_MS,
            strict=True,
            note=f"{len(line)} keys of {line!r}; median {median(ours):.1f} ms; baseline: the same"
            " keys in a bare line edit",
        )
    ]


def _open_main(folder: Path, conn: sqlite3.Connection) -> tuple[float, float]:
    """Milliseconds to show the main window (with its first paint), first and again."""
    from trayapp.app.windows import Windows

    windows = Windows(context(conn), SqliteReminderLog(conn), resolve_paths(folder))
    spent = []
    for _ in range(2):
        started = time.perf_counter()
        windows.show_main()
        QCoreApplication.processEvents()
        spent.append(_ms_since(started))
        windows.main_window().hide()
        QCoreApplication.processEvents()
    windows.close_all()
    return spent[0], spent[1]


def main_window(bench: Bench) -> list[Row]:
    big = TINY_BIG if bench.tiny else BIG
    rounds = 1 if bench.tiny else 3
    conns = {}
    for size in (EMPTY, big, SMALL):
        folder = bench.work / size.label
        conns[size.label] = (folder, build(folder / "ledger.sqlite3", size, bench.seed))
    _open_main(*conns[EMPTY.label])  # discarded: pays for imports and Qt's set-up
    times: dict[str, list[tuple[float, float]]] = {big.label: [], SMALL.label: []}
    for _ in range(rounds):
        for label, runs in times.items():
            runs.append(_open_main(*conns[label]))
    for _folder, conn in conns.values():
        conn.close()
    opened = {
        label: (median([r[0] for r in runs]), median([r[1] for r in runs]))
        for label, runs in times.items()
    }
    ours, base = opened[big.label], opened[SMALL.label]
    label = f"{big.promises:,} promises"
    note = f"ledger of {big.describe()}; baseline: {SMALL.describe()}; median of {rounds}"
    return [
        ratio_row(
            WINDOW_GROUP,
            f"open, first, {label}",
            "ms",
            ours[0],
            base[0],
            limit=RATIO_TARGET,
            note=note,
        ),
        ratio_row(WINDOW_GROUP, f"open again, {label}", "ms", ours[1], base[1], limit=RATIO_TARGET),
        info_row(
            WINDOW_GROUP,
            f"open first and again, {label}",
            "ms",
            ours[0] + ours[1],
            base[0] + base[1],
        ),
    ]


def run(bench: Bench) -> list[Row]:
    app = QApplication.instance() or QApplication(["benchmarks"])
    assert app is not None
    rows = []
    if bench.screen.has_tray:
        rows += hotkey(bench)
    else:
        say("quick add: no desktop, so the hotkey is not measured")
    rows += preview(bench)
    rows += main_window(bench)
    return rows
