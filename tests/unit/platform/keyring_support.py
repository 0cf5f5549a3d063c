"""Keychain stand-ins for tests: keyring backends and a real-keychain probe (the fake
SecretStore is ``tests.fakes.FakeSecretStore``).

The backends are not viable for keyring's own detection (``viable = False``), so they are only
used where a test installs one with :func:`installed`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

from trayapp.core.ports import SecretStoreUnavailable


@contextmanager
def installed(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """Make ``backend`` keyring's backend for the block, then restore the previous one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class MemoryKeyring(KeyringBackend):
    """A process-local keychain; ``store`` maps (service, name) to the secret."""

    priority = 5.0
    viable = False

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("no such password")


class FileKeyring(MemoryKeyring):
    """A keychain kept in the JSON file named by ``TRAYAPP_TEST_KEYRING``, so that separate
    processes (the command line under test) share it; with ``TRAYAPP_TEST_KEYRING_LOCKED=1``
    every call fails as a locked keychain does. Install it with
    ``PYTHON_KEYRING_BACKEND=tests.unit.platform.keyring_support.FileKeyring``."""

    def _load(self) -> dict[str, str]:
        if os.environ.get("TRAYAPP_TEST_KEYRING_LOCKED") == "1":
            raise KeyringLocked("the test keychain is locked")
        try:
            with open(os.environ["TRAYAPP_TEST_KEYRING"], encoding="utf-8") as handle:
                loaded: dict[str, str] = json.load(handle)
        except FileNotFoundError:
            return {}
        return loaded

    def _save(self, entries: dict[str, str]) -> None:
        with open(os.environ["TRAYAPP_TEST_KEYRING"], "w", encoding="utf-8") as handle:
            json.dump(entries, handle)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}/{username}"] = password
        self._save(entries)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        if entries.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(entries)


class HangingKeyring(MemoryKeyring):
    """Every call waits until ``release`` is set, like a locked keychain waiting for a prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def _wait(self) -> None:
        self.entered.set()
        self.release.wait(60)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)


class RaisingKeyring(MemoryKeyring):
    """Every call raises ``error``."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise self.error


class LowPriorityKeyring(MemoryKeyring):
    """A backend keyring calls suitable but not recommended (priority below 1)."""

    priority = 0.5


class PlaintextKeyring(MemoryKeyring):
    """Looks like ``keyrings.alt``'s plaintext file backend."""

    __module__ = "keyrings.alt.file"


def real_keychain_report(timeout: float) -> dict[str, object]:
    """Exercise ``KeyringSecretStore`` against the session's Secret Service, then lock it.

    Meant to run in a child process inside ``dbus-run-session`` with an unlocked
    gnome-keyring-daemon; returns what happened, for the parent to check.
    """
    import time

    import secretstorage

    from trayapp.platform.secrets import KeyringSecretStore

    store = KeyringSecretStore(service="Follow-Through test", timeout=timeout)
    report: dict[str, object] = {"available": list(store.available())}
    store.set("entry", "s3cret value")
    report["after_set"] = store.get("entry")
    store.delete("entry")
    report["after_delete"] = store.get("entry")
    store.set("entry", "kept while locked")
    connection = secretstorage.dbus_init()
    collection = secretstorage.get_default_collection(connection)
    collection.lock()
    report["locked"] = collection.is_locked()
    started = time.monotonic()
    try:
        report["locked_get"] = store.get("entry")
    except SecretStoreUnavailable as err:
        report["locked_error"] = str(err)
    report["locked_seconds"] = round(time.monotonic() - started, 2)
    return report


def main() -> None:
    """``python -c 'from tests.unit.platform.keyring_support import main; main()' TIMEOUT``."""
    print(json.dumps(real_keychain_report(float(sys.argv[1]))), flush=True)
