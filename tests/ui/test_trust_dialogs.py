"""The recovery key dialog and the unlock dialog, against ledgers made by the real code."""

from __future__ import annotations

import argparse
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.fakes import FakeSecretStore
from trayapp.app import unlock as app_unlock
from trayapp.app.unlock import (
    RECOVERED_ONLY,
    RECOVERED_TO_KEYCHAIN,
    ask_for_key,
    check_key,
    keep_in_keychain,
    open_for_app,
    open_with_key,
)
from trayapp.cli.encryption import cmd_encrypt
from trayapp.core.errors import LedgerLocked, StorageError
from trayapp.core.model import Contact
from trayapp.ledger import safekeeping
from trayapp.ledger.opening import ON_PASSPHRASE, open_ledger
from trayapp.platform.keys import recovery_code
from trayapp.platform.paths import AppPaths, resolve_paths
from trayapp.ui.recovery_dialog import RecoveryKeyDialog
from trayapp.ui.unlock_dialog import UnlockDialog, UnlockWith

PASSPHRASE = "correct horse battery"
#: The offscreen platform warns that it cannot size top-level windows from their hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
LEFT = Qt.MouseButton.LeftButton
CODE = "40DQ-12TC-WYEC-F8BX-7VKQ-QRZ7-RQQB-B078-P4K8-T8SD-TRM4-4V90-HC0Y-TGCC"
UNLOCK_ON_GUI_THREAD = (
    "the passphrase is checked (scrypt, about 0.5 s) on the GUI thread before the app starts"
)


def test_the_recovery_dialog_shows_the_code_and_copies_it(qtbot: QtBot) -> None:
    dialog = RecoveryKeyDialog(CODE)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.code_label.text()
    assert shown.replace("\n", "") == CODE
    assert dialog.code_label.font().fixedPitch() or "mono" in dialog.code_label.font().family()
    assert dialog.windowTitle() == "Write down your recovery key"
    assert dialog.done_button.text() == "I have written it down"
    QGuiApplication.clipboard().clear()
    QTest.mouseClick(dialog.copy_button, LEFT)
    assert QGuiApplication.clipboard().text() == CODE
    assert dialog.message_label.text() == "Copied."
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.done_button, LEFT)


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> tuple[AppPaths, str]:
    """A passphrase-only encrypted ledger (no keychain) holding one contact, and its code."""
    with open_ledger(interactive=False) as opened:
        opened.ctx.ledger.add_contact(Contact(name="Dana Smith", email="dana@acme.example"))
    monkeypatch.setenv("NEW_PASSPHRASE", PASSPHRASE)
    args = argparse.Namespace(data_dir=None, passphrase_env="NEW_PASSPHRASE", interactive=False)
    assert cmd_encrypt(args) == 0
    monkeypatch.delenv("NEW_PASSPHRASE")
    paths = resolve_paths()
    with ExitStack() as stack:
        key, _ = check_key(paths, UnlockWith.PASSPHRASE, PASSPHRASE)
        opened = stack.enter_context(open_with_key(None, key, ON_PASSPHRASE))
        assert opened.ctx.ledger.count_contacts() == 1
    return paths, recovery_code(key)


def _dialog(qtbot: QtBot, paths: AppPaths) -> UnlockDialog:
    def attempt(way: UnlockWith, text: str) -> None:
        check_key(paths, way, text)

    dialog = UnlockDialog("Your ledger is encrypted with a passphrase.", True, attempt)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.gui_block_ok(UNLOCK_ON_GUI_THREAD)
def test_a_wrong_passphrase_is_told_in_the_dialog_and_the_right_one_opens(
    qtbot: QtBot, locked: tuple[AppPaths, str]
) -> None:
    paths, _code = locked
    dialog = _dialog(qtbot, paths)
    QTest.keyClicks(dialog.passphrase, "not my passphrase")
    QTest.mouseClick(dialog.unlock_button, LEFT)
    assert dialog.message_label.text() == "Wrong passphrase. Try again."
    assert dialog.isVisible()
    dialog.passphrase.clear()
    QTest.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.unlock_button, LEFT)


def test_the_recovery_key_opens_it_and_a_wrong_one_is_told(
    qtbot: QtBot, locked: tuple[AppPaths, str]
) -> None:
    paths, code = locked
    dialog = _dialog(qtbot, paths)
    QTest.mouseClick(dialog.switch_button, LEFT)
    assert dialog.recovery_key.isVisible()
    assert not dialog.passphrase.isVisible()
    QTest.keyClicks(dialog.recovery_key, "1234-5678")
    QTest.mouseClick(dialog.unlock_button, LEFT)
    assert "recovery key" in dialog.message_label.text()
    assert dialog.message_label.text().endswith("Try again.")
    dialog.recovery_key.clear()
    QTest.keyClicks(dialog.recovery_key, code.lower().replace("-", " "))
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.unlock_button, LEFT)


@pytest.mark.gui_block_ok(UNLOCK_ON_GUI_THREAD)
def test_asking_for_the_key_opens_the_ledger_with_what_was_typed(
    qtbot: QtBot, locked: tuple[AppPaths, str]
) -> None:
    paths, _code = locked

    def type_passphrase() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()

    QTimer.singleShot(0, type_passphrase)
    key, encryption = ask_for_key(paths, LedgerLocked("locked"))
    assert encryption == ON_PASSPHRASE
    with open_with_key(None, key, encryption) as opened:
        assert opened.ctx.ledger.count_contacts() == 1


def test_cancel_leaves_the_ledger_locked_with_the_reason(
    qtbot: QtBot, locked: tuple[AppPaths, str]
) -> None:
    paths, _code = locked

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        dialog.reject()

    QTimer.singleShot(0, cancel)
    with pytest.raises(LedgerLocked, match="the reason"):
        ask_for_key(paths, LedgerLocked("the reason"))


def test_without_a_screen_the_app_does_not_wait_for_a_dialog(
    qtbot: QtBot, locked: tuple[AppPaths, str]
) -> None:
    with ExitStack() as stack, pytest.raises(LedgerLocked, match="passphrase"):
        open_for_app(stack, None)


def test_a_recovery_key_puts_a_lost_keychain_entry_back() -> None:
    first = FakeSecretStore()
    with open_ledger(secret_store=first, interactive=False) as opened:
        opened.ctx.ledger.add_contact(Contact(name="Dana Smith"))
        code = opened.new_recovery_code
    assert code is not None
    paths = resolve_paths()
    new_computer = FakeSecretStore()
    with pytest.raises(LedgerLocked), open_ledger(secret_store=new_computer, interactive=False):
        pass
    key, _ = check_key(paths, UnlockWith.RECOVERY_KEY, code)
    locked_keychain = FakeSecretStore(unavailable=True)
    assert keep_in_keychain(paths, key, locked_keychain) == RECOVERED_ONLY
    assert keep_in_keychain(paths, key, new_computer) == RECOVERED_TO_KEYCHAIN
    with open_ledger(secret_store=new_computer, interactive=False) as reopened:
        assert [c.name for c in reopened.ctx.ledger.list_contacts()] == ["Dana Smith"]


def test_another_ledgers_key_file_leads_to_the_recovery_key_not_an_exit(
    qtbot: QtBot,
    locked: tuple[AppPaths, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, code = locked
    other = tmp_path / "other"
    monkeypatch.setenv("TRAYAPP_PASSPHRASE", PASSPHRASE)
    with open_ledger(str(other), interactive=False) as opened:
        assert opened.encryption == ON_PASSPHRASE
    shutil.copyfile(other / "ledger.key", paths.data / "ledger.key")
    monkeypatch.setattr(safekeeping, "_checked", set())  # the app's next start
    with ExitStack() as stack, pytest.raises(LedgerLocked, match="belongs to another one"):
        open_for_app(stack, None)  # without a screen: the reason, with the way back
    monkeypatch.setattr(app_unlock, "HEADLESS", ())  # as on a desktop: the dialog is shown
    asked: list[str] = []

    def type_recovery_key() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        asked.append(dialog.windowTitle())
        QTest.mouseClick(dialog.switch_button, LEFT)
        dialog.recovery_key.setText(code)
        dialog.try_unlock()

    QTimer.singleShot(0, type_recovery_key)
    with ExitStack() as stack:
        opened = open_for_app(stack, None)
        assert asked
        assert opened.ctx.ledger.count_contacts() == 1


def test_a_ledger_opened_with_a_typed_key_is_checked_and_recovered(
    locked: tuple[AppPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _code = locked
    key, encryption = check_key(paths, UnlockWith.PASSPHRASE, PASSPHRASE)
    with open_with_key(None, key, encryption) as opened:
        for n in range(60):
            opened.ctx.ledger.add_contact(Contact(name=f"Person {n}"))
        assert safekeeping.automatic_backup(opened).made is not None
    with paths.database.open("r+b") as handle:  # a page in the middle is overwritten
        handle.seek(4096 * 4)
        handle.write(b"\xff" * 100)
    monkeypatch.setattr(safekeeping, "_checked", set())  # the app's next start

    with open_with_key(None, key, encryption) as reopened:
        assert reopened.recovery is not None
        assert "The ledger was damaged and was restored" in reopened.recovery.message()
        assert reopened.ctx.ledger.count_contacts() == 61
    assert len(list(paths.data.glob("ledger.sqlite3.damaged-*"))) == 1


def test_a_ledger_file_that_cannot_be_read_is_not_called_a_wrong_key(
    locked: tuple[AppPaths, str],
) -> None:
    paths, code = locked
    paths.database.rename(paths.database.with_name("elsewhere.sqlite3"))
    paths.database.mkdir()  # opening it fails as a disk or permission problem would
    with pytest.raises(StorageError, match="check the folder and its permissions") as raised:
        check_key(paths, UnlockWith.RECOVERY_KEY, code)
    assert "does not open" not in raised.value.message
