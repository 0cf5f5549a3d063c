"""The data key: made here, kept in the keychain and/or wrapped under a passphrase.

The database is encrypted with one random 32-byte data key. It lives in the OS keychain (one
entry per data folder) and, when the user chose a passphrase, in a small JSON key file beside
the database, wrapped under the passphrase (scrypt and AES-256-GCM, see ``key_wrap``). A recovery
code the user can write down brings the key back if both are lost. A key file of the first
format is rewritten in the current one the first time it opens.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from trayapp.core.errors import BadInput, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.disk.atomic import write_private_file
from trayapp.platform.key_wrap import (
    DATA_KEY_BYTES,
    DEFAULT_SCRYPT,
    KEY_FILE_VERSION,
    MIN_PASSPHRASE_CHARS,
    ScryptParams,
    damaged,
    is_current,
    key_id,
    unwrap_key,
    wrap_key,
)
from trayapp.platform.key_wrap import require_data_key as _require_data_key

__all__ = [
    "DATA_KEY_BYTES",
    "DEFAULT_SCRYPT",
    "KEY_FILE_VERSION",
    "MIN_PASSPHRASE_CHARS",
    "KeyPlaces",
    "KeyVault",
    "PassphraseRequired",
    "ScryptParams",
    "key_from_recovery_code",
    "key_id",
    "new_data_key",
    "read_key_file",
    "recovery_code",
    "unwrap_key",
    "wrap_key",
    "write_key_file",
]

MAX_KEY_FILE_BYTES = 4096
_CODE_LABEL = b"follow-through recovery code v1"

# Crockford's base32: no I, L, O or U, so nothing is mistaken for 1, 0 or a swear word.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_CHECK_BYTES = 3  # 32 + 3 bytes = 280 bits = 56 characters = 14 groups of 4
_CODE_CHARS = (DATA_KEY_BYTES + _CODE_CHECK_BYTES) * 8 // 5


def new_data_key() -> bytes:
    """32 random bytes from the operating system's secure generator."""
    return secrets.token_bytes(DATA_KEY_BYTES)


# --- Recovery code ---------------------------------------------------------------------------


def recovery_code(key: bytes) -> str:
    """The key as 14 groups of 4 characters with a checksum, e.g. ``7K2M-...``."""
    _require_data_key(key)
    number = int.from_bytes(key + _code_check(key), "big")
    chars = [_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(_CODE_CHARS))]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, _CODE_CHARS, 4))


def key_from_recovery_code(text: str) -> bytes:
    """The key back from a recovery code; case, spaces and dashes do not matter."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n").translate(_LOOKALIKES)
    bad = sorted({ch for ch in cleaned if ch not in _ALPHABET})
    if bad:
        raise BadInput(f"a recovery key has no {', '.join(repr(ch) for ch in bad)} in it")
    if len(cleaned) != _CODE_CHARS:
        raise BadInput(
            f"a recovery key has {_CODE_CHARS} letters and digits; that one has {len(cleaned)}"
        )
    number = 0
    for ch in cleaned:
        number = (number << 5) | _ALPHABET.index(ch)
    raw = number.to_bytes(DATA_KEY_BYTES + _CODE_CHECK_BYTES, "big")
    key, check = raw[:DATA_KEY_BYTES], raw[DATA_KEY_BYTES:]
    if not hmac.compare_digest(check, _code_check(key)):
        raise BadInput("that recovery key has a typo")
    return key


def _code_check(key: bytes) -> bytes:
    return hashlib.sha256(_CODE_LABEL + key).digest()[:_CODE_CHECK_BYTES]


# --- The key file ----------------------------------------------------------------------------


def read_key_file(path: Path, passphrase: str) -> bytes:
    """The data key from the key file at ``path``; a file of an older format is rewritten in
    the current one (atomically; when the folder cannot be written it stays as it was)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as err:
        raise StorageError(f"cannot read the key file {path}: {err.strerror or err}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise damaged(f"the key file {path}", "it is far too large")
    key = unwrap_key(data, passphrase, source=f"the key file {path}")
    if not is_current(data):
        # A folder that cannot be written keeps the old file, which still opens; the next
        # opening tries again.
        with contextlib.suppress(StorageError):
            write_key_file(path, key, passphrase)
    return key


def write_key_file(
    path: Path, key: bytes, passphrase: str, params: ScryptParams = DEFAULT_SCRYPT
) -> None:
    """Write the wrapped key to ``path`` atomically, readable by its owner only (POSIX)."""
    text = wrap_key(key, passphrase, params).encode("utf-8")
    try:
        write_private_file(path, text)
    except OSError as err:
        raise StorageError(f"cannot write the key file {path}: {err.strerror or err}") from None


# --- The vault -------------------------------------------------------------------------------


class PassphraseRequired(BadInput):
    """The key is only in the passphrase-protected key file and no passphrase was given."""

    def __init__(self) -> None:
        super().__init__("this data folder is locked with a passphrase; enter the passphrase")


@dataclass(frozen=True, slots=True)
class KeyPlaces:
    """Where ``KeyVault.enroll`` put the key."""

    keychain: bool
    key_file: bool


class KeyVault:
    """Finds and keeps the data key of one data folder (the key file's folder)."""

    def __init__(self, secret_store: SecretStore, key_file_path: Path) -> None:
        self.secret_store = secret_store
        self.key_file_path = key_file_path
        folder = os.path.normcase(str(key_file_path.parent.resolve()))
        self.entry_name = "data-key-" + hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]

    def has_key_file(self) -> bool:
        return self.key_file_path.is_file()

    def load(self, passphrase: str | None) -> bytes | None:
        """The data key from the keychain, else from the key file with ``passphrase``.

        None only when neither holds one. Raises ``SecretStoreUnavailable`` when the keychain
        cannot be asked and there is no key file (the key may be in the keychain),
        ``PassphraseRequired`` when only the key file holds it and ``passphrase`` is None,
        BadInput("wrong passphrase"), or StorageError for a damaged key file or entry.
        """
        unavailable: SecretStoreUnavailable | None = None
        stored: str | None = None
        try:
            stored = self.secret_store.get(self.entry_name)
        except SecretStoreUnavailable as err:
            unavailable = err
        key = _decode_entry(stored)
        if key is not None:
            return key
        if self.has_key_file():
            if passphrase is None:
                raise PassphraseRequired()
            return read_key_file(self.key_file_path, passphrase)
        if stored is not None:
            raise StorageError(
                "the keychain entry for this data folder is damaged; use your recovery key"
            )
        if unavailable is not None:
            raise unavailable
        return None

    def enroll(
        self, key: bytes, passphrase: str | None, params: ScryptParams = DEFAULT_SCRYPT
    ) -> KeyPlaces:
        """Keep ``key`` in the keychain when it answers, and under ``passphrase`` if given.

        With no passphrase the keychain must take it (else ``SecretStoreUnavailable`` and
        nothing changed), and a key file holding a different key is removed.
        """
        _require_data_key(key)
        if passphrase is not None:
            write_key_file(self.key_file_path, key, passphrase, params)
        try:
            self.secret_store.set(self.entry_name, base64.b64encode(key).decode("ascii"))
        except SecretStoreUnavailable:
            if passphrase is None:
                raise
            return KeyPlaces(keychain=False, key_file=True)
        if passphrase is None and self._key_file_holds_another(key):
            self.forget_key_file()
        return KeyPlaces(keychain=True, key_file=self.has_key_file())

    def holds(self, key: bytes) -> bool:
        """Whether the keychain entry or the key file already keeps ``key`` (asks nothing; an
        unusable keychain counts as not keeping it)."""
        try:
            if _decode_entry(self.secret_store.get(self.entry_name)) == key:
                return True
        except SecretStoreUnavailable:
            pass
        return self.has_key_file() and not self._key_file_holds_another(key)

    def forget_keychain(self) -> None:
        """Remove this folder's key from the keychain (the key file, if any, stays)."""
        self.secret_store.delete(self.entry_name)

    def forget_key_file(self) -> None:
        """Remove the passphrase-protected key file."""
        try:
            self.key_file_path.unlink(missing_ok=True)
        except OSError as err:
            raise StorageError(
                f"cannot remove the key file {self.key_file_path}: {err.strerror or err}"
            ) from None

    def _key_file_holds_another(self, key: bytes) -> bool:
        try:
            doc = json.loads(self.key_file_path.read_bytes()[:MAX_KEY_FILE_BYTES])
        except (OSError, ValueError, RecursionError):
            return self.has_key_file()
        return not isinstance(doc, dict) or doc.get("key_id") != key_id(key)


def _decode_entry(stored: str | None) -> bytes | None:
    if stored is None:
        return None
    try:
        key = base64.b64decode(stored.strip().encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return None
    return key if len(key) == DATA_KEY_BYTES else None
