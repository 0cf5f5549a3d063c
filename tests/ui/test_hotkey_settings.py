"""Quick add's hotkey changed in Settings: the new chord works at once, with no restart; a
chord another program holds is refused beside the form and nothing is saved, the old chord
still working; where the system has no global hotkeys the chord is simply saved."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.fakes import FakeHotkey
from trayapp.app.hotkey import QuickAddHotkey
from trayapp.app.windows import Windows
from trayapp.core.errors import BadInput
from trayapp.core.model import Promise
from trayapp.core.ports import ReminderLog
from trayapp.platform.hotkey.choose import NullHotkey
from trayapp.platform.paths import AppPaths
from trayapp.services.context import Context
from trayapp.ui.hotkey_edit import HotkeyEdit

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

OLD, NEW, TAKEN = "<ctrl>+<alt>+f", "<ctrl>+<shift>+<f9>", "<ctrl>+<alt>+t"


@pytest.fixture
def system() -> FakeHotkey:
    return FakeHotkey(taken=frozenset({TAKEN}))


@pytest.fixture
def pressed() -> list[str]:
    return []


@pytest.fixture
def hotkey(system: FakeHotkey, pressed: list[str]) -> QuickAddHotkey:
    made = QuickAddHotkey(system, lambda: pressed.append("quick add"))
    assert made.start(OLD)
    return made


@pytest.fixture
def windows(
    qtbot: QtBot, ctx: Context, log: ReminderLog, tmp_path: Path, hotkey: QuickAddHotkey
) -> Iterator[Windows]:
    made = Windows(ctx, log, AppPaths(tmp_path, tmp_path / "config", tmp_path / "logs"), hotkey)
    yield made
    made.close_all()


def set_chord(windows: Windows, chord: str) -> None:
    field = windows.main_window().settings.fields["hotkey"]
    assert isinstance(field, HotkeyEdit)
    field.set_chord(chord)


def saved_hotkey(tmp_path: Path) -> str | None:
    path = tmp_path / "config" / "settings.json"
    return json.loads(path.read_text())["hotkey"] if path.exists() else None


def test_a_new_chord_works_at_once(
    windows: Windows, system: FakeHotkey, pressed: list[str], tmp_path: Path
) -> None:
    tab = windows.main_window().settings
    set_chord(windows, NEW)
    tab.save()
    assert tab.message_label.text() == "Saved."
    assert system.chord == NEW and saved_hotkey(tmp_path) == NEW
    system.press()
    assert pressed == ["quick add"]


def test_a_chord_another_program_holds_is_refused_and_the_old_one_keeps_working(
    windows: Windows, system: FakeHotkey, pressed: list[str], tmp_path: Path
) -> None:
    tab = windows.main_window().settings
    set_chord(windows, TAKEN)
    tab.save()
    assert tab.message_label.text() == (
        f"Not saved: the quick add hotkey {TAKEN} cannot be used: "
        f"{TAKEN} is taken by another program"
    )
    assert tab.pages.currentIndex() == 0  # the refusal came from the system, not a field
    assert saved_hotkey(tmp_path) is None
    assert system.chord == OLD
    system.press()
    assert pressed == ["quick add"]


def test_without_global_hotkeys_the_chord_is_saved_for_later(pressed: list[str]) -> None:
    hotkey = QuickAddHotkey(NullHotkey("Wayland does not allow global hotkeys"), lambda: None)
    assert hotkey.start(OLD) is False
    assert hotkey.refusal() == "Wayland does not allow global hotkeys"
    hotkey.change(NEW)  # no error: nothing to keep working
    assert hotkey.chord == NEW


def test_a_refused_chord_at_start_can_be_replaced(system: FakeHotkey) -> None:
    hotkey = QuickAddHotkey(system, lambda: None)
    assert hotkey.start(TAKEN) is False
    assert hotkey.refusal() == f"{TAKEN} is taken by another program"
    hotkey.change(NEW)
    assert hotkey.on and system.chord == NEW
    with pytest.raises(BadInput, match="cannot be used"):
        hotkey.change(TAKEN)
    assert system.chord == NEW


def test_saved_settings_reach_an_open_card_at_once(
    windows: Windows, ctx: Context, year_late: Promise
) -> None:
    assert year_late.id is not None
    windows.open_card(year_late.id)
    card = windows._cards[year_late.id]
    before = card.due_label.text()
    tab = windows.main_window().settings
    zone = tab.fields["timezone"]
    assert isinstance(zone, QLineEdit)
    zone.setText("Asia/Tokyo")  # nine hours ahead of London in November
    tab.save()
    assert tab.message_label.text() == "Saved."
    assert card.due_label.text() != before
    assert "19:00" in card.due_label.text()


def test_a_new_phone_region_applies_at_once_to_new_and_stored_numbers(
    windows: Windows, ctx: Context
) -> None:
    from trayapp.core.model import Contact

    dana = ctx.ledger.add_contact(Contact("Dana Smith", phone="(415) 555-0132"))  # as typed
    tab = windows.main_window().settings
    region = tab.fields["phone_region"]
    assert isinstance(region, QLineEdit)
    region.setText("us")  # was the UK
    tab.save()
    assert tab.message_label.text() == "Saved."
    assert windows.ctx.phones.region == "US"
    assert dana.id is not None
    stored = windows.ctx.ledger.get_contact(dana.id)
    assert stored is not None and stored.phone == "+1 415-555-0132"
