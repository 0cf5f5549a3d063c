"""The key file's format: AES-256-GCM under scrypt, and the first format still opening."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from trayapp.core.errors import BadInput, StorageError
from trayapp.platform import keys
from trayapp.platform.keys import ScryptParams

FAST = ScryptParams(n=2**10, r=8, p=1)
PASSPHRASE = "correct horse battery"
KEY = bytes(range(32))

#: A key file written by the first format (scrypt + HMAC-SHA256 pad and tag) for KEY under
#: PASSPHRASE with the FAST cost, exactly as that version wrote it.
FIRST_FORMAT = """{
  "version": 1,
  "kdf": "scrypt",
  "params": {
    "n": 1024,
    "r": 8,
    "p": 1
  },
  "cipher": "hmac-sha256-xor+hmac-sha256",
  "salt": "PzLUflPf/5rk4ZLcHF2Jgw==",
  "nonce": "H0MzysU7UjqERyGJuGL6zA==",
  "wrapped": "J4X9Dy1pXFSyA++MrSWAcSXV2fRCJc7W7cA6i6kabTo=",
  "key_id": "dadd8a65bd4687db",
  "check": "ps/Ly7P6aXMrp8a9pzget+DQJP5d48IXBMXPb8D19nk="
}
"""


def test_a_new_key_file_is_aes_gcm_at_the_recommended_scrypt_cost() -> None:
    doc = json.loads(keys.wrap_key(KEY, PASSPHRASE))
    assert doc["version"] == 2
    assert doc["cipher"] == "aes-256-gcm"
    assert doc["params"] == {"n": 2**17, "r": 8, "p": 1}
    assert len(base64.b64decode(doc["nonce"])) == 12
    assert len(base64.b64decode(doc["wrapped"])) == 32 + 16  # the key and the GCM tag
    assert "check" not in doc


def test_a_first_format_key_file_still_opens() -> None:
    assert keys.unwrap_key(FIRST_FORMAT, PASSPHRASE) == KEY
    with pytest.raises(BadInput, match="wrong passphrase"):
        keys.unwrap_key(FIRST_FORMAT, PASSPHRASE + "!")


def test_a_first_format_key_file_is_rewritten_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    path.write_text(FIRST_FORMAT, encoding="utf-8")
    assert keys.read_key_file(path, PASSPHRASE) == KEY
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert (doc["version"], doc["cipher"]) == (2, "aes-256-gcm")
    assert doc["key_id"] == "dadd8a65bd4687db"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.key"]
    assert keys.read_key_file(path, PASSPHRASE) == KEY


def test_a_wrong_passphrase_leaves_a_first_format_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    path.write_text(FIRST_FORMAT, encoding="utf-8")
    with pytest.raises(BadInput, match="wrong passphrase"):
        keys.read_key_file(path, "not the passphrase")
    assert path.read_text(encoding="utf-8") == FIRST_FORMAT


def test_a_first_format_file_in_a_folder_that_cannot_be_written_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.key"
    path.write_text(FIRST_FORMAT, encoding="utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise StorageError("read-only")

    monkeypatch.setattr(keys, "write_key_file", refuse)
    assert keys.read_key_file(path, PASSPHRASE) == KEY
    assert path.read_text(encoding="utf-8") == FIRST_FORMAT


@pytest.mark.parametrize("field", ["wrapped", "nonce", "salt", "key_id"])
def test_a_tampered_key_file_is_refused(field: str) -> None:
    doc = json.loads(keys.wrap_key(KEY, PASSPHRASE, FAST))
    if field == "key_id":
        doc[field] = "0" * 16
    else:
        raw = bytearray(base64.b64decode(doc[field]))
        raw[0] ^= 1
        doc[field] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(BadInput, match="wrong passphrase"):
        keys.unwrap_key(json.dumps(doc), PASSPHRASE)


def test_changed_scrypt_cost_fails_the_tag() -> None:
    doc = json.loads(keys.wrap_key(KEY, PASSPHRASE, FAST))
    doc["params"]["n"] = 2**11
    with pytest.raises(BadInput, match="wrong passphrase"):
        keys.unwrap_key(json.dumps(doc), PASSPHRASE)


def test_a_first_format_file_relabelled_as_the_new_one_is_refused() -> None:
    doc = json.loads(FIRST_FORMAT)
    doc["version"] = 2
    with pytest.raises(StorageError, match="unknown key derivation or cipher"):
        keys.unwrap_key(json.dumps(doc), PASSPHRASE)
