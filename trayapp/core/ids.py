"""Globally unique, time-ordered ids (UUID version 7, RFC 9562) for facts shared beyond this
desktop: a touch keeps its id wherever it travels, so a retry never makes a second one."""

from __future__ import annotations

import os
import uuid
from datetime import datetime


def uuid7(at: datetime | None = None) -> str:
    """A new UUIDv7: the 48-bit Unix time in milliseconds (``at``, else now), the version
    and variant bits, and 74 random bits."""
    millis = int(at.timestamp() * 1000) if at is not None else _now_millis()
    millis &= (1 << 48) - 1
    random = int.from_bytes(os.urandom(10), "big")
    rand_a, rand_b = random >> 62 & 0xFFF, random & ((1 << 62) - 1)
    value = millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def _now_millis() -> int:
    import time

    return time.time_ns() // 1_000_000
