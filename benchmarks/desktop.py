"""Where the benchmarks run programs: a headless desktop with a tray host when one can be
started (Xvfb + D-Bus + trayer + dunst, the end-to-end tests' rig), else offscreen Qt.

Offscreen there is no tray: start-up is then measured to the program's ``ready`` line (printed
once its icon is shown) instead of to the icon appearing in the tray, and the table says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.e2e.rig import Desktop

ROOT = Path(__file__).resolve().parent.parent
BARE_TRAY = [sys.executable, str(Path(__file__).resolve().parent / "bare_tray.py")]
OURS = [sys.executable, "-m", "trayapp", "run"]
OFFSCREEN = "offscreen (no tray host: start-up is timed to the ready line)"


@dataclass
class Screen:
    """The environment programs run in, and a way to see the tray's icons."""

    env: dict[str, str]
    mode: str
    desktop: Desktop | None = None

    @property
    def has_tray(self) -> bool:
        return self.desktop is not None

    def icons(self) -> int:
        """How many icons the tray shows (0 offscreen)."""
        return len(self.desktop.tray_icons()) if self.desktop is not None else 0

    def key(self, chord: str) -> None:
        if self.desktop is None:
            raise RuntimeError("no desktop to press keys on")
        self.desktop.run(["xdotool", "key", chord])


@contextmanager
def screen(offscreen: bool = False) -> Iterator[Screen]:
    """A desktop with a tray host when its programs are installed (and not ``offscreen``)."""
    rig = None if offscreen else _rig()
    if rig is None or rig.missing_binaries():
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        yield Screen(env, OFFSCREEN)
        return
    with rig.desktop() as running:
        yield Screen(dict(running.env), "Xvfb with a tray host (trayer)", running)


def _rig() -> ModuleType | None:
    """The end-to-end tests' desktop rig, where it can run (it needs X's client library)."""
    try:
        from tests.e2e import rig
    except ImportError:
        return None
    return rig


@dataclass
class Program:
    """A program started for measuring: its output lines, each with when it came."""

    args: Sequence[str]
    env: Mapping[str, str]
    started: float = field(default=0.0)
    lines: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(self.args),
            env=dict(self.env),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._pump = threading.Thread(target=self._read, daemon=True)
        self._pump.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.append((time.perf_counter() - self.started, raw.rstrip("\n")))

    def line(self, prefix: str, timeout: float = 60.0) -> float:
        """Seconds from spawn to the first line starting with ``prefix``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for stamp, text in list(self.lines):
                if text.startswith(prefix):
                    return stamp
            if self.proc.poll() is not None and not self._pump.is_alive():
                break
            time.sleep(0.005)
        output = "\n".join(text for _, text in self.lines)
        raise RuntimeError(f"{self.args}: no line {prefix!r} (exit {self.proc.poll()}):\n{output}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._pump.join(timeout)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def app_env(base: Mapping[str, str], folder: Path) -> dict[str, str]:
    """The environment the tray app runs in: its own data folder, no keychain."""
    return {
        **base,
        "TRAYAPP_DATA_DIR": str(folder),
        "TRAYAPP_CONFIG_DIR": str(folder / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


@contextmanager
def running(args: Sequence[str], env: Mapping[str, str]) -> Iterator[Program]:
    program = Program(args, env)
    try:
        yield program
    finally:
        program.stop()
