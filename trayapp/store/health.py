"""The ledger's health at start-up: a quick check, recovery from a backup, risky folders.

``check_database`` runs ``PRAGMA quick_check``. When it fails, ``recover`` first finds the
newest backup that passes ``integrity_check``; with none it refuses and changes nothing.
Otherwise it moves the damaged file (with its ``-wal``/``-shm``) aside as
``ledger.sqlite3.damaged-<stamp>`` — it is never deleted — and puts a checked copy of that
backup in its place. The result says which backup was used and from when changes may be
missing, so the user can be told.

``risky_location`` names the reason a data folder is a poor home for a live SQLite database:
inside a cloud-synced folder (which copies the database and its log separately) or on a
network file system (where SQLite's locking and WAL do not work).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath

from trayapp.core.errors import StorageError
from trayapp.disk.atomic import sync_folder
from trayapp.store import driver
from trayapp.store.backup import (
    Connect,
    install_copy,
    integrity_problem,
    list_backups,
    move_aside,
    stamp,
)
from trayapp.store.db import DAMAGED, has_damaged_header, is_damage, plain_storage_error
from trayapp.store.rotation import BackupInfo

#: Holds the app's lock for a block (or is a no-op when the caller already holds it).
LockHolder = Callable[[], AbstractContextManager[object]]


@dataclass(frozen=True, slots=True)
class Health:
    """The outcome of a quick check: ``ok``, or what SQLite reported."""

    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class Recovery:
    """What recovering a damaged ledger did.

    ``moved_to`` is where the damaged file now is; ``restored_from`` the backup put back;
    ``missing_since`` the backup's time — changes made after it may be missing.
    """

    moved_to: Path | None
    restored_from: Path
    missing_since: datetime

    def message(self) -> str:
        """What to tell the user, in plain words."""
        kept = f" The damaged file was kept as {self.moved_to}." if self.moved_to else ""
        since = self.missing_since.strftime("%Y-%m-%d %H:%M UTC")
        return (
            f"The ledger was damaged and was restored from the backup of {since}; changes "
            f"made after {since} may be missing.{kept}"
        )


def check_database(db_path: Path, connect: Connect) -> Health:
    """``PRAGMA quick_check`` on the ledger; a missing file is healthy (a first run).

    A file that cannot be opened at all with ``connect`` (a wrong key, no permission) raises
    the opener's :class:`StorageError`: that is not damage, and no backup would help. A file
    the key opens but whose first read already meets damaged pages (an encrypted ledger's
    opening reads its schema) is damaged. Only a check that ran and found damage, or found no
    database at all, says so: one that could not run (another program holds the ledger, no
    permission, a read-only medium, a full or failing disk) raises :class:`LedgerBusy` or
    :class:`LedgerUnavailable` and nothing is moved or restored.
    """
    if not db_path.exists():
        return Health(True, "no ledger yet")
    if has_damaged_header(db_path):
        return Health(False, "the file's header is damaged")
    try:
        conn = connect(db_path)
    except StorageError as err:
        if err.message == DAMAGED:
            return Health(False, err.message)
        raise
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except (sqlite3.DatabaseError, driver.DatabaseError) as exc:
        if not is_damage(exc):
            raise plain_storage_error(exc) from exc
        return Health(False, str(exc) or type(exc).__name__)
    finally:
        with contextlib.suppress(Exception):
            conn.close()
    found = [str(row[0]) for row in rows]
    return Health(True, "ok") if found == ["ok"] else Health(False, "; ".join(found[:5]))


def newest_good_backup(backups_dir: Path, connect: Connect) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check``, whatever the clock says now.

    A backup's date comes from the clock that took it. One dated after now was taken while the
    clock was ahead, or now is behind (a clock reset, a ``TRAYAPP_NOW`` what-if run); either
    way it holds the newest data there is, and rotation keeps it for that reason. Skipping it
    would restore older data, or refuse when it is the only good one.
    """
    for info in reversed(list_backups(backups_dir)):
        if integrity_problem(info.path, connect) is None:
            return info
    return None


def recover(db_path: Path, backups_dir: Path, *, connect: Connect, now: datetime) -> Recovery:
    """Move the damaged ledger aside and restore the newest backup that passes its check.

    Call it only with the app's lock held and no connection open on ``db_path``. Raises
    :class:`StorageError` and changes nothing when no backup passes its check.
    """
    good = newest_good_backup(backups_dir, connect)
    if good is None:
        raise StorageError(no_backup_message(db_path, backups_dir, "it failed its check"))
    incoming = install_copy(good.path, db_path, connect)
    moved = move_aside(db_path, f"damaged-{stamp(now)}")
    os.replace(incoming, db_path)
    sync_folder(db_path.parent)
    return Recovery(moved, good.path, good.taken_at)


def no_backup_message(db_path: Path, backups_dir: Path, detail: str) -> str:
    return (
        f"the ledger file {db_path} is damaged ({detail}) and no backup in {backups_dir} "
        "passes its check, so nothing was changed; keep a copy of the file and see "
        "'trayapp doctor'"
    )


def ensure_healthy(
    db_path: Path,
    backups_dir: Path,
    *,
    connect: Connect,
    now: datetime,
    lock: LockHolder = contextlib.nullcontext,
) -> Recovery | None:
    """Before the ledger is opened: a quick check, and recovery under the app's ``lock`` when
    it fails. None when the ledger was fine; otherwise tell the user ``Recovery.message()``.

    Raises :class:`StorageError` (nothing changed) when the ledger is damaged and no backup
    passes its check, and whatever ``lock`` raises when the lock is held elsewhere.
    """
    health = check_database(db_path, connect)
    if health.ok:
        return None
    if newest_good_backup(backups_dir, connect) is None:
        raise StorageError(no_backup_message(db_path, backups_dir, health.detail))
    with lock():
        if check_database(db_path, connect).ok:  # repaired by another process meanwhile
            return None
        return recover(db_path, backups_dir, connect=connect, now=now)


# Folder names that cloud-sync clients create; compared case-insensitively with each part.
_CLOUD_FOLDERS = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "mobile documents": "iCloud Drive",
    "icloud drive": "iCloud Drive",
    "icloudrive": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "box sync": "Box",
    "pcloud drive": "pCloud",
    "pclouddrive": "pCloud",
    "cloudstorage": "a cloud storage provider",
}
# "OneDrive - Company", "Dropbox (Team)", "Google Drive (name@example.com)".
_CLOUD_PREFIXES = (
    ("onedrive - ", "OneDrive"),
    ("dropbox (", "Dropbox"),
    ("google drive (", "Google Drive"),
)
# Box Drive's folder is plainly "Box", also a common word: it counts only directly in the
# user's home folder (Windows, older macOS), where Box Drive puts it; newer macOS installs
# are under ~/Library/CloudStorage.
_NETWORK_TYPES = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "afs", "9p", "ceph", "davfs"}


def risky_location(
    path: PurePath,
    *,
    mounts: str | None = None,
    platform: str = sys.platform,
    home: PurePath | None = None,
) -> str | None:
    """A plain reason when ``path`` is inside a cloud-synced folder or on a network drive.

    ``mounts`` is the text of ``/proc/mounts`` (read on Linux when not given); ``home`` the
    user's home folder (``Path.home()`` when not given).
    """
    windows = platform.startswith("win")
    cloud = _cloud_service(path, Path.home() if home is None else home)
    if cloud is not None:
        return (
            f"the data folder is inside {cloud}; syncing a live database can damage it — "
            "choose a folder that is not synced and rely on the app's backups instead"
        )
    text = str(path)
    if windows and (text.startswith(("\\\\", "//")) and not text.startswith("\\\\?\\")):
        return _network_reason(text)
    if platform.startswith("linux"):
        fstype = _mount_type(path, mounts)
        if fstype is not None and (fstype in _NETWORK_TYPES or fstype.startswith("fuse.")):
            return _network_reason(f"a {fstype} file system")
    if platform == "darwin" and text.startswith(("/Network/", "/net/")):
        return _network_reason(text)
    return None


def _network_reason(where: str) -> str:
    return (
        f"the data folder is on {where}, a network location; SQLite cannot lock files "
        "reliably there — keep the data folder on a local disk"
    )


def _cloud_service(path: PurePath, home: PurePath) -> str | None:
    box_drive = home / "Box"
    if path == box_drive or box_drive in path.parents:
        return "Box"
    for part in path.parts:
        key = part.casefold()
        if key in _CLOUD_FOLDERS:
            return _CLOUD_FOLDERS[key]
        for prefix, service in _CLOUD_PREFIXES:
            if key.startswith(prefix):
                return service
    return None


def _mount_type(path: PurePath, mounts: str | None) -> str | None:
    """The file-system type of the mount holding ``path`` (longest matching mount point)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = str(path)
    best, best_type = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type
