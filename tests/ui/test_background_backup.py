"""The automatic backup runs on a thread of its own, with its own connection to the ledger, and
its outcome comes back to the GUI thread: the tray app never waits for an integrity check."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from trayapp.app import trust
from trayapp.app.trust import BackgroundBackup
from trayapp.core.model import Contact
from trayapp.ledger import safekeeping
from trayapp.ledger.opening import Opened, open_ledger
from trayapp.ledger.safekeeping import BackupOutcome
from trayapp.store.backup import list_backups


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    monkeypatch.setenv("TRAYAPP_NOW", "2026-11-18T10:00:00+00:00")
    with open_ledger(interactive=False) as ledger:
        ledger.ctx.ledger.add_contact(Contact(name="Dana Smith", email="dana@acme.example"))
        yield ledger


def test_the_backup_is_made_off_the_gui_thread_and_told_on_it(
    qtbot: QtBot, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran_on: list[threading.Thread] = []

    def watched(ledger: Opened, *, own_connection: bool = False) -> BackupOutcome:
        ran_on.append(threading.current_thread())
        return safekeeping.automatic_backup(ledger, own_connection=own_connection)

    monkeypatch.setattr(trust, "automatic_backup", watched)
    told_on: list[threading.Thread] = []
    worker = BackgroundBackup(opened)
    worker.finished.connect(lambda _outcome: told_on.append(threading.current_thread()))
    with qtbot.waitSignal(worker.finished) as finished:
        assert worker.start()
    outcome = finished.args[0]
    assert isinstance(outcome, BackupOutcome)
    assert outcome.problem is None and outcome.made is not None
    assert [info.path for info in list_backups(opened.paths.backups)] == [outcome.made]
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert told_on == [threading.main_thread()]
    worker.wait()


def test_one_backup_at_a_time(
    qtbot: QtBot, opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow(_ledger: Opened, *, own_connection: bool = False) -> BackupOutcome:
        release.wait(30)
        return BackupOutcome()

    monkeypatch.setattr(trust, "automatic_backup", slow)
    worker = BackgroundBackup(opened)
    with qtbot.waitSignal(worker.finished):
        assert worker.start()
        assert not worker.start()  # the first is still under way
        release.set()
    worker.wait()
