"""Erasing a person from the copies of the ledger kept beside it, once they are erased from
the ledger itself.

Copies made earlier still hold the person:

- the ledger a restore replaced (``ledger.sqlite3.replaced-<stamp>``): the person is erased
  from it too and the file is compacted, so it keeps everything else it held;
- temporary copies of an unfinished restore or backup (``*.tmp``): removed once over an hour
  old, as rotation does; a younger one may belong to a backup or a ``trayapp restore`` still
  running in another process (erasing holds no app lock), so it is left and listed;
- backups taken before the erase that hold the person: removed. The caller takes a fresh,
  verified backup first and passes it as ``keep``, so a good backup always remains.

A copy that cannot be opened (another key, damage) is left as it is and listed, and so is a
damaged ledger kept after a recovery (``*.damaged-<stamp>``, never changed): the user decides.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trayapp.store.backup import SIDE_FILES, TEMPORARY, Connect, is_stale, list_backups
from trayapp.store.db import connect_raw, is_encrypted


@dataclass(frozen=True, slots=True)
class Person:
    """How a copy's row for the erased person is recognised: same id and name, or same
    e-mail address."""

    contact_id: int
    name: str
    email: str


@dataclass(slots=True)
class CopiesReport:
    """What happened to the copies: erased from, removed, and left as they were."""

    cleaned: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)


def erase_from_copies(
    person: Person, db_path: Path, backups_dir: Path, *, connect: Connect, keep: Path | None
) -> CopiesReport:
    """Erase ``person`` from every copy of ``db_path`` in its folder and ``backups_dir``.

    Backups are removed only when ``keep`` (the fresh backup taken after the erase) is given.
    """
    report = CopiesReport()
    for path in _temporaries(db_path, backups_dir):
        if not is_stale(path):
            report.left.append(path)
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            report.removed.append(path)
    for path in sorted(db_path.parent.glob(f"{db_path.name}.replaced-*")):
        if path.name.endswith(SIDE_FILES):
            continue
        ids = _ids_of(path, person, connect)
        if ids is not None and (not ids or _erase_in_place(path, ids, person, connect)):
            report.cleaned.extend([path] if ids else [])
        else:
            report.left.append(path)
    report.left.extend(
        path
        for path in sorted(db_path.parent.glob(f"{db_path.name}.damaged-*"))
        if not path.name.endswith(SIDE_FILES)
    )
    for info in list_backups(backups_dir) if keep is not None else []:
        if info.path == keep:
            continue
        ids = _ids_of(info.path, person, connect)
        if ids is None:
            report.left.append(info.path)
        elif ids:
            info.path.unlink(missing_ok=True)
            report.removed.append(info.path)
    return report


def _temporaries(db_path: Path, backups_dir: Path) -> list[Path]:
    found = list(db_path.parent.glob(f"{db_path.name}.restoring{TEMPORARY}*"))
    if backups_dir.is_dir():
        found += [p for p in backups_dir.iterdir() if TEMPORARY in p.name]
    return sorted(found)


def _open(path: Path, connect: Connect) -> Any:
    """A connection to a copy: with the ledger's key when encrypted, plain when not (a copy
    made before the ledger was encrypted)."""
    return connect(path) if is_encrypted(path) else connect_raw(path, None)


def _ids_of(path: Path, person: Person, connect: Connect) -> list[int] | None:
    """The ids of ``person``'s rows in the copy at ``path``; None when it cannot be read."""
    try:
        conn = _open(path, connect)
    except Exception:  # any driver's error: a copy this key cannot open
        return None
    try:
        rows = conn.execute(
            "SELECT id FROM contacts WHERE (id = ? AND name = ?) OR (? != '' AND email = ?)",
            (person.contact_id, person.name, person.email, person.email),
        ).fetchall()
    except Exception:  # damaged, or not a ledger
        return None
    finally:
        with contextlib.suppress(Exception):
            conn.close()
    return [int(row[0]) for row in rows]


def _erase_in_place(path: Path, ids: list[int], person: Person, connect: Connect) -> bool:
    """Delete the rows ``ids`` (with everything of theirs) from the copy and compact it;
    True when the copy no longer holds the person."""
    conn = _open(path, connect)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.executemany("DELETE FROM contacts WHERE id = ?", [(i,) for i in ids])
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception:
        return False
    finally:
        conn.close()
    return _ids_of(path, person, connect) == []
