"""Encrypting an existing plain ledger in place, keeping every row and leaving no plain copy.

The plain data is exported with SQLCipher's ``sqlcipher_export`` into a new private file
beside it and verified before anything is replaced; then the plain file is destroyed
(overwritten with zeros, flushed, unlinked) with its ``-wal`` and ``-shm``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from trayapp.core.errors import StorageError
from trayapp.disk.atomic import sync_folder
from trayapp.store.db import (
    connect_raw,
    create_private_file,
    is_encrypted,
    raw_key,
    storage_errors,
)

__all__ = ["encrypt_in_place"]


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Turn the plain database at ``path`` into one encrypted with ``key``, keeping every row.

    The plain data is exported with SQLCipher's ``sqlcipher_export`` into a new private file
    beside it, and the copy is verified (``integrity_check``, the schema version and the row
    count of every table) before anything is replaced. The plain file is then moved aside only
    until the encrypted one sits under the ledger's name, and removed for good: overwritten
    with zeros, flushed and unlinked, together with its ``-wal`` and ``-shm``. (On SSDs and
    copy-on-write file systems old blocks may survive an overwrite; only full-disk encryption
    covers those.) On any failure the plain file is left as it was and the partial copy is
    deleted. Plain backups made earlier are not touched. No other program may have the ledger
    open meanwhile.
    """
    if is_encrypted(path):
        raise StorageError(f"{path} is already encrypted")
    if not path.is_file():
        raise StorageError(f"there is no ledger at {path} to encrypt")
    partial = path.with_name(path.name + ".encrypting")
    _remove_securely(partial)
    create_private_file(partial)
    try:
        counts = _export_encrypted(path, partial, key)
        _verify_copy(partial, key, counts)
    except BaseException:
        _remove_securely(partial)
        raise
    _swap_in(path, partial)


def _export_encrypted(path: Path, partial: Path, key: bytes) -> dict[str, int]:
    """Export ``path`` into ``partial`` under ``key``; the source's row counts and version."""
    conn = connect_raw(path, None)
    try:
        with storage_errors():
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            counts = _table_counts(conn, "main")
            conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(partial), raw_key(key)))
            conn.execute("SELECT sqlcipher_export('encrypted')")
            for pragma in ("user_version", "application_id"):
                value = int(conn.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                conn.execute(f"PRAGMA encrypted.{pragma} = {value}")
            conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    return counts


def _table_counts(conn: sqlite3.Connection, schema: str) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }
    counts["(user_version)"] = int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0])
    return counts


def _verify_copy(partial: Path, key: bytes, expected: dict[str, int]) -> None:
    conn = connect_raw(partial, key)
    try:
        with storage_errors():
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            found = _table_counts(conn, "main")
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    if check != "ok" or found != expected:
        raise StorageError("the encrypted copy did not match the ledger; nothing was changed")


def _swap_in(path: Path, partial: Path) -> None:
    """Put the verified encrypted ``partial`` under ``path`` and destroy the plain file."""
    aside = path.with_name(path.name + ".plain-old")
    try:
        os.replace(path, aside)
        os.replace(partial, path)
    except OSError as exc:
        if aside.exists() and not path.exists():
            os.replace(aside, path)
        raise StorageError(f"the encrypted ledger could not be put in place: {exc}") from exc
    sync_folder(path.parent)
    for leftover in (aside, *(_sidecars(path)), *(_sidecars(aside))):
        _remove_securely(leftover)


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def _remove_securely(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush it to disk and delete it (missing is fine)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        with path.open("r+b") as handle:
            chunk = b"\0" * 65536
            for start in range(0, size, len(chunk)):
                handle.write(chunk[: min(len(chunk), size - start)])
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except OSError as exc:
        raise StorageError(f"{path} could not be removed: {exc.strerror}; delete it") from exc
