"""Reading key files of the first format (version 1), so that they still open.

Version 1 wrapped the data key with the standard library only: scrypt derived a key-encryption
key; HMAC-SHA256 of it with a random nonce gave a one-time pad for the 32 key bytes and a
separate authentication key; an HMAC-SHA256 tag over every field detected a wrong passphrase or
any change. Nothing writes this format any more: a file found in it is read here once and
rewritten in the current format (:func:`trayapp.platform.keys.read_key_file`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from trayapp.core.errors import BadInput

VERSION = 1
CIPHER = "hmac-sha256-xor+hmac-sha256"
KEK_BYTES = 64  # scrypt's default output length, which version 1 used
SIZES = {"salt": 16, "nonce": 16, "wrapped": 32, "check": 32}
_PAD_LABEL = b"follow-through key wrap v1: pad"
_MAC_LABEL = b"follow-through key wrap v1: mac"


def _authenticated_fields(doc: dict[str, Any]) -> bytes:
    names = ("version", "kdf", "params", "cipher", "salt", "nonce", "wrapped", "key_id")
    fields = {k: doc[k] for k in names}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


def unwrap(doc: dict[str, Any], raw: dict[str, bytes], kek: bytes) -> bytes:
    """The data key from a checked version-1 document, its decoded fields and the key
    derived from the passphrase; BadInput("wrong passphrase") when the tag does not match."""
    nonce = raw["nonce"]
    pad = hmac.new(kek, _PAD_LABEL + nonce, hashlib.sha256).digest()
    mac_key = hmac.new(kek, _MAC_LABEL + nonce, hashlib.sha256).digest()
    expected = hmac.new(mac_key, _authenticated_fields(doc), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, raw["check"]):
        raise BadInput("wrong passphrase")
    return bytes(x ^ y for x, y in zip(raw["wrapped"], pad, strict=True))
