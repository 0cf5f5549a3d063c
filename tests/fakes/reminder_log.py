"""``InMemoryReminderLog``: the ``ReminderLog`` port kept in an ``InMemoryLedger``'s tables.

It is given the ledger, as the SQLite log is given the ledger's connection: its writes join
the ledger's ``atomic()`` block, and the Missed list reads the promises and their history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from tests.fakes.ledger import InMemoryLedger, in_utc
from trayapp.core.model import PromiseEventKind
from trayapp.core.ports import DeliveryRecord
from trayapp.core.reminders.plan import current_key


class InMemoryReminderLog:
    """Which reminders were delivered and the app's small state, beside ``ledger``'s rows."""

    def __init__(self, ledger: InMemoryLedger) -> None:
        self.ledger = ledger

    def delivered_keys(self, promise_ids: Sequence[int]) -> set[str]:
        wanted = set(promise_ids)
        return {
            current_key(record.key, record.nominal_at)
            for record in self.ledger.tables.deliveries.values()
            if record.promise_id in wanted
        }

    def record_deliveries(self, records: Sequence[DeliveryRecord]) -> None:
        """Insert records; a key already recorded is left as it is."""
        deliveries = self.ledger.tables.deliveries
        for record in records:
            deliveries.setdefault(record.key, in_utc(record))

    def is_delivered(self, key: str) -> bool:
        return key in self.ledger.tables.deliveries

    def unacted(self, limit: int = 100) -> list[DeliveryRecord]:
        """Delivered and not acted on, for promises still open: the Missed list, newest first.

        A delivery also leaves it once its promise was snoozed, renegotiated, kept or released
        at or after it was delivered.
        """
        missed = [
            record
            for record in self.ledger.tables.deliveries.values()
            if record.acted_at is None and self._still_missed(record)
        ]
        missed.sort(key=lambda r: (r.delivered_at, r.nominal_at), reverse=True)
        return missed[:limit]

    def _still_missed(self, record: DeliveryRecord) -> bool:
        promise = self.ledger.tables.promises.get(record.promise_id or 0)
        if promise is None or not promise.is_open:
            return False
        return not any(
            event.promise_id == record.promise_id
            and event.kind is not PromiseEventKind.CREATED
            and event.at >= record.delivered_at
            for event in self.ledger.tables.events.values()
        )

    def mark_acted(self, promise_id: int, at: datetime) -> None:
        deliveries = self.ledger.tables.deliveries
        for key, record in deliveries.items():
            if record.promise_id == promise_id and record.acted_at is None:
                deliveries[key] = in_utc(dataclasses.replace(record, acted_at=at))

    def get_state(self, name: str) -> str | None:
        return self.ledger.tables.app_state.get(name)

    def set_state(self, name: str, value: str | None) -> None:
        if value is None:
            self.ledger.tables.app_state.pop(name, None)
        else:
            self.ledger.tables.app_state[name] = value
