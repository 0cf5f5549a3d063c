"""The real tray app on the headless desktop: the icon is there, a promise added from the command
line while it runs brings a heads-up and a due notification, what fell due while it was closed
comes back as exactly one digest, and a second launch hands over to the first. A new user's
day: remind, snooze, quit, come back to one digest and the Missed list; and ``run --quick-add``
opens quick add whether or not the app already runs.

Times are printed (run with ``-s``): from the command line's add to each notification, and
from spawn to the icon in the tray.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.desktop_notices import Notification
from tests.e2e.desktop_pixels import colours, drawn_share, ink_pixels, state_dot
from tests.e2e.desktop_x11 import Window
from tests.e2e.rig import Desktop, wait_for

pytestmark = pytest.mark.x11

APP_CLASS = "trayapp"
AWAY = "While you were away"
QUICK_ADD = "Follow-Through — quick add"
CARD = "Follow-Through — promise"


class Profile:
    """One data folder and the environment every process of the test shares."""

    def __init__(self, desktop: Desktop, folder: Path) -> None:
        self.desktop = desktop
        self.folder = folder
        # The desktop outlives a test: what earlier tests showed stays in dunst's history.
        self.earlier = {n.id for n in desktop.notifications()}
        self.env = {
            **desktop.env,
            "TRAYAPP_DATA_DIR": str(folder),
            "TRAYAPP_CONFIG_DIR": str(folder / "config"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "TZ": "UTC",
        }
        self.env.pop("TRAYAPP_NOW", None)
        self.apps: list[AppProcess] = []
        settings = {
            "timezone": "UTC",
            "reminders": {
                "working_days": list(range(7)),
                "work_start": "00:00",
                "work_end": "23:59",
                "heads_up_minutes": 1,
            },
        }
        (folder / "config").mkdir(parents=True)
        (folder / "config" / "settings.json").write_text(json.dumps(settings))

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "trayapp", "--data-dir", str(self.folder), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def contacts(self, *rows: str) -> None:
        """Import contacts (``name,company``) through the command line."""
        sheet = self.folder.parent / "contacts.csv"  # beside the data folder, not in it
        sheet.write_text("Name,Company\n" + "\n".join(rows) + "\n", encoding="utf-8")
        self.cli("import", "contacts", str(sheet))

    def promise(self, who: str, what: str, due: datetime) -> float:
        """Add a promise through the command line; returns when it was saved (monotonic)."""
        self.cli("promise", who, what, "--due", due.isoformat(timespec="seconds"))
        return time.monotonic()

    def wait_shown(self, text: str, timeout: float) -> tuple[Notification, float]:
        """The first notification of this test whose title holds ``text``, and when it was
        seen (monotonic); notifications of earlier tests never match."""
        found = self.desktop.wait_notification(
            lambda n: n.id not in self.earlier and text in n.summary, timeout=timeout
        )
        return found, time.monotonic()

    def start(self, *options: str) -> AppProcess:
        app = AppProcess([sys.executable, "-m", "trayapp", "run", *options], self.env)
        self.apps.append(app)
        return app

    def stop_all(self) -> None:
        for app in self.apps:
            app.stop()


@pytest.fixture
def profile(desktop: Desktop, tmp_path: Path) -> Iterator[Profile]:
    desktop.dismiss_notifications()
    made = Profile(desktop, tmp_path / "profile")
    yield made
    made.stop_all()


def shown_since(desktop: Desktop, before: set[int]) -> list[Notification]:
    return [n for n in desktop.notifications() if n.id not in before]


def main_window(desktop: Desktop) -> Window | None:
    """The app's main window, when it is on screen (the tray icon shares its class)."""
    return next(
        (
            w
            for w in desktop.visible_windows()
            if w.name == "Follow-Through" and not w.override_redirect and w.width > 200
        ),
        None,
    )


def test_the_app_reminds_catches_up_once_and_stays_single(
    desktop: Desktop, profile: Profile
) -> None:
    t0 = time.monotonic()
    app = profile.start()
    _, ready = app.wait_line("trayapp: ready", timeout=30)
    assert "tray=yes" in ready and "notifier=native" in ready, ready
    icon = desktop.tray_icon_window(timeout=10)
    assert icon is not None, desktop.windows()
    up = time.monotonic() - t0
    print(f"\nstart-up: tray icon {up:.2f} s after spawn; {ready}")

    profile.contacts("Dana Smith,Acme", "Lee Park,Northwind")
    due = (datetime.now(UTC) + timedelta(seconds=70)).replace(microsecond=0)
    added = profile.promise("Dana Smith", "send Acme feedback", due)
    # Made 70 s ahead, less than the 1-minute heads-up plus as much again: it comes halfway.
    heads_up, seen_heads = profile.wait_shown("Heads-up: send Acme feedback", timeout=70)
    print(f"heads-up {seen_heads - added:.1f} s after the add (meant halfway, at +35 s)")
    assert "Dana Smith" in heads_up.summary and heads_up.app_name == "Follow-Through"
    assert "OK to contact" in heads_up.body
    desktop.screenshot(desktop.shots / "app-heads-up.png")
    due_notice, seen_due = profile.wait_shown("Due now: send Acme feedback", timeout=90)
    assert "Dana Smith" in due_notice.summary
    late = datetime.now(UTC) - due
    print(
        f"due notice {seen_due - added:.1f} s after the add, {late.total_seconds():.1f} s after due"
    )
    assert late < timedelta(seconds=30)
    desktop.screenshot(desktop.shots / "app-due.png")
    assert app.stop() == 0

    before = {n.id for n in desktop.notifications()}
    profile.promise(
        "Lee Park", "call back about the offer", datetime.now(UTC) + timedelta(seconds=3)
    )
    profile.promise("Dana Smith", "book the panel", datetime.now(UTC) + timedelta(seconds=4))
    time.sleep(6)
    again = profile.start()
    again.wait_line("trayapp: ready", timeout=30)
    digest, _ = profile.wait_shown(AWAY, timeout=20)
    print(f"catch-up: {digest.summary!r} / {digest.body!r}")
    assert "2 promises became due, oldest Lee Park" in digest.summary
    time.sleep(3)
    fresh = shown_since(desktop, before)
    assert [n.summary for n in fresh].count(digest.summary) == 1
    assert len(fresh) == 1, [n.summary for n in fresh]
    desktop.screenshot(desktop.shots / "app-catch-up.png")

    assert main_window(desktop) is None  # only the tray icon so far
    second = AppProcess([sys.executable, "-m", "trayapp", "run"], profile.env)
    assert second.stop(timeout=30) == 0
    assert any("already running" in line for line in second.output()), second.output()
    window = wait_for(lambda: main_window(desktop), 15, "main window")
    assert window is not None
    desktop.screenshot(desktop.shots / "app-window.png")


def test_without_a_display_it_says_how_to_get_one(tmp_path: Path) -> None:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    done = subprocess.run(
        [sys.executable, "-m", "trayapp", "--data-dir", str(tmp_path), "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "xvfb-run trayapp run" in done.stderr


def tray_dot(desktop: Desktop, icon: Window, name: str) -> str:
    """The state dot a person sees on the tray icon right now (a screenshot is kept)."""
    shot = desktop.screenshot(desktop.shots / f"tray-{name}.png")
    return state_dot(colours(shot, icon))


def wait_dot(desktop: Desktop, icon: Window, dot: str, timeout: float) -> float:
    """Seconds until the tray icon wears ``dot``."""
    t0 = time.monotonic()
    wait_for(lambda: tray_dot(desktop, icon, dot) == dot, timeout, f"a {dot} dot on the icon")
    return time.monotonic() - t0


def remind_and_snooze(desktop: Desktop, profile: Profile) -> int:
    """The first session: the icon changes, heads-up and due arrive, the user snoozes 15 s."""
    app = profile.start()
    app.wait_line("trayapp: ready", timeout=30)
    icon = desktop.tray_icon_window(timeout=10)
    assert icon is not None, desktop.windows()
    assert tray_dot(desktop, icon, "fresh") == "none"
    profile.contacts("Dana Smith,Acme", "Lee Park,Northwind")
    due = (datetime.now(UTC) + timedelta(seconds=80)).replace(microsecond=0)
    saved = profile.cli("promise", "Dana Smith", "send Acme feedback", "--due", due.isoformat())
    found = re.search(r"#(\d+)", saved)
    assert found is not None, saved
    print(f"\nicon turned amber {wait_dot(desktop, icon, 'amber', 10):.1f} s after the add")
    heads_up, _ = profile.wait_shown("Heads-up: send Acme feedback", timeout=75)
    assert "Dana Smith" in heads_up.summary
    assert "Suggested: a quick check-in" in heads_up.body, heads_up.body
    due_notice, _ = profile.wait_shown("Due now: send Acme feedback", timeout=90)
    assert "Dana Smith" in due_notice.summary and "Suggested: " in due_notice.body
    print(f"icon turned red {wait_dot(desktop, icon, 'red', 10):.1f} s after the due notice")
    assert "Snoozed" in profile.cli("snooze", found.group(1), "in", "15", "seconds")
    assert app.stop() == 0
    return int(found.group(1))


def open_missed_from_the_tray(desktop: Desktop) -> Window:
    """Right-click the icon and pick "Missed (2)…" with the keyboard, as a person would:
    Quick add…, the two overdue promises, then Missed (the section header is skipped)."""
    icon = desktop.tray_icon_window(timeout=10)
    assert icon is not None
    desktop.click(*icon.center, button=3)
    wait_for(lambda: desktop.popups() or None, 10, "the tray menu")
    desktop.screenshot(desktop.shots / "story-tray-menu.png")
    desktop.key("Down", "Down", "Down", "Down", "Return")
    window = wait_for(lambda: main_window(desktop), 15, "main window")
    assert window is not None
    return window


def test_a_new_user_snoozes_quits_and_finds_the_promise_in_missed(
    desktop: Desktop, profile: Profile
) -> None:
    remind_and_snooze(desktop, profile)
    profile.promise(
        "Lee Park", "call back about the offer", datetime.now(UTC) + timedelta(seconds=5)
    )
    time.sleep(17)  # past the snooze's end and Lee's due time, with the app closed
    desktop.dismiss_notifications()
    before = {n.id for n in desktop.notifications()}
    again = profile.start()
    again.wait_line("trayapp: ready", timeout=30)
    digest, _ = profile.wait_shown(AWAY, timeout=20)
    print(f"catch-up: {digest.summary!r} / {digest.body!r}")
    assert "2 promises became due, oldest Dana Smith" in digest.summary
    time.sleep(3)  # anything else that was coming would have come by now
    assert [n.summary for n in shown_since(desktop, before)] == [digest.summary]

    desktop.wait_focus(open_missed_from_the_tray(desktop))
    desktop.screenshot(desktop.shots / "story-missed-tab.png")
    desktop.key("Return")  # the newest row is chosen: Enter opens its card
    card = desktop.find_window(CARD, timeout=10)
    assert card is not None, [w.name for w in desktop.visible_windows()]
    desktop.screenshot(desktop.shots / "story-card-from-missed.png")


def quick_add_on_screen(desktop: Desktop, name: str) -> Window:
    """The quick-add window, visible and drawn (not a black or empty rectangle)."""
    window = desktop.find_window(QUICK_ADD, timeout=15)
    assert window is not None, [w.name for w in desktop.visible_windows()]
    time.sleep(0.5)  # let it paint before the picture is taken
    counts = colours(desktop.screenshot(desktop.shots / f"{name}.png"), window)
    assert drawn_share(counts) > 0.95, counts.most_common(3)
    assert ink_pixels(counts) > 50, counts.most_common(5)  # the hint text in the line
    return desktop.wait_focus(window)  # it takes the keyboard: typing goes straight in


def test_run_quick_add_opens_quick_add_started_or_handed_over(
    desktop: Desktop, profile: Profile
) -> None:
    first = profile.start("--quick-add")
    first.wait_line("trayapp: ready", timeout=30)
    quick_add_on_screen(desktop, "quick-add-at-start")
    desktop.key("Escape")
    desktop.wait_gone(QUICK_ADD)

    t0 = time.monotonic()
    second = AppProcess([sys.executable, "-m", "trayapp", "run", "--quick-add"], profile.env)
    assert second.stop(timeout=30) == 0
    assert "trayapp: already running; opened quick add" in second.output(), second.output()
    quick_add_on_screen(desktop, "quick-add-handed-over")
    print(f"\nquick add handed over and on screen {time.monotonic() - t0:.2f} s after launch")
