"""Every folder the app makes is its owner's only (0700) and every file in it too (0600)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from trayapp.core.settings import Settings
from trayapp.platform.settings_file import JsonSettingsStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

HOLD_THE_LOCK = """
import os, stat, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from trayapp.platform.single_instance import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
assert instance.acquire()
print(oct(stat.S_IMODE(os.stat(Path(sys.argv[1]) / "trayapp.lock").st_mode)), flush=True)
instance.release()
"""


def _trayapp(data: Path, config: Path, *args: str, check: bool = True) -> None:
    env = {
        **os.environ,
        "TRAYAPP_DATA_DIR": str(data),
        "TRAYAPP_CONFIG_DIR": str(config),
        "TRAYAPP_NOW": "2026-11-23T10:00:00+00:00",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "trayapp", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 or not check, done.stderr


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most desktops have, under which plain creation gives 0644 and 0755."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _modes(*folders: Path) -> dict[str, str]:
    found = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")]:
            found[str(path)] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def test_files_and_folders_are_private_after_everyday_commands(
    tmp_path: Path, usual_umask: None
) -> None:
    data, config = tmp_path / "data", tmp_path / "settings-home" / "trayapp"
    _trayapp(data, config, "contacts", "add", "Dana Smith", "--email", "dana@example.com")
    _trayapp(data, config, "backup")
    _trayapp(data, config, "contacts", "add", "Lee Chan")
    _trayapp(data, config, "export", "--out", str(data / "all.json"))
    _trayapp(data, config, "restore")
    # The tray app's own files: its log and lock (its exit code is not what is tested here).
    _trayapp(data, config, "run", "--quit-after", "0.2", check=False)
    JsonSettingsStore(config / "settings.json").save(Settings())
    held = subprocess.run(
        [sys.executable, "-c", HOLD_THE_LOCK, str(data)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert held.stdout.strip() == "0o600", held.stderr

    modes = _modes(data, config)
    names = {Path(p).name for p in modes}
    assert {"ledger.sqlite3", "all.json", "settings.json", "backups", "logs"} <= names
    assert any(".replaced-" in name for name in names)
    wrong = {
        path: mode
        for path, mode in modes.items()
        if mode != ("0o700" if Path(path).is_dir() else "0o600")
    }
    assert wrong == {}
