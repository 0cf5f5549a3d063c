"""The data key: recovery codes, passphrase wrapping, the key file and the vault."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.fakes import FakeSecretStore
from tests.unit.platform.keyring_support import MemoryKeyring, installed
from trayapp.core.errors import BadInput, StorageError
from trayapp.core.ports import SecretStoreUnavailable
from trayapp.platform import keys
from trayapp.platform.keys import KeyPlaces, KeyVault, PassphraseRequired, ScryptParams
from trayapp.platform.secrets import KeyringSecretStore

FAST = ScryptParams(n=2**10, r=8, p=1)
PASSPHRASE = "correct horse battery"
KEY = bytes(range(32))
CODE_SHAPE = re.compile(r"^(?:[0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{4}$")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
keys_32 = st.binary(min_size=32, max_size=32)


def test_new_data_keys_are_32_random_bytes() -> None:
    first, second = keys.new_data_key(), keys.new_data_key()
    assert len(first) == len(second) == 32
    assert first != second


# --- recovery codes ---


@given(keys_32)
def test_recovery_code_round_trips_however_it_is_typed(key: bytes) -> None:
    code = keys.recovery_code(key)
    assert CODE_SHAPE.match(code)
    assert keys.key_from_recovery_code(code) == key
    sloppy = " ".join(code.lower().split("-")).replace("0", "o").replace("1", "l")
    assert keys.key_from_recovery_code(f"  {sloppy}\n") == key


@given(keys_32, st.integers(0, 55), st.integers(1, 31))
def test_one_wrong_character_is_a_typo(key: bytes, position: int, shift: int) -> None:
    chars = list(keys.recovery_code(key).replace("-", ""))
    chars[position] = ALPHABET[(ALPHABET.index(chars[position]) + shift) % 32]
    with pytest.raises(BadInput, match="that recovery key has a typo"):
        keys.key_from_recovery_code("".join(chars))


@given(keys_32, st.integers(0, 54))
def test_swapped_neighbours_are_a_typo(key: bytes, position: int) -> None:
    chars = list(keys.recovery_code(key).replace("-", ""))
    assume(chars[position] != chars[position + 1])
    chars[position], chars[position + 1] = chars[position + 1], chars[position]
    with pytest.raises(BadInput, match="typo"):
        keys.key_from_recovery_code("".join(chars))


@pytest.mark.parametrize(
    ("text", "message"),
    [("ABCD-EFGH", "has 8"), ("", "has 0"), ("U" * 56, "no 'U'"), ("ÄBCD", "no 'Ä'")],
)
def test_malformed_recovery_codes_are_explained(text: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        keys.key_from_recovery_code(text)


# --- wrapping ---


def test_wrap_and_unwrap_with_the_default_cost() -> None:
    text = keys.wrap_key(KEY, PASSPHRASE)
    doc = json.loads(text)
    assert doc["params"] == {"n": 2**17, "r": 8, "p": 1}
    assert len(base64.b64decode(doc["salt"])) == 16
    assert keys.unwrap_key(text, PASSPHRASE) == KEY


def test_wrong_passphrase_is_bad_input() -> None:
    text = keys.wrap_key(KEY, PASSPHRASE, FAST)
    with pytest.raises(BadInput, match="wrong passphrase"):
        keys.unwrap_key(text, PASSPHRASE + "!")


def test_the_key_file_never_holds_the_key_in_clear() -> None:
    text = keys.wrap_key(KEY, PASSPHRASE, FAST)
    spellings = [
        KEY.hex(),
        KEY.hex().upper(),
        base64.b64encode(KEY).decode(),
        keys.recovery_code(KEY),
    ]
    assert not any(spelling in text for spelling in spellings)
    assert keys.wrap_key(KEY, PASSPHRASE, FAST) != text  # fresh salt and nonce every time


def test_passphrase_normalisation_makes_composed_and_decomposed_equal() -> None:
    text = keys.wrap_key(KEY, "caf\u00e9 au lait", FAST)
    assert keys.unwrap_key(text, "cafe\u0301 au lait") == KEY


def test_short_passphrase_is_refused() -> None:
    with pytest.raises(BadInput, match="at least 8"):
        keys.wrap_key(KEY, "short", FAST)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.data())
def test_damaged_key_files_never_give_a_wrong_key(data: st.DataObject) -> None:
    original = keys.wrap_key(KEY, PASSPHRASE, FAST).encode()
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(damaged) - 1))
        damaged[position] ^= data.draw(st.integers(1, 255))
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    try:
        assert keys.unwrap_key(bytes(damaged), PASSPHRASE, source="the key file X") == KEY
    except StorageError as err:
        assert "the key file X" in err.message
    except BadInput as err:
        assert err.message == "wrong passphrase"


def test_unreasonable_scrypt_cost_in_a_file_is_refused_before_deriving() -> None:
    doc = json.loads(keys.wrap_key(KEY, PASSPHRASE, FAST))
    doc["params"]["n"] = 2**30
    with pytest.raises(StorageError, match="scrypt n is out of range"):
        keys.unwrap_key(json.dumps(doc), PASSPHRASE)


def test_a_newer_key_file_version_is_named() -> None:
    doc = json.loads(keys.wrap_key(KEY, PASSPHRASE, FAST))
    doc["version"] = 3
    with pytest.raises(StorageError, match="another version"):
        keys.unwrap_key(json.dumps(doc), PASSPHRASE)


def test_key_file_is_private_and_written_whole(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    keys.write_key_file(path, KEY, PASSPHRASE, FAST)
    keys.write_key_file(path, KEY, PASSPHRASE, FAST)
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.key"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert keys.read_key_file(path, PASSPHRASE) == KEY


def test_unreadable_key_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    path.write_bytes(b"\xff\xfe not json")
    with pytest.raises(StorageError, match=re.escape(str(path))):
        keys.read_key_file(path, PASSPHRASE)
    path.write_bytes(b" " * 10_000)
    with pytest.raises(StorageError, match="too large"):
        keys.read_key_file(path, PASSPHRASE)


# --- the vault ---


def _vault(tmp_path: Path, store: FakeSecretStore, folder: str = "data") -> KeyVault:
    (tmp_path / folder).mkdir(exist_ok=True)
    return KeyVault(store, tmp_path / folder / "ledger.key")


def test_keychain_only_enrolment_and_load(tmp_path: Path) -> None:
    store = FakeSecretStore()
    vault = _vault(tmp_path, store)
    assert vault.load(None) is None
    assert vault.enroll(KEY, None) == KeyPlaces(keychain=True, key_file=False)
    assert list(store.values) == [vault.entry_name]
    assert vault.load(None) == KEY
    vault.forget_keychain()
    assert vault.load(None) is None


def test_passphrase_fallback_when_there_is_no_keychain(tmp_path: Path) -> None:
    vault = _vault(tmp_path, FakeSecretStore(unavailable=True))
    assert vault.enroll(KEY, PASSPHRASE, FAST) == KeyPlaces(keychain=False, key_file=True)
    with pytest.raises(PassphraseRequired):
        vault.load(None)
    with pytest.raises(BadInput, match="wrong passphrase"):
        vault.load("not the passphrase")
    assert vault.load(PASSPHRASE) == KEY


def test_no_keychain_and_no_passphrase_changes_nothing(tmp_path: Path) -> None:
    vault = _vault(tmp_path, FakeSecretStore(unavailable=True))
    with pytest.raises(SecretStoreUnavailable):
        vault.enroll(KEY, None)
    with pytest.raises(SecretStoreUnavailable):
        vault.load(None)  # cannot tell whether the keychain holds a key
    assert not vault.has_key_file()


def test_short_passphrase_changes_nothing(tmp_path: Path) -> None:
    store = FakeSecretStore()
    vault = _vault(tmp_path, store)
    with pytest.raises(BadInput, match="at least 8"):
        vault.enroll(KEY, "short", FAST)
    assert store.values == {}
    assert not vault.has_key_file()


def test_both_places_and_the_key_file_survives_a_lost_keychain(tmp_path: Path) -> None:
    store = FakeSecretStore()
    vault = _vault(tmp_path, store)
    assert vault.enroll(KEY, PASSPHRASE, FAST) == KeyPlaces(keychain=True, key_file=True)
    assert vault.load(None) == KEY
    store.unavailable = True
    assert vault.load(PASSPHRASE) == KEY


def test_entry_names_separate_data_folders(tmp_path: Path) -> None:
    store = FakeSecretStore()
    first, second = _vault(tmp_path, store, "one"), _vault(tmp_path, store, "two")
    same = KeyVault(store, tmp_path / "two" / ".." / "one" / "ledger.key")
    assert first.entry_name != second.entry_name
    assert same.entry_name == first.entry_name
    first.enroll(KEY, None)
    assert second.load(None) is None


def test_damaged_keychain_entry(tmp_path: Path) -> None:
    store = FakeSecretStore()
    vault = _vault(tmp_path, store)
    store.values[vault.entry_name] = "not a key"
    with pytest.raises(StorageError, match=r"keychain entry .* is damaged"):
        vault.load(None)
    keys.write_key_file(vault.key_file_path, KEY, PASSPHRASE, FAST)
    assert vault.load(PASSPHRASE) == KEY


def test_enrolling_another_key_without_passphrase_drops_the_stale_key_file(
    tmp_path: Path,
) -> None:
    vault = _vault(tmp_path, FakeSecretStore())
    vault.enroll(KEY, PASSPHRASE, FAST)
    vault.enroll(KEY, None)  # the same key again: the key file still fits
    assert vault.has_key_file()
    other = keys.new_data_key()
    assert vault.enroll(other, None) == KeyPlaces(keychain=True, key_file=False)
    assert vault.load(PASSPHRASE) == other


def test_vault_over_the_keyring_adapter(tmp_path: Path) -> None:
    with installed(MemoryKeyring()) as backend:
        vault = _vault(tmp_path, FakeSecretStore())
        vault = KeyVault(KeyringSecretStore(timeout=2), vault.key_file_path)
        vault.enroll(KEY, None)
        stored = backend.store[("Follow-Through", vault.entry_name)]  # type: ignore[attr-defined]
        assert base64.b64decode(stored) == KEY
        assert vault.load(None) == KEY
