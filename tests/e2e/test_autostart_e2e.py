"""Start at login on the headless desktop: ``autostart on`` writes the XDG entry, and running
its Exec line as a desktop session does starts the app with its icon in the tray; the
notification it shows carries the app's own icon, not Python's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.rig import Desktop
from tests.unit.platform.test_autostart import desktop_keys, exec_line_argv

pytestmark = pytest.mark.x11


def test_the_login_entry_starts_the_app_in_the_tray(desktop: Desktop, tmp_path: Path) -> None:
    desktop.dismiss_notifications()
    earlier = {n.id for n in desktop.notifications()}
    folder = tmp_path / "profile"
    (folder / "config").mkdir(parents=True)
    settings = {"timezone": "UTC", "reminders": {"working_days": list(range(7)),
                "work_start": "00:00", "work_end": "23:59"}}  # fmt: skip
    (folder / "config" / "settings.json").write_text(json.dumps(settings))
    # The session's environment: the desktop's, no data folder or project settings in it.
    env = {
        **desktop.env,
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "TZ": "UTC",
    }
    for name in ("TRAYAPP_DATA_DIR", "TRAYAPP_CONFIG_DIR", "TRAYAPP_NOW"):
        env.pop(name, None)

    def cli(*args: str) -> str:
        command = [sys.executable, "-m", "trayapp", "--data-dir", str(folder), *args]
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("contacts", "add", "Dana Smith")
    cli("promise", "Dana", "send the Acme feedback", "--due", "2026-01-05T10:00:00Z")
    assert cli("autostart", "on").startswith("Starts at login: on")
    entry = tmp_path / "xdg" / "autostart" / "follow-through.desktop"
    argv = exec_line_argv(desktop_keys(entry)["Exec"])

    app = AppProcess(argv, env)  # what the session runs at login
    try:
        _, ready = app.wait_line("trayapp: ready", timeout=30)
        assert "tray=yes" in ready, ready
        assert desktop.tray_icon_window(timeout=10) is not None
        shown = desktop.wait_notification(
            lambda n: n.id not in earlier and "Dana Smith" in n.summary + n.body, timeout=20
        )
        desktop.screenshot(desktop.shots / "autostart-started.png")
        assert shown.app_name == "Follow-Through"
        assert shown.icon_path.endswith("app.png"), shown
        assert "python" not in shown.icon_path.lower().rsplit("/", 1)[-1]
    finally:
        assert app.stop() == 0
