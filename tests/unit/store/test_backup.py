"""Verified backups: written under a temporary name, checked, renamed, rotated and restored."""

from __future__ import annotations

import importlib
import os
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trayapp.core.errors import StorageError
from trayapp.store import backup
from trayapp.store.backup import (
    backup_due,
    list_backups,
    make_backup,
    restore,
    rotate,
)
from trayapp.store.db import open_database
from trayapp.store.rotation import BackupInfo, kept_backups

NOW = datetime(2026, 3, 18, 14, 30, 5, tzinfo=UTC)


def driver_connect(conn: Any) -> backup.Connect:
    """A plain opener from the same driver module as ``conn`` (the backup API needs that)."""
    module = importlib.import_module(type(conn).__module__)
    connect: backup.Connect = module.connect
    return connect


def fill(conn: Any, rows: int) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany(
        "INSERT INTO notes (body) VALUES (?)", [(f"note {n} " * 20,) for n in range(rows)]
    )


def count(path: Path, connect: backup.Connect) -> int:
    other = connect(path)
    try:
        return int(other.execute("SELECT count(*) FROM notes").fetchone()[0])
    finally:
        other.close()


def test_backup_is_checked_then_renamed_with_private_mode(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    fill(conn, 50)
    made = make_backup(conn, tmp_path / "backups", now=NOW, connect=driver_connect(conn))
    assert made.name == "ledger-20260318-143005.sqlite3"
    assert count(made, driver_connect(conn)) == 50
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]
    if os.name == "posix":
        assert made.stat().st_mode & 0o777 == 0o600
        assert made.parent.stat().st_mode & 0o777 == 0o700
    again = make_backup(conn, tmp_path / "backups", now=NOW, connect=driver_connect(conn))
    assert again.name == "ledger-20260318-143005-2.sqlite3"
    assert [info.path for info in list_backups(made.parent)] == [made, again]


def test_a_copy_that_fails_its_check_is_not_renamed(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    fill(conn, 10)
    real = driver_connect(conn)

    class FailingCheck:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def execute(self, sql: str) -> Any:
            if "integrity_check" in sql:
                return self.inner.execute("SELECT 'row 3 missing from index'")
            return self.inner.execute(sql)

        def close(self) -> None:
            self.inner.close()

    opened: list[int] = []

    def connect(path: Path) -> Any:
        opened.append(1)
        # The first opening receives the copy; the second one checks it.
        return real(path) if len(opened) == 1 else FailingCheck(real(path))

    with pytest.raises(StorageError, match="failed its check"):
        make_backup(conn, tmp_path / "backups", now=NOW, connect=connect)
    assert list((tmp_path / "backups").iterdir()) == []  # no backup, no temporary copy left


def test_rotation_removes_temporary_copies_that_never_finished(tmp_path: Path) -> None:
    names = ["ledger-20260301-000000.sqlite3.tmp", "ledger-20260301-000000.sqlite3.tmp-wal"]
    for name in [*names, "ledger-20260318-143000.sqlite3.tmp", "notes.tmp"]:
        (tmp_path / name).write_bytes(b"x")
    an_hour_and_more = datetime.now(UTC).timestamp() - 3700
    for name in [*names, "notes.tmp"]:
        os.utime(tmp_path / name, (an_hour_and_more, an_hour_and_more))
    rotate(tmp_path, NOW)
    # A recent one may still be being written by another process; foreign files stay.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ledger-20260318-143000.sqlite3.tmp",
        "notes.tmp",
    ]


def test_a_new_small_backup_never_pushes_out_the_fuller_ledger_s_backup(tmp_path: Path) -> None:
    def take(at: datetime, size: int) -> Path:
        path = tmp_path / f"ledger-{backup.stamp(at)}.sqlite3"
        path.write_bytes(b"x" * size)
        rotate(tmp_path, at)
        return path

    full = take(NOW, 110_000)  # the ledger with data, then it went missing:
    empty = take(NOW + timedelta(hours=1), 40_000)  # a fresh empty ledger's backup, same day
    assert full.exists() and empty.exists()
    later = take(NOW + timedelta(days=40), 50_000)
    assert full.exists() and later.exists()
    take(NOW + timedelta(days=200), 60_000)  # past the 6 months kept: the rule ends
    assert not full.exists()


def test_list_ignores_foreign_and_temporary_files(tmp_path: Path) -> None:
    for name in ("ledger-20260101-000000.sqlite3", "ledger-20260101-000000.sqlite3.tmp", "x.db"):
        (tmp_path / name).write_bytes(b"x")
    assert [i.path.name for i in list_backups(tmp_path)] == ["ledger-20260101-000000.sqlite3"]
    assert list_backups(tmp_path / "missing") == []


def _expected_kept(taken: list[datetime], now: datetime) -> set[datetime]:
    """Independent statement of the policy: newest per bucket, buckets counted back from now."""
    today = now.date()
    kept: set[datetime] = set()

    def newest(pred: Any) -> None:
        inside = [t for t in taken if pred(t.date())]
        if inside:
            kept.add(max(inside))

    for n in range(7):
        newest(lambda d, n=n: d == today - timedelta(days=n))
    for n in range(4):
        week = (today - timedelta(days=7 * n)).isocalendar()[:2]
        newest(lambda d, week=week: d.isocalendar()[:2] == week)
    year, month = today.year, today.month
    for _ in range(6):
        newest(lambda d, y=year, m=month: (d.year, d.month) == (y, m))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return kept | ({max(taken)} if taken else set())


def test_a_year_of_daily_backups_thins_to_the_policy(tmp_path: Path) -> None:
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    for day in range(365):
        now = start + timedelta(days=day)
        (tmp_path / f"ledger-{backup.stamp(now)}.sqlite3").write_bytes(b"x")
        rotate(tmp_path, now)
    last = start + timedelta(days=364)
    left = {info.taken_at.date() for info in list_backups(tmp_path)}
    assert last.date() == date(2026, 2, 28)
    daily = {last.date() - timedelta(days=n) for n in range(7)}
    assert daily <= left
    # Sundays ending the 3 weeks before this one, and the last day of the 5 months before.
    assert {date(2026, 2, 15), date(2026, 2, 8)} <= left
    assert {date(2026, 1, 31), date(2025, 12, 31), date(2025, 11, 30), date(2025, 10, 31)} <= left
    assert left == {
        t.date() for t in _expected_kept([start + timedelta(days=d) for d in range(365)], last)
    }
    assert len(left) == len(daily | {date(2026, 2, 15), date(2026, 2, 8)}) + 5


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=400 * 24 * 60), min_size=1, max_size=60),
    now_offset=st.integers(min_value=0, max_value=400 * 24 * 60),
)
def test_rotation_matches_the_policy_and_is_idempotent(offsets: list[int], now_offset: int) -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    now = base + timedelta(minutes=now_offset)
    taken = sorted({base + timedelta(minutes=m) for m in offsets if m <= now_offset})
    infos = [BackupInfo(Path(f"ledger-{backup.stamp(t)}.sqlite3"), t, 1) for t in taken]
    kept = kept_backups(infos, now)
    assert {i.taken_at for i in infos if i.path in kept} == _expected_kept(taken, now)
    again = [i for i in infos if i.path in kept]
    assert kept_backups(again, now) == kept
    if taken:
        assert infos[-1].path in kept  # the newest backup always survives


def test_backup_due_only_after_changes_and_a_day(tmp_path: Path) -> None:
    assert backup_due(tmp_path, NOW, NOW - timedelta(hours=1))
    assert not backup_due(tmp_path, NOW, None)
    (tmp_path / f"ledger-{backup.stamp(NOW - timedelta(hours=23))}.sqlite3").write_bytes(b"x")
    assert not backup_due(tmp_path, NOW, NOW - timedelta(hours=1))  # a fresh one exists
    later = NOW + timedelta(hours=2)
    assert backup_due(tmp_path, later, NOW)  # changed since, and the newest is 25 h old
    assert not backup_due(tmp_path, later, NOW - timedelta(hours=30))  # nothing new


def test_last_written_follows_the_files(db_path: Path) -> None:
    assert backup.last_written(db_path) is None
    open_database(db_path).close()
    written = backup.last_written(db_path)
    assert written is not None
    assert abs(written - datetime.now(UTC)) < timedelta(minutes=1)


def test_restore_refuses_without_the_lock(conn: sqlite3.Connection, tmp_path: Path) -> None:
    fill(conn, 3)
    made = make_backup(conn, tmp_path / "backups", now=NOW, connect=driver_connect(conn))
    target = tmp_path / "other" / "ledger.sqlite3"
    with pytest.raises(StorageError, match="lock"):
        restore(made, target, connect=driver_connect(conn), lock_held=False)
    assert not target.parent.exists()


def test_restore_moves_the_current_database_aside(db_path: Path, tmp_path: Path) -> None:
    conn = open_database(db_path)
    connect = driver_connect(conn)
    fill(conn, 5)
    made = make_backup(conn, tmp_path / "backups", now=NOW, connect=connect)
    fill(conn, 7)
    conn.close()
    moved = restore(made, db_path, connect=connect, lock_held=True, now=NOW)
    assert moved is not None
    assert moved.name == "ledger.sqlite3.replaced-20260318-143005"
    assert count(db_path, connect) == 5
    assert count(moved, connect) == 12
    assert made.exists()
    if os.name == "posix":
        assert db_path.stat().st_mode & 0o777 == 0o600
    reopened = open_database(db_path)
    reopened.close()


def test_restore_refuses_a_damaged_backup(db_path: Path, tmp_path: Path) -> None:
    conn = open_database(db_path)
    connect = driver_connect(conn)
    conn.close()
    bad = tmp_path / "ledger-20260101-000000.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="not a usable backup"):
        restore(bad, db_path, connect=connect, lock_held=True, now=NOW)
    assert db_path.read_bytes() == before


# The command line's backup, list and restore, and the app lock restore takes.

QT_HOLDER = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)
print("held" if lock.tryLock(100) else "refused", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _args(**values: Any) -> Any:
    import argparse

    fields: dict[str, Any] = {"json": False, "data_dir": None, "backup": None, **values}
    return argparse.Namespace(**fields)


def _ledger_with_backup(tmp_path: Path) -> tuple[Path, Path]:
    from trayapp.cli.backups import cmd_backup
    from trayapp.ledger.opening import open_ledger

    data = tmp_path / "data"
    with open_ledger(str(data)) as opened:
        fill(opened.connection, 4)
        assert cmd_backup(_args(), opened) == 0
        fill(opened.connection, 1)
    return data, list_backups(data / "backups")[-1].path


def test_cli_backup_then_restore_the_newest(tmp_path: Path, capsys: Any) -> None:
    from trayapp.cli.backups import cmd_restore

    data, made = _ledger_with_backup(tmp_path)
    assert f"Backed up to {made}" in capsys.readouterr().out
    assert cmd_restore(_args()) == 0
    out = capsys.readouterr().out
    assert f"Restored the ledger from {made}" in out
    assert count(data / "ledger.sqlite3", sqlite3.connect) == 4
    assert not (data / "trayapp.lock").exists()
    assert [p.name for p in data.glob("ledger.sqlite3.replaced-*")]


def test_restore_refuses_while_the_app_holds_its_qlockfile(tmp_path: Path) -> None:
    import subprocess
    import sys

    from trayapp.cli.backups import AppRunning, cmd_restore

    data, _ = _ledger_with_backup(tmp_path)
    before = (data / "ledger.sqlite3").read_bytes()
    lock = data / "trayapp.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", QT_HOLDER, str(lock), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AppRunning, match=f"process {holder.pid}") as caught:
            cmd_restore(_args())
        assert caught.value.exit_code == 2
        assert (data / "ledger.sqlite3").read_bytes() == before
        assert lock.exists()
    finally:
        holder.kill()
        holder.communicate()
    # The app was killed: its lock is stale now, and restore goes ahead.
    assert cmd_restore(_args()) == 0


def test_the_app_cannot_start_during_a_restore(tmp_path: Path) -> None:
    import subprocess
    import sys

    from trayapp.cli.backups import app_lock

    lock = tmp_path / "data" / "trayapp.lock"
    with app_lock(lock):
        assert lock.read_text().splitlines()[0] == str(os.getpid())
        tried = subprocess.run(
            [sys.executable, "-c", QT_HOLDER, str(lock), "0"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert tried.stdout.strip() == "refused"
    assert not lock.exists()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    import subprocess
    import sys

    from trayapp.cli.backups import app_lock

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock = tmp_path / "trayapp.lock"
    lock.write_text(f"{dead.stdout.strip()}\ntrayapp\n\n")
    with app_lock(lock):
        assert lock.read_text().startswith(f"{os.getpid()}\n")
    assert not lock.exists()


def test_restore_of_an_unknown_backup_is_bad_input(tmp_path: Path) -> None:
    from trayapp.cli.backups import cmd_restore
    from trayapp.core.errors import BadInput

    with pytest.raises(BadInput, match="no backups"):
        cmd_restore(_args())
    with pytest.raises(BadInput, match="no backup named"):
        cmd_restore(_args(backup="nope.sqlite3"))
