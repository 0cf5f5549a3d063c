"""An app under test, run as a subprocess on the test desktop and watched through its output."""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence


class AppProcess:
    """A running program: lines it prints are collected; lines can be written to its stdin."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str]) -> None:
        self.started = time.perf_counter()
        self.lines: list[tuple[float, str]] = []
        self._proc = subprocess.Popen(
            list(args),
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._pump = threading.Thread(target=self._read, name="app-output", daemon=True)
        self._pump.start()

    @property
    def pid(self) -> int:
        return self._proc.pid

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for raw in self._proc.stdout:
            self.lines.append((time.perf_counter() - self.started, raw.rstrip("\n")))

    def output(self) -> list[str]:
        """Everything printed so far."""
        return [text for _, text in self.lines]

    def send(self, line: str) -> None:
        """Write one line to the program's stdin."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()

    def wait_line(self, prefix: str, timeout: float = 10.0, after: int = 0) -> tuple[float, str]:
        """The first line (from index `after` on) starting with `prefix`, and when it came
        (seconds after start)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for stamp, text in self.lines[after:]:
                if text.startswith(prefix):
                    return stamp, text
            if self._proc.poll() is not None and not self._pump.is_alive():
                break
            time.sleep(0.01)
        raise AssertionError(f"no line starting with {prefix!r}; output: {self.output()}")

    def stop(self, timeout: float = 5.0) -> int:
        """Close stdin (the program's cue to quit), then TERM and KILL if it lingers."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.terminate()
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._pump.join(timeout)
        if self._proc.stdout is not None:
            self._proc.stdout.close()
        return self._proc.returncode
