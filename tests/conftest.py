"""Shared fixtures: every path goes to a temporary folder and no test touches a real profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests check behaviour, never speed (the benchmarks report speed): no example has a deadline.
settings.register_profile("no-deadlines", deadline=None)
settings.load_profile("no-deadlines")


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the app's data and config folders, and XDG's, at the test's own folder."""
    monkeypatch.setenv("TRAYAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAYAPP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """Every test's QApplication can time the GUI thread (the widget tests' watchdog uses it)."""
    from tests.ui.watchdog import WatchedApplication

    return WatchedApplication
