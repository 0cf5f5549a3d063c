"""Turning on encryption from the running tray app, with what ``trayapp encrypt`` uses.

:func:`make_key` makes a new key and keeps it (``KeyVault.enroll``: the keychain, and the
passphrase key file when a passphrase was given) while the app runs, so the recovery key can
be shown before anything else happens. The ledger file itself is rewritten
(``encrypt_in_place``) only after the app has quit, under the app's lock, by the
quit-change-restart path of :mod:`trayapp.app_restart`.
"""

from __future__ import annotations

import functools
import logging

from trayapp.app_restart import AfterQuit
from trayapp.cli_backup import app_lock
from trayapp.compose import key_vault
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.platform.keys import new_data_key, recovery_code
from trayapp.platform.paths import AppPaths
from trayapp.store.db import encrypt_in_place, is_encrypted

__all__ = ["encrypt_ledger", "make_key"]

log = logging.getLogger(__name__)


def make_key(
    paths: AppPaths, passphrase: str | None, secret_store: SecretStore | None = None
) -> tuple[str, AfterQuit]:
    """A new key kept for ``paths``: its recovery code, and the change that encrypts the ledger
    with it once the app has quit. BadInput when nothing can keep the key."""
    if is_encrypted(paths.database):
        raise BadInput("the ledger is already encrypted")
    key = new_data_key()
    try:
        key_vault(paths, secret_store).enroll(key, passphrase)
    except SecretStoreUnavailable as err:
        raise BadInput(
            f"this computer's keychain cannot keep the key ({err}); choose a passphrase"
        ) from None
    log.info("a new key was made for encryption")
    return recovery_code(key), functools.partial(encrypt_ledger, paths, key)


def encrypt_ledger(paths: AppPaths, key: bytes) -> str:
    """Encrypt the ledger in place under the app's lock; what to tell the user."""
    try:
        with app_lock(paths.lock_file):
            encrypt_in_place(paths.database, key)
    except UserFacingError as error:
        log.error("encryption failed: %s", type(error).__name__)
        return f"Encryption was not turned on ({error.message}); your ledger is unchanged."
    except OSError as error:
        log.error("encryption failed: %s", error.strerror)
        return f"Encryption was not turned on ({error.strerror}); your ledger is unchanged."
    log.info("the ledger is now encrypted")
    plain = [p for p in paths.backups.glob("ledger-*.sqlite3") if not is_encrypted(p)]
    if not plain:
        return "Your ledger is now encrypted."
    return (
        f"Your ledger is now encrypted. {len(plain)} older backup(s) in {paths.backups} were "
        "made before and are not encrypted; delete them once you no longer need them."
    )
