"""Start at login: the XDG desktop entry (for real), the macOS LaunchAgent in a temporary
LaunchAgents folder, and the Windows Run key against a fake registry."""

from __future__ import annotations

import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from trayapp import BUNDLE_ID
from trayapp.core.errors import BadInput
from trayapp.platform.autostart import (
    LaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    autostart_for,
    desktop_exec,
    launch_command,
)

COMMAND = ["/opt/Follow Through/python3", "-m", "trayapp", "run", "--data-dir", "/home/sam/my data"]


def exec_line_argv(value: str) -> list[str]:
    """Split an ``Exec=`` value back into arguments as the Desktop Entry specification says:
    undo the string escape, then split on spaces outside double quotes, where a backslash
    takes the next character literally; ``%%`` is a percent sign."""
    text = value.replace("\\\\", "\\")
    args: list[str] = []
    current: list[str] | None = None
    quoted = False
    chars = iter(text)
    for ch in chars:
        if quoted and ch == "\\":
            current = [*(current or []), next(chars)]
        elif ch == '"':
            quoted = not quoted
            current = current or []
        elif ch == " " and not quoted:
            if current is not None:
                args.append("".join(current))
            current = None
        else:
            current = [*(current or []), ch]
    if current is not None:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


def desktop_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.mark.parametrize(
    "argv",
    [
        COMMAND,
        ["/usr/bin/trayapp", "run"],
        ["C:\\Program Files\\x.exe", 'say "hi"', "cost $5", "100%", "back`tick"],
    ],
)
def test_exec_line_splits_back_into_the_same_arguments(argv: list[str]) -> None:
    assert exec_line_argv(desktop_exec(argv)) == argv


def test_xdg_entry_on_status_off(tmp_path: Path) -> None:
    icon = tmp_path / "app.png"
    icon.write_bytes(b"png")
    entry = XdgAutostart(tmp_path / "config", icon)
    assert entry.status().enabled is False
    state = entry.enable(COMMAND)
    path = tmp_path / "config" / "autostart" / "follow-through.desktop"
    assert state.enabled and state.location == str(path)
    keys = desktop_keys(path)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "Follow-Through"
    assert keys["Icon"] == str(icon)
    assert exec_line_argv(keys["Exec"]) == COMMAND
    assert entry.disable().enabled is False
    assert not path.exists()
    assert entry.disable().enabled is False  # off twice is still off


def test_xdg_entry_turned_off_by_the_desktop_counts_as_off(tmp_path: Path) -> None:
    entry = XdgAutostart(tmp_path)
    entry.enable(COMMAND)
    text = entry.path.read_text().replace(
        "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
    )
    entry.path.write_text(text)
    assert entry.status().enabled is False
    entry.path.write_text("[Desktop Entry]\nHidden=true\nExec=x\n")
    assert entry.status().enabled is False


def test_a_file_where_the_folder_should_be_is_a_clear_refusal(tmp_path: Path) -> None:
    (tmp_path / "autostart").write_text("not a folder")
    with pytest.raises(BadInput, match="start-at-login entry"):
        XdgAutostart(tmp_path).enable(COMMAND)
    assert (tmp_path / "autostart").read_text() == "not a folder"


def test_launch_agent_in_a_temporary_folder(tmp_path: Path) -> None:
    agents = tmp_path / "LaunchAgents"
    entry = LaunchAgent(agents)
    assert entry.status().enabled is False
    state = entry.enable(["/Applications/Follow-Through.app/Contents/MacOS/follow-through", "run"])
    plist_path = agents / f"{BUNDLE_ID}.plist"
    assert state.enabled and state.location == str(plist_path)
    plist = plistlib.loads(plist_path.read_bytes())
    assert plist["Label"] == BUNDLE_ID
    assert plist["RunAtLoad"] is True
    assert plist["ProgramArguments"][-1] == "run"
    assert entry.disable().enabled is False and not plist_path.exists()


def test_a_damaged_launch_agent_reads_as_off(tmp_path: Path) -> None:
    entry = LaunchAgent(tmp_path)
    entry.path.write_bytes(b"\x00 not a plist")
    assert entry.status().enabled is False
    assert entry.enable(["x", "run"]).enabled is True  # turning it on replaces it


class FakeRegistry:
    def __init__(self, refuse: bool = False) -> None:
        self.values: dict[str, str] = {}
        self.refuse = refuse

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def put(self, name: str, value: str) -> None:
        if self.refuse:
            raise PermissionError(13, "Access is denied")
        self.values[name] = value

    def remove(self, name: str) -> None:
        if self.refuse:
            raise PermissionError(13, "Access is denied")
        self.values.pop(name, None)


def test_windows_run_key_against_a_fake_registry() -> None:
    registry = FakeRegistry()
    entry = WindowsRunKey(registry)
    assert entry.status().enabled is False
    state = entry.enable(["C:\\Users\\Sam\\AppData\\Local\\Follow-Through\\follow-through.exe"])
    assert state.enabled
    assert state.location.endswith("\\CurrentVersion\\Run\\Follow-Through")
    assert registry.values == {
        "Follow-Through": "C:\\Users\\Sam\\AppData\\Local\\Follow-Through\\follow-through.exe"
    }
    entry.enable(["C:\\Program Files\\Follow-Through\\follow-through.exe", "run"])
    assert registry.values["Follow-Through"] == (
        '"C:\\Program Files\\Follow-Through\\follow-through.exe" run'
    )
    assert entry.disable().enabled is False and registry.values == {}


def test_windows_refusal_changes_nothing_and_says_why() -> None:
    registry = FakeRegistry(refuse=True)
    with pytest.raises(BadInput, match="Access is denied"):
        WindowsRunKey(registry).enable(["x.exe"])
    assert registry.values == {}


def test_each_system_gets_its_own_entry(tmp_path: Path) -> None:
    mac = autostart_for("darwin", {}, home=tmp_path)
    assert isinstance(mac, LaunchAgent)
    assert mac.path.parent == tmp_path / "Library" / "LaunchAgents"
    linux = autostart_for("linux", {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}, home=tmp_path)
    assert isinstance(linux, XdgAutostart)
    assert linux.path == tmp_path / "xdg" / "autostart" / "follow-through.desktop"
    relative = autostart_for("linux", {"XDG_CONFIG_HOME": "rel"}, home=tmp_path)
    assert isinstance(relative, XdgAutostart)
    assert relative.path == tmp_path / ".config" / "autostart" / "follow-through.desktop"
    assert isinstance(autostart_for("win32", {}, home=tmp_path), WindowsRunKey)


def test_the_launch_command_starts_this_python_on_the_chosen_data(tmp_path: Path) -> None:
    assert launch_command() == [sys.executable, "-m", "trayapp", "run"]
    assert launch_command(tmp_path)[-2:] == ["--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*launch_command()[:-1], "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("trayapp ")
