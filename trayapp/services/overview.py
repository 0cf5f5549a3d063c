"""What the tray shows at a glance: its state, the due and overdue promises, who is cooling down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import Contact, PromiseState
from trayapp.core.ports import ReminderLog
from trayapp.services.context import Context
from trayapp.services.promises import PromiseView, get_view
from trayapp.services.reminding import paused_until
from trayapp.services.tray_state import TrayState
from trayapp.services.verdicts import cooling_down

SOON = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Overview:
    state: TrayState
    overdue: tuple[PromiseView, ...]
    due_soon: tuple[PromiseView, ...]
    cooling: tuple[tuple[Contact, Verdict], ...]
    overdue_count: int
    due_soon_count: int
    paused: bool


def overview(ctx: Context, log: ReminderLog, limit: int = 10) -> Overview:
    """The tray's picture of now; lists are capped at ``limit``, counts are exact up to 1000."""
    now = ctx.now()
    overdue_rows = ctx.ledger.list_promises([PromiseState.OPEN], due_before=now, limit=1000)
    soon_rows = ctx.ledger.list_promises(
        [PromiseState.OPEN], due_from=now, due_before=now + SOON, limit=1000
    )
    overdue = tuple(get_view(ctx, p.id) for p in overdue_rows[:limit] if p.id is not None)
    soon = tuple(get_view(ctx, p.id) for p in soon_rows[:limit] if p.id is not None)
    cooling = cooling_down(ctx, limit)
    paused = paused_until(log, now) is not None
    if paused:
        state = TrayState.PAUSED
    elif overdue_rows:
        state = TrayState.OVERDUE
    elif soon_rows:
        state = TrayState.DUE_SOON
    else:
        state = TrayState.CLEAR
    return Overview(state, overdue, soon, tuple(cooling), len(overdue_rows), len(soon_rows), paused)
