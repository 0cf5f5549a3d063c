"""Errors the user can act on, apart from bugs.

A :class:`UserFacingError` carries a message meant for the person at the keyboard and means
that nothing was changed. Anything else escaping a use case is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence


class TrayAppError(Exception):
    """Base of every error the product raises on purpose."""


class UserFacingError(TrayAppError):
    """A failure the user can understand and fix; nothing was changed."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(UserFacingError):
    """The input could not be understood or breaks a rule."""


class NotFound(UserFacingError):
    """The named contact or promise does not exist."""

    exit_code = 3


class Ambiguous(BadInput):
    """A name matches more than one contact."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        listed = "; ".join(candidates)
        super().__init__(f"'{query}' matches more than one contact: {listed}. Be more specific.")
        self.candidates = tuple(candidates)


class NearMiss(BadInput):
    """A typed name is one or two letters off contacts on file: it is not taken as a new
    contact. ``candidates`` are (id, label) of the people it may mean, closest first."""

    def __init__(
        self, typed: str, candidates: Sequence[tuple[int, str]], message: str = ""
    ) -> None:
        names = " or ".join(label for _, label in candidates)
        super().__init__(message or f"No contact named '{typed}'. Did you mean {names}?")
        self.typed = typed
        self.candidates = tuple(candidates)


class StorageError(UserFacingError):
    """The data folder or database cannot be used (disk full, read-only, newer version...)."""

    exit_code = 1


class InvariantError(TrayAppError):
    """A rule the code itself should have kept was broken: a bug."""


class LedgerLocked(StorageError):
    """The ledger is encrypted and no key was given: the user can unlock it and try again."""

    exit_code = 2


class LedgerBusy(StorageError):
    """Another program holds the ledger and did not let go within the wait: nothing is wrong
    with the file and nothing was changed; the same command works once it lets go."""

    exit_code = 2


class LedgerUnavailable(StorageError):
    """The ledger's file cannot be read or written here (no permission, a read-only medium, a
    full disk, an error the disk reported): that is not damage, and nothing was changed."""

    exit_code = 2


class LedgerMissing(StorageError):
    """The ledger file is gone but its backups or its key are still here: it must be brought
    back (restored or put back), never replaced by a new, empty one."""

    exit_code = 2
