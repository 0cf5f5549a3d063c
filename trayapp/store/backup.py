"""Verified backups of the ledger: taken, checked, rotated and restored without ever deleting data.

A backup is written with SQLite's online backup API into a temporary file of its own
(``<name>.<random>.sqlite3.tmp``, owner only), opened again and checked with
``PRAGMA integrity_check``, and only then flushed to disk and renamed to
``ledger-YYYYMMDD-HHMMSS.sqlite3`` (``disk.atomic.publish``, the one way the app gives a file
its name); a copy that fails the check never gets a backup's name. A backup and its rotation hold
the folder's lock (:func:`backup_lock`), so two processes backing up at once take turns.

Every function takes an open connection or a ``connect`` callable instead of opening files
with a fixed driver, so the same code serves a plain or an encrypted database: the callable
must open a file with the same driver and key as the ledger, without migrating it (the
backup API refuses connections from two different driver modules).

Rotation and the "is a backup due" decision count from the real time when the clock given is
ahead of it, so a clock set years ahead neither deletes real backups nor stops new ones.
Rotation keeps the newest backup of each of the last 7 days, of each of the last 4 ISO weeks
and of each of the last 6 months. It also keeps, within those 6 months, every backup larger
than all the backups taken after it: when the ledger was lost or replaced by a smaller one (a
fresh empty ledger, an older backup restored), the backups of the fuller ledger are not pushed
out by the new small ones. Temporary copies left by a failed or interrupted backup are removed
when the backup fails and at rotation. Restoring moves the current database (with its ``-wal`` and
``-shm``) aside as ``ledger.sqlite3.replaced-<stamp>``; nothing is deleted.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import secrets
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trayapp.core.errors import StorageError
from trayapp.disk.atomic import publish, sync_folder
from trayapp.store import driver
from trayapp.store.rotation import BackupInfo, kept_backups

if sys.platform != "win32":
    import fcntl

PREFIX = "ledger-"
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^ledger-(\d{8})-(\d{6})(?:-(\d+))?\.sqlite3$")
#: A backup is due when data changed since the newest one and that one is at least this old.
BACKUP_INTERVAL = timedelta(hours=24)
#: A temporary copy this old belongs to no backup still being written.
STALE_TEMPORARY = timedelta(hours=1)
TEMPORARY = ".tmp"
#: How long a backup waits for another process's backup (and rotation) to finish.
LOCK_WAIT = timedelta(seconds=60)
SIDE_FILES = ("-wal", "-shm")

#: Opens a database file the way the app does (same driver and key) without migrating it.
Connect = Callable[[Path], Any]


def stamp(now: datetime) -> str:
    """``YYYYMMDD-HHMMSS`` of ``now`` in UTC, as used in file names."""
    return now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")


def make_backup(conn: Any, backups_dir: Path, *, now: datetime, connect: Connect) -> Path:
    """Write a verified backup of ``conn``'s database into ``backups_dir``; return its path.

    Raises :class:`StorageError` when the copy cannot be written or fails its check (a full
    disk, a folder that cannot be made, any driver error); the unchecked copy is then removed,
    never given a backup's name. Backups taken at once (two processes) wait for each other.
    """
    with _storage_problems("the backup could not be written"), backup_lock(backups_dir):
        return _write_verified(conn, backups_dir, now=now, connect=connect)


def _write_verified(conn: Any, backups_dir: Path, *, now: datetime, connect: Connect) -> Path:
    target = _free_name(backups_dir, stamp(now))
    partial = backups_dir / f"{target.stem}.{secrets.token_hex(4)}{SUFFIX}{TEMPORARY}"
    try:
        _create_private(partial)
        copy = connect(partial)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        problem = integrity_problem(partial, connect)
        if problem is not None:
            raise StorageError(f"the new backup failed its check and was not kept ({problem})")
        publish(partial, target)
    except BaseException:
        _remove_with_side_files(partial)
        raise
    return target


@contextlib.contextmanager
def _storage_problems(what: str) -> Iterator[None]:
    """A file-system or driver error (sqlite3's or SQLCipher's) becomes a StorageError."""
    try:
        yield
    except (OSError, sqlite3.Error, driver.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise StorageError(f"{what} ({reason})") from exc


@contextlib.contextmanager
def backup_lock(backups_dir: Path) -> Iterator[None]:
    """Hold the backups folder's lock for the block: a backup and its rotation in one process
    never overlap another's. The lock is an ``flock`` on the folder itself, so no lock file is
    left among the backups (on Windows, where a folder cannot be locked, the unique temporary
    names alone keep two backups apart). Gives up after :data:`LOCK_WAIT`."""
    try:
        _private_dir(backups_dir)
    except OSError as exc:
        raise StorageError(
            f"the backups folder {backups_dir} cannot be used ({exc.strerror or exc})"
        ) from exc
    if sys.platform == "win32":
        yield
        return
    descriptor = os.open(backups_dir, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT.total_seconds()
        while not _try_lock(descriptor):
            if time.monotonic() > deadline:
                raise StorageError("another backup is being taken; this one was skipped")
            time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # closing the folder releases its lock


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def integrity_problem(path: Path, connect: Connect, pragma: str = "integrity_check") -> str | None:
    """None when ``PRAGMA <pragma>`` says ``ok`` for the file at ``path``, else what it said."""
    if not path.is_file():
        return f"{path.name} does not exist"
    try:
        conn = connect(path)
    except Exception as exc:  # any driver's error: the file cannot be opened
        return str(exc) or type(exc).__name__
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except Exception as exc:  # a malformed file fails here, whatever the driver
        return str(exc) or type(exc).__name__
    finally:
        with contextlib.suppress(Exception):
            conn.close()
    found = [str(row[0]) for row in rows]
    return None if found == ["ok"] else "; ".join(found[:5])


def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """The finished backups in ``backups_dir``, oldest first (temporary copies are skipped)."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.iterdir():
        taken = taken_at(path.name)
        if taken is not None and path.is_file():
            found.append(BackupInfo(path, taken, path.stat().st_size))
    return sorted(found, key=lambda info: (info.taken_at, _sequence(info.path.name)))


def taken_at(name: str) -> datetime | None:
    """The instant in a backup's file name, or None when it is not a backup's name."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _sequence(name: str) -> int:
    match = _NAME.match(name)
    return int(match[3]) if match and match[3] else 1


def rotate(backups_dir: Path, now: datetime) -> list[Path]:
    """Delete the backups rotation does not keep, and stale temporary copies; return the
    deleted backups' paths. Rotation counts from ``now`` or the real time, whichever is
    earlier: a clock set ahead never pushes real backups out, and one dated after now is kept."""
    now = not_ahead(now)
    infos = list_backups(backups_dir)
    kept = kept_backups(infos, now)
    deleted = []
    for info in infos:
        if info.path not in kept:
            info.path.unlink(missing_ok=True)
            deleted.append(info.path)
    remove_stale_temporaries(backups_dir)
    return deleted


def remove_stale_temporaries(backups_dir: Path) -> None:
    """Remove the ``*.tmp`` copies (and their side files) of backups that never finished."""
    if not backups_dir.is_dir():
        return
    for path in backups_dir.iterdir():
        name = path.name.removesuffix("-wal").removesuffix("-shm")
        if not (name.startswith(PREFIX) and name.endswith(SUFFIX + TEMPORARY)):
            continue
        if is_stale(path):
            with contextlib.suppress(OSError):
                path.unlink()


def is_stale(temporary: Path) -> bool:
    """Whether a temporary copy was last written over :data:`STALE_TEMPORARY` ago, so no
    backup or restore still writing it (in this or another process) can need it."""
    try:
        written = temporary.stat().st_mtime
    except OSError:
        return False
    return written < time.time() - STALE_TEMPORARY.total_seconds()


def _remove_with_side_files(path: Path) -> None:
    for side in ("", *SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(f"{path}{side}").unlink(missing_ok=True)


def not_ahead(now: datetime) -> datetime:
    """``now``, or the real time when ``now`` is ahead of it."""
    return min(now, datetime.now(UTC))


def backup_due(backups_dir: Path, now: datetime, data_changed_at: datetime | None) -> bool:
    """True when data changed since the newest backup and none is under 24 hours old.

    ``now`` is never taken later than the real time, and a backup dated after it (taken while
    a clock was ahead) is no sign of a recent one: it cannot stop backups until its date."""
    if data_changed_at is None:
        return False
    now = not_ahead(now)
    infos = [info for info in list_backups(backups_dir) if info.taken_at <= now]
    if not infos:
        return True
    newest = infos[-1].taken_at
    return data_changed_at > newest and now - newest >= BACKUP_INTERVAL


def last_written(db_path: Path) -> datetime | None:
    """When the database file or its write-ahead log was last written; None when absent."""
    times = [
        Path(f"{db_path}{side}").stat().st_mtime
        for side in ("", "-wal")
        if Path(f"{db_path}{side}").exists()
    ]
    return datetime.fromtimestamp(max(times), UTC) if times else None


def restore(
    backup_path: Path,
    db_path: Path,
    *,
    connect: Connect,
    lock_held: bool,
    now: datetime | None = None,
) -> Path | None:
    """Put a verified copy of ``backup_path`` in place of ``db_path``.

    Refuses unless the app's lock is held (no connection may be open on ``db_path``). The
    current database and its ``-wal``/``-shm`` are moved aside as ``*.replaced-<stamp>``;
    their new path is returned (None when there was no database).
    """
    if not lock_held:
        raise StorageError("restoring needs the app's lock; quit Follow-Through and try again")
    problem = integrity_problem(backup_path, connect)
    if problem is not None:
        raise StorageError(f"{backup_path.name} is not a usable backup ({problem})")
    incoming = install_copy(backup_path, db_path, connect)
    moved = move_aside(db_path, f"replaced-{stamp(now or datetime.now(UTC))}")
    publish(incoming, db_path)
    return moved


def install_copy(source: Path, db_path: Path, connect: Connect) -> Path:
    """A checked, flushed copy of ``source`` beside ``db_path``, ready to be renamed in."""
    incoming = db_path.with_name(db_path.name + ".restoring.tmp")
    for side in ("", *SIDE_FILES):
        Path(f"{incoming}{side}").unlink(missing_ok=True)
    _create_private(incoming)
    with source.open("rb") as src, incoming.open("r+b") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    problem = integrity_problem(incoming, connect)
    if problem is not None:
        raise StorageError(f"the copy of {source.name} failed its check ({problem})")
    return incoming


def move_aside(db_path: Path, label: str) -> Path | None:
    """Rename the database and its side files to ``<name>.<label>``; None when none exist."""
    target = db_path.with_name(f"{db_path.name}.{label}")
    n = 1
    while any(Path(f"{target}{side}").exists() for side in ("", *SIDE_FILES)):
        n += 1
        target = db_path.with_name(f"{db_path.name}.{label}-{n}")
    moved = False
    for side in (*SIDE_FILES, ""):
        here = Path(f"{db_path}{side}")
        if here.exists():
            os.replace(here, Path(f"{target}{side}"))
            moved = True
    sync_folder(db_path.parent)
    return target if moved else None


def _free_name(folder: Path, when: str) -> Path:
    target = folder / f"{PREFIX}{when}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{PREFIX}{when}-{n}{SUFFIX}"
    return target


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _private_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        folder.chmod(0o700)


def same_driver(conn: Any) -> Connect:
    """An opener from the same driver module as ``conn``, without a key (plain files only)."""
    module = importlib.import_module(type(conn).__module__)
    connect: Connect = module.connect
    return connect


def backup_if_due(
    conn: Any, db_path: Path, backups_dir: Path, *, now: datetime, connect: Connect
) -> Path | None:
    """Take a verified backup and rotate when :func:`backup_due` says so; the new path or None."""
    with _storage_problems("the backups could not be looked at"):
        if not backup_due(backups_dir, now, last_written(db_path)):
            return None
    made, _ = back_up(conn, backups_dir, now=now, connect=connect)
    return made


def back_up(
    conn: Any, backups_dir: Path, *, now: datetime, connect: Connect
) -> tuple[Path, list[Path]]:
    """A verified backup (:func:`make_backup`), then :func:`rotate`, under the backups
    folder's lock: the new backup's path and the older ones rotation removed."""
    with _storage_problems("the backup could not be written"), backup_lock(backups_dir):
        made = _write_verified(conn, backups_dir, now=now, connect=connect)
        return made, rotate(backups_dir, now)


def backup_copy(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Write a consistent copy of the database beside ``path`` and return its name.

    This is the copy taken before the schema is upgraded. It goes to a temporary name, is
    flushed to disk, then renamed, so a crash never leaves a half-written file under the final
    name.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.schema-v{version}-{stamp}.bak")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # VACUUM INTO writes a consistent copy; from an encrypted ledger it is encrypted with the
    # same key, so the copy never holds the data in clear.
    conn.execute("VACUUM INTO ?", (str(partial),))
    publish(partial, target)
    return target
