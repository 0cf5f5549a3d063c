"""Start at login: one entry the desktop session runs when the user logs in.

One adapter per system, all with the :class:`~trayapp.core.ports.Autostart` shape:

- Linux and other XDG desktops: ``$XDG_CONFIG_HOME/autostart/follow-through.desktop``
  (the XDG Autostart specification);
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/<bundle id>.plist``, run at load;
- Windows: a value in ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.

Each one writes only its own entry and reads back what is there, so ``status`` tells the truth
even when the user removed the entry by hand. :func:`launch_command` is what the entry runs:
the frozen app's executable, or this Python with ``-m trayapp``, then ``run``.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from trayapp import APP_NAME, BUNDLE_ID
from trayapp.core.errors import BadInput
from trayapp.core.ports import Autostart, AutostartEntry
from trayapp.disk.atomic import write_private_file

__all__ = [
    "RUN_KEY",
    "LaunchAgent",
    "RunRegistry",
    "WinRegRunRegistry",
    "WindowsRunKey",
    "XdgAutostart",
    "autostart_for",
    "desktop_exec",
    "launch_command",
]

#: Where Windows keeps the programs to start at the user's login.
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
DESKTOP_FILE = "follow-through.desktop"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """What the login entry runs: the app in the tray, on ``data_dir`` when one was chosen."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "run"]
    else:
        command = [sys.executable, "-m", "trayapp", "run"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def _refused(where: Path | str, error: OSError) -> BadInput:
    reason = error.strerror or type(error).__name__
    return BadInput(f"the start-at-login entry {where} could not be changed: {reason}")


# -- XDG (Linux and other free desktops) ------------------------------------------------------

_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _quote_argument(argument: str) -> str:
    """One Exec argument, quoted as the Desktop Entry specification asks."""
    if argument and not (_RESERVED & set(argument)):
        return argument.replace("%", "%%")
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def desktop_exec(command: Sequence[str]) -> str:
    """The ``Exec=`` value for ``command``, escaped once more as a desktop file string."""
    return " ".join(_quote_argument(argument) for argument in command).replace("\\", "\\\\")


class XdgAutostart:
    """A desktop entry in the XDG autostart folder."""

    def __init__(self, config_home: Path, icon: Path | None = None) -> None:
        self.path = config_home / "autostart" / DESKTOP_FILE
        self._icon = icon

    def status(self) -> AutostartEntry:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return AutostartEntry(enabled=False, location=str(self.path))
        keys = dict(
            line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#"
        )
        disabled = (
            keys.get("Hidden", "").strip().lower() == "true"
            or keys.get("X-GNOME-Autostart-enabled", "").strip().lower() == "false"
        )
        return AutostartEntry(enabled=not disabled, location=str(self.path))

    def enable(self, command: Sequence[str]) -> AutostartEntry:
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Keeps your promises to candidates and clients, and paces follow-ups",
            f"Exec={desktop_exec(command)}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
        ]
        if self._icon is not None and self._icon.is_file():
            lines.insert(5, f"Icon={self._icon}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_private_file(self.path, ("\n".join(lines) + "\n").encode())
        except OSError as error:
            raise _refused(self.path, error) from error
        return self.status()

    def disable(self) -> AutostartEntry:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise _refused(self.path, error) from error
        return self.status()


# -- macOS ------------------------------------------------------------------------------------


class LaunchAgent:
    """A LaunchAgent property list that launchd runs at the user's login."""

    def __init__(self, agents_folder: Path, label: str = BUNDLE_ID) -> None:
        self.path = agents_folder / f"{label}.plist"
        self._label = label

    def status(self) -> AutostartEntry:
        try:
            with self.path.open("rb") as handle:
                plist = plistlib.load(handle)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return AutostartEntry(enabled=False, location=str(self.path))
        enabled = (
            isinstance(plist, dict)
            and plist.get("RunAtLoad") is True
            and plist.get("Disabled") is not True
            and bool(plist.get("ProgramArguments"))
        )
        return AutostartEntry(enabled=enabled, location=str(self.path))

    def enable(self, command: Sequence[str]) -> AutostartEntry:
        plist = {
            "Label": self._label,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
            "LimitLoadToSessionType": "Aqua",
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_private_file(self.path, plistlib.dumps(plist))
        except OSError as error:
            raise _refused(self.path, error) from error
        return self.status()

    def disable(self) -> AutostartEntry:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            raise _refused(self.path, error) from error
        return self.status()


# -- Windows ----------------------------------------------------------------------------------


class RunRegistry(Protocol):
    """The string values of the current user's Run key."""

    def get(self, name: str) -> str | None: ...

    def put(self, name: str, value: str) -> None: ...

    def remove(self, name: str) -> None: ...


def _winreg() -> Any:
    """The :mod:`winreg` module (it exists on Windows only)."""
    return importlib.import_module("winreg")


class WinRegRunRegistry:
    """The real Run key, through :mod:`winreg` (Windows only)."""

    def get(self, name: str) -> str | None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value) if kind in (winreg.REG_SZ, winreg.REG_EXPAND_SZ) else None

    def put(self, name: str, value: str) -> None:
        winreg = _winreg()

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def remove(self, name: str) -> None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            return


class WindowsRunKey:
    """A value named after the app in the current user's Run key."""

    def __init__(self, registry: RunRegistry, name: str = APP_NAME) -> None:
        self._registry = registry
        self._name = name
        self.location = f"HKEY_CURRENT_USER\\{RUN_KEY}\\{name}"

    def status(self) -> AutostartEntry:
        try:
            value = self._registry.get(self._name)
        except OSError:
            value = None
        return AutostartEntry(enabled=bool(value), location=self.location)

    def enable(self, command: Sequence[str]) -> AutostartEntry:
        try:
            self._registry.put(self._name, subprocess.list2cmdline(list(command)))
        except OSError as error:
            raise _refused(self.location, error) from error
        return self.status()

    def disable(self) -> AutostartEntry:
        try:
            self._registry.remove(self._name)
        except OSError as error:
            raise _refused(self.location, error) from error
        return self.status()


def autostart_for(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    home: Path | None = None,
    icon: Path | None = None,
) -> Autostart:
    """The start-at-login entry of this system."""
    home = home or Path.home()
    if platform == "win32":
        return WindowsRunKey(WinRegRunRegistry())
    if platform == "darwin":
        return LaunchAgent(home / "Library" / "LaunchAgents")
    config_home = environ.get("XDG_CONFIG_HOME")
    base = Path(config_home) if config_home and Path(config_home).is_absolute() else None
    return XdgAutostart(base or home / ".config", icon)
