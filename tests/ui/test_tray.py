"""The tray icon, tooltip and menu, read through its QMenu and QActions (no tray offscreen)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import NOW, old_promise
from trayapp.core.model import Channel, Contact, Direction, Promise, Touch
from trayapp.core.ports import ReminderLog
from trayapp.services.context import Context
from trayapp.services.overview import overview
from trayapp.services.reminding import pause
from trayapp.services.tray_state import TrayState
from trayapp.ui.icons import icon_pixmap, tray_icon
from trayapp.ui.tray import Tray


def texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def submenu(action: QAction) -> QMenu:
    menu = action.menu()
    assert isinstance(menu, QMenu)
    return menu


def find(menu: QMenu, start: str) -> QAction:
    matches = [a for a in menu.actions() if a.text().startswith(start)]
    assert matches, f"no entry starting {start!r} in {texts(menu)}"
    return matches[0]


def test_icon_differs_per_state_and_per_bar(qtbot: QtBot) -> None:
    images: dict[tuple[TrayState, bool], QImage] = {}
    for state in TrayState:
        for dark in (False, True):
            images[(state, dark)] = icon_pixmap(state, dark, 22).toImage()
    keys = list(images)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            assert images[a] != images[b], f"{a} and {b} look the same"
    light = images[(TrayState.CLEAR, False)]
    on_dark = images[(TrayState.CLEAR, True)]
    # the ink is dark on a light bar and light on a dark bar
    inked = [(x, y) for x in range(22) for y in range(22) if light.pixelColor(x, y).alpha() > 200]
    assert inked
    x, y = inked[0]
    assert light.pixelColor(x, y).lightness() < 80
    assert on_dark.pixelColor(x, y).lightness() > 180


def test_template_icon_is_a_mask_in_black(qtbot: QtBot) -> None:
    icon = tray_icon(TrayState.OVERDUE, dark=False, template=True)
    assert icon.isMask()
    image = icon_pixmap(TrayState.OVERDUE, False, 16, template=True).toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(16)
        for y in range(16)
        if image.pixelColor(x, y).alpha() > 0
    }
    assert colours == {"#000000"}
    assert not tray_icon(TrayState.OVERDUE, dark=False, template=False).isMask()


def test_menu_lists_overdue_promise_with_actions(
    qtbot: QtBot, ctx: Context, log: ReminderLog, year_late: Promise, due_tonight: Promise
) -> None:
    tray = Tray()
    tray.update(overview(ctx, log), missed_count=2)
    menu = tray.menu()
    entries = texts(menu)
    assert entries[0] == "Quick add…"
    assert "Overdue (1)" in entries
    assert "Due soon (1)" in entries
    assert "Missed (2)…" in entries
    item = find(menu, "Dana Smith — send Acme feedback (365 days late)")
    sub = submenu(item)
    assert texts(sub) == [
        "Open script…",
        "Mark kept",
        "Snooze 15 min",
        "Snooze 1 h",
        "Snooze until tomorrow 9:00",
        "Snooze until next Monday 9:00",
    ]
    assert year_late.id is not None
    with qtbot.waitSignal(tray.kept_requested) as kept:
        find(sub, "Mark kept").trigger()
    assert kept.args == [year_late.id]
    with qtbot.waitSignal(tray.snooze_requested) as snoozed:
        find(sub, "Snooze until next Monday").trigger()
    assert snoozed.args == [year_late.id, "monday"]
    with qtbot.waitSignal(tray.card_requested) as card:
        find(sub, "Open script…").trigger()
    assert card.args == [year_late.id]
    assert tray.tooltip() == "Follow-Through: 1 overdue, 1 due soon, 2 missed"
    assert tray.state() is TrayState.OVERDUE


def test_spent_snooze_budget_disables_snooze(
    qtbot: QtBot, ctx: Context, log: ReminderLog, dana: Contact
) -> None:
    import dataclasses

    promise = old_promise(ctx, dana, "send the contract", 2)
    ctx.ledger.update_promise(dataclasses.replace(promise, snooze_count=3))
    tray = Tray()
    tray.update(overview(ctx, log), 0, snooze_budget=3)
    sub = submenu(find(tray.menu(), "Dana Smith — send the contract"))
    assert not find(sub, "Snooze 1 h").isEnabled()
    assert find(sub, "Mark kept").isEnabled()
    assert "No snoozes left: keep, renegotiate or release" in texts(sub)


def test_all_clear_pause_and_resume(qtbot: QtBot, ctx: Context, log: ReminderLog) -> None:
    tray = Tray()
    tray.update(overview(ctx, log), 0)
    assert tray.tooltip() == "Follow-Through: all clear"
    assert tray.state() is TrayState.CLEAR
    assert not any(t.startswith(("Overdue", "Missed")) for t in texts(tray.menu()))
    with qtbot.waitSignal(tray.pause_requested) as paused:
        find(tray.menu(), "Pause until tomorrow").trigger()
    assert paused.args == ["tomorrow"]
    pause(ctx, log, NOW + timedelta(hours=1))
    tray.update(overview(ctx, log), 0)
    assert tray.state() is TrayState.PAUSED
    assert tray.tooltip() == "Follow-Through: reminders paused; all clear"
    with qtbot.waitSignal(tray.resume_requested):
        find(tray.menu(), "Resume reminders").trigger()
    for label, signal in [
        ("Open Follow-Through", tray.window_requested),
        ("Settings…", tray.settings_requested),
        ("Quit", tray.quit_requested),
        ("Quick add…", tray.quick_add_requested),
    ]:
        with qtbot.waitSignal(signal):
            find(tray.menu(), label).trigger()


def test_cooling_contacts_are_listed_with_verdict_words(
    qtbot: QtBot, ctx: Context, log: ReminderLog, dana: Contact
) -> None:
    assert dana.id is not None
    for days in (3, 2, 1):
        ctx.ledger.add_touch(
            Touch(dana.id, Channel.EMAIL, Direction.OUTBOUND, NOW - timedelta(days=days))
        )
    tray = Tray()
    tray.update(overview(ctx, log), 0)
    entry = find(tray.menu(), "Dana Smith — ")
    assert not entry.isEnabled()
    assert entry.text().startswith("Dana Smith — Caution, OK again ")
    assert "3 outbound touches in the last 7 days (limit 3)" in entry.toolTip()
    assert "Cooling down" in texts(tray.menu())


def test_closing_down_deletes_the_menu_with_its_promise_submenus_once(
    qtbot: QtBot, ctx: Context, log: ReminderLog, year_late: Promise, due_tonight: Promise
) -> None:
    """At quit the app deletes its windows while the application exists. The promise submenus
    are top-level windows owned by the tray menu: deleted on their own as well, they would be
    freed twice and the app would crash on its way out."""
    from trayapp.app.windows import delete_now, top_level_windows

    tray = Tray()
    tray.update(overview(ctx, log), missed_count=0)
    menu = tray.menu()
    assert submenu(find(menu, "Dana Smith — send Acme feedback")).parent() is menu
    windows = top_level_windows()
    assert menu in windows
    assert all(window.parent() is None for window in windows)
    delete_now([*windows, tray])
    assert not shiboken6.isValid(menu)


def _ink_lightness(tray: Tray) -> int:
    image = tray.icon().pixmap(22, 22).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(22)
        for y in range(22)
        if image.pixelColor(x, y).alpha() > 200
    ]
    return int(inked[0].lightness())


def test_icon_follows_the_desktop_switching_to_dark(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    tray = Tray()
    monkeypatch.setattr("trayapp.ui.tray.dark_bar", lambda: False)
    tray._redraw()
    assert _ink_lightness(tray) < 80  # dark ink on a light bar
    monkeypatch.setattr("trayapp.ui.tray.dark_bar", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert _ink_lightness(tray) > 180  # redrawn in light ink, with no restart
    tray.hide()


def test_the_tooltip_says_when_the_team_ledger_was_last_reached(
    qtbot: QtBot, ctx: Context, log: ReminderLog, year_late: Promise
) -> None:
    tray = Tray()
    tray.update(overview(ctx, log), 0)
    plain = tray.tooltip()
    tray.set_team_line("team ledger not reached since 09:12")
    assert tray.tooltip() == f"{plain}\nteam ledger not reached since 09:12"
    tray.update(overview(ctx, log), 0)  # a redraw keeps it
    assert tray.tooltip().endswith("\nteam ledger not reached since 09:12")
    tray.set_team_line("")  # reached again
    assert tray.tooltip() == plain
    tray.deleteLater()
