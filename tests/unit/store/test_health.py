"""Start-up health: quick check, recovery from the newest good backup, risky data folders."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

from trayapp.store import backup
from trayapp.store.db import open_database
from trayapp.store.health import check_database, recover, risky_location

NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def _connect(conn: Any) -> backup.Connect:
    module = importlib.import_module(type(conn).__module__)
    connect: backup.Connect = module.connect
    return connect


def _ledger_with_notes(db_path: Path, rows: int) -> tuple[Any, backup.Connect]:
    conn = open_database(db_path)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [("x" * 300,) for _ in range(rows)])
    return conn, _connect(conn)


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file with garbage (the header stays intact)."""
    size = path.stat().st_size
    assert size > 8 * 4096
    with path.open("r+b") as handle:
        handle.seek(size // 2 - (size // 2) % 4096)
        handle.write(b"\x5a\xa5" * 4096)


def test_a_healthy_or_missing_ledger_passes(db_path: Path) -> None:
    assert check_database(db_path, lambda p: None).ok  # no file: a first run
    conn, connect = _ledger_with_notes(db_path, 10)
    conn.close()
    assert check_database(db_path, connect).ok


def test_recover_restores_the_newest_good_backup_and_keeps_the_damaged_file(
    db_path: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    conn, connect = _ledger_with_notes(db_path, 200)
    older = backup.make_backup(conn, backups, now=NOW - timedelta(days=2), connect=connect)
    conn.execute("INSERT INTO notes (body) VALUES ('one more')")
    newest = backup.make_backup(conn, backups, now=NOW - timedelta(hours=5), connect=connect)
    conn.execute("INSERT INTO notes (body) VALUES ('after the backup')")
    conn.close()
    _damage(newest)  # the newest backup is itself damaged: the one before is used
    _damage(db_path)
    damaged_bytes = db_path.read_bytes()

    health = check_database(db_path, connect)
    assert not health.ok
    assert health.detail

    result = recover(db_path, backups, connect=connect, now=NOW)
    assert result.restored_from == older
    assert result.missing_since == NOW - timedelta(days=2)
    assert result.moved_to == db_path.with_name("ledger.sqlite3.damaged-20260318-090000")
    assert result.moved_to.read_bytes() == damaged_bytes
    assert check_database(db_path, connect).ok
    reopened = open_database(db_path)
    assert reopened.execute("SELECT count(*) FROM notes").fetchone()[0] == 200
    reopened.close()
    assert "2026-03-16 09:00 UTC" in result.message()
    assert "damaged-20260318-090000" in result.message()


def test_recovery_uses_a_backup_dated_after_now_as_the_newest(
    db_path: Path, tmp_path: Path
) -> None:
    """A clock behind the backups (reset, or a what-if run) still restores the newest data."""
    from trayapp.store.health import ensure_healthy

    backups = tmp_path / "backups"
    conn, connect = _ledger_with_notes(db_path, 200)
    backup.make_backup(conn, backups, now=NOW - timedelta(days=1), connect=connect)
    conn.execute("INSERT INTO notes (body) VALUES ('kept by the later backup')")
    ahead = backup.make_backup(conn, backups, now=NOW + timedelta(days=3), connect=connect)
    conn.close()
    _damage(db_path)

    result = ensure_healthy(db_path, backups, connect=connect, now=NOW)

    assert result is not None
    assert result.restored_from == ahead
    assert "2026-03-21 09:00 UTC" in result.message()
    reopened = open_database(db_path)
    assert reopened.execute("SELECT count(*) FROM notes").fetchone()[0] == 201
    reopened.close()


def test_the_only_good_backup_dated_after_now_is_used_rather_than_refusing(
    db_path: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    conn, connect = _ledger_with_notes(db_path, 200)
    ahead = backup.make_backup(conn, backups, now=NOW + timedelta(hours=2), connect=connect)
    conn.close()
    _damage(db_path)

    assert recover(db_path, backups, connect=connect, now=NOW).restored_from == ahead


def test_recover_without_a_good_backup_refuses_and_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    from trayapp.core.errors import StorageError
    from trayapp.store.health import ensure_healthy

    conn, connect = _ledger_with_notes(db_path, 200)
    conn.close()
    _damage(db_path)
    damaged_bytes = db_path.read_bytes()
    for attempt in (recover, ensure_healthy):
        with pytest.raises(StorageError, match=r"no backup .* passes its check, so nothing"):
            attempt(db_path, tmp_path / "backups", connect=connect, now=NOW)
    assert db_path.read_bytes() == damaged_bytes
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["ledger.sqlite3"]


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /home/pat nfs4 rw 0 0
/dev/sdb1 /home/pat/local ext4 rw 0 0
pat@host:/ /mnt/remote\\040dir fuse.sshfs rw 0 0
//nas/share /mnt/nas cifs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/pat/Dropbox/trayapp", "Dropbox"),
        ("/Users/pat/Library/Mobile Documents/com~apple~CloudDocs/x", "iCloud Drive"),
        ("/Users/pat/Library/CloudStorage/GoogleDrive-pat/My Drive/x", "cloud storage"),
        ("/home/pat/Nextcloud/data", "Nextcloud"),
        ("/home/pat/pCloud Drive/data", "pCloud"),
        ("/srv/local/data", None),
        ("/home/pat/local/data", None),
        ("/home/pat/data", "nfs4"),
        ("/mnt/remote dir/data", "fuse.sshfs"),
        ("/mnt/nas/x", "cifs"),
        ("/mnt/nasty/x", None),
    ],
)
def test_risky_location_on_linux(path: str, expected: str | None) -> None:
    reason = risky_location(Path(path), mounts=MOUNTS, platform="linux")
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


@pytest.mark.parametrize(
    ("path", "risky"),
    [
        ("/home/pat/Box/trayapp", True),
        ("/home/pat/Box Sync/trayapp", True),
        ("/home/pat/Library/CloudStorage/Box-Box/trayapp", True),
        ("/home/pat/work/box/trayapp", False),
        ("/srv/box/trayapp", False),
        ("/home/pat/Boxes/trayapp", False),
    ],
)
def test_only_box_s_own_folders_count_as_box(path: str, risky: bool) -> None:
    reason = risky_location(Path(path), mounts="", platform="linux", home=Path("/home/pat"))
    assert (reason is not None) is risky


def test_risky_location_on_windows_paths() -> None:
    onedrive = PureWindowsPath(r"C:\Users\pat\OneDrive - Acme\trayapp")
    assert "OneDrive" in (risky_location(onedrive, platform="win32") or "")
    unc = PureWindowsPath(r"\\server\share\trayapp")
    assert "network" in (risky_location(unc, platform="win32") or "")
    local = PureWindowsPath(r"C:\Users\pat\AppData\Local\trayapp")
    assert risky_location(local, platform="win32") is None
    home = PureWindowsPath(r"C:\Users\pat")
    box = PureWindowsPath(r"C:\Users\pat\Box\trayapp")
    assert "Box" in (risky_location(box, platform="win32", home=home) or "")
    box_word = PureWindowsPath(r"D:\projects\box\trayapp")
    assert risky_location(box_word, platform="win32", home=home) is None


def test_ensure_healthy_leaves_a_good_ledger_alone(db_path: Path, tmp_path: Path) -> None:
    from trayapp.store.health import ensure_healthy

    conn, connect = _ledger_with_notes(db_path, 5)
    conn.close()
    assert ensure_healthy(db_path, tmp_path / "backups", connect=connect, now=NOW) is None
    assert db_path.exists()


def test_backup_if_due_backs_up_once_then_waits(db_path: Path, tmp_path: Path) -> None:
    conn, connect = _ledger_with_notes(db_path, 5)
    now = datetime.now(UTC)
    first = backup.backup_if_due(conn, db_path, tmp_path / "b", now=now, connect=connect)
    assert first is not None
    again = backup.backup_if_due(conn, db_path, tmp_path / "b", now=now, connect=connect)
    assert again is None
    conn.close()
