"""The window edits the people it is about: a contact made by quick add as a bare name gets an
e-mail, a phone and a time zone, and the card's buttons come alive; a new contact is added with
every field; a refusal is said in the form and nothing is saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW
from trayapp.core.guard.verdict import Level
from trayapp.core.model import Contact, Promise, Role
from trayapp.core.ports import ReminderLog
from trayapp.core.scripts.library import ScriptLibrary
from trayapp.services.context import Context
from trayapp.services.verdicts import verdict_for
from trayapp.ui.card.window import ReminderCard
from trayapp.ui.main_window.contact_dialog import ContactDialog
from trayapp.ui.main_window.contacts import ContactsTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def select(tab: ContactsTab, name: str) -> None:
    for row in range(tab.table.rowCount()):
        if tab.table.text(row, 0) == name:
            tab.table.selectRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def fill(dialog: ContactDialog, **values: str) -> None:
    for key, value in values.items():
        dialog.fields[key].setText(value)


def test_a_bare_name_gets_its_details_and_the_card_comes_alive(
    qtbot: QtBot, ctx: Context, log: ReminderLog, scripts: ScriptLibrary
) -> None:
    dana = ctx.ledger.add_contact(Contact(name="Dana", created_at=NOW))  # as quick add makes
    assert dana.id is not None
    promise = ctx.ledger.add_promise(
        Promise(dana.id, "send feedback", NOW + timedelta(days=1), NOW)
    )
    assert promise.id is not None
    card = ReminderCard(ctx, log, scripts, promise.id)
    qtbot.addWidget(card)
    assert not card.email_button.isEnabled() and not card.call_button.isEnabled()

    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    changed: list[int] = []
    tab.contact_changed.connect(changed.append)
    select(tab, "Dana")
    assert tab.edit_button.isEnabled()
    dialog = tab.open_editor(tab.selected_contact())
    assert dialog.fields["name"].text() == "Dana"
    fill(
        dialog,
        name="Dana Smith",
        email="dana@acme.example",
        phone="020 7946 0958",  # typed the UK way: written the international way
        tz="America/New_York",
        linkedin="https://www.linkedin.com/in/dana-smith",
    )
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLIENT))
    dialog.save()
    assert not dialog.isVisible() and changed == [dana.id]
    saved = ctx.ledger.get_contact(dana.id)
    assert saved is not None
    assert (saved.name, saved.email, saved.tz, saved.role) == (
        "Dana Smith",
        "dana@acme.example",
        "America/New_York",
        Role.CLIENT,
    )
    assert saved.phone == "+44 20 7946 0958"
    assert tab.table.text(0, 0) == "Dana Smith"
    card.refresh()
    assert card.email_button.isEnabled() and card.call_button.isEnabled()
    assert card.linkedin_button.isEnabled()


def test_a_new_contact_with_every_field(qtbot: QtBot, ctx: Context) -> None:
    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.open_editor(None)
    fill(dialog, name="Lee Park", company="Globex", email="lee@globex.example", tz="Europe/Paris")
    dialog.notes.setPlainText("prefers mornings")
    dialog.dnc.setChecked(True)
    dialog.dnc_reason.setText("placed elsewhere")
    dialog.save()
    [lee] = ctx.ledger.list_contacts()
    assert (lee.name, lee.company, lee.notes, lee.tz) == (
        "Lee Park",
        "Globex",
        "prefers mornings",
        "Europe/Paris",
    )
    assert lee.do_not_contact and lee.dnc_reason == "placed elsewhere"
    assert verdict_for(ctx, lee).level is Level.STOP
    assert [tab.table.text(r, 0) for r in range(tab.table.rowCount())] == ["Lee Park"]


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"name": ""}, "Not saved: a contact needs a name"),
        ({"email": "dana at acme"}, "does not look like an e-mail address"),
        ({"tz": "Mars/Olympus"}, "Mars/Olympus"),
        ({"linkedin": "linkedin.com/in/x"}, "must start with https://"),
        ({"phone": "+44 20 7946 0958"}, "Lee Park already has the phone number"),
    ],
)
def test_a_refusal_is_said_in_the_form_and_nothing_is_saved(
    qtbot: QtBot, ctx: Context, values: dict[str, str], said: str
) -> None:
    ctx.ledger.add_contact(Contact(name="Lee Park", phone="+44 20 7946 0958", created_at=NOW))
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", created_at=NOW))
    dialog = ContactDialog(ctx, dana)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, **values)
    dialog.save()
    assert dialog.isVisible()
    assert said in dialog.message_label.text()
    assert ctx.ledger.get_contact(dana.id or 0) == dana


def test_quiet_until_in_the_past_is_refused(qtbot: QtBot, ctx: Context) -> None:
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", created_at=NOW))
    dialog = ContactDialog(ctx, dana)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.quiet.setChecked(True)
    dialog.quiet_until.setDateTime(dialog.quiet_until.dateTime().addDays(-60))
    dialog.save()
    assert "quiet-until must be a future date" in dialog.message_label.text()
    assert ctx.ledger.get_contact(dana.id or 0) == dana


def test_saving_an_unchanged_form_changes_nothing(qtbot: QtBot, ctx: Context) -> None:
    dana = ctx.ledger.add_contact(Contact(name="Dana Smith", quiet_until=NOW + timedelta(days=9),
                                          created_at=NOW))  # fmt: skip
    dialog = ContactDialog(ctx, dana)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    assert not dialog.isVisible()
    assert ctx.ledger.get_contact(dana.id or 0) == dana
    assert QApplication.activeModalWidget() is None


def test_a_name_like_one_on_file_is_asked_about_before_a_second_person_is_added(
    qtbot: QtBot, ctx: Context
) -> None:
    ctx.ledger.add_contact(Contact(name="Dana Smith", company="Acme", created_at=NOW))
    tab = ContactsTab(ctx)
    qtbot.addWidget(tab)
    dialog = tab.open_editor(None)
    fill(dialog, name="Dana Smiht")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.message_label.text() == (
        "Not saved: 'Dana Smiht' is very like Dana Smith (Acme), already on file. Did you mean "
        "Dana Smith (Acme)? Save again to add them as someone new."
    )
    assert [c.name for c in ctx.ledger.list_contacts()] == ["Dana Smith"]
    dialog.save()  # deliberately someone new
    assert sorted(c.name for c in ctx.ledger.list_contacts()) == ["Dana Smiht", "Dana Smith"]
