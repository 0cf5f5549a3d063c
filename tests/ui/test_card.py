"""The reminder card as a person uses it: read the script, copy it, act on the promise."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.model import Channel, Contact, PromiseState
from trayapp.core.model import Promise as PromiseModel
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.ui.card.sections import tel_url
from trayapp.ui.card.window import ReminderCard


class Opened:
    """Captures the URLs the card asks to open."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


def make_card(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, promise: PromiseModel
) -> tuple[ReminderCard, Opened]:
    assert promise.id is not None
    opened = Opened()
    card = ReminderCard(ctx, log, scripts, promise.id, open_url=opened)
    qtbot.addWidget(card)
    return card, opened


def test_year_late_promise_shows_an_apology(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    assert card.what_label.text() == "send Acme feedback"
    assert "1 year late" in card.due_label.text()
    assert card.situation_label.text() == "Suggested script: Overdue apology (months late)"
    body = card.body_edit.toPlainText()
    assert "about a year late" in body
    assert "sorry" in body.lower()
    assert card.subject_edit.text() == "I owe you an apology"
    assert card.verdict_label.text().startswith("● OK to contact")
    assert "intro" in card.touches_label.text()
    card.tabs.setCurrentIndex(0)
    spoken = card.body_edit.toPlainText()
    assert spoken != body
    assert "a call I should have made about a year ago" in spoken
    assert card.subject_edit.isHidden()
    assert card.action_row.via_channel() is Channel.CALL


def test_copy_puts_the_script_on_the_clipboard(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    card.tabs.setCurrentIndex(2)
    card.copy_button.click()
    assert QGuiApplication.clipboard().text() == card.body_edit.toPlainText()
    assert card.message_label.text() == "Copied to the clipboard."


def test_draft_email_opens_a_mailto_url(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, opened = make_card(qtbot, ctx, log, scripts, year_late)
    card.email_button.click()
    assert len(opened.urls) == 1
    url = opened.urls[0].toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert url.startswith("mailto:dana@acme.example?subject=I%20owe%20you%20an%20apology&body=")
    assert "%0D%0A" in url
    card.call_button.click()
    assert opened.urls[1].toString() == "tel:+447700900123"
    card.linkedin_button.click()
    assert opened.urls[2].toString() == "https://www.linkedin.com/in/dana-smith"


def test_a_call_link_is_the_numbers_e164_form_with_its_extension() -> None:
    assert tel_url("+44 20 7946 0958").toString() == "tel:+442079460958"
    assert tel_url("+1 415-555-0132 ext. 12").toString() == "tel:+14155550132;ext=12"


def test_links_are_disabled_without_details(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, dana: Contact
) -> None:
    bare = ctx.ledger.update_contact(dataclasses.replace(dana, email="", phone="", linkedin=""))
    assert bare.id is not None
    promise = ctx.ledger.add_promise(
        PromiseModel(bare.id, "send notes", NOW + timedelta(days=3), NOW)
    )
    card, _ = make_card(qtbot, ctx, log, scripts, promise)
    assert not card.email_button.isEnabled()
    assert not card.call_button.isEnabled()
    assert not card.linkedin_button.isEnabled()
    assert card.copy_button.isEnabled()


def test_mark_kept_logs_the_touch(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    assert year_late.id is not None
    with qtbot.waitSignal(card.promise_changed) as changed:
        card.action_row.kept_button.click()
    assert changed.args == [year_late.id]
    saved = ctx.ledger.get_promise(year_late.id)
    assert saved is not None
    assert saved.state is PromiseState.KEPT
    latest = ctx.ledger.recent_touches(year_late.contact_id, 1)[0]
    assert latest.channel is Channel.EMAIL
    assert latest.promise_id == year_late.id
    assert card.message_label.text() == "Marked kept; the email is logged."
    assert not card.action_row.kept_button.isEnabled()
    assert "kept late" in card.due_label.text()


def test_snooze_presets_set_snoozed_until(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, due_tonight: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, due_tonight)
    assert due_tonight.id is not None
    card.action_row.snooze_actions["1h"].trigger()
    saved = ctx.ledger.get_promise(due_tonight.id)
    assert saved is not None
    assert saved.snoozed_until == NOW + timedelta(hours=1)
    card.action_row.snooze_actions[
        "monday"
    ].trigger()  # Wed 18 Nov -> Mon 23 Nov, 9:00 in London (GMT)
    saved = ctx.ledger.get_promise(due_tonight.id)
    assert saved is not None
    assert saved.snoozed_until == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert saved.snooze_count == 2
    assert card.budget_label.text() == "1 snooze left of 3."


def test_custom_snooze_in_the_past_is_refused_inline(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, due_tonight: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, due_tonight)
    card.action_row.snooze_actions["custom"].trigger()
    assert card.date_panel.isVisibleTo(card)
    card.date_panel.set_value(NOW - timedelta(days=1))
    card.date_panel.confirm.click()
    assert card.message_label.text() == "A snooze must end in the future"
    assert due_tonight.id is not None
    saved = ctx.ledger.get_promise(due_tonight.id)
    assert saved is not None
    assert saved.snooze_count == 0


def test_past_budget_only_keep_renegotiate_release(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, dana: Contact
) -> None:
    assert dana.id is not None
    promise = ctx.ledger.add_promise(
        PromiseModel(dana.id, "send the contract", NOW + timedelta(hours=3), NOW, snooze_count=3)
    )
    card, _ = make_card(qtbot, ctx, log, scripts, promise)
    assert not card.action_row.snooze_button.isEnabled()
    assert card.action_row.kept_button.isEnabled()
    assert card.action_row.renegotiate_button.isEnabled()
    assert card.action_row.release_button.isEnabled()
    assert card.budget_label.text().startswith("No snoozes left (3 of 3 used)")


def test_renegotiate_switches_the_script_and_moves_the_date(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    card.action_row.renegotiate_button.click()
    assert card.situation_label.text().startswith("Suggested script: Renegotiate")
    assert card.subject_edit.text() == "Can we agree a new date?"
    new_due = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    card.date_panel.set_value(new_due)
    card.date_panel.confirm.click()
    assert year_late.id is not None
    saved = ctx.ledger.get_promise(year_late.id)
    assert saved is not None
    assert saved.due_at == new_due
    assert saved.original_due_at == year_late.due_at
    assert card.message_label.text() == "New date agreed: Fri 27 Nov 15:00."


def test_release_asks_a_reason(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    assert not card.reason_panel.isVisibleTo(card)
    card.action_row.release_button.click()
    assert card.reason_panel.isVisibleTo(card)
    card.reason_panel.confirm.click()
    assert card.message_label.text() == "Give a reason in a few words"
    assert year_late.id is not None
    unchanged = ctx.ledger.get_promise(year_late.id)
    assert unchanged is not None
    assert unchanged.state is PromiseState.OPEN
    QTest.keyClicks(card.reason_panel.edit, "role filled")
    card.reason_panel.confirm.click()
    saved = ctx.ledger.get_promise(year_late.id)
    assert saved is not None
    assert saved.state is PromiseState.RELEASED
    assert saved.release_reason == "role filled"


def test_missing_promise_says_so(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary
) -> None:
    card = ReminderCard(ctx, log, scripts, 999, open_url=Opened())
    qtbot.addWidget(card)
    assert card.message_label.text() == "There is no promise 999"
    assert not card.action_row.kept_button.isEnabled()


def test_the_close_out_offers_its_check_in_with_one_click(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, dana: Contact
) -> None:
    from trayapp.core.model import Direction, Touch

    assert dana.id is not None
    for days in (28, 23, 18, 13, 8, 3):  # six e-mails in 30 days: the monthly limit
        ctx.ledger.add_touch(
            Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, NOW - timedelta(days=days))
        )
    due = NOW + timedelta(days=2)
    promise = ctx.ledger.add_promise(PromiseModel(dana.id, "send the shortlist", due, NOW))
    card, _ = make_card(qtbot, ctx, log, scripts, promise)
    assert card.situation_label.text().startswith("Suggested script: Close out")
    assert "door stays open" in card.body_edit.toPlainText().lower()
    assert card.check_in_button.isVisibleTo(card)
    assert card.check_in_button.text() == "Add check-in in 3 months"
    with qtbot.waitSignal(card.promise_changed):
        card.check_in_button.click()
    assert (
        card.message_label.text()
        == "Check-in saved: check in with Dana, due Thu 18 Feb 2027 08:30."
    )
    whats = [p.what for p in ctx.ledger.list_promises([PromiseState.OPEN])]
    assert "check in with Dana" in whats
    assert not card.check_in_button.isVisibleTo(card)
    card.refresh()
    assert not card.check_in_button.isVisibleTo(card)


def test_no_check_in_is_offered_without_the_close_out(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary, year_late: PromiseModel
) -> None:
    card, _ = make_card(qtbot, ctx, log, scripts, year_late)
    assert not card.check_in_button.isVisibleTo(card)
