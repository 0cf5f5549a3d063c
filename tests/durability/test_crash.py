"""kill -9 during writes: every acknowledged write survives and the file stays intact.

A calibration run measures how long the writer takes for all its writes; then each round
starts the writer on the same ledger and kills it with SIGKILL after a seeded delay, spread
evenly over most of that duration. A round whose writer finished before the kill (a busy
machine makes runs slower or faster than the calibration) is run again with half the delay, so
every round ends with a kill in the middle of the writes. After every kill the ledger is
reopened as the app opens it and checked: ``integrity_check`` is ``ok``, every ``ACK``ed
promise and touch is there, no promise lacks its 'created' event, and at most one write per
round committed unacknowledged.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from trayapp.ledger.opening import open_ledger

WRITER = Path(__file__).with_name("writer.py")
WRITES = 1000
ROUNDS = int(os.environ.get("TRAYAPP_CRASH_ROUNDS", "40"))
SEED = int(os.environ.get("TRAYAPP_CRASH_SEED", "20260318"))
#: Runs per round at most: each one that finished before its kill is retried earlier.
RETRIES = 6

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@dataclass
class Acked:
    promises: set[int] = field(default_factory=set)
    touches: set[int] = field(default_factory=set)

    def add(self, lines: list[str]) -> int:
        """Record the complete ``ACK`` lines; return how many there were."""
        n = 0
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "ACK":
                (self.promises if parts[2] == "promise" else self.touches).add(int(parts[3]))
                n += 1
        return n


def _complete_lines(raw: bytes) -> list[str]:
    """Lines ended by a newline: a line cut by the kill was never fully acknowledged."""
    text = raw.decode("utf-8", errors="replace")
    return text.split("\n")[:-1]


def _run_writer(data_dir: Path, kill_after: float | None) -> tuple[list[str], float, bool]:
    """Start the writer; kill it ``kill_after`` seconds after READY (None: let it finish)."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(WRITES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: readline must not pull ACK lines that communicate() skips
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != b"READY":
        _, err = proc.communicate(timeout=30)
        pytest.fail(f"writer did not start: {first!r} {err.decode(errors='replace')[-2000:]}")
    started = time.monotonic()
    if kill_after is None:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode(errors="replace")[-2000:]
        return _complete_lines(out), time.monotonic() - started, False
    time.sleep(kill_after)
    alive = proc.poll() is None
    proc.kill()
    out, _ = proc.communicate(timeout=30)
    lines = _complete_lines(out)
    return lines, time.monotonic() - started, alive and "DONE" not in lines


def _check(data_dir: Path, acked: Acked) -> tuple[int, int]:
    """Reopen as the app does and check everything; return (promises, touches) on file."""
    with open_ledger(str(data_dir)) as opened:
        conn = opened.connection
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        promise_ids = {row[0] for row in conn.execute("SELECT id FROM promises")}
        touch_ids = {row[0] for row in conn.execute("SELECT id FROM touches")}
        lost_promises = acked.promises - promise_ids
        lost_touches = acked.touches - touch_ids
        assert not lost_promises, f"acknowledged promises lost: {sorted(lost_promises)[:10]}"
        assert not lost_touches, f"acknowledged touches lost: {sorted(lost_touches)[:10]}"
        half = conn.execute(
            "SELECT count(*) FROM promises p WHERE NOT EXISTS (SELECT 1 FROM promise_events e"
            " WHERE e.promise_id = p.id AND e.kind = 'created')"
        ).fetchone()[0]
        assert half == 0, f"{half} promises without their 'created' event"
        return len(promise_ids), len(touch_ids)


def test_kill_9_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "crash"
    acked = Acked()
    began = time.monotonic()
    lines, duration, _ = _run_writer(data_dir, None)  # calibration: all writes, no kill
    assert acked.add(lines) == WRITES
    assert _check(data_dir, acked) == (WRITES // 2, WRITES // 2)

    rng = random.Random(SEED)
    # One delay in each of ROUNDS equal slices of the first 80% of the writing time (later
    # runs start faster than the calibration run), in shuffled order.
    span = duration * 0.8
    delays = [span * (i + rng.random()) / ROUNDS for i in range(ROUNDS)]
    rng.shuffle(delays)
    killed_mid_run, runs, unacked = 0, 0, 0
    for first_delay in delays:
        delay = first_delay
        for _ in range(RETRIES):
            lines, _, killed = _run_writer(data_dir, delay)
            runs += 1
            acked.add(lines)
            promises, touches = _check(data_dir, acked)
            extra = promises + touches - len(acked.promises) - len(acked.touches)
            assert 0 <= extra - unacked <= 1, "more than one unacknowledged write in one round"
            unacked = extra
            if killed:
                killed_mid_run += 1
                break
            delay /= 2  # the writer finished first: kill earlier in the next run
    elapsed = time.monotonic() - began
    print(
        f"\ncrash harness: {killed_mid_run} of {ROUNDS} rounds killed mid-run in {runs} runs"
        f" after a {duration:.2f} s calibration run; {len(acked.promises) + len(acked.touches)}"
        f" acknowledged writes, 0 lost, {unacked} committed unacknowledged;"
        f" {elapsed:.1f} s in all"
    )
    assert killed_mid_run == ROUNDS  # every round's kill landed during the writes
