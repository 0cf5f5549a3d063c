"""KeyringSecretStore: round trips, refused backends, errors, the timeout, a real keychain."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from keyring import errors as keyring_errors
from keyring.backends import chainer, fail, null

from tests.unit.platform.keyring_support import (
    HangingKeyring,
    LowPriorityKeyring,
    MemoryKeyring,
    PlaintextKeyring,
    RaisingKeyring,
    installed,
)
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.platform.secrets import KeyringSecretStore

REPO = Path(__file__).resolve().parents[3]


def test_round_trip_through_a_keyring_backend() -> None:
    store: SecretStore = KeyringSecretStore(service="svc", timeout=2)
    with installed(MemoryKeyring()) as backend:
        assert store.get("a") is None
        store.set("a", "secret one")
        assert backend.store == {("svc", "a"): "secret one"}  # type: ignore[attr-defined]
        assert store.get("a") == "secret one"
        store.delete("a")
        assert store.get("a") is None
        store.delete("a")  # deleting what is not there is fine


def test_available_names_the_backend_and_writes_nothing() -> None:
    with installed(MemoryKeyring()) as backend:
        ok, name = KeyringSecretStore(timeout=2).available()
        assert ok
        assert name.endswith("MemoryKeyring")
        assert backend.store == {}  # type: ignore[attr-defined]


def test_no_keyring_backend_is_unavailable_with_a_plain_reason() -> None:
    store = KeyringSecretStore(timeout=2)
    with installed(fail.Keyring()):  # type: ignore[no-untyped-call]
        with pytest.raises(SecretStoreUnavailable, match="no keychain was found"):
            store.set("a", "b")
        ok, reason = store.available()
    assert not ok
    assert "no keychain was found" in reason


def test_null_backend_is_refused() -> None:
    off = null.Keyring()  # type: ignore[no-untyped-call]
    with installed(off), pytest.raises(SecretStoreUnavailable, match="switched off"):
        KeyringSecretStore(timeout=2).get("a")


@pytest.mark.parametrize(
    ("backend", "reason"),
    [(PlaintextKeyring(), "keeps secrets in a file"), (LowPriorityKeyring(), "not a secure")],
)
def test_plaintext_and_unrecommended_backends_are_refused_untouched(
    backend: MemoryKeyring, reason: str
) -> None:
    store = KeyringSecretStore(timeout=2)
    with installed(backend):
        with pytest.raises(SecretStoreUnavailable, match=reason):
            store.set("a", "secret")
        ok, why = store.available()
        assert not ok
        assert reason in why
    assert backend.store == {}
    assert backend.calls == 0


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (keyring_errors.NoKeyringError("none"), "no keychain was found"),
        (keyring_errors.KeyringLocked("locked"), "the keychain is locked"),
        (keyring_errors.InitError("bus"), "could not be opened"),
        (keyring_errors.PasswordSetError("no"), "refused to save"),
        (ConnectionError("dbus gone"), r"failed \(ConnectionError\)"),
    ],
)
def test_backend_errors_become_unavailable(error: Exception, reason: str) -> None:
    with installed(RaisingKeyring(error)), pytest.raises(SecretStoreUnavailable, match=reason):
        KeyringSecretStore(timeout=2).set("a", "b")


def test_delete_that_fails_while_the_secret_stays_is_reported() -> None:
    class StubbornKeyring(MemoryKeyring):
        def delete_password(self, service: str, username: str) -> None:
            raise keyring_errors.PasswordDeleteError("denied")

    store = KeyringSecretStore(timeout=2)
    with installed(StubbornKeyring()):
        store.set("a", "b")
        with pytest.raises(SecretStoreUnavailable, match="refused to delete"):
            store.delete("a")


@pytest.mark.timeout(60)
def test_a_hanging_keychain_is_abandoned_and_later_recovers() -> None:
    backend = HangingKeyring()
    store = KeyringSecretStore(timeout=0.2)
    with installed(backend):
        try:
            with pytest.raises(SecretStoreUnavailable, match="did not answer"):
                store.set("a", "b")
            assert backend.entered.is_set()
            calls = backend.calls
            with pytest.raises(SecretStoreUnavailable, match="still busy"):
                store.get("a")  # fails at once: no second thread stuck behind the first
            assert backend.calls == calls
            assert store.available()[0] is False
        finally:
            backend.release.set()
        deadline = time.monotonic() + 30
        while not store.available()[0] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.get("a") == "b"  # the abandoned write finished once the keychain answered


def test_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        KeyringSecretStore(timeout=0)


def _real_keychain_missing() -> str | None:
    needed = ("gnome-keyring-daemon", "dbus-run-session")
    missing = [tool for tool in needed if shutil.which(tool) is None]
    return ", ".join(missing) or None


@pytest.mark.timeout(120)
def test_real_secret_service_round_trip_and_locked_collection(tmp_path: Path) -> None:
    """set/get/delete through gnome-keyring in a private D-Bus session, then lock it.

    With Xvfb present, the unlock prompt really appears and waits forever; without a display
    gnome-keyring refuses at once. Either way the store must come back with
    SecretStoreUnavailable instead of hanging.
    """
    missing = _real_keychain_missing()
    if missing:
        if os.environ.get("TRAYAPP_REQUIRE_X") == "1":
            pytest.fail(f"a real Secret Service is required but {missing} is not installed")
        pytest.skip(f"{missing} not installed")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    env |= {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "PYTHONPATH": str(REPO),
    }
    child = (
        "echo throwaway-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        f" && exec {sys.executable} -c "
        "'from tests.unit.platform.keyring_support import main; main()' 2"
    )
    command = ["dbus-run-session", "--", "sh", "-c", child]
    with_display = shutil.which("xvfb-run") is not None and shutil.which("Xvfb") is not None
    if with_display:
        command = ["xvfb-run", "-a", *command]
    done = subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=90, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["available"][0] is True
    assert report["available"][1] == "keyring.backends.SecretService.Keyring"
    assert report["after_set"] == "s3cret value"
    assert report["after_delete"] is None
    assert report["locked"] is True
    assert "locked_get" not in report
    expected = "did not answer" if with_display else "did not answer|is locked"
    assert any(word in report["locked_error"] for word in expected.split("|"))
    assert report["locked_seconds"] < 60


@pytest.mark.parametrize("plaintext_first", [True, False])
def test_a_chain_of_backends_is_judged_by_the_one_it_writes_to(
    monkeypatch: pytest.MonkeyPatch, plaintext_first: bool
) -> None:
    memory, plaintext = MemoryKeyring(), PlaintextKeyring()
    chain = [plaintext, memory] if plaintext_first else [memory, plaintext]
    monkeypatch.setattr(chainer.ChainerBackend, "backends", chain)
    store = KeyringSecretStore(timeout=2)
    with installed(chainer.ChainerBackend()):  # type: ignore[no-untyped-call]
        if plaintext_first:
            with pytest.raises(SecretStoreUnavailable, match="keeps secrets in a file"):
                store.set("a", "b")
        else:
            store.set("a", "b")
    assert plaintext.store == {}
    assert memory.store == ({} if plaintext_first else {("Follow-Through", "a"): "b"})


def test_an_empty_chain_is_no_keychain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with installed(chainer.ChainerBackend()):  # type: ignore[no-untyped-call]
        assert KeyringSecretStore(timeout=2).available()[1].startswith("no keychain was found")
