"""``trayapp backup``, ``trayapp backups`` and ``trayapp restore``.

"Back up now" writes a verified copy and rotates the folder; "restore" replaces the ledger with
a backup, and only while it holds the app's lock, so never under a running app.

The lock is the tray app's own lock file (``trayapp.lock``, written by ``QLockFile``: the
owner's pid on the first line, then the app name and the host name). On POSIX, ``QLockFile``
keeps an ``flock`` on the file for as long as it holds it, and removes a stale lock only after
taking that ``flock`` itself. So: if the file exists and its ``flock`` is taken, or the pid on
its first line is a live process, the app is running and restore refuses (exit 2). Otherwise a
stale file is removed under its ``flock`` and a fresh one is created with ``O_EXCL``, holding
its ``flock`` until the restore is done; a tray app starting meanwhile cannot take it. On
Windows (best effort) a lock file that cannot be removed is held by a running app.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trayapp.cli_output import emit_json, iso
from trayapp.compose import Opened
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.platform.paths import resolve_paths
from trayapp.store.backup import Connect, list_backups, make_backup, restore, rotate, same_driver

LOCK_APP_NAME = "trayapp-restore"


class AppRunning(UserFacingError):
    """The tray app holds the lock; restoring now would pull the file from under it."""


def cmd_backup(args: argparse.Namespace, opened: Opened, connect: Connect | None = None) -> int:
    """Back up now: a verified copy in the backups folder, then rotation. Prints the path."""
    now = opened.ctx.now()
    opener = connect or same_driver(opened.connection)
    made = make_backup(opened.connection, opened.paths.backups, now=now, connect=opener)
    deleted = rotate(opened.paths.backups, now)
    if getattr(args, "json", False):
        emit_json({"kind": "backup", "path": str(made), "rotated": [str(p) for p in deleted]})
    else:
        print(f"Backed up to {made}")
        if deleted:
            print(f"Removed {len(deleted)} older backup(s) past the 7 daily, 4 weekly, 6 monthly")
    return 0


def cmd_backups(args: argparse.Namespace, opened: Opened) -> int:
    """List the backups, newest first."""
    infos = list(reversed(list_backups(opened.paths.backups)))
    if getattr(args, "json", False):
        rows = [{"path": str(i.path), "taken_at": iso(i.taken_at), "size": i.size} for i in infos]
        emit_json({"kind": "backups", "folder": str(opened.paths.backups), "backups": rows})
        return 0
    if not infos:
        print(f"No backups yet in {opened.paths.backups}")
    for info in infos:
        when = info.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        print(f"{when}  {info.size // 1024:>8} KiB  {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace, connect: Connect | None = None) -> int:
    """Replace the ledger with a backup (``args.backup``: a path, a file name, or the newest).

    Run without an open ledger: it takes the app's lock itself and refuses (exit 2) while the
    tray app is running. The replaced ledger is kept beside it as ``*.replaced-<stamp>``.
    """
    paths = resolve_paths(getattr(args, "data_dir", None))
    chosen = choose_backup(paths.backups, getattr(args, "backup", None))
    opener = connect or _plain_sqlite
    with app_lock(paths.lock_file):
        moved = restore(
            chosen, paths.database, connect=opener, lock_held=True, now=datetime.now(UTC)
        )
    if getattr(args, "json", False):
        emit_json({"kind": "restore", "restored_from": str(chosen), "replaced": _str(moved)})
    else:
        print(f"Restored the ledger from {chosen}")
        if moved is not None:
            print(f"The previous ledger was kept as {moved}")
    return 0


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _plain_sqlite(path: Path) -> Any:
    """Opens a plain (unencrypted) backup for its check; an encrypted one needs its key."""
    return sqlite3.connect(path)


def choose_backup(folder: Path, wanted: str | None) -> Path:
    """The backup named ``wanted`` (a path or a file name in ``folder``), or the newest."""
    infos = list_backups(folder)
    if not wanted:
        if not infos:
            raise BadInput(f"there are no backups in {folder}; make one with 'trayapp backup'")
        return infos[-1].path
    given = Path(wanted).expanduser()
    for candidate in (given, folder / given.name):
        if candidate.is_file():
            return candidate.absolute()
    raise BadInput(f"no backup named '{wanted[:200]}'; 'trayapp backups' lists them")


@contextlib.contextmanager
def app_lock(lock_file: Path, action: str = "restore") -> Iterator[None]:
    """Hold the app's lock file for the block; :class:`AppRunning` (naming ``action``, to try
    again once the app is quit) when the app holds it."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = _take(lock_file)
    except AppRunning as running:
        raise AppRunning(running.message.replace("then restore", f"then {action}")) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_file.unlink()  # removed while still locked, as QLockFile does
        os.close(fd)


def _take(lock_file: Path) -> int:
    for _ in range(2):
        try:
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            _remove_stale(lock_file)
            continue
        if not _try_flock(fd):
            os.close(fd)
            break
        content = f"{os.getpid()}\n{LOCK_APP_NAME}\n{socket.gethostname()}\n"
        os.write(fd, content.encode("utf-8"))
        return fd
    raise AppRunning(_running_message(lock_file))


def _remove_stale(lock_file: Path) -> None:
    """Remove ``lock_file`` if its owner is gone; :class:`AppRunning` if it is alive."""
    if os.name != "posix":
        try:
            lock_file.unlink()
        except PermissionError:
            raise AppRunning(_running_message(lock_file)) from None
        except FileNotFoundError:
            pass
        return
    try:
        fd = os.open(lock_file, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        if not _try_flock(fd) or _holder_alive(lock_file):
            raise AppRunning(_running_message(lock_file))
        lock_file.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _try_flock(fd: int) -> bool:
    if os.name != "posix":
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def lock_holder(lock_file: Path) -> tuple[int | None, str]:
    """The pid and host name written in a ``QLockFile``-style lock file (pid first)."""
    try:
        lines = lock_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None, ""
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    host = lines[2].strip() if len(lines) > 2 else ""
    return pid, host


def _holder_alive(lock_file: Path) -> bool:
    pid, host = lock_holder(lock_file)
    if pid is None:
        return False
    if host and host != socket.gethostname():
        return True  # held from another machine: its processes cannot be checked from here
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running_message(lock_file: Path) -> str:
    pid, _ = lock_holder(lock_file)
    who = f" (process {pid})" if pid else ""
    return (
        f"Follow-Through is running{who}; quit it from the tray menu, then restore again "
        f"(lock file {lock_file})"
    )
