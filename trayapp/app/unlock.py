"""Opening the ledger for the tray app, asking for the passphrase or recovery key in a dialog.

The tray app is started from a desktop, not a terminal, so it never prompts on stdin: when the
ledger cannot be unlocked by itself (a passphrase-only ledger, a locked or missing keychain
entry), :func:`open_for_app` shows the unlock dialog and opens the ledger with what the person
typed. The keychain is not asked again from the dialog (it was asked once, time-bounded,
before the dialog): a passphrase opens the key file, a recovery key is checked against the
ledger itself (``encryption_keys.opens``, as ``trayapp unlock`` does). The ledger is then
opened by ``compose.open_ledger`` with that key, so it is checked and recovered like every
opening; a key kept here that opens another ledger also leads to the dialog. Cancel leaves
the ledger closed and the app quits with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from PySide6.QtGui import QGuiApplication

from trayapp.core.errors import BadInput, LedgerLocked
from trayapp.core.ports import SecretStore, SecretStoreUnavailable
from trayapp.ledger.keys import opens
from trayapp.ledger.opening import (
    ON_PASSPHRASE,
    Opened,
    Unlocked,
    key_vault,
    open_ledger,
)
from trayapp.platform.keys import key_from_recovery_code, read_key_file
from trayapp.platform.paths import AppPaths, resolve_paths
from trayapp.ui.refusal import HEADLESS
from trayapp.ui.unlock_dialog import UnlockDialog, UnlockWith

__all__ = ["open_for_app", "open_with_key"]

ON_RECOVERY_KEY = "on (opened with the recovery key)"
RECOVERED_TO_KEYCHAIN = (
    "on (opened with the recovery key; the key is kept in this computer's keychain again)"
)
RECOVERED_ONLY = (
    "on (opened with the recovery key; the keychain could not keep the key, so the recovery "
    "key is asked for at each start)"
)
WHY_PASSPHRASE = "Your ledger is encrypted with a passphrase."
WHY_KEYCHAIN = (
    "Your ledger is encrypted, and its key could not be read from this computer's keychain "
    "(it may be locked, or the entry is gone)."
)
log = logging.getLogger(__name__)


def open_for_app(stack: ExitStack, folder: str | None) -> Opened:
    """The open ledger (closed when ``stack`` closes); asks in a dialog when it is locked.

    Raises :class:`LedgerLocked` with the original reason when the person cancels.
    """
    try:
        return stack.enter_context(open_ledger(folder, interactive=False))
    except LedgerLocked as locked:
        if QGuiApplication.platformName() in HEADLESS:
            raise  # nobody could answer a dialog
        log.info("the ledger is locked; asking for the passphrase or recovery key")
        paths = resolve_paths(folder)
        key, encryption = ask_for_key(paths, locked)
        if encryption == ON_RECOVERY_KEY:
            encryption = keep_in_keychain(paths, key)
    return stack.enter_context(open_with_key(folder, key, encryption))


def keep_in_keychain(paths: AppPaths, key: bytes, secret_store: SecretStore | None = None) -> str:
    """After a recovery key opened a keychain-only ledger (the entry was lost, e.g. on a new
    computer), put the key back into the keychain, as ``trayapp unlock`` does; the encryption
    status saying whether that worked. A passphrase ledger is left as it is."""
    vault = key_vault(paths, secret_store)
    if vault.has_key_file():
        return ON_RECOVERY_KEY
    try:
        vault.enroll(key, None)  # one time-bounded keychain call
    except SecretStoreUnavailable:
        log.info("the keychain could not keep the key again")
        return RECOVERED_ONLY
    log.info("the key is back in the keychain")
    return RECOVERED_TO_KEYCHAIN


def ask_for_key(paths: AppPaths, locked: LedgerLocked) -> tuple[bytes, str]:
    """The ledger's key from the unlock dialog, with how it was unlocked."""
    vault = key_vault(paths)
    found: list[tuple[bytes, str]] = []

    def attempt(way: UnlockWith, text: str) -> None:
        found[:] = [check_key(paths, way, text)]

    has_passphrase = vault.has_key_file()
    why = WHY_PASSPHRASE if has_passphrase else WHY_KEYCHAIN
    dialog = UnlockDialog(why, has_passphrase, attempt)
    dialog.exec()
    dialog.deleteLater()
    if not found:
        raise locked
    return found[0]


def check_key(paths: AppPaths, way: UnlockWith, text: str) -> tuple[bytes, str]:
    """The key that ``text`` (a passphrase or a recovery key) gives, checked against the
    ledger; BadInput in plain words when it does not open it."""
    if way is UnlockWith.PASSPHRASE:
        key = read_key_file(key_vault(paths).key_file_path, text)
        encryption = ON_PASSPHRASE
    else:
        key = key_from_recovery_code(text)
        encryption = ON_RECOVERY_KEY
    if not opens(paths.database, key):  # a file that cannot be read says so instead
        raise BadInput(f"that {way.value} does not open this ledger")
    return key, encryption


@contextmanager
def open_with_key(folder: str | None, key: bytes, encryption: str) -> Iterator[Opened]:
    """``open_ledger`` with a key already in hand (from the unlock dialog): checked on opening
    and recovered the same way as every other opening."""
    with open_ledger(folder, interactive=False, unlocked=Unlocked(key, encryption)) as opened:
        yield opened
