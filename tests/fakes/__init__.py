"""In-memory stand-ins for the ports in ``trayapp.core.ports``, shared by every test.

Each one passes the same contract as the real adapter (``tests/contracts``), so a test that
uses a fake tests what the real thing would do.
"""

from __future__ import annotations

from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import (
    FakeAutostart,
    FakeHotkey,
    FakeNotifier,
    FakeSecretStore,
    FakeSettingsStore,
    FakeTemplateSource,
    FakeWhenParser,
)
from tests.fakes.reminder_log import InMemoryReminderLog

__all__ = [
    "FakeAutostart",
    "FakeHotkey",
    "FakeNotifier",
    "FakeSecretStore",
    "FakeSettingsStore",
    "FakeTemplateSource",
    "FakeWhenParser",
    "InMemoryLedger",
    "InMemoryReminderLog",
]
