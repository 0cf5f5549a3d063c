"""The key encryption is turned on with, and what it leaves behind; shared by
``trayapp encrypt`` and "Turn on encryption" in the tray app's Settings.

A data folder that already keeps a key (in the keychain, or in its passphrase key file) is
encrypted with that key, never a new one: its recovery key stays the one written down, and
backups made with it still open. :func:`opens` tells a key that does not open a file apart
from a file that cannot be read at all (that is not the key's fault, so it is not hidden).
:func:`plain_copies` lists the copies made before encryption that are still readable by
anyone: the schema-upgrade copies, ledgers a restore or recovery moved aside, and backups.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from trayapp.core.errors import LedgerLocked, StorageError
from trayapp.core.ports import SecretStoreUnavailable
from trayapp.ledger.unlocking import load_with_passphrase
from trayapp.platform.keys import KeyVault, PassphraseRequired
from trayapp.platform.paths import AppPaths
from trayapp.store.backup import SIDE_FILES
from trayapp.store.db import DAMAGED, WRONG_KEY, connect_raw, is_encrypted

__all__ = ["kept_key", "opens", "plain_copies"]

#: The passphrase of a kept key file, when one is needed (None: not given).
AskPassphrase = Callable[[], str | None]


def kept_key(vault: KeyVault, passphrase: AskPassphrase, how_to_give: str) -> bytes | None:
    """The key this data folder already keeps (never to be replaced by a new one), or None.

    ``passphrase`` is asked only when the key is in the key file; without one, LedgerLocked
    says that a key is kept and ``how_to_give`` its passphrase. A wrong one is BadInput.
    """
    try:
        return vault.load(None)
    except SecretStoreUnavailable:
        return None
    except PassphraseRequired:
        pass
    given = passphrase()
    if given is None:
        raise LedgerLocked(
            f"this data folder already keeps a key under a passphrase ({vault.key_file_path}); "
            f"{how_to_give}"
        )
    return load_with_passphrase(vault, given)


def opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the encrypted database at ``path``; a file that cannot be read
    (a disk error, no permission) raises its StorageError instead of counting as a wrong key.

    A file damaged beyond its first page counts as opened: a wrong key already fails on the
    first page, so the key is right, and the check on opening (or a restore) deals with the
    damage."""
    try:
        connect_raw(path, key).close()
    except StorageError as err:
        if err.message == WRONG_KEY:
            return False
        if err.message == DAMAGED:
            return True
        raise
    return True


def plain_copies(paths: AppPaths) -> list[Path]:
    """The unencrypted copies of the ledger kept beside it and in the backups folder."""
    database = paths.database
    copies = list(database.parent.glob(database.name + ".schema-v*.bak"))
    for label in ("replaced", "damaged"):
        copies += database.parent.glob(f"{database.name}.{label}-*")
    if paths.backups.is_dir():
        copies += [p for p in paths.backups.iterdir() if p.is_file()]
    return sorted(
        p for p in copies if p.is_file() and not p.name.endswith(SIDE_FILES) and not is_encrypted(p)
    )
