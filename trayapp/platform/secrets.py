"""The OS keychain through ``keyring``, every call bounded by a timeout.

A locked Secret Service collection makes keyring wait for an unlock prompt that may never
appear, so each call runs on a daemon thread and is abandoned after ``timeout`` seconds. While
an abandoned call is still waiting, further calls fail at once instead of piling up threads.

Only real keychains are used: keyring's "fail" and "null" backends, plaintext or file-based
backends (``keyrings.alt`` and the like) and any backend keyring itself does not recommend
(priority below 1) are refused with a plain reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from trayapp import APP_NAME
from trayapp.core.ports import SecretStoreUnavailable

if TYPE_CHECKING:  # keyring itself is imported on the keychain's worker thread, at first use
    from keyring import errors as keyring_errors
    from keyring.backend import KeyringBackend

__all__ = ["DEFAULT_SERVICE", "KeyringSecretStore", "chosen_backend"]

log = logging.getLogger(__name__)

DEFAULT_SERVICE = APP_NAME
NOT_ANSWERED = "the keychain did not answer"
NO_KEYCHAIN = (
    "no keychain was found (no Secret Service, KWallet, macOS Keychain "
    "or Windows Credential Manager)"
)
PROBE_NAME = "availability-probe"
REFUSED_MODULE_PREFIXES = ("keyrings.alt", "keyrings.cryptfile")
RECOMMENDED_PRIORITY = 1.0

T = TypeVar("T")


class KeyringSecretStore:
    """Implements ``core.ports.SecretStore`` over the platform keychain.

    Every failure, refusal or timeout is a ``SecretStoreUnavailable`` with a plain reason.
    """

    def __init__(self, service: str = DEFAULT_SERVICE, timeout: float = 5.0) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.service = service
        self.timeout = timeout
        self._lock = threading.Lock()
        self._stuck: threading.Thread | None = None

    def get(self, name: str) -> str | None:
        value = self._call(lambda backend: backend.get_password(self.service, name))
        if value is not None and not isinstance(value, str):
            raise SecretStoreUnavailable("the keychain answered with something that is not text")
        return value

    def set(self, name: str, value: str) -> None:
        self._call(lambda backend: backend.set_password(self.service, name, value))

    def delete(self, name: str) -> None:
        """Remove the secret; removing one that is not there is not an error."""
        self._call(lambda backend: _delete(backend, self.service, name))

    def available(self) -> tuple[bool, str]:
        """``(True, backend name)`` or ``(False, reason)``, found by reading, never writing."""

        def probe(backend: KeyringBackend) -> str:
            backend.get_password(self.service, PROBE_NAME)
            return backend_label(backend)

        try:
            return True, self._call(probe)
        except SecretStoreUnavailable as err:
            return False, str(err)

    def _call(self, operation: Callable[[KeyringBackend], T]) -> T:
        """Run ``operation`` on the chosen backend in a daemon thread, for ``timeout`` at most."""
        if not self._lock.acquire(timeout=self.timeout):
            raise SecretStoreUnavailable(NOT_ANSWERED)
        try:
            if self._stuck is not None and self._stuck.is_alive():
                raise SecretStoreUnavailable(f"{NOT_ANSWERED} (it is still busy with a request)")
            outcome: _Outcome[T] = _Outcome(operation)
            worker = threading.Thread(target=outcome.run, name="keychain", daemon=True)
            worker.start()
            worker.join(self.timeout)
            if worker.is_alive():
                self._stuck = worker
                log.warning("keychain call abandoned after %.1f s", self.timeout)
                raise SecretStoreUnavailable(NOT_ANSWERED)
            self._stuck = None
            return outcome.result()
        finally:
            self._lock.release()


class _Outcome(Generic[T]):
    """What one keychain call produced on the worker thread: a value or an error."""

    def __init__(self, operation: Callable[[KeyringBackend], T]) -> None:
        self._operation = operation
        self._value: T | None = None
        self._error: SecretStoreUnavailable | None = None
        self._done = False

    def run(self) -> None:
        from keyring import errors as keyring_errors

        try:
            self._value = self._operation(chosen_backend())
            self._done = True
        except SecretStoreUnavailable as err:
            self._error = err
        except keyring_errors.KeyringError as err:
            log.warning("keychain error %s: %s", type(err).__name__, err)
            self._error = SecretStoreUnavailable(_reason_for(err))
        except Exception as err:  # a backend's own exception types (D-Bus, OS errors...)
            log.warning("keychain backend failed with %s: %s", type(err).__name__, err)
            self._error = SecretStoreUnavailable(f"the keychain failed ({type(err).__name__})")

    def result(self) -> T:
        if self._error is not None:
            raise self._error
        if not self._done:
            raise SecretStoreUnavailable("the keychain call ended without an answer")
        return self._value  # type: ignore[return-value]  # set whenever _done is True


def _reason_for(err: keyring_errors.KeyringError) -> str:
    from keyring import errors as keyring_errors

    if isinstance(err, keyring_errors.NoKeyringError):
        return NO_KEYCHAIN
    if isinstance(err, keyring_errors.KeyringLocked):
        return "the keychain is locked"
    if isinstance(err, keyring_errors.InitError):
        return "the keychain could not be opened"
    if isinstance(err, keyring_errors.PasswordSetError):
        return "the keychain refused to save the secret"
    if isinstance(err, keyring_errors.PasswordDeleteError):
        return "the keychain refused to delete the secret"
    return f"the keychain failed ({type(err).__name__})"


def _delete(backend: KeyringBackend, service: str, name: str) -> None:
    from keyring import errors as keyring_errors

    try:
        backend.delete_password(service, name)
    except keyring_errors.PasswordDeleteError:
        if backend.get_password(service, name) is not None:
            raise
        # Not there to begin with: that is what the caller wanted.


def backend_label(backend: KeyringBackend) -> str:
    """The backend's module and class, e.g. ``keyring.backends.SecretService.Keyring``."""
    return f"{type(backend).__module__}.{type(backend).__name__}"


def chosen_backend() -> KeyringBackend:
    """The backend keyring would write to, or ``SecretStoreUnavailable`` if it is refused.

    May talk to D-Bus (a backend's priority is worked out live): call it off the GUI thread.
    """
    import keyring
    from keyring.backends import chainer

    backend = keyring.get_keyring()
    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            raise SecretStoreUnavailable(NO_KEYCHAIN)
        backend = chained[0]  # the chainer writes to the first (highest priority) one
    _refuse_unsafe(backend)
    return backend


def _refuse_unsafe(backend: KeyringBackend) -> None:
    from keyring.backends import fail, null

    kind = type(backend)
    label = backend_label(backend)
    if isinstance(backend, fail.Keyring):
        raise SecretStoreUnavailable(NO_KEYCHAIN)
    if isinstance(backend, null.Keyring):
        raise SecretStoreUnavailable("the keychain is switched off (keyring's null backend)")
    if kind.__module__.startswith(REFUSED_MODULE_PREFIXES) or "plaintext" in label.lower():
        raise SecretStoreUnavailable(
            f"the keychain backend {label} keeps secrets in a file, not a keychain; it is not used"
        )
    try:
        priority = float(kind.priority)
    except Exception as err:  # keyring reports an unusable backend by raising from priority
        raise SecretStoreUnavailable(f"the keychain backend {label} cannot be used here") from err
    if priority < RECOMMENDED_PRIORITY:
        raise SecretStoreUnavailable(f"the keychain backend {label} is not a secure store")
