"""Opening the ledger's SQLite file safely, and turning SQLite failures into plain messages.

``open_database`` makes the folder (owner only) and the file (owner only on POSIX), refuses a
file that is not an SQLite database without touching it, sets the durability pragmas (WAL,
``synchronous=FULL``, foreign keys, a busy timeout, secure delete) and brings the schema up to
date. The connection is in autocommit mode: the ledger opens every write transaction itself
with ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from trayapp.core.errors import StorageError
from trayapp.store.migrations import check_usable, migrate

#: How long a statement waits for another process's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"

# Connection settings that leave the file as it is ...
_SESSION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
)
# ... and those that may write to it, set only once the file is known to be ours.
_FILE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
)

# Fragments of SQLite's own messages, each with the sentence a person reads instead.
_PLAIN_MESSAGES = (
    ("disk is full", "the disk holding the ledger is full; free some space and try again"),
    ("readonly", "the ledger file is read-only; check the folder's permissions"),
    ("read-only", "the ledger file is read-only; check the folder's permissions"),
    ("unable to open", "the ledger file cannot be opened; check the folder and its permissions"),
    ("locked", "the ledger is busy in another program; try again in a moment"),
    ("busy", "the ledger is busy in another program; try again in a moment"),
    ("disk i/o", "the disk reported an error while reading or writing the ledger"),
    ("malformed", "the ledger file is damaged; restore it from a backup"),
    ("not a database", "the ledger file is not a Follow-Through database"),
)


def plain_storage_error(exc: sqlite3.Error) -> StorageError:
    """A :class:`StorageError` whose message says what went wrong in plain words."""
    text = str(exc).casefold()
    for fragment, message in _PLAIN_MESSAGES:
        if fragment in text:
            return StorageError(message)
    return StorageError(f"the ledger could not be read or written ({exc})")


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise SQLite's operational failures (disk full, read-only...) as StorageError.

    Programming errors (``ProgrammingError``, ``IntegrityError``) are bugs and pass through.
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
            raise
        raise plain_storage_error(exc) from exc


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the ledger at ``path``, migrated to the current schema.

    Raises :class:`StorageError` when the folder or file cannot be used, when the file is not
    an SQLite database (the file is left exactly as it was) or when a newer app wrote it.
    """
    _prepare_folder(path.parent)
    _refuse_foreign_file(path)
    _create_private_file(path)
    with storage_errors():
        conn = sqlite3.connect(path, isolation_level=None)
    try:
        with storage_errors():
            for pragma in _SESSION_PRAGMAS:
                conn.execute(pragma)
            check_usable(conn)
            for pragma in _FILE_PRAGMAS:
                conn.execute(pragma)
            migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        if os.name == "posix":
            folder.chmod(0o700)
    except OSError as exc:
        raise StorageError(f"the data folder {folder} cannot be created: {exc.strerror}") from exc


def _refuse_foreign_file(path: Path) -> None:
    """Refuse a non-empty file without SQLite's header, before SQLite ever opens it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(f"the ledger file {path} cannot be read: {exc.strerror}") from exc
    if head and head != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a Follow-Through database (it is not an SQLite file); "
            "it was left untouched — move it away or choose another data folder"
        )


def _create_private_file(path: Path) -> None:
    """Create the file readable by its owner only; SQLite gives its -wal and -shm the same."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(f"the ledger file {path} cannot be created: {exc.strerror}") from exc
    os.close(fd)
