"""The ledger's protection as a tray-only user meets it, on the headless desktop: a passphrase
ledger asks in a dialog at start (a wrong passphrase keeps it asking, the right one starts the
app), and a first start with a working keychain shows the new recovery key once the tray is up.

Screenshots of both dialogs go to the desktop's screenshot folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop_app import AppProcess
from tests.e2e.desktop_x11 import Window
from tests.e2e.rig import Desktop
from tests.e2e.rig_start import wait_for

pytestmark = pytest.mark.x11

PASSPHRASE = "correct horse battery"
UNLOCK = "Unlock your Follow-Through ledger"
RECOVERY = "Write down your recovery key"
REFUSED = "Follow-Through could not start"
CODE = re.compile(r"(?:[0-9A-Z]{4}-){13}[0-9A-Z]{4}")


def _env(desktop: Desktop, folder: Path, keychain: str | None) -> dict[str, str]:
    env = {**desktop.env, "TRAYAPP_DATA_DIR": str(folder), "TZ": "UTC"}
    env.pop("TRAYAPP_NOW", None)
    env.pop("TRAYAPP_PASSPHRASE", None)
    if keychain is None:
        env.pop("PYTHON_KEYRING_BACKEND", None)
    else:
        env["PYTHON_KEYRING_BACKEND"] = keychain
    return env


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "trayapp", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _encrypt_with_passphrase(env: dict[str, str]) -> None:
    """Encrypt the ledger of ``env``'s data folder with PASSPHRASE (no keychain)."""
    _cli({**env, "NEW_PASSPHRASE": PASSPHRASE}, "encrypt", "--passphrase-env", "NEW_PASSPHRASE")


def _damage_pages(database: Path) -> None:
    """Overwrite the header of every page after the first, as a bad disk or copy would."""
    with database.open("r+b") as handle:
        for page in range(1, database.stat().st_size // 4096):
            handle.seek(4096 * page)
            handle.write(b"\xff" * 16)


def _in_front(desktop: Desktop, name: str, app: AppProcess) -> Window:
    """The app's dialog `name` on screen and holding the keyboard, so keys typed reach it."""
    window = desktop.find_window(name, timeout=30)
    assert window is not None, app.output()
    return desktop.wait_focus(window)


def _type(desktop: Desktop, text: str) -> None:
    desktop.run(["xdotool", "type", "--delay", "15", text])
    desktop.key("Return")


def test_a_passphrase_ledger_asks_in_a_dialog_until_the_right_passphrase(
    desktop: Desktop, tmp_path: Path
) -> None:
    env = _env(desktop, tmp_path / "data", "keyring.backends.fail.Keyring")
    _encrypt_with_passphrase(env)
    _cli({**env, "TRAYAPP_PASSPHRASE": PASSPHRASE}, "contacts", "add", "Dana Smith")
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        _in_front(desktop, UNLOCK, app)
        _type(desktop, "not the passphrase")
        time.sleep(1.5)  # scrypt and the check run on the GUI thread while the dialog waits
        desktop.screenshot(desktop.shots / "unlock-wrong-passphrase.png")
        assert desktop.find_window(UNLOCK) is not None
        assert not any(line.startswith("trayapp: ready") for line in app.output())
        desktop.key("ctrl+a")
        _type(desktop, PASSPHRASE)
        app.wait_line("trayapp: ready", timeout=30)
        desktop.wait_gone(UNLOCK)
    finally:
        app.stop()


def test_cancelling_the_unlock_dialog_quits_with_the_reason(
    desktop: Desktop, tmp_path: Path
) -> None:
    env = _env(desktop, tmp_path / "data", "keyring.backends.fail.Keyring")
    _encrypt_with_passphrase(env)
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        _in_front(desktop, UNLOCK, app)
        # The icon is in the tray from the start, while the app waits for the passphrase.
        assert desktop.tray_icon_window(timeout=5) is not None
        desktop.key("Escape")
        app.wait_line("trayapp: the ledger is encrypted with a passphrase", timeout=20)
        _in_front(desktop, REFUSED, app)
        # Refused: the starting icon is taken away before the app says why.
        wait_for(lambda: desktop.tray_icon_window() is None, 5, "the starting icon gone")
        desktop.key("Return")  # OK
        assert app.stop(timeout=20) == 1
    finally:
        app.stop()


@pytest.fixture
def keychain(desktop: Desktop, tmp_path: Path) -> Iterator[None]:
    """A throw-away, unlocked gnome-keyring on the desktop's own session bus."""
    if shutil.which("gnome-keyring-daemon") is None:
        pytest.skip("needs gnome-keyring-daemon")
    env = {**desktop.env, "XDG_DATA_HOME": str(tmp_path / "keyrings")}
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdin is not None
    daemon.stdin.write("throw-away\n")
    daemon.stdin.close()
    time.sleep(1.0)
    try:
        yield
    finally:
        daemon.terminate()
        daemon.wait(10)


def test_a_first_start_with_a_keychain_shows_the_recovery_key_after_the_tray(
    desktop: Desktop, tmp_path: Path, keychain: None
) -> None:
    env = _env(desktop, tmp_path / "data", None)
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        app.wait_line("trayapp: ready", timeout=30)
        _in_front(desktop, RECOVERY, app)
        assert desktop.tray_icon_window(timeout=5) is not None
        desktop.screenshot(desktop.shots / "recovery-key.png")
        desktop.key("Return")  # "I have written it down"
        desktop.wait_gone(RECOVERY)
    finally:
        app.stop()
    encrypted = (tmp_path / "data" / "ledger.sqlite3").read_bytes()[:16]
    assert encrypted != b"SQLite format 3\x00"


def test_a_damaged_ledger_is_restored_at_start_and_the_user_is_told(
    desktop: Desktop, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    env = _env(desktop, folder, "keyring.backends.fail.Keyring")
    _cli(env, "contacts", "add", "Dana Smith")  # the change is backed up automatically
    _damage_pages(folder / "ledger.sqlite3")
    desktop.dismiss_notifications()
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        app.wait_line("trayapp: ready", timeout=30)
        told = desktop.wait_notification(lambda n: "restored" in n.body, timeout=20)
        assert "damaged" in told.body
    finally:
        app.stop()
    assert list(folder.glob("ledger.sqlite3.damaged-*")), sorted(p.name for p in folder.iterdir())
    assert "Dana Smith" in _cli(env, "contacts", "list")


def test_a_missing_ledger_with_backups_is_told_in_a_message_box(
    desktop: Desktop, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    env = _env(desktop, folder, "keyring.backends.fail.Keyring")
    _cli(env, "contacts", "add", "Dana Smith")  # the change is backed up automatically
    for path in folder.glob("ledger.sqlite3*"):
        path.unlink()
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        app.wait_line("trayapp: there is no ledger", timeout=30)
        _in_front(desktop, REFUSED, app)
        desktop.screenshot(desktop.shots / "refused-missing-ledger.png")
        desktop.key("Return")  # OK
        assert app.stop(timeout=20) == 1
    finally:
        app.stop()
    assert not (folder / "ledger.sqlite3").exists()  # nothing was created in its place


def test_another_ledgers_key_asks_for_the_recovery_key_instead_of_quitting(
    desktop: Desktop, tmp_path: Path
) -> None:
    folder, other = tmp_path / "data", tmp_path / "other"
    env = _env(desktop, folder, "keyring.backends.fail.Keyring")
    with_passphrase = {**env, "NEW_PASSPHRASE": PASSPHRASE, "TRAYAPP_PASSPHRASE": PASSPHRASE}
    _cli(with_passphrase, "encrypt", "--passphrase-env", "NEW_PASSPHRASE")
    _cli(with_passphrase, "contacts", "add", "Dana Smith")
    code = CODE.findall(_cli(with_passphrase, "recovery-key"))[0]
    _cli({**with_passphrase, "TRAYAPP_DATA_DIR": str(other)}, "encrypt", "--passphrase-env",
         "NEW_PASSPHRASE")  # fmt: skip
    shutil.copyfile(other / "ledger.key", folder / "ledger.key")  # the other ledger's key
    app = AppProcess(
        [sys.executable, "-m", "trayapp", "run"], {**env, "TRAYAPP_PASSPHRASE": PASSPHRASE}
    )
    try:
        _in_front(desktop, UNLOCK, app)
        desktop.key("Tab", "space")  # "Use the recovery key instead"
        _type(desktop, code)
        app.wait_line("trayapp: ready", timeout=30)
        desktop.wait_gone(UNLOCK)
    finally:
        app.stop()


def test_a_damaged_ledger_unlocked_in_the_dialog_is_restored_and_told(
    desktop: Desktop, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    env = _env(desktop, folder, "keyring.backends.fail.Keyring")
    _encrypt_with_passphrase(env)
    _cli({**env, "TRAYAPP_PASSPHRASE": PASSPHRASE}, "contacts", "add", "Dana Smith")
    _damage_pages(folder / "ledger.sqlite3")
    desktop.dismiss_notifications()
    app = AppProcess([sys.executable, "-m", "trayapp", "run"], env)
    try:
        _in_front(desktop, UNLOCK, app)
        _type(desktop, PASSPHRASE)
        app.wait_line("trayapp: ready", timeout=30)
        told = desktop.wait_notification(lambda n: "restored" in n.body, timeout=20)
        assert "damaged" in told.body
    finally:
        app.stop()
    assert list(folder.glob("ledger.sqlite3.damaged-*")), sorted(p.name for p in folder.iterdir())
    listed = _cli({**env, "TRAYAPP_PASSPHRASE": PASSPHRASE}, "contacts", "list")
    assert "Dana Smith" in listed
