"""Builds the Qt-free half of the app from its folders: settings, store, clock, date reader.

The command line uses it directly; the tray app (``app.py``) builds on it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.clock import Clock, FixedClock, SystemClock
from trayapp.core.errors import BadInput
from trayapp.core.settings import Settings
from trayapp.platform.dates import DateparserWhenParser
from trayapp.platform.localzone import local_zone
from trayapp.platform.paths import AppPaths, ensure_private_dir, resolve_paths
from trayapp.platform.settings_file import JsonSettingsStore
from trayapp.services.context import Context
from trayapp.store.db import open_database
from trayapp.store.ledger import SqliteLedger

NOW_VARIABLE = "TRAYAPP_NOW"


@dataclass(frozen=True, slots=True)
class Opened:
    """An open ledger with everything the use cases need."""

    ctx: Context
    paths: AppPaths
    settings_problem: str | None
    connection: sqlite3.Connection


def clock_from_environment() -> Clock:
    """The system clock, or a fixed instant from ``TRAYAPP_NOW`` (ISO 8601) for what-if runs."""
    raw = os.environ.get(NOW_VARIABLE, "").strip()
    if not raw:
        return SystemClock()
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"{NOW_VARIABLE} must be an ISO 8601 instant, not '{raw[:40]}'") from None
    if at.tzinfo is None:
        raise BadInput(f"{NOW_VARIABLE} needs a UTC offset, e.g. 2026-11-22T10:00+00:00")
    return FixedClock(at)


def load_settings(paths: AppPaths) -> tuple[Settings, str | None]:
    store = JsonSettingsStore(paths.settings_file)
    settings = store.load()
    return settings, store.problem


@contextmanager
def open_ledger(data_dir: str | None = None, clock: Clock | None = None) -> Iterator[Opened]:
    """Open the ledger in ``data_dir`` (or the default folders) and close it afterwards."""
    paths = resolve_paths(data_dir)
    ensure_private_dir(paths.data)
    settings, problem = load_settings(paths)
    connection = open_database(paths.database)
    try:
        ctx = Context(
            ledger=SqliteLedger(connection),
            clock=clock or clock_from_environment(),
            settings=settings,
            tz=local_zone(settings),
            when=DateparserWhenParser(),
        )
        yield Opened(ctx, paths, problem, connection)
    finally:
        connection.close()
