"""The Settings tab's Team ledger page, on a real server: join with the address from 'team
invite' (the app links at once), see where and as whom, leave; a wrong address is said and
nothing is kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from trayapp.app.team_settings import TeamSettings
from trayapp.app.team_slot import TeamSlot
from trayapp.core.settings import Settings
from trayapp.ledger.opening import Opened, open_ledger
from trayapp.store.team_server import init_server, invite
from trayapp.ui.main_window.settings import SettingsTab


@dataclass
class Window:
    """What the section needs of the main window: its Settings tab."""

    settings: SettingsTab


@pytest.fixture
def opened() -> Iterator[Opened]:
    with open_ledger() as ledger:
        yield ledger


def team_page(qtbot: QtBot, opened: Opened) -> tuple[TeamSettings, TeamSlot]:
    owner = QObject()
    slot = TeamSlot(opened, owner)
    team = TeamSettings(opened, slot, owner)
    tab = SettingsTab(Settings(), lambda _settings: None)
    qtbot.addWidget(tab)
    team.add_section(Window(tab))  # type: ignore[arg-type]
    tab.show_page("Team")
    return team, slot


def test_join_from_settings_links_the_app_and_leave_lets_go(
    qtbot: QtBot, opened: Opened, team_db: str
) -> None:
    init_server(team_db)
    dsn = invite(team_db, "kim10").dsn
    team, slot = team_page(qtbot, opened)
    section = team.section
    assert section is not None
    assert section.state_label.text().startswith("Not on a team.")
    assert section.leave_button.isHidden() and not section.join_button.isHidden()
    section.address_edit.setText(dsn)
    section.join_button.click()
    qtbot.waitUntil(
        lambda: section.message_label.text().startswith("Joined as kim10"), timeout=20_000
    )
    assert section.state_label.text().startswith("On the team ledger 127.0.0.1:")
    assert " as kim10." in section.state_label.text()
    assert section.address_edit.text() == ""  # the password it held is kept elsewhere
    assert slot.link is not None  # the app links at once
    section.leave_button.click()
    assert slot.link is None
    assert section.state_label.text().startswith("Not on a team.")
    assert section.message_label.text().startswith("Left the team ledger.")


def test_a_wrong_address_is_said_and_nothing_is_kept(
    qtbot: QtBot, opened: Opened, team_db: str
) -> None:
    team, slot = team_page(qtbot, opened)
    section = team.section
    assert section is not None
    section.join_button.click()
    assert section.message_label.text().startswith("Give the address first")
    section.address_edit.setText("postgresql://nobody:wrong@127.0.0.1:1/agency")
    section.join_button.click()
    qtbot.waitUntil(lambda: section.message_label.text().startswith("Not joined:"), timeout=20_000)
    assert section.state_label.text().startswith("Not on a team.")
    assert slot.link is None and not opened.paths.team_file.exists()
