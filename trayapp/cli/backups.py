"""``trayapp backup``, ``trayapp backups`` and ``trayapp restore``.

"Back up now" writes a verified copy and rotates the folder; "restore" replaces the ledger with
a backup, and only while it holds the app's lock (``platform.app_lock``), so never under a
running app.
"""

from __future__ import annotations

import argparse
import functools
import sys
from datetime import UTC, datetime
from pathlib import Path

from trayapp.cli.encryption import backup_key
from trayapp.cli.output import emit_json, iso
from trayapp.core.errors import BadInput
from trayapp.core.ports import SecretStore
from trayapp.ledger.opening import Opened, key_vault
from trayapp.platform.app_lock import AppRunning, app_lock, lock_holder
from trayapp.platform.paths import resolve_paths
from trayapp.store.backup import Connect, back_up, list_backups, restore
from trayapp.store.db import connect_raw


def cmd_backup(args: argparse.Namespace, opened: Opened, connect: Connect | None = None) -> int:
    """Back up now: a verified copy in the backups folder (checked by opening it with
    ``connect``, by default with the ledger's key), then rotation. Prints the path."""
    now = opened.ctx.now()
    opener = connect or opened.connect_copy
    made, deleted = back_up(opened.connection, opened.paths.backups, now=now, connect=opener)
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


def cmd_restore(args: argparse.Namespace, secret_store: SecretStore | None = None) -> int:
    """Replace the ledger with a backup (``args.backup``: a path, a file name, or the newest),
    opened with the key that opens it (the kept key, the passphrase or the recovery key).

    The current ledger is never opened, so a lost or damaged one is no obstacle. It takes the
    app's lock itself and refuses (exit 2) while the tray app is running. The replaced ledger is
    kept beside it as ``*.replaced-<stamp>``. No key is written: when the recovery key was
    needed, the next step is said.
    """
    paths = resolve_paths(getattr(args, "data_dir", None))
    chosen = choose_backup(paths.backups, getattr(args, "backup", None))
    key, recovered = backup_key(args, paths, chosen, secret_store)
    with app_lock(paths.lock_file):
        moved = restore(
            chosen,
            paths.database,
            connect=functools.partial(connect_raw, key=key),
            lock_held=True,
            now=datetime.now(UTC),
        )
    if getattr(args, "json", False):
        emit_json({"kind": "restore", "restored_from": str(chosen), "replaced": _str(moved)})
    else:
        print(f"Restored the ledger from {chosen}")
        if moved is not None:
            print(f"The previous ledger was kept as {moved}")
    if recovered and key is not None and not key_vault(paths, secret_store).holds(key):
        sys.stderr.write(
            "trayapp: the restored ledger's key is not kept on this computer; keep it in the "
            "keychain or under a new passphrase with: trayapp unlock --recovery-key\n"
        )
    return 0


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)


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


__all__ = ["AppRunning", "app_lock", "cmd_backup", "cmd_backups", "cmd_restore", "lock_holder"]
