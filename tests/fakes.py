"""In-memory stand-ins for the ports in ``trayapp.core.ports``, shared by every test.

Each one passes the same contract as the real adapter (``tests/contracts``), so a test that
uses a fake tests what the real thing would do.
"""

from __future__ import annotations

from trayapp.core.ports import Notice, SecretStoreUnavailable
from trayapp.core.settings import Settings


class FakeSecretStore:
    """A ``SecretStore`` kept in a dict; ``unavailable`` makes every call fail like a keychain."""

    def __init__(self, *, unavailable: bool = False) -> None:
        self.values: dict[str, str] = {}
        self.unavailable = unavailable

    def _check(self) -> None:
        if self.unavailable:
            raise SecretStoreUnavailable("no keychain was found")

    def get(self, name: str) -> str | None:
        self._check()
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self._check()
        self.values[name] = value

    def delete(self, name: str) -> None:
        self._check()
        self.values.pop(name, None)


class FakeTemplateSource:
    """A ``TemplateSource`` over a dict of file names to texts."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def read(self, name: str) -> str | None:
        return self.files.get(name)

    def names(self) -> list[str]:
        return sorted(self.files)


class FakeSettingsStore:
    """A ``SettingsStore`` that keeps the last settings saved (the defaults before any)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.saved: list[Settings] = [] if settings is None else [settings]

    def load(self) -> Settings:
        return self.saved[-1] if self.saved else Settings()

    def save(self, settings: Settings) -> None:
        self.saved.append(settings)


class FakeNotifier:
    """A ``Notifier`` that keeps every notice it was asked to show."""

    name = "test"

    def __init__(self) -> None:
        self.notices: list[Notice] = []

    def notify(self, notice: Notice) -> None:
        self.notices.append(notice)
