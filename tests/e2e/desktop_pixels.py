"""Reading colours off a screenshot, as a person glancing at the screen would: how much of a
window is drawn, and which state dot the tray icon shows."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

from tests.e2e.desktop_x11 import Window

Rgb = tuple[int, int, int]
_LINE = re.compile(r"^\s*(\d+):\s*\(\s*(\d+),\s*(\d+),\s*(\d+)")


def colours(shot: Path, window: Window) -> Counter[Rgb]:
    """How many pixels of each colour the screenshot has inside the window's rectangle."""
    crop = f"{window.width}x{window.height}+{window.x}+{window.y}"
    done = subprocess.run(
        ["convert", str(shot), "-crop", crop, "+repage", "-format", "%c", "histogram:info:-"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    counts: Counter[Rgb] = Counter()
    for line in done.stdout.splitlines():
        found = _LINE.match(line)
        if found:
            count, r, g, b = (int(x) for x in found.groups())
            counts[(r, g, b)] += count
    return counts


def drawn_share(counts: Counter[Rgb], background: Rgb = (0, 0, 0)) -> float:
    """The share of pixels that are not the bare screen behind (black under Xvfb)."""
    total = sum(counts.values())
    return 1 - counts[background] / total if total else 0.0


def ink_pixels(counts: Counter[Rgb]) -> int:
    """Pixels dark enough to be text (even a grey hint) on a light window; not the black
    screen behind it."""
    return sum(n for rgb, n in counts.items() if 0 < max(rgb) < 160)


def state_dot(counts: Counter[Rgb]) -> str:
    """Which dot the tray icon wears: ``red`` (overdue), ``amber`` (due soon) or ``none``."""
    red = sum(n for (r, g, b), n in counts.items() if r > 150 and g < 80 and b < 80)
    amber = sum(n for (r, g, b), n in counts.items() if r > 140 and 70 <= g <= 140 and b < 60)
    if red >= 5 and red > amber:
        return "red"
    return "amber" if amber >= 5 else "none"
