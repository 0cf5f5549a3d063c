"""The installers and the app agree: on the start-at-login entry, the user's data folder, the
window class and the shipped files. (The frozen build itself is checked by
``packaging/smoke.sh``, which ``tests/run-all.sh`` runs on Linux.)"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import platformdirs.windows
import pytest

from trayapp import APP_NAME
from trayapp.platform import paths
from trayapp.platform.autostart import RUN_KEY, WindowsRunKey

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ISS = (PACKAGING / "windows" / "follow-through.iss").read_text(encoding="utf-8")


def _define(name: str) -> str:
    found = re.search(rf'^#define {name} "([^"]*)"', ISS, re.MULTILINE)
    assert found, f"{name} is not defined in follow-through.iss"
    return found.group(1)


class _NoRegistry:
    def get(self, name: str) -> str | None:
        return None


def test_start_at_login_is_the_value_the_app_switches() -> None:
    entry = WindowsRunKey(_NoRegistry())  # type: ignore[arg-type]
    run_line = next(line for line in ISS.splitlines() if line.startswith("Root: HKCU"))
    assert f'Subkey: "{RUN_KEY}"' in run_line
    assert entry.location.endswith("\\" + _define("RunValue"))
    assert 'ValueData: """{app}\\{#AppExe}"" run"' in run_line  # the frozen app's own `run`
    assert "Tasks: startatlogin" in run_line
    assert re.search(r'^Name: "startatlogin";(?!.*unchecked)', ISS, re.MULTILINE), "ticked"


def test_uninstall_offers_to_delete_the_folder_the_app_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = r"C:\Users\Dana\AppData\Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda _name: local)
    dirs = platformdirs.windows.Windows(paths.APP_NAME, paths.APP_AUTHOR)
    used = {
        Path(d).as_posix().replace("\\", "/") for d in (dirs.user_data_dir, dirs.user_config_dir)
    }
    offered = re.search(r"ExpandConstant\('\{localappdata\}(.*?)'\)", ISS)
    assert offered
    folder = offered.group(1).replace("{#AppName}", _define("AppName")).replace("\\", "/")
    assert used == {local.replace("\\", "/") + folder}
    assert "Box.Checked := False;" in ISS  # kept unless the user ticks the box


def test_desktop_entry_names_the_apps_window_class() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "follow-through.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Name"] == APP_NAME
    assert section["StartupWMClass"] == APP_NAME
    assert section["Exec"] == "follow-through run"


def test_the_spec_ships_every_kind_of_resource() -> None:
    spec = (PACKAGING / "follow-through.spec").read_text(encoding="utf-8")
    kinds = sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir())
    assert kinds
    for kind in kinds:
        assert f'"trayapp/resources/{kind}"' in spec, f"resources/{kind} is not in the bundle"
