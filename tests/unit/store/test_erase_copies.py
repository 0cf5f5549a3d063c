"""Erasing a person from older copies: a copy that cannot be read is left as it is and listed,
and without a fresh backup no backup is removed."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.model import Contact
from trayapp.store.backup import make_backup
from trayapp.store.db import connect_raw, open_database
from trayapp.store.erase_copies import Person, erase_from_copies
from trayapp.store.ledger import SqliteLedger

NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def _plain(path: Path) -> object:
    return connect_raw(path, None)


def test_unreadable_copies_are_listed_and_backups_stay_without_a_fresh_one(
    db_path: Path, tmp_path: Path
) -> None:
    conn = open_database(db_path)
    dana = SqliteLedger(conn).add_contact(Contact("Dana Smith", email="dana@example.com"))
    backups = tmp_path / "backups"
    older = make_backup(conn, backups, now=NOW, connect=_plain)
    conn.close()
    unreadable = db_path.with_name("ledger.sqlite3.replaced-20260301-000000")
    unreadable.write_bytes(b"\x00garbage" * 1000)
    damaged = db_path.with_name("ledger.sqlite3.damaged-20260302-000000")
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    person = Person(dana.id or 0, "Dana Smith", "dana@example.com")

    report = erase_from_copies(person, db_path, backups, connect=_plain, keep=None)

    assert report.left == [unreadable, damaged]
    assert report.cleaned == [] and report.removed == []
    assert older.exists()
    assert unreadable.read_bytes() == b"\x00garbage" * 1000


def test_only_temporaries_over_an_hour_old_are_removed(db_path: Path, tmp_path: Path) -> None:
    """A younger temporary copy may be a restore or backup still being written by another
    process: it is left and listed, never pulled from under it."""
    conn = open_database(db_path)
    dana = SqliteLedger(conn).add_contact(Contact("Dana Smith", email="dana@example.com"))
    conn.close()
    backups = tmp_path / "backups"
    backups.mkdir()
    restoring = db_path.with_name("ledger.sqlite3.restoring.tmp")
    writing = backups / "ledger-20260318-090000.sqlite3.tmp"
    stale = backups / "ledger-20260317-090000.sqlite3.tmp"
    for path in (restoring, writing, stale):
        path.write_bytes(db_path.read_bytes())
    two_hours_ago = time.time() - 2 * 3600
    os.utime(stale, (two_hours_ago, two_hours_ago))
    person = Person(dana.id or 0, "Dana Smith", "dana@example.com")

    report = erase_from_copies(person, db_path, backups, connect=_plain, keep=None)

    assert report.removed == [stale]
    assert not stale.exists()
    assert sorted(report.left) == sorted([restoring, writing])
    assert restoring.read_bytes() == writing.read_bytes() == db_path.read_bytes()
