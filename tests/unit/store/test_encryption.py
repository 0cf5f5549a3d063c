"""The ledger encrypted with SQLCipher: keys, wrong keys, migration and what lands on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from trayapp.core.errors import StorageError
from trayapp.core.model import Contact
from trayapp.store import driver
from trayapp.store.db import (
    SQLITE_HEADER,
    connect_raw,
    has_damaged_header,
    is_encrypted,
    open_database,
)
from trayapp.store.encrypt import encrypt_in_place
from trayapp.store.ledger import SqliteLedger

SECRET_EMAIL = "dana.secret@acme.example"
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def _add_people(conn: sqlite3.Connection, count: int = 3) -> None:
    ledger = SqliteLedger(conn)
    ledger.add_contact(Contact(name="Dana Secret", company="Acme", email=SECRET_EMAIL))
    for n in range(1, count):
        ledger.add_contact(Contact(name=f"Person {n}", email=f"p{n}@example.org"))


def _bytes_on_disk(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def test_the_driver_is_sqlcipher() -> None:
    assert driver.CIPHER_AVAILABLE
    conn = driver.connect(":memory:")
    try:
        assert conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()


def test_a_new_keyed_ledger_is_encrypted_and_reopens(db_path: Path) -> None:
    conn = open_database(db_path, KEY)
    _add_people(conn)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert is_encrypted(db_path)
    assert db_path.read_bytes()[:16] != SQLITE_HEADER
    again = open_database(db_path, KEY)
    try:
        assert SqliteLedger(again).count_contacts() == 3
    finally:
        again.close()


def test_the_secret_is_in_no_file_byte_wal_or_backup(db_path: Path, tmp_path: Path) -> None:
    conn = open_database(db_path, KEY)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the rows in the WAL for the check
        _add_people(conn)
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.stat().st_size > 0
        copy_path = tmp_path / "backup.sqlite3"
        target = connect_raw(copy_path, KEY)
        conn.backup(target)
        target.close()
        vacuumed = tmp_path / "vacuumed.sqlite3"
        conn.execute("VACUUM INTO ?", (str(vacuumed),))
        needle = SECRET_EMAIL.encode()
        for path in (db_path, wal, copy_path, vacuumed):
            data = _bytes_on_disk(path)
            assert data, path
            assert needle not in data, path
            assert needle.upper() not in data.upper(), path
            assert b"Dana" not in data, path
        restored = connect_raw(copy_path, KEY)
        found = restored.execute("SELECT email FROM contacts WHERE name = 'Dana Secret'")
        assert found.fetchone()[0] == SECRET_EMAIL
        restored.close()
    finally:
        conn.close()


def test_the_same_rows_unencrypted_do_show_the_secret(db_path: Path) -> None:
    """The byte check above can fail: a plain ledger does hold the address in clear."""
    conn = open_database(db_path)
    _add_people(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert SECRET_EMAIL.encode() in db_path.read_bytes()


def test_a_wrong_key_is_a_plain_storage_error(db_path: Path) -> None:
    open_database(db_path, KEY).close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="could not be opened with this key"):
        open_database(db_path, OTHER_KEY)
    assert db_path.read_bytes() == before


def test_an_encrypted_ledger_without_a_key_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path, KEY).close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="is encrypted"):
        open_database(db_path)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("page_size", [1024, 4096, 65536])
def test_a_plain_ledger_whose_first_bytes_are_overwritten_is_damaged_not_encrypted(
    db_path: Path, page_size: int
) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = driver.connect(db_path)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.close()
    open_database(db_path).close()
    with db_path.open("r+b") as handle:
        handle.write(b"\xff" * 16)
    assert has_damaged_header(db_path) and not is_encrypted(db_path)
    with pytest.raises(StorageError, match=r"is damaged.*trayapp restore"):
        open_database(db_path)
    with pytest.raises(StorageError, match="is damaged"):
        open_database(db_path, KEY)


def test_an_encrypted_ledger_is_never_called_damaged(tmp_path: Path) -> None:
    for n in range(40):  # each file starts with its own random salt
        path = tmp_path / f"ledger-{n}.sqlite3"
        open_database(path, bytes([n]) * 32).close()
        assert is_encrypted(path) and not has_damaged_header(path)
    assert not has_damaged_header(tmp_path / "missing.sqlite3")


def test_a_plain_ledger_with_a_key_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    with pytest.raises(StorageError, match="not encrypted"):
        open_database(db_path, KEY)
    assert not is_encrypted(db_path)


def test_sqlcipher_errors_become_storage_errors(db_path: Path) -> None:
    conn = open_database(db_path, KEY)
    try:
        from trayapp.store.db import storage_errors

        with pytest.raises(StorageError), storage_errors():
            conn.execute("SELECT * FROM no_such_table")
        with pytest.raises(driver.IntegrityError), storage_errors():
            conn.execute("INSERT INTO contacts (id, name) VALUES (NULL, NULL)")
    finally:
        conn.close()


def test_encrypt_in_place_keeps_every_row_and_leaves_no_plain_file(db_path: Path) -> None:
    conn = open_database(db_path)
    _add_people(conn, count=40)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    encrypt_in_place(db_path, KEY)
    assert is_encrypted(db_path)
    leftovers = sorted(p.name for p in db_path.parent.iterdir())
    assert leftovers == [db_path.name]
    assert SECRET_EMAIL.encode() not in db_path.read_bytes()
    again = open_database(db_path, KEY)
    try:
        assert SqliteLedger(again).count_contacts() == 40
        assert again.execute("PRAGMA user_version").fetchone()[0] == version
        assert again.execute("PRAGMA application_id").fetchone()[0] != 0
        assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        again.close()


def test_encrypt_in_place_refuses_an_encrypted_or_missing_file(db_path: Path) -> None:
    with pytest.raises(StorageError, match="no ledger"):
        encrypt_in_place(db_path, KEY)
    open_database(db_path, KEY).close()
    with pytest.raises(StorageError, match="already encrypted"):
        encrypt_in_place(db_path, OTHER_KEY)


def test_a_failed_export_leaves_the_plain_ledger_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = open_database(db_path)
    _add_people(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db_path.read_bytes()

    def broken(*_: object) -> None:
        raise StorageError("the encrypted copy did not match the ledger; nothing was changed")

    monkeypatch.setattr("trayapp.store.encrypt._verify_copy", broken)
    with pytest.raises(StorageError, match="did not match"):
        encrypt_in_place(db_path, KEY)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]
