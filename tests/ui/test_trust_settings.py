"""The Settings tab's Backups and Encryption sections over a real ledger in the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.fakes import FakeSecretStore
from trayapp.app.encrypt import make_key
from trayapp.app.restart import RestoreRequest, pending_change, restore_backup
from trayapp.app.trust import LedgerBackups
from trayapp.app.unlock import check_key, open_with_key
from trayapp.core.errors import BadInput, LedgerLocked
from trayapp.core.model import Contact
from trayapp.ledger.keys import opens
from trayapp.ledger.opening import OFF_NOTHING, Opened, key_vault, open_ledger
from trayapp.platform.keys import new_data_key, recovery_code
from trayapp.store.db import is_encrypted
from trayapp.ui.encrypt_dialog import EncryptDialog
from trayapp.ui.trust_settings import BackupsSection, EncryptionSection, RestoreDialog
from trayapp.ui.unlock_dialog import UnlockWith

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
LEFT = Qt.MouseButton.LeftButton
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    monkeypatch.setenv("TRAYAPP_NOW", "2026-11-18T10:00:00+00:00")
    with open_ledger(interactive=False) as ledger:
        ledger.ctx.ledger.add_contact(Contact(name="Dana Smith", email="dana@acme.example"))
        yield ledger


def test_back_up_now_makes_a_backup_and_shows_its_time(qtbot: QtBot, opened: Opened) -> None:
    section = BackupsSection(LedgerBackups(opened), LONDON)
    qtbot.addWidget(section)
    assert section.newest_label.text() == "Newest backup: none yet"
    assert section.folder_label.text() == f"Backups are kept in {opened.paths.backups}"
    QTest.mouseClick(section.back_up_button, LEFT)
    made = sorted(opened.paths.backups.iterdir())
    assert [p.name for p in made] == ["ledger-20261118-100000.sqlite3"]
    assert section.newest_label.text() == "Newest backup: Wed 18 Nov 2026, 10:00"
    assert section.message_label.text() == f"Backed up to {made[0]}"


def test_a_backup_that_cannot_be_written_is_told_and_nothing_else_changes(
    qtbot: QtBot, opened: Opened
) -> None:
    opened.paths.backups.write_text("a file where the backups folder should be")
    section = BackupsSection(LedgerBackups(opened), LONDON)
    qtbot.addWidget(section)
    QTest.mouseClick(section.back_up_button, LEFT)
    said = section.message_label.text()
    assert said.startswith(f"Not backed up: the backups folder {opened.paths.backups} ")
    assert "cannot be used" in said
    assert section.newest_label.text() == "Newest backup: none yet"
    assert [c.name for c in opened.ctx.ledger.list_contacts()] == ["Dana Smith"]


def test_the_timer_backs_up_only_when_due(opened: Opened) -> None:
    backups = LedgerBackups(opened)
    assert backups.back_up_if_due().made is not None
    assert backups.back_up_if_due().made is None
    assert len(backups.listed()) == 1


def test_restore_lists_backups_and_gives_the_command(qtbot: QtBot, opened: Opened) -> None:
    backups = LedgerBackups(opened)
    backups.back_up_now()
    dialog = RestoreDialog(backups.listed(), LONDON, backups.restore_command)
    qtbot.addWidget(dialog)
    item = dialog.backups.item(0)
    assert item is not None
    assert item.text() == "Wed 18 Nov 2026, 10:00   (ledger-20261118-100000.sqlite3)"
    expected = f"trayapp restore ledger-20261118-100000.sqlite3 --data-dir {opened.paths.data}"
    assert dialog.command_label.text().endswith(f"from a terminal:\n{expected}")
    QTest.mouseClick(dialog.copy_button, LEFT)
    assert QGuiApplication.clipboard().text() == expected


def test_restore_with_no_backups_says_so(qtbot: QtBot, opened: Opened) -> None:
    section = BackupsSection(LedgerBackups(opened), LONDON)
    qtbot.addWidget(section)
    QTest.mouseClick(section.restore_button, LEFT)
    assert section.message_label.text() == "There are no backups yet to restore."


def test_encryption_off_is_said_with_a_way_to_turn_it_on(qtbot: QtBot) -> None:
    asked: list[str | None] = []
    section = EncryptionSection(OFF_NOTHING, asked.append)
    qtbot.addWidget(section)
    section.show()
    assert section.status_label.text() == (
        "Your ledger is NOT encrypted: anyone who copies the file can read it "
        "(no keychain and no passphrase)."
    )
    QTest.mouseClick(section.turn_on_button, LEFT)
    dialog = section.dialog
    assert dialog is not None and dialog.isVisible()
    QTest.keyClicks(dialog.passphrase, "correct horse battery")
    QTest.keyClicks(dialog.again, "correct horse batery")
    QTest.mouseClick(dialog.turn_on_button, LEFT)
    assert dialog.message_label.text() == "The two passphrases differ; type them again."
    assert asked == []
    QTest.keyClicks(dialog.again, "correct horse battery")
    with qtbot.waitSignal(dialog.accepted):
        QTest.mouseClick(dialog.turn_on_button, LEFT)
    assert asked == ["correct horse battery"]


def test_encryption_on_has_no_button(qtbot: QtBot) -> None:
    section = EncryptionSection("on (keychain)", lambda _passphrase: None)
    qtbot.addWidget(section)
    section.show()
    assert section.status_label.text() == "Your ledger is encrypted at rest (keychain)."
    assert not section.turn_on_button.isVisible()


def test_turning_on_encryption_without_keychain_needs_a_passphrase(
    qtbot: QtBot, opened: Opened
) -> None:
    def turn_on(passphrase: str | None) -> None:
        make_key(opened.paths, passphrase)

    dialog = EncryptDialog(turn_on)
    qtbot.addWidget(dialog)
    QTest.mouseClick(dialog.turn_on_button, LEFT)
    assert dialog.message_label.text().startswith("This computer's keychain cannot keep the key")
    assert dialog.message_label.text().endswith("choose a passphrase")
    QTest.keyClicks(dialog.passphrase, "short")
    QTest.keyClicks(dialog.again, "short")
    QTest.mouseClick(dialog.turn_on_button, LEFT)
    assert dialog.message_label.text() == "A passphrase needs at least 8 characters"
    assert not is_encrypted(opened.paths.database)


def test_turning_on_encryption_keeps_every_row_and_the_recovery_key_opens_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_ledger(interactive=False) as opened:
        opened.ctx.ledger.add_contact(Contact(name="Dana Smith"))
        code, change = make_key(opened.paths, "correct horse battery")
    paths = opened.paths
    assert change() == "Your ledger is now encrypted."
    assert is_encrypted(paths.database)
    for way, text in (
        (UnlockWith.PASSPHRASE, "correct horse battery"),
        (UnlockWith.RECOVERY_KEY, code),
    ):
        key, encryption = check_key(paths, way, text)
        with open_with_key(None, key, encryption) as reopened:
            assert [c.name for c in reopened.ctx.ledger.list_contacts()] == ["Dana Smith"]


def test_restore_and_restart_puts_the_backup_back_after_the_app_quits(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAYAPP_NOW", "2026-11-18T10:00:00+00:00")
    with open_ledger(interactive=False) as opened:
        opened.ctx.ledger.add_contact(Contact(name="Dana Smith"))
        backups = LedgerBackups(opened)
        backups.back_up_now()
        opened.ctx.ledger.add_contact(Contact(name="Lee Park"))
        dialog = RestoreDialog(backups.listed(), LONDON, backups.restore_command)
        qtbot.addWidget(dialog)
        dialog.restore_requested.connect(backups.restore_and_restart)
        QTest.mouseClick(dialog.restore_button, LEFT)
    change = pending_change()  # the app has quit and closed the ledger
    assert change is not None
    told = change()
    assert told.startswith("Your ledger was restored from the backup of 2026-11-18 10:00 UTC.")
    assert "was kept as" in told
    with open_ledger(interactive=False) as reopened:
        assert [c.name for c in reopened.ctx.ledger.list_contacts()] == ["Dana Smith"]


def test_a_restore_that_fails_leaves_the_ledger_unchanged(opened: Opened) -> None:
    broken = opened.paths.backups / "ledger-20261117-100000.sqlite3"
    opened.paths.backups.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not a database")
    paths = opened.paths
    told = restore_backup(
        RestoreRequest(broken, paths.database, paths.lock_file, opened.connect_copy)
    )
    assert told.startswith("The backup of 2026-11-17 10:00 UTC could not be restored")
    assert told.endswith("your ledger is unchanged.")
    assert [c.name for c in opened.ctx.ledger.list_contacts()] == ["Dana Smith"]
    assert not list(paths.data.glob("ledger.sqlite3.replaced-*"))


def test_turning_on_encryption_uses_the_key_the_keychain_already_keeps(opened: Opened) -> None:
    """A plain ledger in a folder whose keychain entry still holds the key of its encrypted
    backups: the same key (and recovery key) is used, so those backups still open."""
    keychain = FakeSecretStore()
    kept = new_data_key()
    key_vault(opened.paths, keychain).enroll(kept, None)
    entry = dict(keychain.values)
    opened.connection.close()

    code, change = make_key(opened.paths, None, keychain)

    assert code == recovery_code(kept)
    assert keychain.values == entry
    assert change().startswith("Your ledger is now encrypted.")
    assert opens(opened.paths.database, kept)


def test_a_key_kept_under_a_passphrase_is_never_replaced(opened: Opened) -> None:
    kept = new_data_key()
    no_keychain = FakeSecretStore(unavailable=True)
    key_vault(opened.paths, no_keychain).enroll(kept, "correct horse battery")
    key_file = opened.paths.data / "ledger.key"
    before = key_file.read_bytes()
    with pytest.raises(LedgerLocked, match="already keeps a key under a passphrase"):
        make_key(opened.paths, None, no_keychain)
    with pytest.raises(BadInput, match="wrong passphrase"):
        make_key(opened.paths, "another passphrase", no_keychain)
    assert key_file.read_bytes() == before
    opened.connection.close()

    code, change = make_key(opened.paths, "correct horse battery", no_keychain)

    assert code == recovery_code(kept)
    change()
    assert opens(opened.paths.database, kept)


def test_turning_on_encryption_names_every_copy_left_unencrypted(opened: Opened) -> None:
    database = opened.paths.database
    opened.connection.close()
    replaced = database.with_name("ledger.sqlite3.replaced-20261101-090000")
    upgraded = database.with_name("ledger.sqlite3.schema-v1.bak")
    for copy in (replaced, upgraded):
        copy.write_bytes(database.read_bytes())
    _code, change = make_key(opened.paths, None, FakeSecretStore())

    told = change()

    assert told.startswith("Your ledger is now encrypted. 2 older copies made before it")
    assert replaced.name in told and upgraded.name in told
    assert "delete them once you no longer need them" in told


class WindowsShown(QObject):
    """Every widget shown as a window of its own while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(type(watched).__name__)
        return False


def test_making_the_section_flashes_no_window_of_its_own(qtbot: QtBot) -> None:
    spy = WindowsShown()
    QApplication.instance().installEventFilter(spy)  # type: ignore[union-attr]
    try:
        section = EncryptionSection(OFF_NOTHING, lambda _passphrase: None)
        qtbot.addWidget(section)
    finally:
        QApplication.instance().removeEventFilter(spy)  # type: ignore[union-attr]
    assert spy.shown == []  # the button only shows inside the section, once it is shown
    section.show()
    assert section.turn_on_button.isVisible() and not section.turn_on_button.isWindow()
