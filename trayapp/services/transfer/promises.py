"""Importing promises from a CSV file: a spreadsheet of follow-ups.

Columns: ``contact`` (a name, e-mail or phone that names exactly one contact on file, found as
the command line finds it), ``what``, ``due``, and the optional ``made`` (when it was
promised: default now, or for a closed one the earlier of its closing and due dates),
``state`` (open, kept or released; default open), ``closed`` (when a kept or released promise
was closed; required for those) and ``reason`` (why a released one was let go; required for
those). Dates are read as ``trayapp promise --due`` reads them: an explicit past due date
(with its year) is a promise already owed, recorded late.

A promise already on file (same contact, what and due time), or twice in the file, is not
added again. Every row is checked like a typed-in promise; the import is all or nothing: when
any row is refused, the report says which and why and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from trayapp.core import promises as lifecycle
from trayapp.core.errors import Ambiguous, BadInput, NotFound
from trayapp.core.model import Contact, Promise, PromiseState
from trayapp.services.context import Context
from trayapp.services.promises import make_promise
from trayapp.services.resolve import find_contact
from trayapp.services.transfer.read import ImportReport, Row, RowProblem, Source, read_table

_ALIASES = {
    "contact": ("contact", "name", "who", "person", "candidate", "client", "email"),
    "what": ("what", "promise", "promised", "task", "follow up", "followup", "action", "item"),
    "due": ("due", "due date", "due at", "due on", "deadline", "by", "when", "date"),
    "made": ("made", "made on", "made at", "promised on", "created", "created at", "added"),
    "state": ("state", "status", "done"),
    "closed": ("closed", "closed at", "closed on", "kept at", "kept on", "completed", "done on"),
    "reason": ("reason", "why", "release reason", "notes", "note"),
}
PROMISE_COLUMNS = {alias: field for field, names in _ALIASES.items() for alias in names}
_REQUIRED = ("contact", "what", "due")
_T = TypeVar("_T")
_STATES = {
    "": PromiseState.OPEN,
    "open": PromiseState.OPEN,
    "todo": PromiseState.OPEN,
    "to do": PromiseState.OPEN,
    "pending": PromiseState.OPEN,
    "no": PromiseState.OPEN,
    "kept": PromiseState.KEPT,
    "done": PromiseState.KEPT,
    "yes": PromiseState.KEPT,
    "complete": PromiseState.KEPT,
    "completed": PromiseState.KEPT,
    "released": PromiseState.RELEASED,
    "dropped": PromiseState.RELEASED,
    "cancelled": PromiseState.RELEASED,
    "canceled": PromiseState.RELEASED,
}


class _Refused(Exception):
    """Some row was refused: the whole import is rolled back."""


class _RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _recognises(fields: frozenset[str]) -> bool:
    return "contact" in fields and len(fields & set(_REQUIRED)) >= 2


def import_promises(ctx: Context, data: Source) -> ImportReport:
    """Import promises from CSV bytes or a binary stream; see the module docstring.

    Raises BadInput (and writes nothing) for an unreadable file, a missing column or a broken
    limit. A report with ``skipped`` rows saved nothing (``added`` is 0).
    """
    table = read_table(data, PROMISE_COLUMNS, _recognises)
    missing = [field for field in _REQUIRED if field not in table.fields]
    if missing:
        raise BadInput(f"the file has no {', '.join(missing)} column. Nothing was imported.")
    plan = _Plan(ctx)
    try:
        with ctx.ledger.atomic():
            for row in table.rows():
                plan.take(row)
            if plan.problems:
                raise _Refused
    except _Refused:
        plan.added = 0
        plan.late.clear()
    return ImportReport(
        added=plan.added,
        unchanged=plan.unchanged,
        skipped=tuple(plan.problems),
        encoding=table.encoding,
        delimiter=table.delimiter,
        rows=plan.rows,
        ignored_columns=table.ignored,
        late=tuple(plan.late),
    )


@dataclass(frozen=True, slots=True)
class _Closing:
    state: PromiseState
    at: datetime | None
    reason: str


class _Plan:
    """The rows taken so far: what was added, what was already on file, what was refused."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.added = 0
        self.unchanged = 0
        self.rows = 0
        self.problems: list[RowProblem] = []
        self.late: list[tuple[int, Promise]] = []
        self._contacts: dict[str, Contact | _RowError] = {}
        self._known: dict[int, set[tuple[str, datetime]]] = {}

    def take(self, row: Row) -> None:
        self.rows += 1
        if row.unreadable is not None:
            self.problems.append(row.unreadable)
            return
        try:
            self._take(row)
        except _RowError as err:
            self.problems.append(RowProblem(row.number, err.field, err.message))

    def _take(self, row: Row) -> None:
        contact = self._contact(row.get("contact"))
        what = _checked("what", lambda: lifecycle.check_what(row.get("what")))
        due = _checked("due", lambda: self._when(row.get("due"), "due date", late=True))
        made = self._made(row.get("made"), due)
        closing = self._closing(row)
        if made is None and closing.at is not None:
            made = min(closing.at, due)  # closed before it was recorded: made by then
        known = self._known_for(contact)
        key = (what.casefold(), due)
        if key in known:
            self.unchanged += 1
            return
        known.add(key)
        if self.problems:
            return  # nothing will be saved: checking the rest is enough
        saved = _checked("made", lambda: make_promise(self.ctx, contact, what, due, made=made))
        _checked("closed", lambda: self._close(saved, closing))
        self.added += 1
        if closing.at is None and saved.lateness(self.ctx.now()) > 0:
            self.late.append((row.number, saved))

    def _made(self, text: str, due: datetime) -> datetime | None:
        """When the promise was made, as given in the row, or None when the row says not."""
        if not text:
            return None
        made = _checked("made", lambda: self._when(text, "time it was made", future=False))
        _checked("made", lambda: lifecycle.check_made(made, due, self.ctx.now()))
        return made

    def _when(self, text: str, what: str, *, late: bool = False, future: bool = True) -> datetime:
        return self.ctx.parse_when(text, what=what, future=future, late=late)

    def _closing(self, row: Row) -> _Closing:
        text = " ".join(row.get("state").casefold().replace("-", " ").replace("_", " ").split())
        state = _STATES.get(text)
        if state is None:
            raise _RowError(
                "state", f"state '{text[:40]}' is not understood (open, kept or released)"
            )
        if state is PromiseState.OPEN:
            return _Closing(state, None, "")
        closed_text = row.get("closed")
        if not closed_text:
            raise _RowError(
                "closed", f"a {state.value} promise needs the date it was {state.value}"
            )
        at = _checked("closed", lambda: self._when(closed_text, "closing date", future=False))
        reason = row.get("reason")
        if state is PromiseState.RELEASED and not reason.strip():
            raise _RowError("reason", "a released promise needs its reason in a few words")
        return _Closing(state, at, reason)

    def _close(self, promise: Promise, closing: _Closing) -> None:
        if closing.at is None:
            return
        if closing.state is PromiseState.KEPT:
            closed, event = lifecycle.keep(promise, closing.at)
        else:
            closed, event = lifecycle.release(promise, closing.at, closing.reason)
        self.ctx.ledger.update_promise(closed)
        self.ctx.ledger.add_event(event)

    def _contact(self, text: str) -> Contact:
        found = self._contacts.get(text)
        if found is None:
            found = _resolve(self.ctx, text)
            self._contacts[text] = found
        if isinstance(found, _RowError):
            raise found
        return found

    def _known_for(self, contact: Contact) -> set[tuple[str, datetime]]:
        contact_id = contact.id or 0
        known = self._known.get(contact_id)
        if known is None:
            promises = self.ctx.ledger.history(contact_id).promises
            known = {(p.what.casefold(), p.original_due_at or p.due_at) for p in promises}
            known |= {(p.what.casefold(), p.due_at) for p in promises}
            self._known[contact_id] = known
        return known


def _checked(field: str, step: Callable[[], _T]) -> _T:
    try:
        return step()
    except BadInput as err:
        raise _RowError(field, err.message) from None


def _resolve(ctx: Context, text: str) -> Contact | _RowError:
    """The one contact ``text`` names, found as ``trayapp promise`` finds it, or the row error."""
    if not text:
        return _RowError("contact", "say who the promise is to (a name, e-mail or phone)")
    try:
        contact = find_contact(text, ctx.ledger)
    except NotFound as err:
        return _RowError("contact", f"{err.message}; add or import the contact first")
    except Ambiguous as err:
        names = "; ".join(err.candidates[:5])
        return _RowError(
            "contact", f"'{text[:80]}' matches more than one contact ({names}); use the e-mail"
        )
    except BadInput as err:
        return _RowError("contact", err.message)
    if contact.id is None:
        return _RowError("contact", f"'{text[:80]}' has not been saved")
    return contact
