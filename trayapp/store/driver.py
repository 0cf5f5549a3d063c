"""The one place that names the database driver: SQLCipher's DB-API module.

``sqlcipher3.dbapi2`` is the standard library's ``sqlite3`` module built against SQLCipher: with
no key set it reads and writes ordinary SQLite files, and after ``PRAGMA key`` it encrypts every
page (the main file, the WAL and copies made with the backup API or ``VACUUM INTO``).

Its classes are not the standard library's (``sqlite3.Row`` refuses a SQLCipher cursor and
``Connection.backup`` refuses a connection from the other module), so store code takes
``Row``, ``connect`` and the exception classes from here. For the type checker the names are
the standard library's, whose interface SQLCipher's module repeats exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = [
    "CIPHER_AVAILABLE",
    "Connection",
    "DatabaseError",
    "Error",
    "IntegrityError",
    "OperationalError",
    "ProgrammingError",
    "Row",
    "connect",
    "sqlite_version",
]

if TYPE_CHECKING:
    from sqlite3 import (
        Connection,
        DatabaseError,
        Error,
        IntegrityError,
        OperationalError,
        ProgrammingError,
        Row,
        connect,
        sqlite_version,
    )

    CIPHER_AVAILABLE: bool
else:
    try:
        from sqlcipher3.dbapi2 import (
            Connection,
            DatabaseError,
            Error,
            IntegrityError,
            OperationalError,
            ProgrammingError,
            Row,
            connect,
            sqlite_version,
        )

        CIPHER_AVAILABLE = True
    except ImportError:  # pragma: no cover - only where the SQLCipher wheel is missing
        from sqlite3 import (
            Connection,
            DatabaseError,
            Error,
            IntegrityError,
            OperationalError,
            ProgrammingError,
            Row,
            connect,
            sqlite_version,
        )

        CIPHER_AVAILABLE = False
