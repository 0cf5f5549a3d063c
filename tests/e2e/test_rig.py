"""The headless desktop itself: it comes up fast and isolated, shows a real tray a person can
right-click, and lets a test read every notification a person would see."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.e2e import rig
from tests.e2e.conftest import Launch
from tests.e2e.desktop_app import AppProcess
from tests.e2e.rig import Desktop

pytestmark = pytest.mark.x11

PROBE = Path(__file__).with_name("desktop_probe.py")
PROBE_CLASS = PROBE.name  # Qt names the window class after the script


def pixel(path: Path, x: int, y: int) -> QColor:
    image = QImage(str(path))
    assert not image.isNull(), path
    return image.pixelColor(x, y)


def start_probe(launch: Launch) -> AppProcess:
    app = launch([sys.executable, str(PROBE)])
    _, ready = app.wait_line("READY")
    assert ready.startswith("READY available=True"), ready
    return app


def freedesktop_notify(desktop: Desktop, app_name: str, summary: str, body: str) -> int:
    """What `notify-send` does (org.freedesktop.Notifications.Notify), with dunst's own client;
    returns the notification id."""
    done = desktop.run(["dunstify", "--appname", app_name, "--printid", summary, body])
    return int(done.stdout.strip())


def test_desktops_start_fast_side_by_side_and_leave_nothing_behind() -> None:
    t0 = time.perf_counter()
    with rig.desktop() as first, rig.desktop() as second:
        up = time.perf_counter() - t0
        assert first.display != second.display
        assert first.tray_owner() != 0 and second.tray_owner() != 0
        pids = [*first.pids.values(), *second.pids.values()]
        roots = [first.root, second.root]
    print(f"\ntwo desktops up in {up:.2f} s")
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not any(root.exists() for root in roots)


def test_desktop_is_isolated_from_the_machine(desktop: Desktop) -> None:
    env = desktop.env
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        assert Path(env[key]).is_relative_to(desktop.root), key
    assert str(desktop.root) in env["DBUS_SESSION_BUS_ADDRESS"]
    assert env["QT_QPA_PLATFORM"] == "xcb"
    assert set(desktop.pids) == {"dbus", "xvfb", "trayer", "dunst"}
    # The private bus activates no services: a Secret Service call fails at once instead of
    # starting a keyring daemon (which could wait forever for an unlock prompt).
    with pytest.raises(rig.RigError, match="ServiceUnknown"):
        desktop.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.DBus.Peer.Ping",
            ]
        )


def test_tray_icon_is_on_screen_and_its_menu_opens_by_right_click(
    desktop: Desktop, launch: Launch
) -> None:
    app = start_probe(launch)
    icon = desktop.tray_icon_window(PROBE_CLASS, timeout=3)
    assert icon is not None, desktop.tray_icons()
    assert icon.width >= 16 and icon.height >= 16
    before = desktop.screenshot(desktop.shots / "rig-tray-icon.png")
    red = pixel(before, *icon.center)
    assert red.red() > 180 and red.green() < 90 and red.blue() < 90, red.name()

    shown = {w.wid for w in desktop.visible_windows()}
    desktop.click(*icon.center, button=3)
    app.wait_line("ACTIVATED Context")
    menu = rig.wait_for(
        lambda: next((w for w in desktop.popups() if w.wid not in shown), None), 3, "menu"
    )
    assert menu.wm_class == PROBE_CLASS and menu.height > 40
    after = desktop.screenshot(desktop.shots / "rig-tray-menu.png")
    spot = (menu.x + menu.width // 2, menu.y + menu.height // 2)
    assert pixel(before, *spot) != pixel(after, *spot), "the menu is not drawn"

    desktop.key("Down", "Down", "Return")
    _, action = app.wait_line("ACTION")
    assert action == "ACTION Snooze 10 min"


def test_qt_balloon_appears_next_to_the_icon_and_reports_a_click(
    desktop: Desktop, launch: Launch
) -> None:
    """On an XEmbed tray Qt draws its own balloon; nothing reaches the notification daemon."""
    app = start_probe(launch)
    icon = desktop.tray_icon_window(PROBE_CLASS, timeout=3)
    assert icon is not None
    app.send("balloon Call Dana back|You promised an answer by Friday")
    balloon = rig.wait_for(
        lambda: next((w for w in desktop.popups() if w.wm_class == PROBE_CLASS), None), 3, "balloon"
    )
    assert abs(balloon.x + balloon.width - (icon.x + icon.width)) < 100
    assert balloon.y < icon.y + icon.height + 60
    shot = desktop.screenshot(desktop.shots / "rig-balloon.png")
    assert (
        pixel(shot, balloon.x + balloon.width // 2, balloon.y + balloon.height - 6).lightness()
        > 150
    )
    assert not any(n.summary == "Call Dana back" for n in desktop.notifications())
    desktop.click(balloon.x + 40, balloon.y + balloon.height - 10)
    app.wait_line("MESSAGE_CLICKED")


def test_freedesktop_notification_can_be_read_while_shown_and_after(desktop: Desktop) -> None:
    desktop.dismiss_notifications()
    ident = freedesktop_notify(desktop, "Follow-Through", "Promise due", "Send Lee the offer")
    seen = desktop.wait_notification(lambda n: n.id == ident)
    assert (seen.app_name, seen.summary, seen.body) == (
        "Follow-Through",
        "Promise due",
        "Send Lee the offer",
    )
    assert seen.on_screen and seen.urgency == "normal"
    bubble = desktop.find_window("Dunst", timeout=3)
    assert bubble is not None and bubble.width > 100
    desktop.screenshot(desktop.shots / "rig-dunst.png")
    desktop.dismiss_notifications()
    gone = next(n for n in desktop.notifications() if n.id == ident)
    assert not gone.on_screen and gone.summary == "Promise due"


def test_desktop_notifier_in_a_qt_app_delivers_and_calls_back(
    desktop: Desktop, launch: Launch
) -> None:
    app = start_probe(launch)
    app.send("notify Pacing|Two touches this week already")
    _, sent = app.wait_line("DN_SENT")
    seen = desktop.wait_notification(lambda n: n.summary == "Pacing")
    assert (seen.app_name, seen.body, seen.on_screen) == (
        "Desktop probe",
        "Two touches this week already",
        True,
    )
    desktop.screenshot(desktop.shots / "rig-desktop-notifier.png")
    desktop.run(["dunstctl", "action", "0"])  # a person clicking the notification
    _, clicked = app.wait_line("DN_CLICKED")
    assert clicked == "DN_CLICKED gui_thread=True", sent
