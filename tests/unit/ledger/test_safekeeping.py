"""What the tray app calls to keep the ledger safe: the automatic backup on a timer, the
risky-folder warning, the recovery told when the ledger was damaged."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trayapp.core.clock import FixedClock
from trayapp.core.model import Contact
from trayapp.ledger import safekeeping
from trayapp.ledger.opening import open_ledger
from trayapp.platform.paths import resolve_paths
from trayapp.services.contacts import add_contact
from trayapp.store.backup import list_backups

BASE = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def _changed_at(database: Path, at: datetime) -> None:
    """Date the ledger's last write (its file and log) to ``at``."""
    for side in ("", "-wal"):
        path = Path(f"{database}{side}")
        if path.exists():
            os.utime(path, (at.timestamp(), at.timestamp()))


def test_the_timer_keeps_a_backup_under_a_day_old_whenever_the_data_changed(
    tmp_path: Path,
) -> None:
    clock = FixedClock(BASE)
    with open_ledger(str(tmp_path / "data"), clock) as opened:
        database, backups = opened.paths.database, opened.paths.backups
        add_contact(opened.ctx, Contact("Dana Smith"))
        _changed_at(database, BASE - timedelta(minutes=5))
        first = safekeeping.automatic_backup(opened)
        assert first.made is not None and first.problem is None

        clock.set(BASE + timedelta(hours=1))
        add_contact(opened.ctx, Contact("Lee Chan"))
        _changed_at(database, BASE + timedelta(hours=1))
        assert safekeeping.automatic_backup(opened).made is None  # the newest is an hour old

        clock.set(BASE + timedelta(hours=25))
        second = safekeeping.automatic_backup(opened).made
        assert second is not None and second.name == "ledger-20260319-100000.sqlite3"

        clock.set(BASE + timedelta(hours=60))  # nothing changed since the last backup
        assert safekeeping.automatic_backup(opened).made is None
    assert [info.path for info in list_backups(backups)] == [first.made, second]


def test_a_failed_automatic_backup_is_told_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_ledger(str(tmp_path / "data"), FixedClock(BASE)) as opened:
        add_contact(opened.ctx, Contact("Dana Smith"))
        opened.paths.backups.parent.mkdir(parents=True, exist_ok=True)
        opened.paths.backups.write_text("a file where the backups folder should be")
        outcome = safekeeping.automatic_backup(opened)
    assert outcome.made is None
    assert outcome.problem is not None
    assert outcome.problem.startswith("the automatic backup did not work")


def test_the_folder_warning_is_given_once_per_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "Dropbox" / "trayapp")
    first = safekeeping.folder_warning(paths)
    assert first is not None and "inside Dropbox" in first
    assert safekeeping.folder_warning(paths) is None
    assert safekeeping.folder_warning(resolve_paths(tmp_path / "local")) is None


def _damage_page(path: Path, page: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096 * (page - 1))
        handle.write(b"\xff" * 100)


def _ledger_with_a_backup(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_ledger(str(data), FixedClock(BASE)) as opened:
        for n in range(60):
            add_contact(opened.ctx, Contact(f"Person {n}"))
        assert safekeeping.automatic_backup(opened).made is not None
    # The check runs once per process: the next opening stands for the app's next start.
    monkeypatch.setattr(safekeeping, "_checked", set())


def test_the_running_app_recovers_under_the_lock_it_already_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QLockFile

    data = tmp_path / "data"
    _ledger_with_a_backup(data, monkeypatch)
    _damage_page(data / "ledger.sqlite3", 5)
    lock = QLockFile(str(data / "trayapp.lock"))  # as the tray app holds it while it runs
    assert lock.tryLock(100)
    try:
        with open_ledger(str(data), FixedClock(BASE + timedelta(hours=2))) as opened:
            assert opened.recovery is not None
            assert "restored from the backup of 2026-03-18 09:00 UTC" in opened.recovery.message()
            assert opened.ctx.ledger.count_contacts() == 60
    finally:
        lock.unlock()
    assert len(list(data.glob("ledger.sqlite3.damaged-*"))) == 1


def test_another_process_holding_the_lock_means_nothing_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from trayapp.core.errors import StorageError

    data = tmp_path / "data"
    _ledger_with_a_backup(data, monkeypatch)
    _damage_page(data / "ledger.sqlite3", 5)
    damaged = (data / "ledger.sqlite3").read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data / "trayapp.lock")],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        later = FixedClock(BASE + timedelta(hours=2))
        with (
            pytest.raises(StorageError, match="damaged and Follow-Through is running"),
            open_ledger(str(data), later),
        ):
            pass
    finally:
        holder.communicate("", timeout=30)
    assert (data / "ledger.sqlite3").read_bytes() == damaged
    assert list(data.glob("ledger.sqlite3.damaged-*")) == []


HOLD = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
assert lock.tryLock(100)
print("HELD", flush=True)
sys.stdin.read()
lock.unlock()
"""


def test_the_ledger_is_checked_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trayapp.store.health import ensure_healthy as real

    checks: list[Path] = []

    def counted(db_path: Path, *args: object, **kwargs: object) -> object:
        checks.append(db_path)
        return real(db_path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("trayapp.ledger.safekeeping.ensure_healthy", counted)
    for _ in range(3):
        with open_ledger(str(tmp_path / "data"), FixedClock(BASE)) as opened:
            add_contact(opened.ctx, Contact(f"Person {len(checks)}-{_}"))
    assert checks == [tmp_path / "data" / "ledger.sqlite3"]
