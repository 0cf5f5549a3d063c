"""UUIDv7 as RFC 9562 lays it out: version 7, the RFC's variant, the time in front."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from trayapp.core.ids import uuid7


def test_a_uuid7_carries_its_time_version_and_variant() -> None:
    at = datetime(2026, 12, 3, 10, 0, 0, 123000, tzinfo=UTC)
    made = uuid.UUID(uuid7(at))
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert made.int >> 80 == int(at.timestamp() * 1000)


def test_uuid7s_are_unique_and_ordered_by_time() -> None:
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    ids = {uuid7(early) for _ in range(1000)}
    assert len(ids) == 1000
    assert max(ids) < uuid7(late)
