"""The data key: made here, kept in the keychain and/or wrapped under a passphrase.

The database is encrypted with one random 32-byte data key. It lives in the OS keychain (one
entry per data folder) and, when the user chose a passphrase, in a small JSON key file beside
the database, wrapped under a key derived from the passphrase with scrypt. A recovery code the
user can write down brings the key back if both are lost.

The wrapping uses only the standard library: scrypt derives a key-encryption key; HMAC-SHA256
of it with a fresh random nonce gives a one-time pad for the 32 key bytes and a separate
authentication key; an HMAC-SHA256 tag over every field (encrypt-then-MAC) detects a wrong
passphrase or any change to the file. The key file never holds the key in clear.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trayapp.core.errors import BadInput, InvariantError, StorageError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.disk.atomic import write_private_file

DATA_KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8
MAX_KEY_FILE_BYTES = 4096
KEY_FILE_VERSION = 1
CIPHER = "hmac-sha256-xor+hmac-sha256"
_PAD_LABEL = b"follow-through key wrap v1: pad"
_MAC_LABEL = b"follow-through key wrap v1: mac"
_ID_LABEL = b"follow-through key id v1"
_CODE_LABEL = b"follow-through recovery code v1"

# Crockford's base32: no I, L, O or U, so nothing is mistaken for 1, 0 or a swear word.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_CHECK_BYTES = 3  # 32 + 3 bytes = 280 bits = 56 characters = 14 groups of 4
_CODE_CHARS = (DATA_KEY_BYTES + _CODE_CHECK_BYTES) * 8 // 5


def new_data_key() -> bytes:
    """32 random bytes from the operating system's secure generator."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def key_id(key: bytes) -> str:
    """A short fingerprint that tells keys apart without revealing them."""
    return hmac.new(key, _ID_LABEL, hashlib.sha256).hexdigest()[:16]


def _require_data_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != DATA_KEY_BYTES:
        raise InvariantError(f"a data key is {DATA_KEY_BYTES} bytes")


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


# --- Passphrase wrapping ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost: ``n`` (a power of two), ``r`` and ``p``; 128·n·r bytes of memory."""

    n: int = 2**15
    r: int = 8
    p: int = 1

    def problem(self) -> str | None:
        """Why these parameters are not accepted, or None."""
        values = (self.n, self.r, self.p)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            return "scrypt parameters are not whole numbers"
        if self.n < 2**10 or self.n > 2**20 or self.n & (self.n - 1):
            return "scrypt n is out of range"
        if not 1 <= self.r <= 32 or not 1 <= self.p <= 4 or 128 * self.n * self.r > 1 << 28:
            return "scrypt r or p is out of range"
        return None


DEFAULT_SCRYPT = ScryptParams()


def _derive(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    memory = 128 * params.r * (params.n + params.p + 2) + (1 << 20)
    return hashlib.scrypt(secret, salt=salt, n=params.n, r=params.r, p=params.p, maxmem=memory)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _authenticated_fields(doc: dict[str, Any]) -> bytes:
    fields = {k: doc[k] for k in ("version", "kdf", "params", "cipher", "salt", "nonce", "wrapped")}
    fields["key_id"] = doc["key_id"]
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _pad_and_mac_key(kek: bytes, nonce: bytes) -> tuple[bytes, bytes]:
    pad = hmac.new(kek, _PAD_LABEL + nonce, hashlib.sha256).digest()
    return pad, hmac.new(kek, _MAC_LABEL + nonce, hashlib.sha256).digest()


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def wrap_key(key: bytes, passphrase: str, params: ScryptParams = DEFAULT_SCRYPT) -> str:
    """The key file's JSON text: ``key`` wrapped under ``passphrase``; no key in clear."""
    _require_data_key(key)
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise BadInput(f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")
    problem = params.problem()
    if problem:
        raise InvariantError(problem)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(16)
    pad, mac_key = _pad_and_mac_key(_derive(passphrase, salt, params), nonce)
    doc: dict[str, Any] = {
        "version": KEY_FILE_VERSION,
        "kdf": "scrypt",
        "params": {"n": params.n, "r": params.r, "p": params.p},
        "cipher": CIPHER,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(_xor(key, pad)),
        "key_id": key_id(key),
    }
    doc["check"] = _b64(hmac.new(mac_key, _authenticated_fields(doc), hashlib.sha256).digest())
    return json.dumps(doc, indent=2) + "\n"


def unwrap_key(text: str | bytes, passphrase: str, *, source: str = "the key file") -> bytes:
    """The data key from a key file's text; BadInput on a wrong passphrase.

    A file that is not a key file this version can read is a StorageError naming ``source``.
    """
    doc, params, raw = _parse_key_file(text, source)
    pad, mac_key = _pad_and_mac_key(_derive(passphrase, raw["salt"], params), raw["nonce"])
    expected = hmac.new(mac_key, _authenticated_fields(doc), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, raw["check"]):
        raise BadInput("wrong passphrase")
    key = _xor(raw["wrapped"], pad)
    if not hmac.compare_digest(key_id(key), doc["key_id"]):
        raise _damaged(source, "its key fingerprint does not match")
    return key


def _damaged(source: str, detail: str) -> StorageError:
    return StorageError(
        f"{source} is damaged ({detail}); restore it from a backup or use your recovery key"
    )


def _parse_key_file(
    text: str | bytes, source: str
) -> tuple[dict[str, Any], ScryptParams, dict[str, bytes]]:
    """The document, its scrypt parameters and its decoded binary fields, all checked."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise _damaged(source, "it is not readable JSON") from None
    if not isinstance(doc, dict):
        raise _damaged(source, "it is not a key file")
    if doc.get("version") != KEY_FILE_VERSION or isinstance(doc.get("version"), bool):
        raise StorageError(f"{source} was written by another version of Follow-Through")
    if doc.get("kdf") != "scrypt" or doc.get("cipher") != CIPHER:
        raise _damaged(source, "unknown key derivation or cipher")
    given = doc.get("params")
    if not isinstance(given, dict) or set(given) != {"n", "r", "p"}:
        raise _damaged(source, "scrypt parameters are missing")
    params = ScryptParams(n=given["n"], r=given["r"], p=given["p"])
    problem = params.problem()
    if problem:
        raise _damaged(source, problem)
    key_fingerprint = doc.get("key_id")
    if not isinstance(key_fingerprint, str) or len(key_fingerprint) != 16:
        raise _damaged(source, "the key fingerprint is missing")
    sizes = {"salt": 16, "nonce": 16, "wrapped": DATA_KEY_BYTES, "check": 32}
    raw = {name: _decode_field(doc.get(name), size, source, name) for name, size in sizes.items()}
    return doc, params, raw


def _decode_field(value: object, size: int, source: str, name: str) -> bytes:
    try:
        if not isinstance(value, str):
            raise ValueError(name)
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        raise _damaged(source, f"the {name} field is unreadable") from None
    if len(data) != size:
        raise _damaged(source, f"the {name} field has the wrong length")
    return data


def read_key_file(path: Path, passphrase: str) -> bytes:
    """The data key from the key file at ``path``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as err:
        raise StorageError(f"cannot read the key file {path}: {err.strerror or err}") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise _damaged(f"the key file {path}", "it is far too large")
    return unwrap_key(data, passphrase, source=f"the key file {path}")


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
            self.secret_store.set(self.entry_name, _b64(key))
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
