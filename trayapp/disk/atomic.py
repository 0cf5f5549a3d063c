"""Atomic, synced file writes: a crash or a full disk never leaves a half-written file behind
a real name.

:func:`publish` is the step every writer ends with: flush the finished temporary file, rename
it over the target, and make the rename durable by syncing the folder. :func:`write_private_file`
writes bytes that way, readable by their owner only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["publish", "sync_file", "sync_folder", "write_private_file"]


def sync_file(path: Path) -> None:
    """Flush ``path``'s contents to the disk."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; elsewhere a rename is already durable)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(partial: Path, target: Path) -> None:
    """Flush the finished ``partial``, rename it to ``target`` and make the rename durable."""
    sync_file(partial)
    os.replace(partial, target)
    sync_folder(target.parent)


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, readable by its owner only (0600 on POSIX).
    Raises :class:`OSError`; nothing is left half-written and no temporary file stays."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        publish(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
