"""The real tray app on the headless desktop: the icon is there, a promise added from the command
line while it runs brings a heads-up and a due notification, what fell due while it was closed
comes back as exactly one digest, and a second launch hands over to the first.

Times are printed (run with ``-s``): from the command line's add to each notification, and
from spawn to the icon in the tray.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.desktop_notices import Notification
from tests.e2e.desktop_x11 import Window
from tests.e2e.rig import Desktop, wait_for

pytestmark = pytest.mark.x11

APP_CLASS = "trayapp"
AWAY = "While you were away"


class Profile:
    """One data folder and the environment every process of the test shares."""

    def __init__(self, desktop: Desktop, folder: Path) -> None:
        self.desktop = desktop
        self.folder = folder
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
        sheet = self.folder / "contacts.csv"
        sheet.write_text("Name,Company\n" + "\n".join(rows) + "\n", encoding="utf-8")
        self.cli("import", "contacts", str(sheet))

    def promise(self, who: str, what: str, due: datetime) -> float:
        """Add a promise through the command line; returns when it was saved (monotonic)."""
        self.cli("promise", who, what, "--due", due.isoformat(timespec="seconds"))
        return time.monotonic()

    def start(self) -> AppProcess:
        app = AppProcess([sys.executable, "-m", "trayapp", "run"], self.env)
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


def wait_shown(desktop: Desktop, text: str, timeout: float) -> tuple[Notification, float]:
    found = desktop.wait_notification(lambda n: text in n.summary, timeout=timeout)
    return found, time.monotonic()


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
    heads_up, seen_heads = wait_shown(desktop, "Heads-up: send Acme feedback", timeout=40)
    print(f"heads-up {seen_heads - added:.1f} s after the add (meant at +10 s)")
    assert "Dana Smith" in heads_up.summary and heads_up.app_name == "Follow-Through"
    assert "OK to contact" in heads_up.body
    desktop.screenshot(desktop.shots / "app-heads-up.png")
    due_notice, seen_due = wait_shown(desktop, "Due now: send Acme feedback", timeout=90)
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
    digest, _ = wait_shown(desktop, AWAY, timeout=20)
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
