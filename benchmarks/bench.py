"""What every benchmark is given: its size, the screen to run programs on, a work folder, and
the tray app's profile with the start-up ledger (built once, shared)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.desktop import Screen
from benchmarks.ledgers import Size, build

#: The ledger the tray app starts with: a recruiter a few years in.
PROFILE_SIZE = Size("profile", contacts=5_000, touches=100_000, promises=10_000)
TINY_PROFILE_SIZE = Size("profile", contacts=200, touches=2_000, promises=500)


@dataclass
class Bench:
    """The run's shared state."""

    tiny: bool
    screen: Screen
    work: Path
    seed: int = 20261203
    _profile: Path | None = field(default=None, repr=False)

    @property
    def profile_size(self) -> Size:
        return TINY_PROFILE_SIZE if self.tiny else PROFILE_SIZE

    def profile(self) -> Path:
        """The tray app's data folder holding the start-up ledger (dated around now)."""
        if self._profile is None:
            folder = self.work / "profile"
            started = time.perf_counter()
            build(folder / "ledger.sqlite3", self.profile_size, self.seed, now_utc()).close()
            took = time.perf_counter() - started
            say(f"app profile: {self.profile_size.describe()} — built in {took:.1f} s")
            self._profile = folder
        return self._profile


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def say(message: str) -> None:
    """Progress, on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)
