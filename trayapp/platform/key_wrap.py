"""Wrapping the data key under a passphrase: scrypt, then AES-256-GCM.

scrypt (at OWASP's recommended cost, n=2**17, r=8, p=1: 128 MiB and about half a second)
derives a key-encryption key from the passphrase and a random salt; AES-256-GCM from the
maintained ``cryptography`` library encrypts the 32 key bytes under it with a random nonce,
authenticating every other field of the file as associated data. A wrong passphrase and a
changed file both fail the tag. Files of the first format (``key_wrap_v1``) are still read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from trayapp.core.errors import BadInput, InvariantError, StorageError
from trayapp.platform import key_wrap_v1

DATA_KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8
KEY_FILE_VERSION = 2
CIPHER = "aes-256-gcm"
_SIZES = {"salt": 16, "nonce": 12, "wrapped": DATA_KEY_BYTES + 16}
_HEADER = ("version", "kdf", "params", "cipher", "salt", "nonce", "key_id")
_ID_LABEL = b"follow-through key id v1"


def key_id(key: bytes) -> str:
    """A short fingerprint that tells keys apart without revealing them."""
    return hmac.new(key, _ID_LABEL, hashlib.sha256).hexdigest()[:16]


def require_data_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != DATA_KEY_BYTES:
        raise InvariantError(f"a data key is {DATA_KEY_BYTES} bytes")


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost: ``n`` (a power of two), ``r`` and ``p``; 128·n·r bytes of memory."""

    n: int = 2**17
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


def _derive(passphrase: str, salt: bytes, params: ScryptParams, length: int = 32) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    memory = 128 * params.r * (params.n + params.p + 2) + (1 << 20)
    return hashlib.scrypt(
        secret, salt=salt, n=params.n, r=params.r, p=params.p, maxmem=memory, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _header(doc: dict[str, Any]) -> bytes:
    """The associated data: every field but the ciphertext, in one canonical spelling."""
    fields = {name: doc[name] for name in _HEADER}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def wrap_key(key: bytes, passphrase: str, params: ScryptParams = DEFAULT_SCRYPT) -> str:
    """The key file's JSON text: ``key`` wrapped under ``passphrase``; no key in clear."""
    require_data_key(key)
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise BadInput(f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")
    problem = params.problem()
    if problem:
        raise InvariantError(problem)
    salt, nonce = secrets.token_bytes(_SIZES["salt"]), secrets.token_bytes(_SIZES["nonce"])
    doc: dict[str, Any] = {
        "version": KEY_FILE_VERSION,
        "kdf": "scrypt",
        "params": {"n": params.n, "r": params.r, "p": params.p},
        "cipher": CIPHER,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "key_id": key_id(key),
    }
    sealed = AESGCM(_derive(passphrase, salt, params)).encrypt(nonce, key, _header(doc))
    doc["wrapped"] = _b64(sealed)
    return json.dumps(doc, indent=2) + "\n"


def unwrap_key(text: str | bytes, passphrase: str, *, source: str = "the key file") -> bytes:
    """The data key from a key file's text (this format or the first); BadInput on a wrong
    passphrase or a changed file. A file that is not a key file this version can read is a
    StorageError naming ``source``."""
    doc, params, raw = _parse(text, source)
    if doc["version"] == key_wrap_v1.VERSION:
        kek = _derive(passphrase, raw["salt"], params, key_wrap_v1.KEK_BYTES)
        key = key_wrap_v1.unwrap(doc, raw, kek)
    else:
        kek = _derive(passphrase, raw["salt"], params)
        try:
            key = AESGCM(kek).decrypt(raw["nonce"], raw["wrapped"], _header(doc))
        except InvalidTag:
            raise BadInput("wrong passphrase") from None
    if not hmac.compare_digest(key_id(key), doc["key_id"]):
        raise damaged(source, "its key fingerprint does not match")
    return key


def is_current(text: str | bytes) -> bool:
    """Whether a key file's text is in the format written today (False for older ones)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and doc.get("version") == KEY_FILE_VERSION


def damaged(source: str, detail: str) -> StorageError:
    return StorageError(
        f"{source} is damaged ({detail}); restore it from a backup or use your recovery key"
    )


def _parse(text: str | bytes, source: str) -> tuple[dict[str, Any], ScryptParams, dict[str, bytes]]:
    """The document, its scrypt parameters and its decoded binary fields, all checked."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise damaged(source, "it is not readable JSON") from None
    if not isinstance(doc, dict):
        raise damaged(source, "it is not a key file")
    version = doc.get("version")
    if isinstance(version, bool) or version not in (key_wrap_v1.VERSION, KEY_FILE_VERSION):
        raise StorageError(f"{source} was written by another version of Follow-Through")
    cipher = key_wrap_v1.CIPHER if version == key_wrap_v1.VERSION else CIPHER
    if doc.get("kdf") != "scrypt" or doc.get("cipher") != cipher:
        raise damaged(source, "unknown key derivation or cipher")
    params = _params(doc, source)
    key_fingerprint = doc.get("key_id")
    if not isinstance(key_fingerprint, str) or len(key_fingerprint) != 16:
        raise damaged(source, "the key fingerprint is missing")
    sizes = key_wrap_v1.SIZES if version == key_wrap_v1.VERSION else _SIZES
    raw = {name: _decode_field(doc.get(name), size, source, name) for name, size in sizes.items()}
    return doc, params, raw


def _params(doc: dict[str, Any], source: str) -> ScryptParams:
    given = doc.get("params")
    if not isinstance(given, dict) or set(given) != {"n", "r", "p"}:
        raise damaged(source, "scrypt parameters are missing")
    params = ScryptParams(n=given["n"], r=given["r"], p=given["p"])
    problem = params.problem()
    if problem:
        raise damaged(source, problem)
    return params


def _decode_field(value: object, size: int, source: str, name: str) -> bytes:
    try:
        if not isinstance(value, str):
            raise ValueError(name)
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        raise damaged(source, f"the {name} field is unreadable") from None
    if len(data) != size:
        raise damaged(source, f"the {name} field has the wrong length")
    return data
