"""Opening the ledger file: pragmas, permissions, migrations, refusals and plain errors."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trayapp.core.errors import StorageError
from trayapp.core.model import Contact, Promise, WaitingForReply
from trayapp.store import driver
from trayapp.store.db import open_database, plain_storage_error
from trayapp.store.ledger import SqliteLedger
from trayapp.store.migrations import (
    APPLICATION_ID,
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    migrate,
    schema_version,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(conn: sqlite3.Connection) -> set[str]:
    found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in found}


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_pragmas_are_set(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.isolation_level is None
    assert not conn.in_transaction


def test_new_file_gets_the_latest_schema(conn: sqlite3.Connection) -> None:
    assert schema_version(conn) == LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert {"contacts", "promises", "promise_events", "touches"} <= _tables(conn)


@posix_only
def test_folder_and_file_are_private(db_path: Path, conn: sqlite3.Connection) -> None:
    assert db_path.parent.stat().st_mode & 0o777 == 0o700
    assert db_path.stat().st_mode & 0o777 == 0o600
    conn.execute("CREATE TABLE scratch(x)")  # forces the -wal file into existence
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()
    assert wal.stat().st_mode & 0o777 == 0o600


def test_empty_file_is_migrated(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    conn = open_database(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
    finally:
        conn.close()
    assert not list(db_path.parent.glob("*.bak"))


def test_version_zero_database_without_tables_is_migrated(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = _raw(db_path)
    raw.execute("CREATE TABLE gone(x)")
    raw.execute("DROP TABLE gone")
    raw.close()
    conn = open_database(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        assert "gone" not in _tables(conn)
    finally:
        conn.close()


def test_reopening_keeps_data_and_version(db_path: Path) -> None:
    first = open_database(db_path)
    SqliteLedger(first).add_contact(Contact("Dana Smith"))
    first.close()
    again = open_database(db_path)
    try:
        assert SqliteLedger(again).count_contacts() == 1
        assert schema_version(again) == LATEST_VERSION
    finally:
        again.close()
    assert not list(db_path.parent.glob("*.bak")), "no upgrade, so no backup"


def test_garbage_file_is_refused_and_left_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"these are not the bytes of a database\x00\xff" * 100)
    before = _digest(db_path)
    with pytest.raises(StorageError, match="not a Follow-Through database"):
        open_database(db_path)
    assert _digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_damaged_database_becomes_a_storage_error(db_path: Path) -> None:
    conn = open_database(db_path)
    conn.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the first page's body, header kept
    db_path.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        open_database(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_newer_schema_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    raw = _raw(db_path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.close()
    before = _digest(db_path)
    with pytest.raises(StorageError) as caught:
        open_database(db_path)
    assert caught.value.message == (
        f"this data was written by a newer Follow-Through (schema {LATEST_VERSION + 5}); "
        f"this version understands up to {LATEST_VERSION}"
    )
    assert _digest(db_path) == before


def test_another_programs_tables_are_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    raw = _raw(db_path)
    raw.execute("CREATE TABLE recipes(name TEXT)")
    raw.close()
    before = _digest(db_path)
    with pytest.raises(StorageError, match="did not create"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_another_programs_application_id_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    raw = _raw(db_path)
    raw.execute("PRAGMA application_id = 12345")
    raw.close()
    with pytest.raises(StorageError, match="another program"):
        open_database(db_path)


def test_folder_that_cannot_be_made_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be created"):
        open_database(blocker / "data" / "ledger.sqlite3")


def _with_step(*statements: str) -> tuple[Migration, ...]:
    return (*MIGRATIONS, Migration(LATEST_VERSION + 1, "test step", statements))


def test_upgrade_writes_a_backup_first(db_path: Path) -> None:
    conn = open_database(db_path)
    SqliteLedger(conn).add_contact(Contact("Dana Smith"))
    reached = migrate(conn, db_path, _with_step("CREATE TABLE extra(x INTEGER)"))
    assert reached == LATEST_VERSION + 1
    assert "extra" in _tables(conn)
    conn.close()
    backups = list(db_path.parent.glob("*.bak"))
    assert len(backups) == 1
    assert f"schema-v{LATEST_VERSION}" in backups[0].name
    if os.name == "posix":
        assert backups[0].stat().st_mode & 0o777 == 0o600
    copy = _raw(backups[0])
    try:
        assert schema_version(copy) == LATEST_VERSION
        assert copy.execute("SELECT name FROM contacts").fetchall() == [("Dana Smith",)]
        assert "extra" not in _tables(copy)
    finally:
        copy.close()


def test_failed_step_changes_nothing(db_path: Path) -> None:
    conn = open_database(db_path)
    try:
        with pytest.raises(driver.OperationalError):
            migrate(conn, db_path, _with_step("CREATE TABLE half(x)", "NOT SQL AT ALL"))
        assert schema_version(conn) == LATEST_VERSION
        assert "half" not in _tables(conn)
        assert not conn.in_transaction
    finally:
        conn.close()


def test_steps_run_in_order_from_any_version() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    steps = (
        Migration(1, "a", ("CREATE TABLE a(x)",)),
        Migration(2, "b", ("INSERT INTO a VALUES (2)",)),
        Migration(3, "c", ("INSERT INTO a VALUES (3)",)),
    )
    assert migrate(conn, None, steps[:2]) == 2
    assert migrate(conn, None, steps) == 3
    assert conn.execute("SELECT x FROM a ORDER BY x").fetchall() == [(2,), (3,)]
    conn.close()


def test_schema_3_ledger_gains_urgent_promises_and_keeps_its_rows(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    old = _raw(db_path)
    migrate(old, None, MIGRATIONS[:3])
    old.execute(
        "INSERT INTO contacts (name, name_key, first_key, role)"
        " VALUES ('Dana', 'dana', 'dana', 'other')"
    )
    old.execute(
        "INSERT INTO promises (contact_id, what, due_at, created_at, state)"
        " VALUES (1, 'send offer', 1790000000000000, 1780000000000000, 'open')"
    )
    old.close()
    conn = open_database(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION >= 4
        ledger = SqliteLedger(conn)
        kept = ledger.get_promise(1)
        assert kept is not None and kept.what == "send offer" and kept.urgent is False
        made = ledger.add_promise(
            Promise(
                1,
                "call back",
                datetime(2026, 12, 1, tzinfo=UTC),
                datetime(2026, 11, 30, tzinfo=UTC),
                urgent=True,
            )
        )
        assert made.id is not None
        again = ledger.get_promise(made.id)
        assert again is not None and again.urgent is True
        calmer = ledger.update_promise(dataclasses.replace(again, urgent=False))
        assert ledger.get_promise(made.id) == calmer
        assert calmer.urgent is False
    finally:
        conn.close()
    backups = list(db_path.parent.glob("*.bak"))
    assert len(backups) == 1 and "schema-v3" in backups[0].name


def test_schema_4_ledger_gains_waits_and_keeps_its_rows(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    old = _raw(db_path)
    migrate(old, None, MIGRATIONS[:4])
    old.execute(
        "INSERT INTO contacts (name, name_key, first_key, role)"
        " VALUES ('Dana', 'dana', 'dana', 'other')"
    )
    old.close()
    conn = open_database(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION >= 5
        ledger = SqliteLedger(conn)
        dana = ledger.get_contact(1)
        assert dana is not None and dana.name == "Dana"
        at = datetime(2026, 12, 1, tzinfo=UTC)
        wait = ledger.add_wait(WaitingForReply(1, at, at, about="the offer"))
        assert ledger.list_waits() == [wait]
    finally:
        conn.close()
    backups = list(db_path.parent.glob("*.bak"))
    assert len(backups) == 1 and "schema-v4" in backups[0].name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("database or disk is full", "disk holding the ledger is full"),
        ("attempt to write a readonly database", "read-only"),
        ("database is locked", "busy in another program"),
        ("unable to open database file", "cannot be opened"),
        ("something new", "could not be read or written"),
    ],
)
def test_sqlite_messages_become_plain_words(raw: str, expected: str) -> None:
    assert expected in plain_storage_error(sqlite3.OperationalError(raw)).message
