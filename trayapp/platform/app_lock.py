"""The app's lock file: one process at a time may replace or repair the ledger file.

The lock is the tray app's own lock file (``trayapp.lock``, written by ``QLockFile``: the
owner's pid on the first line, then the app name and the host name). On POSIX, ``QLockFile``
keeps an ``flock`` on the file for as long as it holds it, and removes a stale lock only after
taking that ``flock`` itself. So: if the file exists and its ``flock`` is taken, or the pid on
its first line is a live process, the app is running and restore or repair refuses (exit 2).
Otherwise a stale file is removed under its ``flock`` and a fresh one is created with
``O_EXCL``, holding its ``flock`` until the file is replaced; a tray app starting meanwhile
cannot take it. A process that already holds the lock (the tray app's own ``QLockFile``) uses
:func:`held_by_this_process` instead of taking it again. On Windows (best effort) a lock
file that cannot be removed is held by a running app.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from trayapp.core.errors import UserFacingError
from trayapp.platform.paths import ensure_private_dir

LOCK_APP_NAME = "trayapp-restore"


class AppRunning(UserFacingError):
    """The tray app holds the lock; replacing the ledger now would pull it from under it."""


@contextlib.contextmanager
def app_lock(lock_file: Path, action: str = "restore") -> Iterator[None]:
    """Hold the app's lock file for the block; :class:`AppRunning` (naming ``action``, to try
    again once the app is quit) when the app holds it."""
    ensure_private_dir(lock_file.parent)
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


def held_by_this_process(lock_file: Path) -> bool:
    """True when ``lock_file`` names this process on this host (the tray app holds its lock)."""
    pid, host = lock_holder(lock_file)
    return pid == os.getpid() and host in ("", socket.gethostname())


@contextlib.contextmanager
def app_lock_or_own(lock_file: Path) -> Iterator[None]:
    """The app's lock for the block: already ours (the running app), or taken for it."""
    if held_by_this_process(lock_file):
        yield
        return
    with app_lock(lock_file):
        yield
