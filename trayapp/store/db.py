"""Opening the ledger's SQLite file safely, and turning SQLite failures into plain messages.

``open_database`` makes the folder (owner only) and the file (owner only on POSIX), refuses a
file that is not an SQLite database without touching it, sets the durability pragmas (WAL,
``synchronous=FULL``, foreign keys, a busy timeout, secure delete) and brings the schema up to
date. The connection is in autocommit mode: the ledger opens every write transaction itself
with ``BEGIN IMMEDIATE``.

With a 32-byte ``key`` the file is a SQLCipher database: ``PRAGMA key`` with the raw key (no
key derivation; the key is already random) is the first statement on the connection, and every
page of the file, its WAL and copies made from it are encrypted. ``store.encrypt`` turns an
existing plain database into an encrypted one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from trayapp.core.errors import LedgerBusy, LedgerUnavailable, StorageError
from trayapp.store import driver
from trayapp.store.migrations import LATEST_VERSION, check_usable, migrate

#: How long a statement waits for another program's lock before the ledger is told as busy
#: (milliseconds): SQLite retries within it, so a short hold goes unnoticed.
BUSY_TIMEOUT_MS = 5000
#: The most memory SQLite keeps pages of the ledger in (KiB); it holds a ledger of a few
#: megabytes whole, and the pages a large one's lists and searches read over and over.
CACHE_KIB = 32 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"

# Connection settings that leave the file as it is ...
_SESSION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)
# ... and those that may write to it, set only once the file is known to be ours.
_FILE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA secure_delete = ON",
)

# Fragments of SQLite's own messages, each with the sentence a person reads instead.
#: A file whose key or format is right but whose pages are damaged further in.
DAMAGED = "the ledger file is damaged; restore it from a backup"
BUSY = (
    f"the ledger is busy in another program, which holds it (it was given "
    f"{BUSY_TIMEOUT_MS // 1000} seconds to let go); nothing is wrong with it and nothing "
    "was changed — try again once that program is done with it"
)
READ_ONLY = (
    "the ledger file is read-only (its folder or medium cannot be written); nothing was "
    "changed — reading it still works, to change it check the folder's permissions"
)
_PLAIN_MESSAGES = (
    ("disk is full", "the disk holding the ledger is full; free some space and try again"),
    ("readonly", READ_ONLY),
    ("read-only", READ_ONLY),
    ("unable to open", "the ledger file cannot be opened; check the folder and its permissions"),
    ("locked", BUSY),
    ("busy", BUSY),
    (
        "disk i/o",
        "the disk reported an error while reading or writing the ledger; nothing was "
        "changed — check the disk (is it full or failing?) and try again",
    ),
    ("malformed", DAMAGED),
    ("not a database", "the ledger file is not a Follow-Through database"),
)
# SQLite's result codes (extended ones start with these): what they say about the file.
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_BUSY_CODES = ("SQLITE_BUSY", "SQLITE_LOCKED")
_UNAVAILABLE_CODES = (
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_AUTH",
)


KEY_BYTES = 32
WRONG_KEY = "the database could not be opened with this key"
DAMAGED_HEADER = (
    "the ledger file {path} is damaged: it is an unencrypted database whose first bytes were "
    "overwritten (it is not encrypted, so no key will open it); it was left untouched — "
    "restore the newest backup with 'trayapp restore'"
)


def plain_storage_error(exc: sqlite3.Error | driver.Error) -> StorageError:
    """A :class:`StorageError` whose message says what went wrong in plain words: a busy
    ledger is :class:`LedgerBusy`, one that cannot be read or written here (permissions, a
    read-only medium, a full or failing disk) :class:`LedgerUnavailable`."""
    text = str(exc).casefold()
    message = next(
        (said for fragment, said in _PLAIN_MESSAGES if fragment in text),
        f"the ledger could not be read or written ({exc})",
    )
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name.startswith(_BUSY_CODES) or (not name and message == BUSY):
        return LedgerBusy(BUSY)
    if name.startswith(_UNAVAILABLE_CODES) or (not name and message == READ_ONLY):
        return LedgerUnavailable(message)
    return StorageError(message)


def is_damage(exc: BaseException) -> bool:
    """True when a failed read found the file damaged or not a database at all — not when it
    could not look (busy, no permission, a read-only medium, a full or failing disk)."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name:
        return name.startswith(_DAMAGE_CODES)
    text = str(exc).casefold()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def writable(path: Path) -> bool:
    """Whether the ledger at ``path`` and its folder can be written (SQLite needs both)."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise SQLite's operational failures (disk full, read-only...) as StorageError.

    Programming errors (``ProgrammingError``, ``IntegrityError``) are bugs and pass through.
    """
    try:
        yield
    except (sqlite3.DatabaseError, driver.DatabaseError) as exc:
        bugs = (
            sqlite3.IntegrityError,
            sqlite3.ProgrammingError,
            driver.IntegrityError,
            driver.ProgrammingError,
        )
        if isinstance(exc, bugs):
            raise
        raise plain_storage_error(exc) from exc


def is_encrypted(path: Path) -> bool:
    """True when ``path`` is a non-empty file without SQLite's plain header that does not look
    like a plain database with a damaged header (see :func:`has_damaged_header`)."""
    head = _read_head(path)
    return bool(head) and head[:16] != SQLITE_HEADER and not _plain_page_one(head)


def has_damaged_header(path: Path) -> bool:
    """True when ``path`` is a plain SQLite database whose first 16 bytes were overwritten: the
    rest of its header is SQLite's (page size, format numbers and the fixed 64/32/32 payload
    fractions at bytes 21-23), where an encrypted file has random bytes (1 in 16 million)."""
    head = _read_head(path)
    return bool(head) and head[:16] != SQLITE_HEADER and _plain_page_one(head)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except (FileNotFoundError, IsADirectoryError):
        return b""
    except OSError as exc:
        raise LedgerUnavailable(
            f"the ledger file {path} cannot be read: {exc.strerror}; nothing was changed"
        ) from exc


_HEAD_BYTES = 24


def _plain_page_one(head: bytes) -> bool:
    if len(head) < _HEAD_BYTES:
        return False
    page_size = int.from_bytes(head[16:18], "big")
    sizes = {1} | {1 << n for n in range(9, 16)}
    return (
        page_size in sizes
        and head[18] in (1, 2)
        and head[19] in (1, 2)
        and (head[21:24] == b"\x40\x20\x20")
    )


def connect_raw(
    path: Path, key: bytes | None, *, read_only: bool = False, as_it_is: bool = False
) -> sqlite3.Connection:
    """A driver connection to ``path``, keyed with ``key`` (checked) when one is given.

    A statement waits up to ``BUSY_TIMEOUT_MS`` for another program's lock. ``read_only``
    opens the file for reading only, as it is (immutable) when its folder cannot be written,
    since SQLite cannot make the WAL's index there, or when ``as_it_is`` asks for it (a full
    disk, where the index cannot be made either).
    """
    with storage_errors():
        if read_only:
            frozen = as_it_is or not os.access(path.parent, os.W_OK)
            mode = "immutable=1" if frozen else "mode=ro"
            where = f"{path.absolute().as_uri()}?{mode}"
            conn = driver.connect(
                where, isolation_level=None, uri=True, timeout=BUSY_TIMEOUT_MS / 1000
            )
        else:
            conn = driver.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        with storage_errors():
            conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def apply_key(conn: sqlite3.Connection, key: bytes, schema: str = "main") -> None:
    """``PRAGMA key`` with the raw key, then one read to prove the key opens the file."""
    if not driver.CIPHER_AVAILABLE:
        raise StorageError("this installation has no SQLCipher, so it cannot encrypt the ledger")
    conn.execute(f'PRAGMA {schema}.key = "{raw_key(key)}"')
    try:
        conn.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
    except (sqlite3.DatabaseError, driver.DatabaseError) as exc:
        if "not a database" in str(exc).casefold():
            raise StorageError(WRONG_KEY) from exc
        raise plain_storage_error(exc) from exc


def raw_key(key: bytes) -> str:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a database key is {KEY_BYTES} bytes")
    return f"x'{key.hex()}'"


def open_database(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the ledger at ``path``, migrated to the current schema.

    With ``key`` the file must be encrypted with it (a new file is created encrypted);
    without, it must be plain. Raises :class:`StorageError` when the folder or file cannot be
    used, when the file is not an SQLite database (the file is left exactly as it was), when the
    key is wrong or missing, or when a newer app wrote it.
    """
    _prepare_folder(path.parent)
    _refuse_foreign_file(path, key)
    read_only = path.is_file() and not writable(path)
    if not read_only:
        create_private_file(path)
    return _opened(path, key, read_only=read_only, as_it_is=False)


def open_for_reading(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """Open the ledger at ``path`` only to read it, exactly as it is on disk: for a command that
    only reads when the disk cannot take a write (full, or failing on writes). Refused with
    :class:`LedgerUnavailable` when a write-ahead log holds changes not yet in the file, which
    reading the file as it is would miss."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise LedgerUnavailable(
            f"the ledger {path} cannot be read as it is: its latest changes wait in {wal.name} "
            "and the disk cannot take the write that folds them in; nothing was changed — "
            "free some space and try again"
        )
    return _opened(path, key, read_only=True, as_it_is=True)


def _opened(
    path: Path, key: bytes | None, *, read_only: bool, as_it_is: bool
) -> sqlite3.Connection:
    conn = connect_raw(path, key, read_only=read_only, as_it_is=as_it_is)
    try:
        with storage_errors():
            for pragma in _SESSION_PRAGMAS:
                conn.execute(pragma)
            if read_only:
                _refuse_old_schema(check_usable(conn))
                return conn
            check_usable(conn)
            for pragma in _FILE_PRAGMAS:
                conn.execute(pragma)
            migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_old_schema(version: int) -> None:
    """A read-only ledger is read as it is: one from an older version needs an upgrade first."""
    if version < LATEST_VERSION:
        raise LedgerUnavailable(
            "the ledger file is read-only and was written by an older Follow-Through, so it "
            "cannot be upgraded to be read; nothing was changed — open it once where it can "
            "be written"
        )


def _prepare_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        if os.name == "posix":
            folder.chmod(0o700)
    except OSError as exc:
        raise StorageError(f"the data folder {folder} cannot be created: {exc.strerror}") from exc


def _refuse_foreign_file(path: Path, key: bytes | None) -> None:
    """Without a key, refuse a non-empty file without SQLite's header, before SQLite opens it;
    with one, refuse a plain SQLite file (it must be encrypted first)."""
    if has_damaged_header(path):
        raise StorageError(DAMAGED_HEADER.format(path=path))
    encrypted = is_encrypted(path)
    if encrypted and key is None:
        raise StorageError(
            f"{path} is encrypted (or is not a Follow-Through database) and no key was given; "
            "it was left untouched — unlock it with TRAYAPP_PASSPHRASE or your recovery key "
            "(trayapp unlock --recovery-key)"
        )
    if key is not None and not encrypted and path.is_file() and path.stat().st_size > 0:
        raise StorageError(f"{path} is not encrypted; encrypt it first (trayapp encrypt)")


def create_private_file(path: Path) -> None:
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
