"""The contact's detail pane: the 30-day touch strip (outbound above, inbound below, over the
limit in red) and the timeline of every promise and touch, newest first, with the reason a
touch went past a limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.services.context import Context
from trayapp.ui.colours import GREEN, RED
from trayapp.ui.main_window.person import STRIP_DAYS, PersonPane

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_the_strip_and_the_timeline(qtbot: QtBot, ctx: Context) -> None:
    dana = ctx.ledger.add_contact(
        Contact(name="Dana Smith", company="Acme", email="d@acme.example")
    )
    assert dana.id is not None
    ctx.ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, NOW - timedelta(days=3)))
    ctx.ledger.add_touch(Touch(dana.id, Channel.EMAIL, Direction.INBOUND, NOW - timedelta(days=1),
                               note="thanks, will read"))  # fmt: skip
    asked = "she asked me to call"
    ctx.ledger.add_touch(Touch(dana.id, Channel.CALL, Direction.OUTBOUND, NOW - timedelta(hours=1),
                               over_limit=True, override_reason=asked))  # fmt: skip
    ctx.ledger.add_touch(
        Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, NOW - timedelta(days=45))
    )
    ctx.ledger.add_promise(Promise(dana.id, "send the offer", NOW + timedelta(days=2),
                                   NOW - timedelta(days=2)))  # fmt: skip
    pane = PersonPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(600, 400)
    pane.show()
    pane.show_contact(dana.id)
    days = pane.strip.days
    assert len(days) == STRIP_DAYS
    assert days[-1] == (1, 0, True)  # today: one call, over the limit
    assert days[-2] == (0, 1, False)  # yesterday: their e-mail
    assert days[-4] == (1, 0, False)
    assert sum(d[0] + d[1] for d in days) == 3  # the touch 45 days ago is off the strip
    lines = pane.timeline.toPlainText().splitlines()
    assert lines[0].endswith("call · to them · over the limit · why: she asked me to call")
    assert "email · from them · thanks, will read" in lines[1]
    assert any("promised: send the offer · due" in line and line.endswith("open") for line in lines)
    assert pane.profile_label.text().startswith("Dana Smith\nAcme · other · d@acme.example")
    image = pane.strip.grab().toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert QColor(RED).name() in colours and QColor(GREEN).name() in colours
