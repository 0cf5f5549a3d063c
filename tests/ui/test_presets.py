"""Snooze and pause presets as instants in the user's zone (London: GMT in November)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.ui.conftest import NOW
from trayapp.core.clock import FixedClock
from trayapp.core.errors import BadInput
from trayapp.services.context import Context
from trayapp.ui.presets import pause_until, snooze_until


def test_snooze_presets(ctx: Context) -> None:
    assert snooze_until(ctx, "15m") == NOW + timedelta(minutes=15)
    assert snooze_until(ctx, "1h") == NOW + timedelta(hours=1)
    assert snooze_until(ctx, "tomorrow") == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    assert snooze_until(ctx, "monday") == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with pytest.raises(BadInput, match="unknown snooze"):
        snooze_until(ctx, "someday")


def test_next_monday_from_a_monday_is_a_week_on_and_summer_time_counts(
    ctx: Context, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))  # Monday, 9:00 BST
    assert snooze_until(ctx, "monday") == datetime(2026, 6, 8, 8, 0, tzinfo=UTC)


def test_pause_presets(ctx: Context) -> None:
    assert pause_until(ctx, "1h") == NOW + timedelta(hours=1)
    assert pause_until(ctx, "tomorrow") == datetime(2026, 11, 19, 8, 30, tzinfo=UTC)
    with pytest.raises(BadInput):
        pause_until(ctx, "forever")
