"""Turning on encryption from the running tray app, with what ``trayapp encrypt`` uses.

:func:`make_key` chooses the key as ``trayapp encrypt`` does (``encryption_keys.kept_key``:
the key this data folder already keeps, else a new one) and keeps it (``KeyVault.enroll``: the
keychain, and the passphrase key file when a passphrase was given) while the app runs, so the
recovery key can be shown before anything else happens. The ledger file itself is rewritten
(``encrypt_in_place``) only after the app has quit, under the app's lock, by the
quit-change-restart path of :mod:`trayapp.app.restart`.
"""

from __future__ import annotations

import functools
import logging

from trayapp.app.restart import AfterQuit
from trayapp.core.errors import BadInput, UserFacingError
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.ledger.keys import kept_key, plain_copies
from trayapp.ledger.opening import key_vault
from trayapp.platform.app_lock import app_lock
from trayapp.platform.keys import new_data_key, recovery_code
from trayapp.platform.paths import AppPaths
from trayapp.store.db import is_encrypted
from trayapp.store.encrypt import encrypt_in_place

__all__ = ["encrypt_ledger", "make_key"]

log = logging.getLogger(__name__)
KEPT_KEY_PASSPHRASE = (
    "type that passphrase to turn encryption on with the key already kept (its recovery key "
    "stays the same)"
)


def make_key(
    paths: AppPaths, passphrase: str | None, secret_store: SecretStore | None = None
) -> tuple[str, AfterQuit]:
    """The key kept for ``paths`` (the one this data folder already keeps, else a new one): its
    recovery code, and the change that encrypts the ledger with it once the app has quit.
    BadInput when nothing can keep the key; a kept key under another passphrase is refused."""
    if is_encrypted(paths.database):
        raise BadInput("the ledger is already encrypted")
    vault = key_vault(paths, secret_store)
    kept = kept_key(vault, lambda: passphrase, KEPT_KEY_PASSPHRASE)
    key = kept or new_data_key()
    try:
        vault.enroll(key, passphrase)
    except SecretStoreUnavailable as err:
        raise BadInput(
            f"this computer's keychain cannot keep the key ({err}); choose a passphrase"
        ) from None
    log.info("the kept key is used" if kept else "a new key was made for encryption")
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
    plain = plain_copies(paths)
    if not plain:
        return "Your ledger is now encrypted."
    names = ", ".join(p.name for p in plain[:3]) + (", …" if len(plain) > 3 else "")
    return (
        f"Your ledger is now encrypted. {len(plain)} older copies made before it are not "
        f"encrypted ({names}; in {paths.data} and its backups folder); delete them once you "
        "no longer need them."
    )
