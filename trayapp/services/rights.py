"""Per-person rights: erase everything held about one person, and find the people kept longer
than the retention rule allows.

- :func:`erase_contact` deletes a contact with every promise, event, touch and delivery of
  theirs in one transaction, then compacts the ledger so none of their bytes remain in the file
  or its write-ahead log. Only the contact's id is logged. Older copies of the file (backups, a
  ledger replaced by a restore) are dealt with by the caller, which has the files in hand
  (``safekeeping.erase_from_copies_after``).
- :func:`stale` lists contacts untouched for ``months`` months (and with no open promise): the
  candidates for erasure under the storage-limitation rule.

One person's export (the access and portability right) lives in :mod:`services.transfer`.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.errors import BadInput, InvariantError, StorageError
from trayapp.core.model import Contact
from trayapp.services.context import Context
from trayapp.services.resolve import find_contact

__all__ = ["DEFAULT_MONTHS", "MAX_MONTHS", "STALE_LIMIT", "ErasedReport", "erase_contact", "stale"]

DEFAULT_MONTHS = 24
MAX_MONTHS = 1200
STALE_LIMIT = 1000

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ErasedReport:
    """What an erasure removed: the contact's id and how many promises and touches went."""

    contact_id: int
    promises: int
    touches: int


def erase_contact(ctx: Context, ref: str) -> ErasedReport:
    """Erase the contact ``ref`` names (``#id``, e-mail, phone or name) and all of theirs.

    Raises ``NotFound`` or ``Ambiguous`` (nothing changed) when ``ref`` names nobody or several.
    The deletion is one transaction; the compaction that follows rewrites the file.
    """
    with ctx.ledger.atomic():
        contact = find_contact(ref, ctx.ledger)
        if contact.id is None:
            raise InvariantError("a stored contact has no id")
        history = ctx.ledger.history(contact.id)
        ctx.ledger.erase_contact(contact.id)
    report = ErasedReport(contact.id, len(history.promises), len(history.touches))
    try:
        ctx.ledger.compact()
    except StorageError as err:
        log.warning("erased contact %d; compaction failed", report.contact_id)
        raise StorageError(
            f"the contact was erased, but the ledger could not be compacted ({err.message}); "
            "old bytes may linger in the file until the next erase or compaction"
        ) from None
    log.info(
        "erased contact %d with %d promises and %d touches; ledger compacted",
        report.contact_id,
        report.promises,
        report.touches,
    )
    return report


def stale(ctx: Context, months: int = DEFAULT_MONTHS, limit: int = STALE_LIMIT) -> list[Contact]:
    """Contacts neither created nor touched in the last ``months`` months and with no open
    promise, the longest untouched first."""
    if isinstance(months, bool) or not 1 <= months <= MAX_MONTHS:
        raise BadInput(f"give the months as a whole number from 1 to {MAX_MONTHS}")
    return ctx.ledger.stale_contacts(months_before(ctx.now(), months), limit)


def months_before(at: datetime, months: int) -> datetime:
    """The instant ``months`` calendar months before ``at`` (the day clamped to the month's end)."""
    index = at.year * 12 + (at.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return at.replace(year=year, month=month, day=day)
