"""Phone numbers already in the ledger, written the international way.

New and edited numbers are written so when saved (``core.contacts.write_phone``). Numbers
saved before that, or typed without their country code when the computer's region was not
known, are rewritten once for each region in effect: on opening the ledger for a command that
writes, and at the tray app's start. A number that is no complete number of any country stays
as typed. The region the stored numbers were last written for is kept in the app's state, so
the pass costs one read when nothing changed.
"""

from __future__ import annotations

from trayapp.core.contacts import write_phone
from trayapp.core.ports import ReminderLog
from trayapp.services.context import Context

#: The app-state entry naming the region the stored numbers were written for.
PHONES_WRITTEN_FOR = "phones_written_for"
_PAGE = 1000


def write_stored_phones(ctx: Context, state: ReminderLog) -> int:
    """Rewrite the stored numbers for the region in effect, once; how many changed."""
    mark = ctx.phones.region or "none"
    if state.get_state(PHONES_WRITTEN_FOR) == mark:
        return 0
    changed = 0
    with ctx.ledger.atomic():
        offset = 0
        while page := ctx.ledger.list_contacts(limit=_PAGE, offset=offset):
            offset += len(page)
            for contact in page:
                written = write_phone(contact, ctx.phones)
                if written != contact:
                    ctx.ledger.update_contact(written)
                    changed += 1
        state.set_state(PHONES_WRITTEN_FOR, mark)
    return changed
