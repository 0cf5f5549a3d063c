"""The scripts editor: the overdue apology's client e-mail, edited from its shipped text with a
placeholder inserted by a click, previewed live from a real promise, saved as the user's copy
(which then wins), and put back to the shipped wording; an unknown placeholder is flagged as
it is typed and cannot be saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from trayapp.app.windows import Windows
from trayapp.core.guard.verdict import Situation
from trayapp.core.model import Promise
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import Audience, ScriptChannel, Tier
from trayapp.platform.paths import AppPaths
from trayapp.services.context import Context
from trayapp.ui.main_window.scripts import ScriptsTab, sample_values

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def windows(qtbot: QtBot, ctx: Context, log: ReminderLog, tmp_path: Path) -> Iterator[Windows]:
    made = Windows(ctx, log, AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs"))
    yield made
    made.close_all()


def pick(tab: ScriptsTab, situation: str, tier: str, channel: str, audience: str) -> None:
    for combo, value in (
        (tab.situation_combo, situation),
        (tab.tier_combo, tier),
        (tab.channel_combo, channel),
        (tab.audience_combo, audience),
    ):
        combo.setCurrentIndex(combo.findData(value))


def test_edit_the_client_apology_from_its_shipped_text(
    windows: Windows, year_late: Promise, tmp_path: Path
) -> None:
    tab = windows.main_window().scripts
    pick(tab, "overdue_apology", "months", "email", "client")
    shipped = tab.editor.toPlainText()
    assert tab.source_label.text() == "Shipped wording"
    assert "That isn't how I want to work with you" in shipped
    assert tab.subject_edit.text() == "I owe you an apology"
    tab.promise_combo.setCurrentIndex(tab.promise_combo.findData(year_late.id))
    assert "Hi Dana," in tab.preview.toPlainText()  # filled from the real promise

    tab.editor.setPlainText(shipped.replace("I'd welcome a short call", "Let me call you"))
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    tab.placeholder_buttons["company"].click()
    assert tab.editor.toPlainText().endswith("{company}")
    assert "Let me call you" in tab.preview.toPlainText()
    assert tab.preview.toPlainText().rstrip().endswith("Acme")
    tab.save_button.click()
    assert tab.message_label.text() == "Saved your version in overdue_apology.months.toml."
    copy = tmp_path / "config" / "scripts" / "overdue_apology.months.toml"
    assert "Let me call you" in copy.read_text(encoding="utf-8")
    rendered = windows.scripts.render(
        Situation.OVERDUE_APOLOGY,
        Tier.MONTHS,
        ScriptChannel.EMAIL,
        Audience.CLIENT,
        sample_values(windows.ctx),
    )
    assert "Let me call you" in rendered.body  # the user's copy wins from now on
    pick(tab, "overdue_apology", "months", "email", "candidate")
    assert "Let me call you" not in tab.editor.toPlainText()  # other wordings untouched

    pick(tab, "overdue_apology", "months", "email", "client")
    assert tab.source_label.text() == "Your version"
    tab.revert_button.click()
    assert tab.message_label.text() == "The shipped wording is back."
    assert tab.editor.toPlainText() == shipped
    assert not copy.exists()  # nothing of the user's left: the copy is gone


def test_an_unknown_placeholder_is_flagged_and_not_saved(windows: Windows, tmp_path: Path) -> None:
    tab = windows.main_window().scripts
    pick(tab, "check_in", "hours", "message", "candidate")
    tab.editor.setPlainText("Hi {frist_name}, any news?")
    assert "unknown placeholder {frist_name}" in tab.message_label.text()
    assert not tab.save_button.isEnabled()
    tab.save()
    assert "Not saved" in tab.message_label.text()
    assert not (tmp_path / "config" / "scripts" / "check_in.toml").exists()
    tab.editor.setPlainText("")
    assert not tab.save_button.isEnabled()  # an empty body cannot be saved either
