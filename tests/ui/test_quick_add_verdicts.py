"""One quick-add save asks the cadence guard once: the preview it saves is the one it judged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from trayapp.core.guard import rules
from trayapp.core.guard.verdict import Verdict
from trayapp.core.model import Contact, PromiseState
from trayapp.services import verdicts
from trayapp.services.context import Context
from trayapp.ui.quick_add import QuickAddWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def counting_judge(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every verdict the services compute (they all go through ``verdicts.judge``)."""
    calls: list[int] = []
    judge: Callable[..., Verdict] = rules.judge

    def counted(*args: object, **kwargs: object) -> Verdict:
        calls.append(1)
        return judge(*args, **kwargs)

    monkeypatch.setattr(verdicts, "judge", counted)
    return calls


@pytest.mark.parametrize(
    "case",
    [
        (
            "Dana Smith: send Acme feedback by fri 3pm",
            "Promise to Dana Smith saved: send Acme feedback, due Fri 20 Nov 15:00",
        ),
        (
            "Dana Smith: send the deck by 15 July 2025",
            "Promise to Dana Smith saved: send the deck, due Tue 15 Jul 2025 18:00; "
            "already 16 months late: the apology script fits",
        ),
        ("emailed Dana Smith", "Touch with Dana Smith logged."),
        ("Dana Smith called", "Touch with Dana Smith logged."),
    ],
)
def test_one_save_computes_one_verdict(
    qtbot: QtBot,
    ctx: Context,
    dana: Contact,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, str],
) -> None:
    line, summary = case
    window = QuickAddWindow(ctx)
    qtbot.addWidget(window)
    window.open()
    window.line_edit.setText(line)
    window.update_preview()  # what the window shows while the person types
    calls = counting_judge(monkeypatch)
    with qtbot.waitSignal(window.saved) as saved:
        window.save()
    assert saved.args == [summary]
    assert len(calls) == 1
    saved_anything = ctx.ledger.list_promises([PromiseState.OPEN]) or ctx.ledger.recent_touches(
        dana.id or 0, 5
    )
    assert saved_anything
