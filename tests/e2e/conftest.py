"""End-to-end fixtures: a real headless desktop (see rig.py) and apps launched on it.

Tests marked `x11` need that desktop. When its programs are missing they skip themselves —
unless TRAYAPP_REQUIRE_X=1 (set by CI), which turns the skip into a failure so that desktop
tests can never silently stop running.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from tests.e2e import rig
from tests.e2e.desktop_app import AppProcess
from tests.e2e.rig import Desktop

REQUIRE_X = "TRAYAPP_REQUIRE_X"
SCREENSHOTS = "TRAYAPP_SCREENSHOTS"

Launch = Callable[[Sequence[str]], AppProcess]


def _skip_or_fail_without_desktop() -> None:
    missing = rig.missing_binaries()
    if not missing:
        return
    why = f"needs the headless desktop; not installed: {', '.join(missing)}"
    if os.environ.get(REQUIRE_X) == "1":
        pytest.fail(f"{why} ({REQUIRE_X}=1; run .ci/install-system-deps.sh)", pytrace=False)
    pytest.skip(f"{why} (run .ci/install-system-deps.sh)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, with TRAYAPP_REQUIRE_X=1, fail) `x11` tests when the desktop cannot run."""
    if item.get_closest_marker("x11") is not None:
        _skip_or_fail_without_desktop()


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    """One headless desktop shared by the whole run (Xvfb, D-Bus, trayer, dunst).

    Screenshots go to $TRAYAPP_SCREENSHOTS when set (e.g. the git-ignored screenshots/),
    otherwise to the desktop's temp folder, removed at the end.
    """
    _skip_or_fail_without_desktop()
    shots = os.environ.get(SCREENSHOTS)
    with rig.desktop(shots=Path(shots).resolve() if shots else None) as running:
        yield running


@pytest.fixture
def launch(desktop: Desktop) -> Iterator[Launch]:
    """Start programs on the desktop (no notification left on screen from earlier tests);
    each is stopped when the test ends."""
    desktop.dismiss_notifications()
    started: list[AppProcess] = []

    def start(args: Sequence[str]) -> AppProcess:
        app = AppProcess(args, desktop.env)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
